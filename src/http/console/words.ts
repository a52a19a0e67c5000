/**
 * The console's words, from the shared catalogue (src/bots/locales, keys `console-*`), as plain text: the `html`
 * template escapes them where they are placed. Numbers, money, traffic and dates in the language's own forms.
 */
import { formatBytes, formatDateTime, formatNumber, formatToman, hasMessage, LANGUAGES, tPlain, type Language, type MessageArgs } from "../../bots/i18n.ts";

export type { Language };

/** The console speaks every language the bots do; fa is the one written right to left. */
export const CONSOLE_LANGUAGES: readonly Language[] = LANGUAGES;

export const dirOf = (lang: Language) => (lang === "fa" ? "rtl" : "ltr");

/** A console message as plain text. */
export function w(lang: Language, key: string, args: MessageArgs = {}): string {
  return tPlain(lang, `console-${key}`, args);
}

export const money = (lang: Language, amount: number) => formatToman(lang, amount);
export const bytes = (lang: Language, n: number) => formatBytes(lang, n);
export const num = (lang: Language, n: number) => formatNumber(lang, n, 0);
export const when = (lang: Language, at: number | null) => (at === null ? "—" : formatDateTime(lang, at));

export const hasWord = (lang: Language, key: string) => hasMessage(lang, `console-${key}`);

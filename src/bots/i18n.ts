/**
 * The bots' words: a small wrapper over @fluent/bundle with the fa (default), en and ru catalogues embedded, and the
 * formats customers expect — Persian digits, Toman with thousands separators, Jalali dates for fa, Gregorian for en
 * and ru, each in its language's time zone (see LANGUAGE_TIME_ZONE), traffic in GB/MB.
 *
 * `useIsolating` is off: Fluent would otherwise wrap every argument in U+2068/U+2069, which Telegram shows as
 * nothing but which get copied along with subscription links and break them.
 */
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import type { Language } from "../config.ts";
import { log } from "../log.ts";
import en from "./locales/en.ftl" with { type: "text" };
import fa from "./locales/fa.ftl" with { type: "text" };
import ru from "./locales/ru.ftl" with { type: "text" };
import { LANGUAGE_TIME_ZONE } from "../domain/time.ts";
import { MB, GB } from "../domain/units.ts";

export type { Language };

/** The languages the bots speak; the first is the default. */
export const LANGUAGES: readonly Language[] = ["fa", "en", "ru"];

/** Whether `value` is one of the languages the bots speak. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** Every message is Telegram HTML; a value wrapped in Html is inserted as is, any other string is escaped. */
class Html {
  constructor(readonly value: string) {}
}

/** Marks markup built by our own code (e.g. a list of `card-line`s) as safe to insert unescaped. */
export const html = (value: string): Html => new Html(value);

/**
 * Arguments of a message. Numbers are formatted for the language (Persian digits, separators) and drive plural
 * selectors; pass ids, order numbers and codes as strings so they stay copyable.
 */
export type MessageArgs = Record<string, string | number | Html>;

const SOURCES: Record<Language, string> = { fa, en, ru };
const INTL_LOCALE: Record<Language, string> = { fa: "fa-IR", en: "en-GB", ru: "ru-RU" };

function buildBundle(lang: Language): FluentBundle {
  // The bundle's locale is the Intl one, so a number Fluent formats itself reads like formatNumber's.
  const bundle = new FluentBundle(INTL_LOCALE[lang], { useIsolating: false });
  const errors = bundle.addResource(new FluentResource(SOURCES[lang]));
  for (const error of errors) log.error({ lang, err: error }, "locale file has an error");
  return bundle;
}

const bundles: Record<Language, FluentBundle> = { fa: buildBundle("fa"), en: buildBundle("en"), ru: buildBundle("ru") };
const reported = new Set<string>();

function reportOnce(key: string, message: string, detail: Record<string, unknown>): void {
  if (reported.has(key)) return;
  reported.add(key);
  log.warn(detail, message);
}

/**
 * The message `key` in `lang` as Telegram HTML: string arguments escaped, numbers formatted for the language.
 * A missing key returns the key itself (and warns once).
 */
export function t(lang: Language, key: string, args: MessageArgs = {}): string {
  return format(lang, key, args, escapeHtml);
}

/** The message `key` as plain text, arguments unescaped: for button labels, callback toasts, command descriptions. */
export function tPlain(lang: Language, key: string, args: MessageArgs = {}): string {
  return format(lang, key, args, (text) => text);
}

function format(lang: Language, key: string, args: MessageArgs, escape: (text: string) => string): string {
  const bundle = bundles[lang];
  const message = bundle.getMessage(key);
  if (!message?.value) {
    reportOnce(`${lang}:${key}`, "missing locale message", { lang, key });
    return key;
  }
  const values: Record<string, FluentVariable> = {};
  for (const [name, value] of Object.entries(args)) {
    values[name] = value instanceof Html ? value.value : typeof value === "string" ? escape(value) : value;
  }
  const errors: Error[] = [];
  const text = bundle.formatPattern(message.value, values, errors);
  if (errors.length > 0) {
    reportOnce(`${lang}:${key}:args`, "locale message formatted with errors", {
      lang,
      key,
      errors: errors.map(String),
    });
  }
  return text;
}

/** Whether `lang` has the message `key`. */
export function hasMessage(lang: Language, key: string): boolean {
  return bundles[lang].hasMessage(key);
}

/** The language for a Telegram `language_code` ("fa", "fa-IR", "en-US"…), or the fallback. */
export function pickLanguage(code: string | undefined, fallback: Language = "fa"): Language {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((lang) => lang === base) ?? fallback;
}

/** A number with the language's digits and thousands separators (fa: ۱۲٬۳۴۵, en: 12,345). */
export function formatNumber(lang: Language, n: number, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(INTL_LOCALE[lang], { maximumFractionDigits }).format(n);
}

/** A whole-Toman price (fa: ۱۲۰٬۰۰۰ تومان, en: 120,000 Toman, ru: 120 000 томанов). */
export function formatToman(lang: Language, amount: number): string {
  if (!Number.isInteger(amount)) throw new RangeError(`a Toman amount must be a whole number, got ${amount}`);
  // Passed as a number: Fluent formats it in the language and Russian picks томан / томана / томанов by it.
  return t(lang, "price-toman", { amount });
}


/** A traffic volume in GB (from 1 GB up) or MB, binary units as the panels count them. */
export function formatBytes(lang: Language, bytes: number): string {
  const safe = Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
  if (safe >= GB) return t(lang, "bytes-gb", { n: formatNumber(lang, Math.round((safe / GB) * 100) / 100) });
  const mb = safe / MB;
  return t(lang, "bytes-mb", { n: formatNumber(lang, mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10) });
}

const dateTimeOptions: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "long",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
};
const CALENDAR_LOCALE: Record<Language, string> = { fa: "fa-IR-u-ca-persian", en: "en-GB", ru: "ru-RU" };
const formatsFor = (options: Intl.DateTimeFormatOptions) =>
  Object.fromEntries(
    LANGUAGES.map((lang) => [lang, new Intl.DateTimeFormat(CALENDAR_LOCALE[lang], { ...options, timeZone: LANGUAGE_TIME_ZONE[lang] })]),
  ) as Record<Language, Intl.DateTimeFormat>;
const dateFormats = formatsFor({ dateStyle: "long" });
const dateTimeFormats = formatsFor(dateTimeOptions);

/** A calendar day in the language's time zone: Jalali for fa (۱ فروردین ۱۴۰۳), Gregorian for en (20 March 2024) and ru. */
export function formatDate(lang: Language, epochMs: number): string {
  return dateFormats[lang].format(epochMs);
}

/** A day and a time (fa: ۱ فروردین ۱۴۰۳ ساعت ۰۶:۳۶, en: 20 March 2024 at 06:36, ru: 20 марта 2024 г. в 06:06). */
export function formatDateTime(lang: Language, epochMs: number): string {
  return dateTimeFormats[lang].format(epochMs);
}

/** A usage bar of `width` cells for a fraction from 0 to 1 (▰▰▰▱▱▱▱▱▱▱). */
export function progressBar(fraction: number, width = 10): string {
  const clamped = Number.isFinite(fraction) ? Math.min(Math.max(fraction, 0), 1) : 0;
  const filled = Math.round(clamped * width);
  return "▰".repeat(filled) + "▱".repeat(width - filled);
}

/** Escapes text for Telegram HTML (the only named entities Telegram knows: &lt; &gt; &amp; &quot;). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

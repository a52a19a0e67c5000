/**
 * The admin bot's words: the shared catalogue first (src/bots/locales, where the admin-* keys live), then the few
 * keys the admin bot added in ./locales until they move there. Same rules as i18n.ts: Telegram HTML, string
 * arguments escaped (an Html value inserted as is), numbers formatted for the language, no isolation marks.
 */
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import { escapeHtml, hasMessage, Html, t, tPlain, type Language, type MessageArgs } from "../i18n.ts";
import { log } from "../../log.ts";
import en from "./locales/en.ftl" with { type: "text" };
import fa from "./locales/fa.ftl" with { type: "text" };

export const ADMIN_SOURCES: Record<Language, string> = { fa, en };

function buildBundle(lang: Language): FluentBundle {
  const bundle = new FluentBundle(lang, { useIsolating: false });
  for (const error of bundle.addResource(new FluentResource(ADMIN_SOURCES[lang]))) log.error({ lang, err: error }, "admin locale file has an error");
  return bundle;
}

const bundles: Record<Language, FluentBundle> = { fa: buildBundle("fa"), en: buildBundle("en") };

function format(lang: Language, key: string, args: MessageArgs, escape: (text: string) => string): string {
  const message = bundles[lang].getMessage(key);
  if (!message?.value) return key;
  const values: Record<string, FluentVariable> = {};
  for (const [name, value] of Object.entries(args)) values[name] = value instanceof Html ? value.value : typeof value === "string" ? escape(value) : value;
  return bundles[lang].formatPattern(message.value, values, []);
}

/** A message as Telegram HTML. */
export function at(lang: Language, key: string, args: MessageArgs = {}): string {
  return hasMessage(lang, key) ? t(lang, key, args) : format(lang, key, args, escapeHtml);
}

/** A message as plain text (buttons, toasts). */
export function atPlain(lang: Language, key: string, args: MessageArgs = {}): string {
  return hasMessage(lang, key) ? tPlain(lang, key, args) : format(lang, key, args, (text) => text);
}

/** Whether either catalogue has the key. */
export function hasAdminMessage(lang: Language, key: string): boolean {
  return hasMessage(lang, key) || bundles[lang].hasMessage(key);
}

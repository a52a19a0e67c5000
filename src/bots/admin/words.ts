/**
 * The admin bot's words, from the shared catalogue (src/bots/locales): Telegram HTML with string arguments
 * escaped, or plain text for buttons and toasts.
 */
import { hasMessage, t, tPlain, type Language, type MessageArgs } from "../i18n.ts";

/** A message as Telegram HTML. */
export function at(lang: Language, key: string, args: MessageArgs = {}): string {
  return t(lang, key, args);
}

/** A message as plain text (buttons, toasts). */
export function atPlain(lang: Language, key: string, args: MessageArgs = {}): string {
  return tPlain(lang, key, args);
}

/** Whether the catalogue has the key. */
export function hasAdminMessage(lang: Language, key: string): boolean {
  return hasMessage(lang, key);
}

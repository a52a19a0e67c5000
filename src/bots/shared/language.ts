/**
 * The person's language on the context: `ctx.lang`, `ctx.t(key, args)` for HTML messages (arguments escaped) and
 * `ctx.tp(key, args)` for plain text (buttons, toasts). Each bot decides how the language is found.
 */
import type { Context, MiddlewareFn } from "grammy";
import { t, tPlain, type Language, type MessageArgs } from "../i18n.ts";

export interface LanguageFlavor {
  lang: Language;
  /** The message as Telegram HTML, string arguments escaped. */
  t(key: string, args?: MessageArgs): string;
  /** The message as plain text, for button labels, callback toasts and command descriptions. */
  tp(key: string, args?: MessageArgs): string;
}

/** Sets ctx.lang (from `resolve`) and the t/tp helpers bound to it; later middleware may change ctx.lang. */
export function languageMiddleware<C extends Context & LanguageFlavor>(resolve: (ctx: C) => Language): MiddlewareFn<C> {
  return async (ctx, next) => {
    ctx.lang = resolve(ctx);
    ctx.t = (key, args) => t(ctx.lang, key, args);
    ctx.tp = (key, args) => tPlain(ctx.lang, key, args);
    await next();
  };
}

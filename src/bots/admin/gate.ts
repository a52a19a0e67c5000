/**
 * The door of the admin bot: only ADMIN_IDS pass, and only in their private chat with the bot — an admin's /stats
 * or /customers typed in a group the bot was added to would show revenue and customers' data to everyone there, so
 * the bot says nothing in groups and channels. Anyone else gets one refusal line (a message, or an alert on a
 * tapped button) and an audit-log row saying what they tried; nothing else runs. Refusals are rate limited per
 * person, so a flood costs neither Telegram calls nor audit rows past the limit.
 */
import type { Store } from "../../store/index.ts";
import type { MiddlewareFn } from "grammy";
import type { Update } from "grammy/types";
import type { Database } from "bun:sqlite";
import type { Logger } from "pino";
import { audit } from "../../store/audit.ts";
import { pickLanguage, type Language } from "../i18n.ts";
import { RateLimiter } from "../shared/index.ts";
import type { AdminContext } from "./context.ts";
import type { AdminDirectory } from "./directory.ts";
import { at, atPlain } from "./words.ts";

/** What an update tried, in a few words for the audit log (never a whole message text). */
function describeAttempt(update: Update): string {
  const message = update.message ?? update.edited_message;
  if (update.callback_query) return `callback ${String(update.callback_query.data ?? "").slice(0, 64)}`;
  if (message?.text?.startsWith("/")) return `command ${message.text.split(/\s/, 1)[0]!.slice(0, 64)}`;
  if (message?.text !== undefined) return "message text";
  if (message?.photo) return "message photo";
  if (message) return "message other";
  return Object.keys(update).find((key) => key !== "update_id") ?? "update";
}

export function adminGate(options: {
  store: Store;
  directory: AdminDirectory;
  now: () => number;
  log: Logger;
  defaultLanguage: Language;
  /** Refusals (and their audit rows) per person per minute. */
  refusalsPerMinute?: number;
}): MiddlewareFn<AdminContext> {
  const { store, directory, now, log } = options;
  const limiter = new RateLimiter({ limit: options.refusalsPerMinute ?? 30, windowMs: 60_000 }, now);
  return async (ctx, next) => {
    const from = ctx.from;
    if (!from || !Number.isSafeInteger(from.id)) return;
    if (directory.isAdmin(from.id)) {
      if (ctx.chat && ctx.chat.type !== "private") return;
      ctx.adminId = from.id;
      ctx.lang = directory.remember(from);
      ctx.t = (key, args) => at(ctx.lang, key, args);
      ctx.tp = (key, args) => atPlain(ctx.lang, key, args);
      ctx.audit = (action, target, before, after) =>
        store.audit({ actor: String(from.id), action, target, before, after }, now());
      await next();
      return;
    }
    if (!limiter.take(from.id).allowed) return;
    const attempt = describeAttempt(ctx.update);
    store.audit({ actor: String(from.id), action: "refused", target: attempt }, now());
    log.warn({ userId: from.id, attempt }, "admin bot: refused someone who is not an admin");
    const lang = pickLanguage(from.language_code, options.defaultLanguage);
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: atPlain(lang, "admin-refusal"), show_alert: true });
    else if (ctx.chat?.type === "private") await ctx.reply(at(lang, "admin-refusal"), { parse_mode: "HTML" });
  };
}

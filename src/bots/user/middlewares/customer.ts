/**
 * Who is writing: the customer row loaded once per update, their language on the context, a customer who comes
 * back after blocking the bot made reachable again, and a banned customer stopped with one polite line.
 */
import type { MiddlewareFn } from "grammy";
import { pickLanguage } from "../../i18n.ts";
import type { UserContext, UserServices } from "../context.ts";
import { say } from "../replies.ts";

/**
 * Only private chats with people: the bot has nothing to say in groups and channels. An update whose sender has no
 * numeric id is malformed (Telegram never sends one; a forged webhook call might) and is dropped before it could
 * register a customer under a made-up id.
 */
export function privateChatsOnly(): MiddlewareFn<UserContext> {
  return async (ctx, next) => {
    if (!ctx.from || !Number.isSafeInteger(ctx.from.id) || ctx.from.is_bot) return;
    if (ctx.chat && ctx.chat.type !== "private") return;
    await next();
  };
}

/** Loads the customer and sets the language (theirs, or their Telegram app's until they register). */
export function loadCustomer(services: UserServices): MiddlewareFn<UserContext> {
  return async (ctx, next) => {
    const from = ctx.from!;
    let customer = services.store.getCustomer(from.id);
    if (customer?.unreachable) {
      // Writing to the bot again lifts the block: refresh the row (which clears the flag) and tell the notifier.
      customer = services.store.upsertCustomer({ telegramId: from.id, username: from.username ?? null, firstName: from.first_name, language: customer.language },
        services.clock.now(),
      ).customer;
      services.onReachable(from.id);
    }
    ctx.customer = customer;
    ctx.lang = customer?.language ?? pickLanguage(from.language_code, services.defaultLanguage);
    await next();
  };
}

/** A banned customer gets one polite line, whatever they send, and nothing else happens. */
export function stopBanned(): MiddlewareFn<UserContext> {
  return async (ctx, next) => {
    if (!ctx.customer?.banned) return next();
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.tp("banned"), show_alert: true });
    else await say(ctx, ctx.t("banned"));
  };
}

/** Every tap gets an answer (an empty one when the handler gave none), so the button's spinner stops. */
export function answerEveryTap(): MiddlewareFn<UserContext> {
  return async (ctx, next) => {
    if (!ctx.callbackQuery) return next();
    let answered = false;
    const answer = ctx.answerCallbackQuery.bind(ctx);
    ctx.answerCallbackQuery = (...args: Parameters<typeof answer>) => {
      answered = true;
      return answer(...args);
    };
    await next();
    if (!answered) await answer();
  };
}

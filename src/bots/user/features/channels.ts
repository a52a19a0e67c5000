/**
 * Forced channel join: plans, the trial and every checkout (buy, renew, add traffic, pay) wait until the customer has
 * joined the required channels. Until then they see the channels as join buttons and "I've joined", which asks
 * Telegram again at once. Everything else (start, subscriptions, wallet, support, language, help) stays open.
 */
import { Composer, InlineKeyboard, type MiddlewareFn } from "grammy";
import type { UserContext, UserServices } from "../context.ts";
import { mainMenu } from "../keyboards/main-menu.ts";
import { paragraphs, rejectButton, say } from "../replies.ts";

const GATED_COMMANDS = /^\/(plans|trial)(@\w+)?(\s|$)/;
const GATED_MENU = new Set(["plans", "trial"]);
const GATED_SUB_ACTIONS = new Set(["renew", "traffic"]);

/** Whether this update asks for plans, the trial or a checkout step. */
function isGated(services: UserServices, ctx: UserContext): boolean {
  const { cb } = services;
  const text = ctx.message?.text;
  if (text !== undefined) return GATED_COMMANDS.test(text);
  const data = ctx.callbackQuery?.data;
  if (data === undefined) return false;
  const menu = cb.menu.unpack(data);
  if (menu) return GATED_MENU.has(menu.to);
  const sub = cb.subscription.unpack(data);
  if (sub) return GATED_SUB_ACTIONS.has(sub.action);
  return [cb.plan, cb.pay, cb.renewPlan, cb.trafficPack].some((kind) => kind.unpack(data) !== null);
}

function joinKeyboard(services: UserServices, ctx: UserContext, missing: string[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const channel of missing) keyboard.url(ctx.tp("join-button", { channel }), `https://t.me/${channel.slice(1)}`).row();
  return keyboard.text(ctx.tp("join-done-button"), services.cb.joined.pack({}));
}

/** Stops a gated update of a customer who has not joined every required channel, and shows what to join. */
export function channelGate(services: UserServices): MiddlewareFn<UserContext> {
  return async (ctx, next) => {
    if (!ctx.from || !isGated(services, ctx)) return next();
    const missing = await services.membership.missing(ctx.from.id);
    if (missing.length === 0) return next();
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    await say(ctx, ctx.t("join-required", { channels: missing.join(", ") }), joinKeyboard(services, ctx, missing));
  };
}

export function channelsFeature(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();
  composer.callbackQuery(services.cb.joined.pattern, async (ctx) => {
    if (!services.cb.joined.unpack(ctx.callbackQuery.data)) return rejectButton(ctx);
    const missing = await services.membership.missing(ctx.from.id, { fresh: true });
    if (missing.length > 0) {
      await ctx.answerCallbackQuery({ text: ctx.tp("join-still-missing", { channels: missing.join(", ") }), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await say(ctx, paragraphs(ctx.t("join-thanks"), ctx.t("menu-title")), mainMenu(services.cb, ctx.lang));
  });
  return composer;
}

/**
 * My subscriptions: one message per subscription — its QR code as a PNG photo, with the state, used / total traffic
 * and a bar, days left and the link in <code> as the caption, and buttons to renew, add traffic and read a guide.
 * Renewals and traffic packs start here and continue in the checkout.
 */
import { Composer, InlineKeyboard } from "grammy";
import { InputFile } from "grammy";
import type { SubscriptionView } from "../../../sales/subscriptions.ts";
import { formatBytes, formatDate, formatToman, hasMessage, progressBar } from "../../i18n.ts";
import { qrPng } from "../../shared/qr-code.ts";
import type { UserContext, UserServices } from "../context.ts";
import { menuButton } from "../keyboards/main-menu.ts";
import { rejectButton, say } from "../replies.ts";
import { renewalIntro, startCheckout, trafficOf } from "./checkout.ts";
import { showGuides } from "./help.ts";

/** How many subscriptions one /subs shows (newest first). */
const SHOWN = 10;

/** The read model's states as the customer's words. */
const STATE_WORDS: Record<string, string> = {
  provision_failed: "failed",
  moving: "active",
  suspended: "revoked",
  revoking: "revoked",
  revoke_wait: "revoked",
};

function stateLabel(ctx: UserContext, state: string): string {
  const key = `sub-state-${STATE_WORDS[state] ?? state}`;
  return hasMessage(ctx.lang, key) ? ctx.tp(key) : state;
}

/** The caption under a subscription's QR code. */
export function subscriptionCard(services: UserServices, ctx: UserContext, sub: SubscriptionView): string {
  const lines = [ctx.t("sub-title", { name: sub.title, state: stateLabel(ctx, sub.state) })];
  const used = formatBytes(ctx.lang, sub.usedBytes);
  if (sub.totalBytes > 0) {
    const fraction = sub.usedBytes / sub.totalBytes;
    lines.push(ctx.t("sub-usage", { used, total: formatBytes(ctx.lang, sub.totalBytes), percent: Math.min(100, Math.round(fraction * 100)), bar: progressBar(fraction) }));
  } else {
    lines.push(ctx.t("sub-usage-unlimited", { used }));
  }
  if (sub.expiresAt !== null) {
    const date = formatDate(ctx.lang, sub.expiresAt);
    const over = sub.state === "expired" || sub.expiresAt <= services.clock.now();
    lines.push(over ? ctx.t("sub-expired-on", { date }) : ctx.t("sub-days-left", { days: sub.daysLeft ?? 0, date }));
  }
  lines.push(ctx.t("sub-link", { link: sub.link }));
  return lines.join("\n");
}

function subscriptionButtons(services: UserServices, ctx: UserContext, sub: SubscriptionView): InlineKeyboard {
  const subId = Number(sub.id);
  const act = (key: string, action: "renew" | "traffic" | "guide" | "autorenew") => InlineKeyboard.text(ctx.tp(key), services.cb.subscription.pack({ subId, action }));
  const autoRenew = act(services.subscriptions.autoRenewOn(sub.id) ? "sub-autorenew-on-button" : "sub-autorenew-off-button", "autorenew");
  return InlineKeyboard.from([[act("sub-renew-button", "renew"), act("sub-traffic-button", "traffic")], [act("sub-guide-button", "guide"), autoRenew]]);
}

/** The QR photo: Telegram's file_id once it has the picture of this link, else a fresh PNG. */
async function qrPhoto(services: UserServices, chatId: number, sub: SubscriptionView): Promise<string | InputFile> {
  const cached = services.state.get<{ link: string; fileId: string }>(chatId, `qr:${sub.id}`);
  if (cached && cached.link === sub.link) return cached.fileId;
  return new InputFile(await qrPng(sub.link), `subscription-${sub.id}.png`);
}

export async function showSubscriptions(services: UserServices, ctx: UserContext): Promise<void> {
  const subs = services.subscriptions.ofCustomer(ctx.from!.id);
  if (subs.length === 0) return say(ctx, ctx.t("subs-empty"), menuButton(services.cb, ctx.lang, "menu-plans", "plans"));
  await say(ctx, ctx.t("subs-title"));
  const chatId = ctx.chat!.id;
  for (const sub of subs.slice(0, SHOWN)) {
    const sent = await ctx.replyWithPhoto(await qrPhoto(services, chatId, sub), {
      caption: subscriptionCard(services, ctx, sub),
      parse_mode: "HTML",
      reply_markup: subscriptionButtons(services, ctx, sub),
    });
    const fileId = sent.photo.at(-1)?.file_id;
    if (fileId) services.state.set(chatId, `qr:${sub.id}`, { link: sub.link, fileId });
  }
}

/** This customer's subscription by id, or null (someone else's, or none: a forged or stale button). */
function ownSubscription(services: UserServices, ctx: UserContext, subId: number): SubscriptionView | null {
  const sub = services.subscriptions.get(String(subId));
  return sub && sub.customerId === ctx.from!.id ? sub : null;
}

const RENEWABLE = ["active", "limited", "expired"];
const TOPPABLE = ["active", "limited"];

export function subscriptionsFeature(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();
  const { cb } = services;

  composer.command("subs", (ctx) => showSubscriptions(services, ctx));

  composer.callbackQuery(cb.subscription.pattern, async (ctx) => {
    const values = cb.subscription.unpack(ctx.callbackQuery.data);
    const sub = values ? ownSubscription(services, ctx, values.subId) : null;
    if (!values || !sub) return rejectButton(ctx);
    await ctx.answerCallbackQuery();
    const subId = Number(sub.id);
    if (values.action === "guide") return showGuides(services, ctx, subId);
    if (values.action === "autorenew") {
      const on = !services.subscriptions.autoRenewOn(sub.id);
      const changed = await services.subscriptions.setAutoRenew(sub.id, on);
      if (!changed.ok) return rejectButton(ctx);
      return say(ctx, on ? ctx.t("sub-autorenew-now-on", { name: sub.title, days: services.store.getSettings().autoRenewDaysBefore }) : ctx.t("sub-autorenew-now-off", { name: sub.title }));
    }
    if (values.action === "renew") {
      if (!RENEWABLE.includes(sub.state)) return say(ctx, ctx.t("error-button-expired"));
      const plans = services.store.listPlans({ activeOnly: true, kind: "subscription" });
      if (plans.length === 0) return say(ctx, ctx.t("plans-empty"));
      const keyboard = new InlineKeyboard();
      for (const plan of plans) {
        keyboard.text(ctx.tp("plan-button", { name: plan.name, price: formatToman(ctx.lang, services.sales.priceOf(ctx.from!.id, plan)) }), cb.renewPlan.pack({ subId, planId: plan.id })).row();
      }
      await say(ctx, ctx.t("renew-choose", { name: sub.title }), keyboard);
      return;
    }
    if (!TOPPABLE.includes(sub.state)) return say(ctx, ctx.t("traffic-pack-not-allowed"));
    const packs = services.store.listPlans({ activeOnly: true, kind: "traffic" });
    if (packs.length === 0) return say(ctx, ctx.t("plans-empty"));
    const keyboard = new InlineKeyboard();
    for (const pack of packs) {
      keyboard
        .text(ctx.tp("traffic-pack-button", { traffic: trafficOf(ctx, pack.traffic_bytes), price: formatToman(ctx.lang, services.sales.priceOf(ctx.from!.id, pack)) }), cb.trafficPack.pack({ subId, planId: pack.id }))
        .row();
    }
    await say(ctx, ctx.t("traffic-pack-choose", { name: sub.title }), keyboard);
  });

  composer.callbackQuery(cb.renewPlan.pattern, async (ctx) => {
    const values = cb.renewPlan.unpack(ctx.callbackQuery.data);
    const sub = values ? ownSubscription(services, ctx, values.subId) : null;
    if (!values || !sub || !RENEWABLE.includes(sub.state)) return rejectButton(ctx);
    const quote = services.sales.quote(ctx.from.id, values.planId, null);
    if (!quote.ok) return rejectButton(ctx);
    await startCheckout(services, ctx, { kind: "renewal", planId: values.planId, subscriptionId: sub.id }, renewalIntro(services, ctx, quote.value.plan, sub.expiresAt));
  });

  composer.callbackQuery(cb.trafficPack.pattern, async (ctx) => {
    const values = cb.trafficPack.unpack(ctx.callbackQuery.data);
    const sub = values ? ownSubscription(services, ctx, values.subId) : null;
    if (!values || !sub) return rejectButton(ctx);
    if (!TOPPABLE.includes(sub.state)) return say(ctx, ctx.t("traffic-pack-not-allowed"));
    await startCheckout(services, ctx, { kind: "traffic", planId: values.planId, subscriptionId: sub.id });
  });

  return composer;
}

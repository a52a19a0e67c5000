/**
 * Buying: a plan (or a renewal, or a traffic pack) → an optional discount code → card or wallet. Sales decides
 * everything that matters (plan on sale, code valid, balance covers, trial once); this file asks for what Sales
 * needs and turns its answers into words. The checkout lives in SQLite with an id its buttons carry, so a button
 * from an earlier checkout, or one tapped twice, pays for nothing.
 */
import { Composer, InlineKeyboard } from "grammy";
import type { OrderView } from "../../../sales/orders.ts";
import type { PaymentMethod } from "../../../domain/payment-method.ts";
import { formatBytes, formatDate, formatNumber, formatToman } from "../../i18n.ts";
import { starsPrice } from "../../../sales/payments/stars.ts";
import { sendStarsInvoice } from "./stars.ts";
import type { UserContext, UserServices } from "../context.ts";
import { cancelOrderButton, cardInstructions } from "../card-instructions.ts";
import { mainMenu, menuButton } from "../keyboards/main-menu.ts";
import {
  clearCheckout,
  clearFlow,
  getCheckout,
  newCheckoutId,
  setCheckout,
  setFlow,
  type Checkout,
} from "../middlewares/flow.ts";
import { paragraphs, rejectButton, say } from "../replies.ts";
import type { Plan } from "../../../store/plans.ts";
import type { PAY_ACTIONS } from "../callback-data/user-callbacks.ts";

type PayAction = (typeof PAY_ACTIONS)[number];

const CODE = /^[A-Za-z0-9_-]{3,32}$/;

/** A plan's traffic for people: "50 GB", or "Unlimited" for 0. */
export function trafficOf(ctx: UserContext, bytes: number): string {
  return bytes > 0 ? formatBytes(ctx.lang, bytes) : ctx.t("traffic-unlimited");
}

/** A plan's details block, at `price` (the customer's price: an agent's, or the list price). */
export function planDetails(ctx: UserContext, plan: Plan, price = plan.price): string {
  return ctx.t("plan-details", { name: plan.name, traffic: trafficOf(ctx, plan.traffic_bytes), days: plan.days, price: formatToman(ctx.lang, price) });
}

/** The payment choice for a checkout at `price`; Stars only for a plan that has a Stars price. */
function paymentKeyboard(services: UserServices, ctx: UserContext, checkout: Checkout): InlineKeyboard {
  const pay = (action: PayAction) => services.cb.pay.pack({ checkout: checkout.id, action });
  const balance = formatToman(ctx.lang, services.store.balanceOf(ctx.from!.id));
  const keyboard = new InlineKeyboard()
    .text(ctx.tp("payment-card"), pay("card"))
    .row()
    .text(ctx.tp("payment-wallet", { balance }), pay("wallet"))
    .row();
  const quote = services.sales.quote(ctx.from!.id, checkout.planId, checkout.code);
  const stars = quote.ok ? starsPrice(quote.value.plan, quote.value.price) : null;
  if (stars !== null && quote.ok && quote.value.price > 0) keyboard.text(ctx.tp("payment-stars", { stars: formatNumber(ctx.lang, stars) }), pay("stars")).row();
  const cents = quote.ok ? services.sales.cryptoPrice(quote.value.price) : null;
  if (cents !== null) keyboard.text(ctx.tp("payment-crypto", { usd: formatNumber(ctx.lang, cents / 100) }), pay("nowpayments")).row();
  if (!checkout.code) keyboard.text(ctx.tp("buy-discount-button"), pay("code")).row();
  return keyboard.text(ctx.tp("button-cancel"), pay("cancel"));
}

/**
 * Starts a checkout for a plan: shows what is bought, at what price, and how to pay. `intro` comes first (e.g. the
 * renewal policy). A plan that is no longer on sale says so.
 */
export async function startCheckout(
  services: UserServices,
  ctx: UserContext,
  order: Omit<Checkout, "id" | "code">,
  intro: string[] = [],
): Promise<void> {
  const quote = services.sales.quote(ctx.from!.id, order.planId, null);
  // Traffic packs only top up a subscription; subscription plans are bought or renewed.
  if (!quote.ok || (quote.value.plan.kind === "traffic") !== (order.kind === "traffic")) return rejectButton(ctx);
  const checkout: Checkout = { ...order, id: newCheckoutId(), code: null };
  setCheckout(services, ctx, checkout);
  clearFlow(services, ctx);
  const plan = quote.value.plan;
  const price = formatToman(ctx.lang, quote.value.price);
  await say(
    ctx,
    paragraphs(...intro, planDetails(ctx, plan, quote.value.price), ctx.t("buy-summary", { plan: plan.name, price }), ctx.t("payment-choose", { price })),
    paymentKeyboard(services, ctx, checkout),
  );
}

/** The checkout a button names, or nothing when the button is from another (older) checkout. */
function checkoutFor(services: UserServices, ctx: UserContext, id: string): Checkout | undefined {
  const checkout = getCheckout(services, ctx);
  return checkout && checkout.id === id ? checkout : undefined;
}

/** A code the customer typed, while the checkout waits for one. */
export async function receiveDiscountCode(services: UserServices, ctx: UserContext, checkoutId: string, text: string): Promise<void> {
  const checkout = checkoutFor(services, ctx, checkoutId);
  if (!checkout) {
    clearFlow(services, ctx);
    return say(ctx, ctx.t("error-button-expired"));
  }
  const code = text.trim();
  const skip = new InlineKeyboard().text(ctx.tp("buy-discount-skip"), services.cb.pay.pack({ checkout: checkout.id, action: "nocode" }));
  if (!CODE.test(code)) return say(ctx, ctx.t("discount-invalid", { code: code.slice(0, 32) }), skip);
  let quote = services.sales.quote(ctx.from!.id, checkout.planId, code);
  // Codes are usually announced in capitals and typed in whatever case the keyboard gives.
  if (!quote.ok && quote.error.code === "discount-unknown" && code !== code.toUpperCase()) {
    quote = services.sales.quote(ctx.from!.id, checkout.planId, code.toUpperCase());
  }
  if (!quote.ok) return say(ctx, discountRefusal(ctx, quote.error.code, code), skip);
  const { plan, price } = quote.value;
  const saved: Checkout = { ...checkout, code: quote.value.code };
  setCheckout(services, ctx, saved);
  clearFlow(services, ctx);
  await say(
    ctx,
    paragraphs(
      ctx.t("discount-applied", { code: saved.code!, discount: formatToman(ctx.lang, services.sales.priceOf(ctx.from!.id, plan) - price), price: formatToman(ctx.lang, price) }),
      ctx.t("payment-choose", { price: formatToman(ctx.lang, price) }),
    ),
    paymentKeyboard(services, ctx, saved),
  );
}

function discountRefusal(ctx: UserContext, problem: string, code: string): string {
  switch (problem) {
    case "discount-expired":
      return ctx.t("discount-expired", { code });
    case "discount-used-up":
      return ctx.t("discount-used-up", { code });
    case "discount-already-used":
      return ctx.t("discount-already-used", { code });
    default:
      return ctx.t("discount-invalid", { code });
  }
}

/**
 * The checkout's code was valid when applied and is not any more (another customer took its last use, it ended, or
 * was disabled meanwhile): say so, and offer the same plan at its full price with the code dropped.
 */
async function codeNoLongerValid(services: UserServices, ctx: UserContext, checkout: Checkout, problem: string): Promise<void> {
  const full: Checkout = { ...checkout, code: null };
  const quote = services.sales.quote(ctx.from!.id, checkout.planId, null);
  if (!quote.ok) {
    clearCheckout(services, ctx);
    return say(ctx, ctx.t("error-button-expired"));
  }
  setCheckout(services, ctx, full);
  const price = formatToman(ctx.lang, quote.value.price);
  await say(
    ctx,
    paragraphs(discountRefusal(ctx, problem, checkout.code!), ctx.t("discount-lost-full-price", { price }), ctx.t("payment-choose", { price })),
    paymentKeyboard(services, ctx, full),
  );
}

/** Words for a refusal from Sales when an order is started. */
export function orderRefusal(ctx: UserContext, code: string, kind: Checkout["kind"] | "topup" | "trial"): string {
  if (code === "banned") return ctx.t("banned");
  if (code === "subscription-not-renewable" && kind === "traffic") return ctx.t("traffic-pack-not-allowed");
  if (code === "trial-used") return ctx.t("trial-already-used");
  if (code.startsWith("discount-")) return ctx.t("error-button-expired");
  if (code === "crypto-unavailable") return ctx.t("crypto-unavailable");
  if (["plan-unavailable", "stars-unavailable", "subscription-not-found", "subscription-not-renewable", "order-not-found", "order-not-awaiting"].includes(code)) {
    return ctx.t("error-button-expired");
  }
  return ctx.t("error-generic");
}

/** The customer's newest card order still waiting for a receipt, if any. */
export function pendingCardOrder(services: UserServices, customerId: number): OrderView | null {
  const id = services.store.awaitingPaymentOrderId(customerId, "card");
  return id ? services.sales.order(id) : null;
}

/** Waits a moment for something a just-paid order brings (it is fulfilled within milliseconds when the panel answers). */
export async function waitFor<T>(services: UserServices, probe: () => T | null | undefined): Promise<T | null> {
  const deadline = Date.now() + services.settleWaitMs;
  for (;;) {
    const value = probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() >= deadline) return null;
    await Bun.sleep(25);
  }
}

async function payByCard(services: UserServices, ctx: UserContext, checkout: Checkout): Promise<void> {
  const customerId = ctx.from!.id;
  const pending = pendingCardOrder(services, customerId);
  if (pending) {
    setFlow(services, ctx, { kind: "receipt", orderId: pending.orderId });
    await say(
      ctx,
      paragraphs(ctx.t("order-already-pending", { order: String(pending.number) }), cardInstructions(services, ctx, pending)),
      cancelOrderButton(services, ctx, pending.orderId),
    );
    return;
  }
  const started = await startOrderFor(services, customerId, checkout, "card");
  if (!started.ok) {
    if (checkout.code && started.error.code.startsWith("discount-")) return codeNoLongerValid(services, ctx, checkout, started.error.code);
    clearCheckout(services, ctx);
    return say(ctx, orderRefusal(ctx, started.error.code, checkout.kind));
  }
  clearCheckout(services, ctx);
  const order = started.value;
  if (order.method === "free") {
    // A code took the whole price: nothing to pay, the order is already on its way.
    await say(ctx, ctx.t("order-created", { order: String(order.number) }));
    return;
  }
  setFlow(services, ctx, { kind: "receipt", orderId: order.orderId });
  await say(
    ctx,
    paragraphs(ctx.t("order-created", { order: String(order.number) }), cardInstructions(services, ctx, order)),
    cancelOrderButton(services, ctx, order.orderId),
  );
}

async function payFromWallet(services: UserServices, ctx: UserContext, checkout: Checkout): Promise<void> {
  const customerId = ctx.from!.id;
  const started = await startOrderFor(services, customerId, checkout, "wallet");
  if (!started.ok) {
    if (checkout.code && started.error.code.startsWith("discount-")) return codeNoLongerValid(services, ctx, checkout, started.error.code);
    if (started.error.code === "insufficient-balance") {
      const quote = services.sales.quote(customerId, checkout.planId, checkout.code);
      const price = quote.ok ? quote.value.price : 0;
      const balance = services.store.balanceOf(customerId);
      const keyboard = new InlineKeyboard()
        .text(ctx.tp("payment-card"), services.cb.pay.pack({ checkout: checkout.id, action: "card" }))
        .row()
        .text(ctx.tp("wallet-topup-button"), services.cb.menu.pack({ to: "topup" }));
      await say(
        ctx,
        ctx.t("payment-wallet-insufficient", { balance: formatToman(ctx.lang, balance), missing: formatToman(ctx.lang, Math.max(0, price - balance)) }),
        keyboard,
      );
      return;
    }
    clearCheckout(services, ctx);
    return say(ctx, orderRefusal(ctx, started.error.code, checkout.kind));
  }
  clearCheckout(services, ctx);
  const order = started.value;
  await say(ctx, ctx.t("payment-wallet-paid", { price: formatToman(ctx.lang, order.amount), order: String(order.number) }));
}

/** The checkout's order, paid by `method`. */
function startOrderFor(services: UserServices, customerId: number, checkout: Checkout, method: Exclude<PaymentMethod, "free">) {
  return services.sales.startOrder({
    customerId,
    kind: checkout.kind,
    planId: checkout.planId,
    method,
    discountCode: checkout.code,
    ...(checkout.subscriptionId ? { subscriptionId: checkout.subscriptionId } : {}),
  });
}

/**
 * Starts an order paid outside the bot (Stars, crypto) and ends the checkout. A refusal, or an order a code made
 * free, is answered here and gives null; otherwise the order waiting for its payment.
 */
async function startPaidElsewhere(services: UserServices, ctx: UserContext, checkout: Checkout, method: "stars" | "nowpayments"): Promise<OrderView | null> {
  const started = await startOrderFor(services, ctx.from!.id, checkout, method);
  clearCheckout(services, ctx);
  if (!started.ok) {
    await say(ctx, orderRefusal(ctx, started.error.code, checkout.kind));
    return null;
  }
  if (started.value.method === "free") {
    await say(ctx, ctx.t("order-created", { order: String(started.value.number) }));
    return null;
  }
  return started.value;
}

async function payByStars(services: UserServices, ctx: UserContext, checkout: Checkout): Promise<void> {
  const order = await startPaidElsewhere(services, ctx, checkout, "stars");
  if (!order) return;
  await say(ctx, ctx.t("stars-invoice-intro", { order: String(order.number) }), cancelOrderButton(services, ctx, order.orderId));
  await sendStarsInvoice(services, ctx, order);
}

async function payByCrypto(services: UserServices, ctx: UserContext, checkout: Checkout): Promise<void> {
  const order = await startPaidElsewhere(services, ctx, checkout, "nowpayments");
  if (!order) return;
  // The invoice is made by the order's own effect (retried if NOWPayments is slow); it is usually there at once.
  const ready = await waitFor(services, () => {
    const now = services.sales.order(order.orderId);
    return now && (now.invoiceUrl || now.state !== "awaiting_payment") ? now : null;
  });
  if (!ready?.invoiceUrl) {
    if (ready && ready.state !== "awaiting_payment") return say(ctx, ctx.t("crypto-unavailable"));
    return say(ctx, ctx.t("crypto-invoice-pending", { order: String(order.number) }), cancelOrderButton(services, ctx, order.orderId));
  }
  const keyboard = new InlineKeyboard().url(ctx.tp("crypto-invoice-button"), ready.invoiceUrl).row().text(ctx.tp("button-cancel"), services.cb.cancelOrder.pack({ orderId: Number(order.orderId) }));
  await say(ctx, ctx.t("crypto-invoice", { order: String(order.number), usd: formatNumber(ctx.lang, (order.externalPrice?.amount ?? 0) / 100) }), keyboard);
}

/** The renewal's extra lines: how traffic carries over and when the new period starts. */
export function renewalIntro(services: UserServices, ctx: UserContext, plan: Plan, expiresAt: number | null): string[] {
  const from = Math.max(services.clock.now(), expiresAt ?? 0);
  return [ctx.t(plan.renewal_policy === "stack" ? "renew-policy-stack" : "renew-policy-reset"), ctx.t("renew-from", { date: formatDate(ctx.lang, from) })];
}

export function checkoutFeature(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();
  const { cb } = services;

  composer.callbackQuery(cb.pay.pattern, async (ctx) => {
    const values = cb.pay.unpack(ctx.callbackQuery.data);
    const checkout = values ? checkoutFor(services, ctx, values.checkout) : undefined;
    if (!values || !checkout) return rejectButton(ctx);
    await ctx.answerCallbackQuery();
    switch (values.action) {
      case "code":
        setFlow(services, ctx, { kind: "discount", checkout: checkout.id });
        await say(ctx, ctx.t("buy-discount-ask"), new InlineKeyboard().text(ctx.tp("buy-discount-skip"), cb.pay.pack({ checkout: checkout.id, action: "nocode" })));
        return;
      case "nocode": {
        clearFlow(services, ctx);
        const quote = services.sales.quote(ctx.from.id, checkout.planId, checkout.code);
        if (!quote.ok && checkout.code && quote.error.code.startsWith("discount-")) return codeNoLongerValid(services, ctx, checkout, quote.error.code);
        if (!quote.ok) return say(ctx, ctx.t("error-button-expired"));
        await say(ctx, ctx.t("payment-choose", { price: formatToman(ctx.lang, quote.value.price) }), paymentKeyboard(services, ctx, checkout));
        return;
      }
      case "cancel":
        clearCheckout(services, ctx);
        clearFlow(services, ctx);
        await say(ctx, ctx.t("menu-title"), mainMenu(cb, ctx.lang));
        return;
      case "card":
        return payByCard(services, ctx, checkout);
      case "wallet":
        return payFromWallet(services, ctx, checkout);
      case "stars":
        return payByStars(services, ctx, checkout);
      case "nowpayments":
        return payByCrypto(services, ctx, checkout);
    }
  });

  composer.callbackQuery(cb.cancelOrder.pattern, async (ctx) => {
    const values = cb.cancelOrder.unpack(ctx.callbackQuery.data);
    if (!values) return rejectButton(ctx);
    const cancelled = await services.sales.cancel(String(values.orderId), ctx.from.id);
    if (!cancelled.ok) return rejectButton(ctx);
    clearFlow(services, ctx);
    await say(ctx, ctx.t("menu-title"), mainMenu(cb, ctx.lang));
  });

  return composer;
}

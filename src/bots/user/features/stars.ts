/**
 * Telegram Stars at the bot's edge: the invoice, Telegram's pre-checkout question and the charge it reports.
 *
 * `starsGate` runs before the bot's update dedupe and rate limits, on purpose: a pre_checkout_query must be
 * answered within 10 s whatever else the customer is doing, and a successful_payment must never be dropped as
 * "seen before" (the dedupe records an update before handling it, so a crash in between would lose the money).
 * Its exactly-once is the charge itself: the telegram_payment_charge_id is the payment event's dedupe key and the
 * ledger row's ref, so a redelivery (same update, or a new one for the same charge) pays nothing twice.
 */
import { Composer } from "grammy";
import type { OrderView } from "../../../sales/orders.ts";
import { orderIdOfPayload, starsPayload } from "../../../sales/payments/stars.ts";
import { formatNumber, t, tPlain, type Language } from "../../i18n.ts";
import type { UserContext, UserServices } from "../context.ts";
import { say } from "../replies.ts";

/** Sends the invoice of a Stars order: XTR, one price, no provider token, the payload naming the order. */
export async function sendStarsInvoice(services: UserServices, ctx: UserContext, order: OrderView): Promise<void> {
  const stars = order.externalPrice?.amount ?? 0;
  const title = (order.item?.title ?? tPlain(ctx.lang, "stars-invoice-title-fallback")).slice(0, 32);
  await ctx.api.sendInvoice(
    ctx.chat!.id,
    title,
    tPlain(ctx.lang, "stars-invoice-description", { order: String(order.number) }).slice(0, 255),
    starsPayload(order.orderId),
    "XTR",
    [{ label: title, amount: stars }],
    { provider_token: "" },
  );
  services.log.info({ orderId: order.orderId, stars }, "stars invoice sent");
}

function languageOf(services: UserServices, customerId: number): Language {
  return services.store.getCustomer(customerId)?.language ?? services.defaultLanguage;
}

/** Words for a pre-checkout refusal (Telegram shows them to the customer; plain text). */
function checkoutRefusal(lang: Language, code: string): string {
  if (code === "order-expired") return tPlain(lang, "stars-checkout-expired");
  if (code === "price-mismatch") return tPlain(lang, "stars-checkout-price-changed");
  return tPlain(lang, "stars-checkout-not-payable");
}

export function starsGate(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();

  composer.on("pre_checkout_query", async (ctx) => {
    const query = ctx.preCheckoutQuery;
    const orderId = orderIdOfPayload(query.invoice_payload);
    const checked = orderId
      ? services.sales.checkGatewayPayment(orderId, query.from.id, "stars", { currency: query.currency === "XTR" ? "XTR" : "USD", amount: query.total_amount })
      : null;
    if (checked?.ok && query.currency === "XTR") {
      await ctx.api.answerPreCheckoutQuery(query.id, true);
      return;
    }
    const code = checked && !checked.ok ? checked.error.code : "order-not-found";
    services.log.info({ orderId, customerId: query.from.id, code }, "stars pre-checkout refused");
    await ctx.api.answerPreCheckoutQuery(query.id, false, { error_message: checkoutRefusal(languageOf(services, query.from.id), code) });
  });

  composer.on("message:successful_payment", async (ctx) => {
    const payment = ctx.message.successful_payment;
    const customerId = ctx.from.id;
    const orderId = orderIdOfPayload(payment.invoice_payload);
    const chargeId = payment.telegram_payment_charge_id;
    if (payment.currency !== "XTR" || !orderId) {
      services.log.warn({ customerId, currency: payment.currency }, "a successful payment this bot did not ask for");
      return;
    }
    const log = { orderId, customerId, stars: payment.total_amount };
    const paid = await services.sales.pay(orderId, { method: "stars", ref: chargeId }, `stars:${chargeId}`);
    const lang = languageOf(services, customerId);
    if (!paid.ok) {
      // Telegram took the Stars but the order cannot take them: an admin refunds by hand (the alert names the order).
      services.log.error({ ...log, code: paid.error.code }, "stars payment for an order that cannot be paid");
      await services.notices.admins({ alert: "payment-unmatched", orderId, method: "stars", amount: payment.total_amount, dedupeKey: `stars-unmatched:${chargeId}` });
      await say(ctx, t(lang, "stars-payment-unmatched", { order: orderId }));
      return;
    }
    if (!paid.value.applied) {
      services.log.info(log, "stars payment delivered again; already applied");
      return;
    }
    services.log.info(log, "stars payment applied");
    await say(ctx, t(lang, "stars-payment-received", { order: String(paid.value.order.number), stars: formatNumber(lang, payment.total_amount) }));
  });

  return composer;
}

/** /paysupport, which Telegram requires of bots that take payments. */
export function paySupportFeature(): Composer<UserContext> {
  const composer = new Composer<UserContext>();
  composer.command("paysupport", (ctx) => say(ctx, ctx.t("paysupport")));
  return composer;
}

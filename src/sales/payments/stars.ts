/**
 * Telegram Stars. The bot sends an invoice (XTR, one price, payload `order:<id>`); Telegram asks before charging
 * (pre_checkout_query: `checkStars`) and then reports the charge (successful_payment), which pays the order once
 * per `telegram_payment_charge_id`: the charge id is the event's dedupe key and the ledger row's ref. The amount
 * checked is the one frozen on the order (`externalPrice`), never stars × a rate. A refund goes back through
 * Telegram (refundStarPayment) and is posted as the charge going out and the purchase given back.
 */
import type { Plan } from "../../store/plans.ts";
import { postEntry } from "../../store/ledger.ts";
import { recordGatewayPayment, type PaymentMethodModule } from "./method.ts";

/** The invoice payload naming an order (Telegram allows 1-128 bytes). */
export const starsPayload = (orderId: string): string => `order:${orderId}`;

export function orderIdOfPayload(payload: string): string | null {
  return /^order:(\d{1,15})$/.exec(payload)?.[1] ?? null;
}

/**
 * The Stars price of a plan at a Toman price after a discount code: the plan's Stars scaled like the Toman price,
 * rounded up, at least one; null when the plan is not sold for Stars.
 */
export function starsPrice(plan: Pick<Plan, "price" | "stars">, price: number): number | null {
  if (!plan.stars) return null;
  if (plan.price <= 0 || price >= plan.price) return plan.stars;
  return Math.max(1, Math.ceil((plan.stars * price) / plan.price));
}

export const starsPayment: PaymentMethodModule = {
  method: "stars",
  record: recordGatewayPayment("stars-payment"),
  refund(db, order, at) {
    if (order.amount <= 0 || !order.ref) return;
    postEntry(db, { customerId: order.customerId, amount: order.amount, reason: "refund", ref: order.orderId }, at);
    postEntry(db, { customerId: order.customerId, amount: -order.amount, reason: "stars-refund", ref: order.ref }, at);
  },
};

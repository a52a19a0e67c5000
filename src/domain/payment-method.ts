/**
 * How an order is paid. The order machine, Sales, the checkout and the ledger all speak of payment methods with
 * this one type; each method's behaviour lives in its own module under src/sales/payments/.
 */
export const PAYMENT_METHODS = ["card", "wallet", "free", "stars", "nowpayments"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Methods through which money comes from outside (not the wallet, not free): each has its own ledger reason. */
const EXTERNAL_METHODS = ["card", "stars", "nowpayments"] as const satisfies readonly PaymentMethod[];
export type ExternalPaymentMethod = (typeof EXTERNAL_METHODS)[number];

/**
 * Methods whose gateway confirms the payment by itself (no admin looks at it). Money from a gateway may arrive
 * after the order's window ended or it was cancelled: it is honoured, never lost.
 */
export const GATEWAY_METHODS: readonly PaymentMethod[] = ["stars", "nowpayments"];

/** Gateways through which subkeeper itself gives money back (an admin's refund button). */
export const REFUNDABLE_METHODS: readonly PaymentMethod[] = ["stars"];

/** The ledger reason of money that came in through an external method, e.g. `card-payment`, and of its refund. */
export type PaymentReason = `${ExternalPaymentMethod}-payment` | `${ExternalPaymentMethod}-refund`;

/** Ledger reasons that count as money received (revenue); `<method>-refund` rows (negative) count against it. */
export const MONEY_IN_REASONS: readonly string[] = [...EXTERNAL_METHODS.flatMap((m) => [`${m}-payment`, `${m}-refund`]), "topup"];

/** A price outside Toman that an order's payment must match exactly: whole Stars (`XTR`), or US cents (`USD`). */
export interface ExternalPrice {
  currency: "XTR" | "USD";
  amount: number;
}

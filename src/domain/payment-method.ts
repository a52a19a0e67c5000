/**
 * How an order is paid. The order machine, Sales, the checkout and the ledger all speak of payment methods with
 * this one type; each method's behaviour lives in its own module under src/sales/payments/.
 */
export const PAYMENT_METHODS = ["card", "wallet", "free"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Methods through which money comes from outside (not the wallet, not free): each has its own ledger reason. */
export type ExternalPaymentMethod = Exclude<PaymentMethod, "wallet" | "free">;

/** The ledger reason of money that came in through an external method, e.g. `card-payment`. */
export type PaymentReason = `${ExternalPaymentMethod}-payment`;

export const paymentReason = (method: ExternalPaymentMethod): PaymentReason => `${method}-payment`;

/** Ledger reasons that count as money received (revenue). */
export const MONEY_IN_REASONS: readonly string[] = [...PAYMENT_METHODS.filter((m) => m !== "wallet" && m !== "free").map((m) => `${m}-payment`), "topup"];

/**
 * The seam between an order and the way it is paid. Each payment method is one module here (card.ts, wallet.ts,
 * free.ts): what it needs before an order exists, what it does once the order exists, and the ledger rows it posts
 * when the order is paid. The order machine has one `paid` path for all of them (see machines/order.ts).
 */
import type { Database } from "bun:sqlite";
import type { OrderKind } from "../../../machines/order.ts";
import type { PaymentMethod } from "../../domain/payment-method.ts";
import type { Result } from "../../domain/result.ts";
import { postEntry, type LedgerReason } from "../../store/ledger.ts";

/** What the order machine hands to `record` as it enters `paid` (see its `recordPayment` write). */
export interface PaidOrder {
  orderId: string;
  customerId: number;
  kind: OrderKind;
  method: PaymentMethod;
  amount: number;
  /** A top-up's amount as the admin approved it. */
  creditedAmount: number | null;
  /** The admin who approved, when one did. */
  by: string | null;
  /** The external charge's id, when the money came from outside. */
  ref: string | null;
}

/** What a method may ask of Sales once its order exists. */
export interface PaymentPort {
  /** Sends PAYMENT_RECEIVED for the order; refused with a code when it cannot be paid. */
  pay(orderId: string, payment: { method: PaymentMethod; ref?: string | null; by?: string | null }): Promise<Result<unknown>>;
}

export interface PaymentMethodModule {
  readonly method: PaymentMethod;
  /** Checked before the order is created, so a refusal creates nothing (e.g. the balance does not cover it). */
  precheck?(db: Database, order: { customerId: number; amount: number }): Result<void>;
  /** Runs once the order exists and waits for payment (e.g. the wallet pays it at once). */
  start?(port: PaymentPort, order: { orderId: string; customerId: number }): Promise<Result<unknown>>;
  /** Posts the payment's ledger rows inside the transition into `paid`; throwing a Refusal rolls it back. */
  record(db: Database, order: PaidOrder, at: number): void;
  /** Posts the rows of a refund the gateway made (only methods whose gateway refunds). */
  refund?(db: Database, order: PaidOrder, at: number): void;
}

/**
 * The `record` of a gateway that confirms its own payments (Stars, crypto): the money in under `reason`, keyed by
 * the gateway's charge id, and out again for the purchase, so the balance is untouched.
 */
export function recordGatewayPayment(reason: LedgerReason): PaymentMethodModule["record"] {
  return (db, order, at) => {
    if (order.amount <= 0 || !order.ref) return;
    postEntry(db, { customerId: order.customerId, amount: order.amount, reason, ref: order.ref }, at);
    postEntry(db, { customerId: order.customerId, amount: -order.amount, reason: "purchase", ref: order.orderId }, at);
  };
}

/**
 * The orders read model (projected by the order actor in its transactions), and the rows an order claims once:
 * the free trial and the referral credit. The actor owns the order's state; these rows are what lists and rules read.
 */
import type { Database } from "bun:sqlite";

export interface OrderRow {
  id: string;
  number: number;
  customer_id: number;
  kind: string;
  plan_id: number | null;
  subscription_id: string | null;
  amount: number;
  method: string;
  discount_code: string | null;
  state: string;
  decided_by: number | null;
  decided_at: number | null;
  reject_reason: string | null;
  created_at: number;
  updated_at: number;
}

export type OrderProjection = Omit<OrderRow, "updated_at">;

/** The order actor's projection: inserted on its first event; state, subscription and decision updated after. */
export function projectOrder(db: Database, row: OrderProjection, at: number): void {
  db.query(
    `INSERT INTO orders (id, number, customer_id, kind, plan_id, subscription_id, amount, method, discount_code, state,
       decided_by, decided_at, reject_reason, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET state = excluded.state, subscription_id = excluded.subscription_id,
       decided_by = excluded.decided_by, decided_at = excluded.decided_at, reject_reason = excluded.reject_reason,
       updated_at = excluded.updated_at`,
  ).run(
    row.id,
    row.number,
    row.customer_id,
    row.kind,
    row.plan_id,
    row.subscription_id,
    row.amount,
    row.method,
    row.discount_code,
    row.state,
    row.decided_by,
    row.decided_at,
    row.reject_reason,
    row.created_at,
    at,
  );
}

/** A customer's latest orders, newest first. */
export function ordersOfCustomer(db: Database, customerId: number, limit: number): OrderRow[] {
  return db
    .query<OrderRow, [number, number]>("SELECT * FROM orders WHERE customer_id = ? ORDER BY created_at DESC, number DESC LIMIT ?")
    .all(customerId, limit);
}

export function countOrdersOfCustomer(db: Database, customerId: number): number {
  return db.query<{ n: number }, [number]>("SELECT COUNT(*) AS n FROM orders WHERE customer_id = ?").get(customerId)!.n;
}

/** Orders numbered below `beforeNumber`, optionally in one state, highest number first. */
export function ordersPage(db: Database, options: { state: string | null; beforeNumber: number; limit: number }): OrderRow[] {
  return db
    .query<OrderRow, [string | null, number, number]>(
      "SELECT * FROM orders WHERE (?1 IS NULL OR state = ?1) AND number < ?2 ORDER BY number DESC LIMIT ?3",
    )
    .all(options.state, options.beforeNumber, options.limit);
}

/** The customer's newest order by `method` still waiting for payment, if any. */
export function awaitingPaymentOrderId(db: Database, customerId: number, method: string): string | null {
  return (
    db
      .query<{ id: string }, [number, string]>(
        "SELECT id FROM orders WHERE customer_id = ? AND method = ? AND state = 'awaiting_payment' ORDER BY created_at DESC, number DESC LIMIT 1",
      )
      .get(customerId, method)?.id ?? null
  );
}

export function hasUsedTrial(db: Database, customerId: number): boolean {
  return db.query("SELECT 1 FROM trials WHERE customer_id = ?").get(customerId) !== null;
}

/** Claims the customer's one free trial; false when it was claimed before (the unique row is the rule). */
export function claimTrial(db: Database, customerId: number, orderId: string, at: number): boolean {
  return db.query("INSERT INTO trials (customer_id, order_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING").run(customerId, orderId, at).changes > 0;
}

/** Records the referrer's share of an order once; false when it was recorded before. */
export function claimReferralCredit(db: Database, credit: { referredId: number; referrerId: number; orderId: string; amount: number }, at: number): boolean {
  return (
    db
      .query("INSERT INTO referral_credits (referred_id, referrer_id, order_id, amount, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
      .run(credit.referredId, credit.referrerId, credit.orderId, credit.amount, at).changes > 0
  );
}

/** What the referrer was credited for this order (first-purchase rule or every-purchase rule), or null. */
export function referralCreditOf(db: Database, orderId: string): { referrerId: number; amount: number } | null {
  return db
    .query<{ referrerId: number; amount: number }, [string, string]>(
      `SELECT referrer_id AS referrerId, amount FROM referral_credits WHERE order_id = ?
       UNION ALL SELECT customer_id AS referrerId, amount FROM ledger WHERE reason = 'referral' AND ref = ? LIMIT 1`,
    )
    .get(orderId, `order:${orderId}`);
}

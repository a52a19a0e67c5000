/**
 * Card-to-card receipts: the photo a customer sent for an order, the admin's decision on it, and the queue of those
 * waiting (a page at a time for the console, with who sent them).
 */
import type { Database } from "bun:sqlite";

export interface PendingReceipt {
  orderId: string;
  number: number;
  customerId: number;
  username: string | null;
  firstName: string;
  kind: string;
  amount: number;
  submittedAt: number;
}

/** A position in the queue: the last receipt of the previous page. */
export interface ReceiptCursor {
  submittedAt: number;
  orderId: string;
}

/** Oldest first, `limit` at a time after `after`; `next` is where the following page starts, or null. */
export function pendingReceiptsPage(db: Database, options: { after?: ReceiptCursor | null; limit: number }): { items: PendingReceipt[]; next: ReceiptCursor | null } {
  const after = options.after ?? { submittedAt: -1, orderId: "" };
  const rows = db
    .query<
      { order_id: string; submitted_at: number; number: number; kind: string; amount: number; customer_id: number; username: string | null; first_name: string | null },
      [number, string, number]
    >(
      `SELECT r.order_id, r.submitted_at, o.number, o.kind, o.amount, o.customer_id, c.username, c.first_name
         FROM receipts r JOIN orders o ON o.id = r.order_id LEFT JOIN customers c ON c.telegram_id = o.customer_id
        WHERE r.state = 'pending' AND o.state = 'receipt_submitted' AND (r.submitted_at, r.order_id) > (?, ?)
        ORDER BY r.submitted_at, r.order_id LIMIT ?`,
    )
    .all(after.submittedAt, after.orderId, options.limit + 1);
  const items = rows.slice(0, options.limit).map((r) => ({
    orderId: r.order_id,
    number: r.number,
    customerId: r.customer_id,
    username: r.username,
    firstName: r.first_name ?? "",
    kind: r.kind,
    amount: r.amount,
    submittedAt: r.submitted_at,
  }));
  const last = items[items.length - 1];
  return { items, next: rows.length > options.limit && last ? { submittedAt: last.submittedAt, orderId: last.orderId } : null };
}

/** The Telegram file id of an order's receipt photo, or null. */
export function receiptFileId(db: Database, orderId: string): string | null {
  return receiptOf(db, orderId)?.file_id ?? null;
}

export interface ReceiptRow {
  order_id: string;
  customer_id: number;
  file_id: string;
  amount: number;
  state: "pending" | "approved" | "rejected";
  submitted_at: number;
  decided_by: number | null;
  decided_at: number | null;
  reason: string | null;
}

export function receiptOf(db: Database, orderId: string): ReceiptRow | null {
  return db.query<ReceiptRow, [string]>("SELECT * FROM receipts WHERE order_id = ?").get(orderId);
}

/** Saves the order's receipt; a second photo for the same order replaces the first. */
export function saveReceipt(
  db: Database,
  receipt: { orderId: string; customerId: number; fileId: string; fileUniqueId?: string | null; amount: number },
  at: number,
): void {
  db.query(
    `INSERT INTO receipts (order_id, customer_id, file_id, file_unique_id, amount, submitted_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (order_id) DO UPDATE SET file_id = excluded.file_id, file_unique_id = excluded.file_unique_id, submitted_at = excluded.submitted_at`,
  ).run(receipt.orderId, receipt.customerId, receipt.fileId, receipt.fileUniqueId ?? null, receipt.amount, at);
}

/** Records the decision on a pending receipt; a decided one is left as it was. */
export function decideReceipt(db: Database, decision: { orderId: string; approved: boolean; by: number | null; reason: string | null }, at: number): void {
  db.query("UPDATE receipts SET state = ?, decided_by = ?, decided_at = ?, reason = ? WHERE order_id = ? AND state = 'pending'").run(
    decision.approved ? "approved" : "rejected",
    decision.by,
    at,
    decision.reason,
    decision.orderId,
  );
}

/** Receipts waiting for an admin's decision (their order still in receipt_submitted), oldest first. */
export function pendingReceipts(db: Database, limit: number): ReceiptRow[] {
  return db
    .query<ReceiptRow, [number]>(
      "SELECT r.* FROM receipts r JOIN orders o ON o.id = r.order_id WHERE r.state = 'pending' AND o.state = 'receipt_submitted' ORDER BY r.submitted_at LIMIT ?",
    )
    .all(limit);
}

export function pendingReceiptCount(db: Database): number {
  return db
    .query<{ n: number }, []>("SELECT COUNT(*) AS n FROM receipts r JOIN orders o ON o.id = r.order_id WHERE r.state = 'pending' AND o.state = 'receipt_submitted'")
    .get()!.n;
}

/** The order of the customer's newest receipt still waiting for a decision, or null. */
export function latestPendingReceiptOf(db: Database, customerId: number): string | null {
  return (
    db
      .query<{ order_id: string }, [number]>(
        "SELECT r.order_id FROM receipts r JOIN orders o ON o.id = r.order_id WHERE r.customer_id = ? AND r.state = 'pending' AND o.state = 'receipt_submitted' ORDER BY r.submitted_at DESC LIMIT 1",
      )
      .get(customerId)?.order_id ?? null
  );
}

/**
 * The earliest other order whose receipt was this same photo (Telegram's file_unique_id stays the same when a
 * picture is sent again), or null: a receipt reused for a second order is flagged on the admin's card.
 */
export function firstOrderWithPhoto(db: Database, orderId: string): string | null {
  return (
    db
      .query<{ order_id: string }, [string]>(
        `SELECT earlier.order_id FROM receipts mine JOIN receipts earlier ON earlier.file_unique_id = mine.file_unique_id AND earlier.order_id <> mine.order_id
         WHERE mine.order_id = ? AND mine.file_unique_id IS NOT NULL ORDER BY earlier.submitted_at, earlier.order_id LIMIT 1`,
      )
      .get(orderId)?.order_id ?? null
  );
}

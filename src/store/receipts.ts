/** Receipts waiting for a decision, a page at a time, with who sent them (the console's receipts queue). */
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
  return db.query<{ file_id: string }, [string]>("SELECT file_id FROM receipts WHERE order_id = ?").get(orderId)?.file_id ?? null;
}

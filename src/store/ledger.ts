/**
 * The ledger: one row per balance change, integer Toman, with its reason and reference. `balances` holds the sum,
 * kept in the same statement group as the row, and a CHECK refuses any change that would make it negative — so
 * two purchases racing for the same balance cannot both pass.
 */
import type { Database } from "bun:sqlite";
import { MONEY_IN_REASONS, type PaymentReason } from "../domain/payment-method.ts";
import { Refusal } from "../domain/refusal.ts";
import { DAY_MS } from "../domain/time.ts";

export interface LedgerEntry {
  id: number;
  customer_id: number;
  amount: number;
  reason: string;
  ref: string;
  actor: string | null;
  at: number;
}

/**
 * A purchase paid from outside is posted as money in (`<method>-payment`, see src/sales/payments/) and the purchase
 * (`purchase`), so revenue is the sum of what came in (the payment reasons and `topup`) and the balance is untouched.
 */
export type LedgerReason = "purchase" | PaymentReason | "topup" | "referral" | "adjustment" | "refund";

/** Why a ledger change was refused, in words a person can act on. */
export class LedgerError extends Refusal {
  constructor(override readonly code: "insufficient-balance" | "duplicate", message: string) {
    super(code, message);
    this.name = "LedgerError";
  }
}

/**
 * Adds one entry and updates the balance; call inside a transaction. A (reason, ref) already recorded is a no-op
 * that returns false, so a replayed credit is never applied twice.
 */
export function postEntry(
  db: Database,
  entry: { customerId: number; amount: number; reason: LedgerReason; ref: string; actor?: string | null },
  at: number,
): boolean {
  if (!Number.isSafeInteger(entry.amount) || entry.amount === 0) throw new RangeError(`ledger amount must be a non-zero integer: ${entry.amount}`);
  const inserted = db
    .query("INSERT INTO ledger (customer_id, amount, reason, ref, actor, at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (reason, ref) DO NOTHING")
    .run(entry.customerId, entry.amount, entry.reason, entry.ref, entry.actor ?? null, at);
  if (inserted.changes === 0) return false;
  try {
    // Not an upsert: SQLite checks the CHECK on the would-be inserted row first, which refuses any debit.
    const updated = db.query("UPDATE balances SET balance = balance + ? WHERE customer_id = ?").run(entry.amount, entry.customerId);
    if (updated.changes === 0) db.query("INSERT INTO balances (customer_id, balance) VALUES (?, ?)").run(entry.customerId, entry.amount);
  } catch (error) {
    if (String((error as Error).message).includes("CHECK constraint failed")) {
      throw new LedgerError("insufficient-balance", "the wallet balance does not cover this amount");
    }
    throw error;
  }
  return true;
}

export function balanceOf(db: Database, customerId: number): number {
  return db.query<{ balance: number }, [number]>("SELECT balance FROM balances WHERE customer_id = ?").get(customerId)?.balance ?? 0;
}

export function entriesOf(db: Database, customerId: number, limit = 20): LedgerEntry[] {
  return db.query<LedgerEntry, [number, number]>("SELECT * FROM ledger WHERE customer_id = ? ORDER BY id DESC LIMIT ?").all(customerId, limit);
}

/** Customers whose balance differs from the sum of their entries (must always be empty). */
export function ledgerMismatches(db: Database): { customer_id: number; balance: number; sum: number }[] {
  return db
    .query<{ customer_id: number; balance: number; sum: number }, []>(
      `SELECT c.customer_id, COALESCE(b.balance, 0) AS balance, c.sum FROM
         (SELECT customer_id, SUM(amount) AS sum FROM ledger GROUP BY customer_id) c
         LEFT JOIN balances b ON b.customer_id = c.customer_id
       WHERE COALESCE(b.balance, 0) <> c.sum`,
    )
    .all();
}

/** Money received in [from, to): payments from outside and top-ups (a wallet purchase was counted at its top-up). */
export function revenueBetween(db: Database, from: number, to: number): number {
  return (
    db
      .query<{ total: number | null }, [string, number, number]>(
        `SELECT SUM(amount) AS total FROM ledger WHERE reason IN (SELECT value FROM json_each(?)) AND at >= ? AND at < ?`,
      )
      .get(JSON.stringify(MONEY_IN_REASONS), from, to)?.total ?? 0
  );
}

/** Money received per day for `days` days from `from` (each day 24 h from `from`), oldest first. */
export function revenueByDay(db: Database, from: number, days: number): number[] {
  const totals = new Array<number>(days).fill(0);
  const rows = db
    .query<{ day: number; total: number }, [number, number, number, string]>(
      `SELECT (at - ?1) / ?3 AS day, SUM(amount) AS total FROM ledger
        WHERE reason IN (SELECT value FROM json_each(?4)) AND at >= ?1 AND at < ?2 GROUP BY day`,
    )
    .all(from, from + days * DAY_MS, DAY_MS, JSON.stringify(MONEY_IN_REASONS));
  for (const row of rows) if (row.day >= 0 && row.day < days) totals[row.day] = row.total;
  return totals;
}

/**
 * A digest of the tables that hold state people care about: if bad input changed any row of them, the digest
 * changes. Caches and memos that a refusal may legitimately touch (the idempotency memo, the /sub cache, the
 * bots' seen-update ids and conversation state) are left out by default; callers name what they expect to move.
 */
import type { Database } from "bun:sqlite";

export const STATE_TABLES = [
  "actors",
  "journal",
  "timers",
  "outbox",
  "inbound_dedupe",
  "customers",
  "plans",
  "discount_codes",
  "discount_uses",
  "ledger",
  "balances",
  "referral_credits",
  "trials",
  "receipts",
  "tickets",
  "ticket_messages",
  "settings",
  "sequences",
  "audit_log",
  "servers",
  "orders",
  "subscriptions",
  "notifications",
  "notify_blocked_chats",
  "admin_receipt_cards",
  "admin_broadcast_messages",
] as const;

/** One hash per table, so a difference names the table that changed. */
export function tableDigests(db: Database, tables: readonly string[] = STATE_TABLES): Record<string, string> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    const hasher = new Bun.CryptoHasher("sha256");
    // Table names come from the constant list above, never from input.
    for (const row of db.query(`SELECT * FROM "${table}" ORDER BY 1, 2`).values()) hasher.update(JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v)));
    out[table] = hasher.digest("hex").slice(0, 16);
  }
  return out;
}

/** The tables whose digest differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(before).filter((table) => before[table] !== after[table]);
}

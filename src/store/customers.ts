/** Customers: one row per Telegram account. */
import type { Database } from "bun:sqlite";
import type { Language } from "../config.ts";
import { newReferralCode } from "../domain/identifiers.ts";
import type { Audience } from "../../machines/broadcast.ts";

export type { Language };

export interface Customer {
  telegram_id: number;
  username: string | null;
  first_name: string;
  language: Language;
  language_chosen: number;
  banned: number;
  unreachable: number;
  referrer_id: number | null;
  referral_code: string;
  created_at: number;
  updated_at: number;
}

export function getCustomer(db: Database, telegramId: number): Customer | null {
  return db.query<Customer, [number]>("SELECT * FROM customers WHERE telegram_id = ?").get(telegramId);
}

export function findCustomerByUsername(db: Database, username: string): Customer | null {
  return db
    .query<Customer, [string]>("SELECT * FROM customers WHERE username = ? COLLATE NOCASE")
    .get(username.replace(/^@/, ""));
}

export function findCustomerByReferralCode(db: Database, code: string): Customer | null {
  return db.query<Customer, [string]>("SELECT * FROM customers WHERE referral_code = ?").get(code);
}

/**
 * Registers a customer or refreshes their name. The referrer is recorded only on the first registration and only
 * when it is another existing customer.
 */
export function upsertCustomer(
  db: Database,
  input: { telegramId: number; username?: string | null; firstName?: string; language: Language; referrerId?: number | null },
  now: number,
): { customer: Customer; created: boolean } {
  return db.transaction(() => {
    const existing = getCustomer(db, input.telegramId);
    if (existing) {
      db.query("UPDATE customers SET username = ?, first_name = ?, unreachable = 0, updated_at = ? WHERE telegram_id = ?").run(
        input.username ?? null,
        input.firstName ?? existing.first_name,
        now,
        input.telegramId,
      );
      return { customer: getCustomer(db, input.telegramId)!, created: false };
    }
    const referrer =
      input.referrerId && input.referrerId !== input.telegramId && getCustomer(db, input.referrerId) ? input.referrerId : null;
    db.query(
      `INSERT INTO customers (telegram_id, username, first_name, language, referrer_id, referral_code, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.telegramId, input.username ?? null, input.firstName ?? "", input.language, referrer, newReferralCode(), now, now);
    return { customer: getCustomer(db, input.telegramId)!, created: true };
  })();
}

export function setLanguage(db: Database, telegramId: number, language: Language, now: number): void {
  db.query("UPDATE customers SET language = ?, language_chosen = 1, updated_at = ? WHERE telegram_id = ?").run(language, now, telegramId);
}

export function setBanned(db: Database, telegramId: number, banned: boolean, now: number): void {
  db.query("UPDATE customers SET banned = ?, updated_at = ? WHERE telegram_id = ?").run(banned ? 1 : 0, now, telegramId);
}

export function markUnreachable(db: Database, telegramId: number, now: number): void {
  db.query("UPDATE customers SET unreachable = 1, updated_at = ? WHERE telegram_id = ?").run(now, telegramId);
}

/**
 * Customers matching what an operator typed: a Telegram id exactly, or a username (with or without @) by its
 * beginning, case-insensitively. Both use an index, so a search stays fast with many customers.
 */
export function searchCustomers(db: Database, query: string, limit: number): Customer[] {
  const text = query.trim();
  if (/^\d{1,15}$/.test(text)) {
    const exact = getCustomer(db, Number(text));
    return exact ? [exact] : [];
  }
  const name = text.replace(/^@/, "");
  if (!/^[A-Za-z0-9_]{1,32}$/.test(name)) return [];
  // A range on the NOCASE index instead of LIKE (whose escaping of "_" would defeat the index).
  return db
    .query<Customer, [string, string, number]>(
      "SELECT * FROM customers WHERE username >= ? COLLATE NOCASE AND username < ? COLLATE NOCASE ORDER BY username COLLATE NOCASE LIMIT ?",
    )
    .all(name, `${name}\u{10FFFF}`, limit);
}

/** Customers newest first, `limit` at a time before the cursor (created_at, telegram_id) of the previous page. */
export function customersPage(db: Database, options: { before?: { createdAt: number; telegramId: number } | null; limit: number }): Customer[] {
  const before = options.before ?? { createdAt: Number.MAX_SAFE_INTEGER, telegramId: Number.MAX_SAFE_INTEGER };
  return db
    .query<Customer, [number, number, number]>("SELECT * FROM customers WHERE (created_at, telegram_id) < (?, ?) ORDER BY created_at DESC, telegram_id DESC LIMIT ?")
    .all(before.createdAt, before.telegramId, options.limit);
}

const AUDIENCE_FILTER: Record<Audience, string> = {
  all: "",
  active: "AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = c.telegram_id AND s.state IN ('active', 'limited'))",
  expired: `AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = c.telegram_id AND s.state = 'expired')
            AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = c.telegram_id AND s.state IN ('active', 'limited'))`,
};

/** Customers a broadcast may reach: not banned, not known to have blocked the bot. */
const REACHABLE = "c.banned = 0 AND c.unreachable = 0";

/** The next `limit` customer ids of an audience after `afterId`, in id order. */
export function audienceBatch(db: Database, audience: Audience, afterId: number, limit: number): number[] {
  return db
    .query<{ telegram_id: number }, [number, number]>(
      `SELECT c.telegram_id FROM customers c WHERE c.telegram_id > ? AND ${REACHABLE} ${AUDIENCE_FILTER[audience]}
       ORDER BY c.telegram_id LIMIT ?`,
    )
    .all(afterId, limit)
    .map((row) => row.telegram_id);
}

/** How many customers of an audience come after `afterId` (all of them from 0). */
export function audienceSize(db: Database, audience: Audience, afterId = 0): number {
  return db
    .query<{ n: number }, [number]>(`SELECT COUNT(*) AS n FROM customers c WHERE c.telegram_id > ? AND ${REACHABLE} ${AUDIENCE_FILTER[audience]}`)
    .get(afterId)!.n;
}

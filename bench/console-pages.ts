/**
 * The console's pages for the HTTP benchmark (issue 16): the overview and a customer search with 100,000
 * subscriptions, 100,000 customers and 100,000 payments of the last 30 days in the store, p50/p99 per page. The
 * load is a few operators' browsers (CONSOLE_CONCURRENCY loops), not a crowd: the console has a handful of users.
 * The naive baseline, in the same run, is the same console over a copy of the store without the indexes its
 * reads lean on (usernames, the ledger by time) and with the overview's figures recomputed on every request
 * (consoleFiguresTtlMs 0): what reading the tables as they come would cost. The overview's own p99 counts the
 * requests that recompute its figures (one every 3 s) among all the others; the naive figure is that recompute's
 * cost on every request.
 */
import type { Database } from "bun:sqlite";

const DAY_MS = 86_400_000;

/** Customers 1_000_000 + i (the subscriptions' owners) with usernames u<i>, and one card payment each over 30 days. */
export function seedConsole(db: Database, count: number, now: number): void {
  const customer = db.prepare(
    "INSERT INTO customers (telegram_id, username, first_name, language, referral_code, created_at, updated_at) VALUES (?, ?, ?, 'fa', ?, ?, ?)",
  );
  const entry = db.prepare("INSERT INTO ledger (customer_id, amount, reason, ref, actor, at) VALUES (?, ?, 'card-payment', ?, NULL, ?)");
  const balance = db.prepare("INSERT INTO balances (customer_id, balance) VALUES (?, ?)");
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = 1_000_000 + i;
      const at = now - ((i * 7_919) % (30 * DAY_MS));
      const amount = 50_000 + (i % 20) * 10_000;
      customer.run(id, `u${i}`, `Customer ${i}`, `ref${i}`, at, at);
      entry.run(id, amount, `order:${i}`, at);
      balance.run(id, amount);
    }
  })();
}

/** The indexes the naive copy goes without. */
export const CONSOLE_INDEXES = ["customers_by_username", "ledger_by_at"];

/** Logs in to the console with the operator token; returns the session cookie. */
export async function consoleSession(base: string, token: string): Promise<string> {
  const response = await fetch(`${base}/console/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token }).toString(),
    redirect: "manual",
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (response.status !== 303 || !cookie) throw new Error(`console login failed: ${response.status}`);
  return cookie;
}

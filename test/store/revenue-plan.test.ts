/**
 * Revenue over a window reads only that window's money-in rows: the stats' and the console chart's queries search
 * the (reason, at) index by both columns, so a ledger of years costs what its last 30 days cost.
 */
import { expect, test } from "bun:test";
import { openDatabase } from "../../src/store/db.ts";
import { upsertCustomer } from "../../src/store/customers.ts";
import { postEntry, revenueBetween, revenueByDay } from "../../src/store/ledger.ts";

const DAY = 86_400_000;

test("revenue queries search by reason and time, and sum only the window", () => {
  const db = openDatabase(":memory:");
  upsertCustomer(db, { telegramId: 1, firstName: "A", username: null, language: "en" }, 0);
  db.transaction(() => {
    postEntry(db, { customerId: 1, amount: 100, reason: "card-payment", ref: "old" }, 1 * DAY);
    postEntry(db, { customerId: 1, amount: 250, reason: "card-payment", ref: "new" }, 40 * DAY);
  })();

  // The SQL the two functions run, as they run it.
  const seen: string[] = [];
  const query = db.query.bind(db);
  db.query = ((sql: string) => (seen.push(sql), query(sql))) as typeof db.query;
  expect(revenueBetween(db, 30 * DAY, 60 * DAY)).toBe(250);
  expect(revenueByDay(db, 30 * DAY, 30)[10]).toBe(250);
  db.query = query;

  const revenueSql = seen.filter((sql) => /SUM\(amount\)/.test(sql));
  expect(revenueSql).toHaveLength(2);
  for (const sql of revenueSql) {
    const args = sql.includes("?4") ? [0, 1, 2, "[]"] : ["[]", 0, 1];
    const plan = (query(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join("\n");
    expect(plan).toContain("USING INDEX ledger_by_reason_at (reason=? AND at>? AND at<?)");
  }
  db.close();
});

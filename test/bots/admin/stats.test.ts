/** The admin stats: Tehran's calendar day, revenue windows from the ledger, receipts, failures, load per server. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { computeStats } from "../../../src/store/stats.ts";
import { startOfDay } from "../../../src/domain/time.ts";
import { postEntry } from "../../../src/store/ledger.ts";
import { DAY_MS } from "../../../src/domain/time.ts";
import { createWorld, type World } from "../../support/world.ts";

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

const MINUTE = 60_000;

test("today starts at midnight in Tehran (UTC+3:30), not at UTC midnight", () => {
  // 26 Nov 2026 09:00 UTC is 12:30 in Tehran; that day began at 25 Nov 20:30 UTC.
  expect(startOfDay(Date.UTC(2026, 10, 26, 9, 0))).toBe(Date.UTC(2026, 10, 25, 20, 30));
  // 21:00 UTC is already the next day in Tehran.
  expect(startOfDay(Date.UTC(2026, 10, 26, 21, 0))).toBe(Date.UTC(2026, 10, 26, 20, 30));
});

test("customers, new today, revenue windows, pending receipts, provisioning failures and load per server", async () => {
  const now = world.clock.now();
  const tehranMidnight = Date.UTC(2026, 10, 25, 20, 30);
  const at = (when: number, id: number) => {
    world.clock.at = when;
    world.customer(id);
  };
  at(tehranMidnight - MINUTE, 1); // yesterday in Tehran, though the same UTC day as "now"
  at(tehranMidnight + MINUTE, 2);
  at(now - MINUTE, 3);
  world.clock.at = now;

  const money = (customerId: number, amount: number, reason: "card-payment" | "topup" | "adjustment", when: number, ref: string) =>
    world.db.transaction(() => postEntry(world.db, { customerId, amount, reason, ref }, when))();
  money(1, 100_000, "card-payment", now - 2 * MINUTE, "o1");
  money(1, 50_000, "topup", tehranMidnight - MINUTE, "o2"); // yesterday
  money(2, 70_000, "card-payment", now - 3 * DAY_MS, "o3");
  money(2, 30_000, "card-payment", now - 20 * DAY_MS, "o4");
  money(3, 999_000, "card-payment", now - 40 * DAY_MS, "o5");
  money(3, 5_000, "adjustment", now - MINUTE, "a1"); // not revenue

  // A card purchase whose receipt waits, and one subscription that failed to provision.
  const plan = world.plan();
  const order = await world.sales.startOrder({ customerId: 2, kind: "purchase", planId: plan, method: "card" });
  if (!order.ok) throw new Error(order.error.message);
  await world.sales.submitReceipt(order.value.orderId, 2, "photo-1");
  world.db
    .query("INSERT INTO subscriptions (id, customer_id, token, client_name, server_id, state, volume_bytes, created_at, updated_at) VALUES ('x1', 1, 't1', 'sk-x1', 's1', 'provision_failed', 0, ?, ?)")
    .run(now, now);
  world.db
    .query("INSERT INTO subscriptions (id, customer_id, token, client_name, server_id, state, volume_bytes, created_at, updated_at) VALUES ('x2', 1, 't2', 'sk-x2', 's1', 'active', 0, ?, ?)")
    .run(now, now);
  world.db.query("UPDATE servers SET capacity = 8, client_count = 5 WHERE id = 's1'").run();

  const stats = computeStats(world.db, now);
  expect(stats.customers).toEqual({ total: 3, newToday: 2 });
  expect(stats.revenue).toEqual({ today: 100_000, last7d: 220_000, last30d: 250_000 });
  expect(stats.pendingReceipts).toBe(1);
  expect(stats.provisioningFailures).toBe(1);
  expect(stats.subscriptions.active).toBe(1);
  expect(stats.servers).toEqual([
    { id: "s1", name: "s1", state: "healthy", group: "default", capacity: 8, subscriptions: 2, panelClients: 5, load: 0.25 },
  ]);
});

test("an approved receipt leaves the queue and counts as revenue today", async () => {
  world.customer(7);
  const plan = world.plan({ price: 120_000 });
  const order = await world.sales.startOrder({ customerId: 7, kind: "purchase", planId: plan, method: "card" });
  if (!order.ok) throw new Error(order.error.message);
  await world.sales.submitReceipt(order.value.orderId, 7, "photo");
  expect(computeStats(world.db, world.clock.now()).pendingReceipts).toBe(1);
  await world.sales.decide(order.value.orderId, { by: "900", approve: true });
  await world.settle();
  const stats = computeStats(world.db, world.clock.now());
  expect(stats.pendingReceipts).toBe(0);
  expect(stats.revenue.today).toBe(120_000);
  expect(stats.subscriptions.active).toBe(1);
});

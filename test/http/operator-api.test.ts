import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { DAY_MS } from "../../src/domain/time.ts";
import { startOfDay } from "../../src/domain/time.ts";
import { GB } from "../support/world.ts";
import { createHttpWorld, type HttpWorld } from "./support.ts";

let h: HttpWorld;
beforeEach(async () => {
  h = await createHttpWorld();
});
afterEach(async () => {
  await h.close();
});

const plan = { name: "Quarterly 150 GB", price: 390_000, trafficBytes: 150 * GB, days: 90 };

describe("plans", () => {
  test("create, list, read, change, delete; each change audited", async () => {
    const created = await h.call("POST", "/api/plans", { body: plan });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ ...plan, kind: "subscription", renewalPolicy: "reset", serverGroup: "default", active: true });
    const id = created.json.id;
    expect((await h.call("GET", "/api/plans")).json.map((p: any) => p.id)).toEqual([id]);
    expect((await h.call("GET", `/api/plans/${id}`)).json.name).toBe(plan.name);

    const changed = await h.call("PATCH", `/api/plans/${id}`, { body: { price: 350_000, active: false } });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ price: 350_000, active: false });
    expect((await h.call("GET", "/api/plans?active=true")).json).toEqual([]);

    const deleted = await h.call("DELETE", `/api/plans/${id}`);
    expect(deleted.json).toEqual({ id, outcome: "deleted" });
    expect((await h.call("GET", `/api/plans/${id}`)).status).toBe(404);
    const actions = (await h.call("GET", "/api/audit")).json.items.map((a: any) => a.action);
    expect(actions).toEqual(["plan:delete", "plan:update", "plan:create"]);
  });

  test("Idempotency-Key on a create: the retry gets the same plan, not a second one", async () => {
    const headers = { "idempotency-key": "create-quarterly-1" };
    const first = await h.call("POST", "/api/plans", { body: plan, headers });
    const retry = await h.call("POST", "/api/plans", { body: plan, headers });
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect((await h.call("GET", "/api/plans")).json).toHaveLength(1);
    expect((await h.call("POST", "/api/plans", { body: { ...plan, price: 1 }, headers })).status).toBe(422);
    // The same key on another route is another request.
    expect((await h.call("POST", `/api/actors/order/9999/events`, { body: { type: "RETRY" }, headers })).status).toBe(404);
  });

  test("a plan that was sold is hidden, not deleted", async () => {
    const sub = await h.activeSubscription(101);
    const planId = h.world.subscriptions.get(sub.id) && (h.world.db.query("SELECT plan_id FROM orders WHERE id = ?").get(sub.orderId) as any).plan_id;
    expect((await h.call("DELETE", `/api/plans/${planId}`)).json.outcome).toBe("hidden");
    expect((await h.call("GET", `/api/plans/${planId}`)).json.active).toBe(false);
  });

  test("bad input: schema 400s, the domain's own rule 400, unknown ids 404, nothing empty", async () => {
    expect((await h.call("POST", "/api/plans", { body: { ...plan, days: 0 } })).json.error.message).toBe("a subscription plan lasts at least one day");
    expect((await h.call("POST", "/api/plans", { body: { ...plan, name: "" } })).status).toBe(400);
    expect((await h.call("POST", "/api/plans", { body: { ...plan, price: 1.5 } })).status).toBe(400);
    expect((await h.call("POST", "/api/plans", { body: { ...plan, renewalPolicy: "double" } })).status).toBe(400);
    expect((await h.call("POST", "/api/plans", { body: [] })).status).toBe(400);
    expect((await h.call("PATCH", "/api/plans/1", { body: {} })).status).toBe(400);
    expect((await h.call("PATCH", "/api/plans/77", { body: { price: 1 } })).status).toBe(404);
    expect((await h.call("DELETE", "/api/plans/77")).status).toBe(404);
    expect((await h.call("GET", "/api/plans/abc")).status).toBe(400);
    expect((await h.call("GET", "/api/audit")).json.items).toEqual([]);
  });
});

describe("settings", () => {
  test("read with defaults, change some, refuse bad values and unknown keys", async () => {
    const read = await h.call("GET", "/api/settings");
    expect(read.json.paymentWindowHours).toBe(24);
    const changed = await h.call("PATCH", "/api/settings", { body: { paymentWindowHours: 12, supportHours: "9-21" } });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ paymentWindowHours: 12, supportHours: "9-21", trialDays: 1 });
    expect((await h.call("PATCH", "/api/settings", { body: { paymentWindowHours: 500 } })).status).toBe(400);
    expect((await h.call("PATCH", "/api/settings", { body: { cards: [{ number: "1234", holder: "x" }] } })).json.error.message).toBe("a card number has 16 digits");
    expect((await h.call("PATCH", "/api/settings", { body: { botToken: "x" } })).status).toBe(400);
    const audit = (await h.call("GET", "/api/audit")).json.items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "settings:update", before: { paymentWindowHours: 24 }, after: { paymentWindowHours: 12 } });
  });

  test("requiredChannels: a list of public @usernames, [] for none", async () => {
    expect((await h.call("GET", "/api/settings")).json.requiredChannels).toEqual([]);
    const set = await h.call("PATCH", "/api/settings", { body: { requiredChannels: ["@vpn_news", "@vpn_chat"] } });
    expect(set.json.requiredChannels).toEqual(["@vpn_news", "@vpn_chat"]);
    for (const bad of [["vpn_news"], ["@ab"], ["@vpn news"], ["@vpn_news", "@VPN_NEWS"], ["@a1234", "@b1234", "@c1234", "@d1234", "@e1234", "@f1234"]]) {
      const refused = await h.call("PATCH", "/api/settings", { body: { requiredChannels: bad } });
      expect(refused.status).toBe(400);
    }
    expect((await h.call("GET", "/api/settings")).json.requiredChannels).toEqual(["@vpn_news", "@vpn_chat"]);
    expect((await h.call("PATCH", "/api/settings", { body: { requiredChannels: [] } })).json.requiredChannels).toEqual([]);
  });
});

describe("customers, orders, stats", () => {
  test("a customer's whole picture: profile, balance, ledger, subscriptions, orders", async () => {
    const sub = await h.activeSubscription(101);
    h.world.credit(101, 20_000);
    const user = await h.call("GET", "/api/users/101");
    expect(user.status).toBe(200);
    expect(user.json.customer).toMatchObject({ telegramId: 101, username: "c101", banned: false });
    expect(user.json.balance).toBe(20_000);
    expect(user.json.ledger.map((e: any) => e.reason)).toEqual(["adjustment", "purchase", "card-payment"]);
    expect(user.json.subscriptions.map((s: any) => s.id)).toEqual([sub.id]);
    expect(user.json.subscriptions[0].link).toBe(`https://sub.example.com/sub/${sub.token}`);
    expect(user.json.orders.map((o: any) => o.state)).toEqual(["fulfilled"]);
    expect((await h.call("GET", "/api/users/999")).status).toBe(404);
    expect((await h.call("GET", "/api/users/-5")).status).toBe(400);
    expect((await h.call("GET", "/api/users/abc")).status).toBe(400);
  });

  test("orders by state, newest first, a page at a time", async () => {
    await h.activeSubscription(101);
    h.world.customer(102);
    const planId = h.world.plan();
    for (let i = 0; i < 3; i++) await h.world.sales.startOrder({ customerId: 102, kind: "purchase", planId, method: "card" });
    const waiting = await h.call("GET", "/api/orders?state=awaiting_payment&limit=2");
    expect(waiting.json.items).toHaveLength(2);
    expect(waiting.json.items[0].number).toBeGreaterThan(waiting.json.items[1].number);
    const rest = await h.call("GET", `/api/orders?state=awaiting_payment&cursor=${waiting.json.nextCursor}`);
    expect(rest.json.items).toHaveLength(1);
    expect(rest.json.nextCursor).toBeNull();
    expect((await h.call("GET", "/api/orders")).json.items).toHaveLength(4);
    expect((await h.call("GET", "/api/orders?state=lost")).status).toBe(400);
  });

  test("stats: customers, active subscriptions, revenue windows from the ledger, receipts, failures, load", async () => {
    await h.activeSubscription(101);
    h.world.clock.advance(3 * DAY_MS);
    await h.activeSubscription(102);
    h.world.customer(103);
    const order = await h.world.sales.startOrder({ customerId: 103, kind: "purchase", planId: h.world.plan(), method: "card" });
    if (!order.ok) throw new Error(order.error.message);
    await h.world.sales.submitReceipt(order.value.orderId, 103, "photo");
    h.world.db.query("UPDATE servers SET capacity = 10 WHERE id = 's1'").run();

    const stats = (await h.call("GET", "/api/stats")).json;
    expect(stats.customers).toEqual({ total: 3, newToday: 2 });
    expect(stats.subscriptions.active).toBe(2);
    expect(stats.revenue).toEqual({ today: 150_000, last7d: 300_000, last30d: 300_000, currency: "IRT" });
    expect(stats.pendingReceipts).toBe(1);
    expect(stats.provisioningFailures).toBe(0);
    expect(stats.servers).toEqual([{ id: "s1", name: "s1", state: "healthy", group: "default", capacity: 10, subscriptions: 2, panelClients: 0, load: 0.2 }]);
  });

  test("today starts at midnight in Tehran", () => {
    // 2026-11-26 20:29:59 UTC is 23:59:59 in Tehran (UTC+3:30); 20:30 UTC is the next day.
    expect(startOfDay(Date.UTC(2026, 10, 26, 20, 29, 59), "Asia/Tehran")).toBe(Date.UTC(2026, 10, 25, 20, 30));
    expect(startOfDay(Date.UTC(2026, 10, 26, 20, 30, 0), "Asia/Tehran")).toBe(Date.UTC(2026, 10, 26, 20, 30));
  });
});

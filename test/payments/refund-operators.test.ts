/**
 * Refunding a Stars order the way operators do: the admin bot's button on the order (/order <n>) and
 * POST /api/orders/:id/refund; and the Stars price of a plan over HTTP and in the admin bot's plan editor.
 * The refund's wire call (refundStarPayment on the fake Bot API) is covered in stars.test.ts; here the gateway
 * records its calls.
 */
import { afterEach, expect, test } from "bun:test";
import { getPlan } from "../../src/store/plans.ts";
import { createAdminWorld, type AdminWorld } from "../bots/admin/world.ts";
import { createHttpWorld, type HttpWorld } from "../http/support.ts";

let admin: AdminWorld | undefined;
let http: HttpWorld | undefined;
afterEach(async () => {
  await admin?.close();
  await http?.close();
  admin = http = undefined;
});

async function paidStarsOrder(core: AdminWorld["core"], customerId: number, planId: number, chargeId: string): Promise<string> {
  const started = await core.sales.startOrder({ customerId, kind: "purchase", planId, method: "stars" });
  if (!started.ok) throw new Error(started.error.message);
  const paid = await core.sales.pay(started.value.orderId, { method: "stars", ref: chargeId }, `stars:${chargeId}`);
  if (!paid.ok) throw new Error(paid.error.message);
  return started.value.orderId;
}

test("the admin bot: the order's Refund button refunds once and is gone from the refunded order; Stars price edited", async () => {
  admin = await createAdminWorld();
  const w = admin;
  const refunds: string[] = [];
  w.core.gateways.plugStars({ refund: async (_user, charge) => void refunds.push(charge) });
  const planId = w.plan({ name: "Monthly 50 GB", price: 150_000 });

  await w.ava.send("/plans");
  await w.ava.waitForMessage("Plans:");
  await w.ava.tap("🟢 Monthly 50 GB");
  await w.ava.waitForMessage("Price:");
  await w.ava.tap("✏️ Edit");
  await w.ava.waitForMessage("What do you want to change?");
  await w.ava.tap("⭐ Stars price");
  await w.ava.waitForMessage("price in Telegram Stars");
  await w.ava.send("2.5");
  await w.ava.waitForMessage("stars is a whole number");
  await w.ava.send("250");
  await w.ava.waitForMessage("Also sold for 250 Telegram Stars");
  expect(getPlan(w.db, planId)!.stars).toBe(250);

  w.customer(7001, "Nika");
  const orderId = await paidStarsOrder(w.core, 7001, planId, "stxn-admin-1");
  await w.settle();
  await w.ava.send(`/order ${orderId}`);
  const card = await w.ava.waitForMessage(`Order #${orderId}`);
  expect(card.text).toContain("Stars: 250");
  await w.ava.tap("↩️ Refund Stars");
  await w.ava.waitForMessage("Refunding order");
  await w.settle();
  expect(w.core.sales.order(orderId)!.state).toBe("refunded");
  await w.ben.send(`/order ${orderId}`);
  const refunded = await w.ben.waitForMessage(`Order #${orderId}`);
  expect(refunded.buttons.some((b) => b.text.includes("Refund"))).toBe(false);
  expect(refunds).toEqual(["stxn-admin-1"]);
  expect(w.audits("order.refund")).toHaveLength(1);
});

test("HTTP: stars on POST/PATCH /api/plans; POST /api/orders/:id/refund once, 409 for a card order, 404 for none", async () => {
  http = await createHttpWorld();
  const core = http.world;
  const refunds: string[] = [];
  core.gateways.plugStars({ refund: async (_user, charge) => void refunds.push(charge) });

  const created = await http.call("POST", "/api/plans", { body: { name: "Stars plan", price: 100_000, stars: 120, trafficBytes: 0, days: 30 } });
  expect(created.status).toBe(201);
  expect(created.json.stars).toBe(120);
  expect((await http.call("PATCH", `/api/plans/${created.json.id}`, { body: { stars: 0 } })).status).toBe(400);
  const patched = await http.call("PATCH", `/api/plans/${created.json.id}`, { body: { stars: 150 } });
  expect(patched.json.stars).toBe(150);

  core.customer(7002);
  const orderId = await paidStarsOrder(core as never, 7002, created.json.id, "stxn-http-1");
  await core.settle();
  const first = await http.call("POST", `/api/orders/${orderId}/refund`);
  expect(first.status).toBe(200);
  expect(first.json).toEqual({ orderId, state: "refunding", applied: true });
  const second = await http.call("POST", `/api/orders/${orderId}/refund`);
  expect(second.json.applied).toBe(false);
  await core.settle();
  expect(core.sales.order(orderId)!.state).toBe("refunded");
  expect(refunds).toEqual(["stxn-http-1"]);

  const card = await http.activeSubscription(7003);
  const refused = await http.call("POST", `/api/orders/${card.orderId}/refund`);
  expect(refused.status).toBe(409);
  expect(refused.json.error.code).toBe("not-refundable");
  expect((await http.call("POST", "/api/orders/99999/refund")).status).toBe(404);
});

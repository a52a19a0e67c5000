/**
 * One decision path: a receipt approved over HTTP (POST /api/orders/:id/decision) is the same decision as a tap in
 * the admin bot — the customer is served once, and every admin's copy of the card says who decided and loses its
 * buttons; a second decision is answered 409 and changes nothing.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { createAdminWorld, isCard, type AdminWorld } from "./world.ts";

let world: AdminWorld;
beforeEach(async () => {
  world = await createAdminWorld();
});
afterEach(async () => {
  await world.close();
});

test("an approval over HTTP serves the customer once and edits the receipt card in every admin's chat", async () => {
  const alice = world.customer(1101, "Alice");
  const orderId = await world.cardOrder(alice, world.plan());
  const number = String(world.core.sales.order(orderId)!.number);
  for (const admin of [world.ava, world.ben]) {
    const card = await admin.waitForMessage(isCard(number), { since: "any", timeoutMs: 5000 });
    expect(card.buttons.map((b) => b.text)).toEqual(["✅ Approve", "❌ Reject"]);
  }

  const approved = await world.api("POST", `/api/orders/${orderId}/decision`, { approve: true });
  expect(approved.status).toBe(200);
  expect(approved.json).toMatchObject({ orderId, state: "fulfilling", decision: { approved: true, by: "operator" } });
  await world.settle();
  expect(world.core.sales.order(orderId)!.state).toBe("fulfilled");
  await alice.waitForMessage("is ready", { since: "any", timeoutMs: 5000 });

  for (const admin of [world.ava, world.ben]) {
    const card = await admin.waitForMessage((m) => isCard(number)(m) && (m.caption ?? "").includes("Approved by operator"), { since: "any", timeoutMs: 5000 });
    expect(card.buttons).toEqual([]);
    expect(card.edits).toBe(1);
  }
  expect(world.audits("receipt.approve")).toHaveLength(1);

  const again = await world.api("POST", `/api/orders/${orderId}/decision`, { approve: false, reason: "late" });
  expect(again.status).toBe(409);
  expect(again.json.error.code).toBe("already-decided");
  expect(world.core.sales.order(orderId)!.state).toBe("fulfilled");
  expect(world.panel.clients()).toHaveLength(1);
});

test("a rejection over HTTP needs a reason; an unknown order is 404; the customer reads the reason", async () => {
  const bob = world.customer(1102, "Bob");
  const orderId = await world.cardOrder(bob, world.plan());
  expect((await world.api("POST", `/api/orders/${orderId}/decision`, { approve: false })).status).toBe(400);
  expect((await world.api("POST", `/api/orders/${orderId}/decision`, { approve: true, amount: -5 })).status).toBe(400);
  expect((await world.api("POST", `/api/orders/nope/decision`, { approve: true })).status).toBe(404);
  expect(world.core.sales.order(orderId)!.state).toBe("receipt_submitted");

  const rejected = await world.api("POST", `/api/orders/${orderId}/decision`, { approve: false, reason: "amount does not match" });
  expect(rejected.status).toBe(200);
  await world.settle();
  await bob.waitForMessage("amount does not match", { since: "any", timeoutMs: 5000 });
  const number = String(world.core.sales.order(orderId)!.number);
  for (const admin of [world.ava, world.ben]) {
    await admin.waitForMessage((m) => isCard(number)(m) && (m.caption ?? "").includes("Rejected by operator"), { since: "any", timeoutMs: 5000 });
  }
});

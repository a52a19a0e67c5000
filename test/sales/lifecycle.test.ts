import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createWorld, GB, type World } from "../support/world.ts";
import { balanceOf, ledgerMismatches } from "../../src/store/ledger.ts";
import { saveDiscount } from "../../src/store/discounts.ts";
import { DAY_MS } from "../../src/domain/time.ts";

let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

/** A customer buys by card, sends a receipt, an admin approves: returns the order and subscription ids. */
async function buyByCard(customerId: number, planId: number) {
  const order = await world.sales.startOrder({ customerId, kind: "purchase", planId, method: "card" });
  if (!order.ok) throw new Error(order.error.message);
  const receipt = await world.sales.submitReceipt(order.value.orderId, customerId, "photo-1");
  expect(receipt.ok).toBe(true);
  const decided = await world.sales.decide(order.value.orderId, { by: "900", approve: true });
  expect(decided.ok && decided.value.applied).toBe(true);
  await world.settle();
  return { orderId: order.value.orderId, subscriptionId: order.value.subscriptionId! };
}

function panelClients(subscriptionId: string) {
  return world.panel.clients().filter((c) => c.name === `sk-${subscriptionId}`);
}

async function useTraffic(subscriptionId: string, bytes: number) {
  world.panel.addTraffic(`sk-${subscriptionId}`, Math.floor(bytes / 4), bytes - Math.floor(bytes / 4));
  await world.subscriptions.resync(subscriptionId);
  await world.settle();
}

describe("the whole life of a subscription", () => {
  test("order, receipt, approval, provisioning, warnings, limit, renewals with each policy, expiry, revoke", async () => {
    const alice = world.customer(101);
    const monthly = world.plan({ trafficBytes: 10 * GB, renewalPolicy: "reset" });
    const stacking = world.plan({ name: "Stacking 10 GB", trafficBytes: 10 * GB, renewalPolicy: "stack" });

    const { orderId, subscriptionId } = await buyByCard(alice, monthly);
    expect(world.sales.order(orderId)!.state).toBe("fulfilled");
    let sub = world.subscriptions.get(subscriptionId)!;
    expect(sub.state).toBe("active");
    expect(sub.daysLeft).toBe(30);
    expect(sub.link).toMatch(/^https:\/\/sub\.example\.com\/sub\/[A-Za-z0-9_-]{22}$/);
    expect(panelClients(subscriptionId)).toHaveLength(1);
    expect(panelClients(subscriptionId)[0]!.enable).toBe(true);
    expect(world.notices.kinds(alice)).toEqual(["provisioned"]);

    await useTraffic(subscriptionId, 8 * GB + 1);
    await useTraffic(subscriptionId, 1);
    expect(world.notices.kinds(alice)).toEqual(["provisioned", "traffic-80"]);
    await useTraffic(subscriptionId, GB + GB / 2);
    expect(world.notices.kinds(alice).slice(-1)).toEqual(["traffic-95"]);
    // Exactly at the volume is not over it: S-UI limits only when up + down > volume.
    const used = world.subscriptions.get(subscriptionId)!.usedBytes;
    await useTraffic(subscriptionId, 10 * GB - used);
    expect(world.subscriptions.get(subscriptionId)!.state).toBe("active");
    await useTraffic(subscriptionId, 1);
    expect(world.subscriptions.get(subscriptionId)!.state).toBe("limited");
    expect(panelClients(subscriptionId)[0]!.enable).toBe(false);
    expect(world.notices.kinds(alice).filter((k) => k === "limited")).toHaveLength(1);

    // Renewal, reset policy: a fresh period of the plan's volume, traffic counted so far kept on the panel.
    world.credit(alice, 1_000_000);
    const renewal = await world.sales.startOrder({ customerId: alice, kind: "renewal", planId: monthly, method: "wallet", subscriptionId });
    expect(renewal.ok).toBe(true);
    await world.settle();
    sub = world.subscriptions.get(subscriptionId)!;
    expect(sub.state).toBe("active");
    expect(sub.usedBytes).toBe(0);
    expect(sub.totalBytes).toBe(10 * GB);
    expect(sub.daysLeft).toBe(60);
    const client = panelClients(subscriptionId)[0]!;
    expect(client.enable).toBe(true);
    expect(client.up + client.down).toBe(10 * GB + 1);
    expect(client.volume).toBe(20 * GB + 1);
    expect(world.sales.order(renewal.ok ? renewal.value.orderId : "")!.state).toBe("fulfilled");
    expect(world.notices.kinds(alice).slice(-1)).toEqual(["renewed"]);

    // Renewal, stack policy: what is left carries over.
    await useTraffic(subscriptionId, 4 * GB);
    const stacked = await world.sales.startOrder({ customerId: alice, kind: "renewal", planId: stacking, method: "wallet", subscriptionId });
    expect(stacked.ok).toBe(true);
    await world.settle();
    sub = world.subscriptions.get(subscriptionId)!;
    expect(sub.usedBytes).toBe(4 * GB);
    expect(sub.totalBytes).toBe(20 * GB);
    expect(sub.daysLeft).toBe(90);

    // Time runs out: warnings 3 days and 1 day before, then expiry, each once.
    await world.elapse(90 * DAY_MS, 6 * 3600_000);
    expect(world.subscriptions.get(subscriptionId)!.state).toBe("expired");
    expect(panelClients(subscriptionId)[0]!.enable).toBe(false);
    const kinds = world.notices.kinds(alice);
    expect(kinds.filter((k) => k === "expires-3d")).toHaveLength(1);
    expect(kinds.filter((k) => k === "expires-1d")).toHaveLength(1);
    expect(kinds.filter((k) => k === "expired")).toHaveLength(1);

    await world.subscriptions.revoke(subscriptionId);
    await world.settle();
    expect(world.runtime.read("subscription", subscriptionId)!.state).toBe("revoked");
    expect(panelClients(subscriptionId)).toHaveLength(0);
    expect(ledgerMismatches(world.db)).toEqual([]);
  });

  test("an expired order tells the customer and cannot be paid any more", async () => {
    const bob = world.customer(102);
    const order = await world.sales.startOrder({ customerId: bob, kind: "purchase", planId: world.plan(), method: "card" });
    if (!order.ok) throw new Error(order.error.message);
    await world.elapse(25 * 3600_000, 3600_000);
    expect(world.sales.order(order.value.orderId)!.state).toBe("expired");
    expect(world.notices.kinds(bob)).toEqual(["order-expired"]);
    const late = await world.sales.submitReceipt(order.value.orderId, bob, "photo");
    expect(late.ok).toBe(false);
  });

  test("a rejected receipt tells the customer the reason", async () => {
    const carol = world.customer(103);
    const order = await world.sales.startOrder({ customerId: carol, kind: "purchase", planId: world.plan(), method: "card" });
    if (!order.ok) throw new Error(order.error.message);
    await world.sales.submitReceipt(order.value.orderId, carol, "photo");
    const rejected = await world.sales.decide(order.value.orderId, { by: "900", approve: false, reason: "amount does not match" });
    expect(rejected.ok).toBe(true);
    await world.settle();
    expect(world.notices.sent.at(-1)).toMatchObject({ kind: "receipt-rejected", vars: { reason: "amount does not match" } });
    expect(world.panel.clients()).toHaveLength(0);
  });
});

describe("exactly once", () => {
  test("two approvals racing and one update applied twice: one fulfilment, one payment", async () => {
    const dave = world.customer(104);
    const order = await world.sales.startOrder({ customerId: dave, kind: "purchase", planId: world.plan(), method: "card" });
    if (!order.ok) throw new Error(order.error.message);
    const { orderId, subscriptionId } = order.value;
    await world.sales.submitReceipt(orderId, dave, "photo");
    const [first, second, replay] = await Promise.all([
      world.sales.decide(orderId, { by: "900", approve: true }, "update:555"),
      world.sales.decide(orderId, { by: "901", approve: true }, "update:556"),
      world.sales.decide(orderId, { by: "900", approve: true }, "update:555"),
    ]);
    await world.settle();
    const applied = [first, second, replay].filter((r) => r.ok && r.value.applied);
    expect(applied).toHaveLength(1);
    expect(second.ok && second.value.order.decision).toMatchObject({ by: "900", approved: true });
    expect(world.db.query("SELECT COUNT(*) AS n FROM ledger WHERE ref = ? AND reason = 'card-payment'").get(orderId)).toEqual({ n: 1 });
    expect(panelClients(subscriptionId!)).toHaveLength(1);
    expect(world.db.query("SELECT COUNT(*) AS n FROM journal WHERE kind = 'order' AND id = ? AND event_type = 'FULFILLED'").get(orderId)).toEqual({ n: 1 });
  });

  test("concurrent wallet purchases cannot overdraw; ledger sums equal balances", async () => {
    const erin = world.customer(105);
    const plan = world.plan({ price: 150_000 });
    world.credit(erin, 200_000);
    const results = await Promise.all([1, 2, 3].map(() => world.sales.startOrder({ customerId: erin, kind: "purchase", planId: plan, method: "wallet" })));
    await world.settle();
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(["insufficient-balance", "insufficient-balance"]);
    expect(balanceOf(world.db, erin)).toBe(50_000);
    expect(ledgerMismatches(world.db)).toEqual([]);
    expect(world.panel.clients()).toHaveLength(1);
  });

  test("the free trial is granted once per account, even when asked twice at once", async () => {
    const frank = world.customer(106);
    const [a, b] = [world.sales.startTrial(frank), world.sales.startTrial(frank)];
    await world.settle();
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    expect(world.panel.clients()).toHaveLength(1);
    expect(world.panel.clients()[0]!.volume).toBe(GB);
    expect(world.sales.startTrial(frank)).toMatchObject({ ok: false, error: { code: "trial-used" } });
  });

  test("a discount code is applied and counted once; a per-customer code refuses a second use", async () => {
    const gina = world.customer(107);
    saveDiscount(world.db, { code: "NOWRUZ", percent: 20, maxUses: 10 }, world.clock.now());
    const plan = world.plan({ price: 100_000 });
    const order = await world.sales.startOrder({ customerId: gina, kind: "purchase", planId: plan, method: "card", discountCode: "nowruz" });
    expect(order.ok && order.value.amount).toBe(80_000);
    expect(world.db.query("SELECT uses FROM discount_codes").get()).toEqual({ uses: 1 });
    const again = await world.sales.startOrder({ customerId: gina, kind: "purchase", planId: plan, method: "card", discountCode: "NOWRUZ" });
    expect(again).toMatchObject({ ok: false, error: { code: "discount-already-used" } });
    expect(world.db.query("SELECT uses FROM discount_codes").get()).toEqual({ uses: 1 });
  });

  test("the referrer is credited their share of the first paid order, once", async () => {
    const referrer = world.customer(108);
    const referred = world.customer(109, { referrerId: referrer });
    const plan = world.plan({ price: 200_000 });
    await buyByCard(referred, plan);
    await buyByCard(referred, plan);
    expect(balanceOf(world.db, referrer)).toBe(20_000);
    expect(ledgerMismatches(world.db)).toEqual([]);
  });
});

describe("panel trouble during provisioning", () => {
  test("the panel down for ten minutes: backoff, then active when it returns, no duplicate", async () => {
    const hana = world.customer(110);
    await world.panel.setFault({ mode: "down" });
    const order = await world.sales.startOrder({ customerId: hana, kind: "purchase", planId: world.plan(), method: "card" });
    if (!order.ok) throw new Error(order.error.message);
    await world.sales.submitReceipt(order.value.orderId, hana, "photo");
    await world.sales.decide(order.value.orderId, { by: "900", approve: true });
    await world.elapse(10 * 60_000, 5_000);
    const during = world.runtime.read("subscription", order.value.subscriptionId!)!;
    expect(during.state).toBe("provisioning.retry_wait");
    expect((during.context as { attempts: number }).attempts).toBeGreaterThanOrEqual(4);
    await world.panel.setFault(null);
    await world.elapse(16 * 60_000, 5_000);
    expect(world.subscriptions.get(order.value.subscriptionId!)!.state).toBe("active");
    expect(panelClients(order.value.subscriptionId!)).toHaveLength(1);
    expect(world.sales.order(order.value.orderId)!.state).toBe("fulfilled");
  });

  test("a create that timed out but happened on the panel is found, not repeated", async () => {
    const ivan = world.customer(111);
    await world.panel.setFault({ mode: "slow", delayMs: 3000, actions: ["save"], times: 1 });
    const order = await world.sales.startOrder({ customerId: ivan, kind: "purchase", planId: world.plan(), method: "card" });
    if (!order.ok) throw new Error(order.error.message);
    await world.sales.submitReceipt(order.value.orderId, ivan, "photo");
    await world.sales.decide(order.value.orderId, { by: "900", approve: true });
    await world.settle();
    await Bun.sleep(1200);
    await world.elapse(60_000, 5_000);
    expect(world.subscriptions.get(order.value.subscriptionId!)!.state).toBe("active");
    expect(panelClients(order.value.subscriptionId!)).toHaveLength(1);
  });

  test("a refusing panel ends in provision_failed with the panel's message and an alert once its retries run out; RETRY starts again", async () => {
    const jack = world.customer(112);
    await world.panel.setFault({ mode: "invalidToken" });
    const order = await world.sales.startOrder({ customerId: jack, kind: "purchase", planId: world.plan(), method: "card" });
    if (!order.ok) throw new Error(order.error.message);
    await world.sales.submitReceipt(order.value.orderId, jack, "photo");
    await world.sales.decide(order.value.orderId, { by: "900", approve: true });
    await world.settle();
    // A refused token is retried with the provisioning backoff (the token may be fixed meanwhile), then it fails.
    expect(world.runtime.read("subscription", order.value.subscriptionId!)!.state).toBe("provisioning.retry_wait");
    await world.elapse(30 * 60_000, 60_000);
    const failed = world.runtime.read("subscription", order.value.subscriptionId!)!;
    expect(failed.state).toBe("provision_failed");
    expect((failed.context as { lastError: string }).lastError).toContain("invalid token");
    expect(world.notices.alerts.map((a) => a.alert)).toContain("provision-failed");

    await world.panel.setFault(null);
    await world.runtime.send("subscription", order.value.subscriptionId!, { type: "RETRY" });
    await world.settle();
    expect(world.subscriptions.get(order.value.subscriptionId!)!.state).toBe("active");
    expect(world.sales.order(order.value.orderId)!.state).toBe("fulfilled");
  });
});

describe("a permanent panel error", () => {
  test("ends in provision_failed at once with the panel's message and an alert; nothing is retried", async () => {
    const lena = world.customer(114);
    await world.panel.setFault({ mode: "refuse", actions: ["save:clients:new"], message: "FOREIGN KEY constraint failed" });
    const order = await world.sales.startOrder({ customerId: lena, kind: "purchase", planId: world.plan(), method: "card" });
    if (!order.ok) throw new Error(order.error.message);
    await world.sales.submitReceipt(order.value.orderId, lena, "photo");
    await world.sales.decide(order.value.orderId, { by: "900", approve: true });
    await world.settle();
    const failed = world.runtime.read("subscription", order.value.subscriptionId!)!;
    expect(failed.state).toBe("provision_failed");
    expect((failed.context as { lastError: string }).lastError).toContain("FOREIGN KEY constraint failed");
    expect(world.notices.alerts.filter((a) => a.alert === "provision-failed")).toHaveLength(1);
    expect(world.panel.counts()["save:clients:new"]).toBe(1);
    await world.elapse(30 * 60_000, 60_000);
    expect(world.panel.counts()["save:clients:new"]).toBe(1);
    expect(world.sales.order(order.value.orderId)!.state).toBe("fulfilling");
  });
});

describe("time", () => {
  test("instants are UTC epoch ms; a 30-day plan shows 30 days left right after purchase, 29 a day later", async () => {
    const kim = world.customer(113);
    const { subscriptionId } = await buyByCard(kim, world.plan({ days: 30 }));
    const sub = world.subscriptions.get(subscriptionId)!;
    expect(sub.expiresAt).toBe(world.clock.now() + 30 * DAY_MS);
    expect(sub.daysLeft).toBe(30);
    world.clock.advance(DAY_MS);
    expect(world.subscriptions.get(subscriptionId)!.daysLeft).toBe(29);
    const client = panelClients(subscriptionId)[0]!;
    expect(client.expiry).toBe(Math.floor(sub.expiresAt! / 1000));
  });
});

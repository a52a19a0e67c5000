/**
 * Nothing left silent: a customer who blocked the bot while their receipt waited never gets "your subscription is
 * ready"; the admins hear once who missed what, and the customer's /subs shows the link when they come back. A
 * warning that cannot be delivered (at most once) raises nothing.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { undeliveredAlert } from "../../src/kinds/notices.ts";
import { createAdminWorld } from "../bots/admin/world.ts";
import { activeCard, buyByCard, createBotWorld, inCode, type BotWorld } from "../bots/user/harness.ts";

let w: BotWorld;
beforeEach(async () => {
  w = await createBotWorld();
});
afterEach(async () => {
  await w.close();
});

test("a blocked customer misses the delivery message: one admin alert naming them and what they missed; /subs still has the link", async () => {
  w.plan();
  const alice = w.person(5301, "en", { firstName: "Alice" });
  await buyByCard(alice, /^Monthly 50 GB/, "/plans");

  alice.block();
  await w.approve(alice.id);
  const sub = w.core.subscriptions.ofCustomer(alice.id)[0]!;
  expect(sub.state).toBe("active");
  const undelivered = w.alerts.filter((a) => a.alert === "notice-undelivered");
  expect(undelivered).toEqual([
    expect.objectContaining({ customerId: alice.id, kind: "provisioned", subscriptionId: sub.id, reason: "the customer blocked the bot" }),
  ]);
  const noticeKey = undelivered[0]!.dedupeKey.replace(/^undelivered:/, "");

  // The outbox may replay the notice: still one alert (its key), no message.
  await w.core.notices.customer({ customerId: alice.id, kind: "provisioned", subscriptionId: sub.id, vars: {}, dedupeKey: noticeKey });
  expect(w.alerts.filter((a) => a.alert === "notice-undelivered")).toHaveLength(2);
  expect(new Set(w.alerts.filter((a) => a.alert === "notice-undelivered").map((a) => a.dedupeKey)).size).toBe(1);

  // A warning that cannot be delivered stays quiet.
  await w.core.notices.customer({ customerId: alice.id, kind: "traffic-80", subscriptionId: sub.id, vars: {}, dedupeKey: `sub:${sub.id}:traffic-80:t0` });
  expect(w.alerts.filter((a) => a.alert === "notice-undelivered")).toHaveLength(2);

  const card = await activeCard(alice);
  expect(inCode(card, sub.link)).toBe(true);
  expect(alice.messages().some((m) => (m.caption ?? m.text ?? "").includes("is ready"))).toBe(false);
});

test("in the admin bot the alert names the customer, what they missed and the order, in each admin's language", async () => {
  const world = await createAdminWorld();
  try {
    world.customer(7301, "Rana");
    await world.notices.admins(
      undeliveredAlert({ customerId: 7301, kind: "receipt-rejected", vars: { number: 42 }, dedupeKey: "order:o1:rejected" }, "Forbidden: user is deactivated"),
    );
    for (const admin of [world.ava, world.ben]) {
      const alert = await admin.waitForMessage("did not get the message", { since: "any" });
      expect(alert.text).toContain("Rana @c7301 (7301) did not get the message “receipt not approved”, order #42: Forbidden: user is deactivated");
    }
    await world.notices.admins(undeliveredAlert({ customerId: 7301, kind: "receipt-rejected", vars: { number: 42 }, dedupeKey: "order:o1:rejected" }, "again"));
    await world.settle();
    expect(world.ava.messages().filter((m) => (m.text ?? "").includes("did not get the message"))).toHaveLength(1);
  } finally {
    await world.close();
  }
});

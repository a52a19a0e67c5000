/**
 * The money messages a customer is owed, each once: a paid order waiting for a panel that is down ("payment
 * received, being set up"), an admin's balance adjustment, a gift, and a referral credit (the invitation text says
 * which rule applies: first purchase, or every purchase). A ticket closed by an admin: test/bots/admin/operations.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { updateSettings } from "../../src/store/settings.ts";
import { createBotWorld, GB, type BotWorld } from "../bots/user/harness.ts";
import type { FakePerson } from "../fakes/telegram.ts";

let w: BotWorld;
beforeEach(async () => {
  w = await createBotWorld();
});
afterEach(async () => {
  await w.close();
});

const said = (person: FakePerson, text: string) => person.messages().filter((m) => (m.text ?? m.caption ?? "").includes(text)).length;

async function started(person: FakePerson, start = "/start"): Promise<void> {
  await person.send(start);
  await person.waitForMessage("Welcome to");
  await person.tap("English");
  await person.waitForMessage("I'll speak English");
}

test("a paid order waiting for a panel that is down: told once the payment arrived, then the link when it works", async () => {
  const planId = w.plan({ name: "Monthly 50 GB", price: 150_000, trafficBytes: 50 * GB, days: 30 });
  const alice = w.person(5401, "en");
  await started(alice);
  w.credit(alice.id, 150_000);
  await w.panel.setFault({ mode: "down" });
  const order = await w.core.sales.startOrder({ customerId: alice.id, kind: "purchase", planId, method: "wallet" });
  if (!order.ok) throw new Error(order.error.message);
  await w.settle();
  await alice.waitForMessage(`Payment for order #${order.value.number} is approved`, { since: "any" });
  await w.elapse(10 * 60_000, 60_000);
  expect(said(alice, "is approved. Your subscription is being set up")).toBe(1);
  await w.panel.setFault(null);
  await w.elapse(60 * 60_000, 5 * 60_000);
  await alice.waitForMessage("is ready", { since: "any" });
  expect(said(alice, "is approved. Your subscription is being set up")).toBe(1);
});

test("an admin's balance adjustment and a gift are announced once each", async () => {
  const planId = w.plan({ name: "Monthly 50 GB", price: 150_000, trafficBytes: 50 * GB, days: 30 });
  const bob = w.person(5402, "en");
  await started(bob);
  for (let i = 0; i < 2; i++) {
    const adjusted = await w.core.sales.adjustBalance(bob.id, 70_000, { ref: "admin:update:77", actor: "900" });
    expect(adjusted.ok).toBe(true);
  }
  await bob.waitForMessage("adjusted your wallet by 70,000", { since: "any" });
  expect(await w.core.sales.adjustBalance(bob.id, -500_000, { ref: "admin:update:78", actor: "900" })).toMatchObject({ ok: false, error: { code: "insufficient-balance" } });

  const gift = w.core.sales.gift(bob.id, planId);
  expect(gift.ok).toBe(true);
  await w.settle();
  await bob.waitForMessage("You received a gift: Monthly 50 GB", { since: "any" });
  await w.settle();
  expect(said(bob, "adjusted your wallet")).toBe(1);
  expect(said(bob, "You received a gift")).toBe(1);
});

test("the referral rule: the invitation says which; the referrer is told each time a credit lands", async () => {
  const planId = w.plan({ name: "Monthly 50 GB", price: 100_000, trafficBytes: 50 * GB, days: 30 });
  const ref = w.person(5403, "en");
  await started(ref);
  await ref.tap("🤝 Invite friends");
  const invite = await ref.waitForMessage("invitation link");
  expect(invite.text).toContain("first purchase");
  const code = /start=ref_([\w-]+)/.exec(invite.text ?? "")![1]!;

  const friend = w.person(5404, "en");
  await started(friend, `/start ref_${code}`);
  w.credit(friend.id, 300_000);
  const buy = async () => {
    const order = await w.core.sales.startOrder({ customerId: friend.id, kind: "purchase", planId, method: "wallet" });
    if (!order.ok) throw new Error(order.error.message);
    await w.settle();
  };
  await buy();
  await ref.waitForMessage("A friend you invited made a purchase: 10,000", { since: "any" });
  await buy();
  expect(said(ref, "A friend you invited made a purchase")).toBe(1);

  expect(updateSettings(w.db, { referralEvery: true })).toBeNull();
  await ref.send("/start");
  await ref.tap("🤝 Invite friends");
  expect((await ref.waitForMessage("invitation link")).text).toContain("every purchase");
  await buy();
  await w.tg.waitFor(() => said(ref, "A friend you invited made a purchase") === 2, 3000, "the second credit's message");
  expect(said(ref, "A friend you invited made a purchase")).toBe(2);
});

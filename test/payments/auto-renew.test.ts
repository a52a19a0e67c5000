/**
 * Auto-renew from the wallet, as a customer uses it: switched on from the subscription card; a day before expiry
 * (autoRenewDaysBefore) the subscription renews itself from the wallet once and the customer is told; without
 * enough balance the customer is told once how much to top up. The runtime restarts in between: durable timers,
 * so nothing is skipped or doubled.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { DAY_MS } from "../../src/domain/time.ts";
import { balanceOf, ledgerMismatches } from "../../src/store/ledger.ts";
import { createBotWorld, GB, startInEnglish, type BotWorld } from "../bots/user/harness.ts";

let w: BotWorld;
beforeEach(async () => {
  w = await createBotWorld();
});
afterEach(async () => {
  await w.close();
});

async function restart(): Promise<void> {
  await w.stopBot();
  await w.core.runtime.stop(100);
  w.core.runtime.passivateAll();
  await w.core.runtime.start();
  await w.startBot();
}

test("renews once from the wallet a day before expiry, then tells once what to top up; across restarts", async () => {
  const planId = w.plan({ name: "Monthly 50 GB", price: 150_000, trafficBytes: 50 * GB, days: 30 });
  const alice = w.person(5301, "en");
  await startInEnglish(alice);
  w.credit(alice.id, 300_000);
  const bought = await w.core.sales.startOrder({ customerId: alice.id, kind: "purchase", planId, method: "wallet" });
  if (!bought.ok) throw new Error(bought.error.message);
  await w.settle();
  const sub = w.core.subscriptions.ofCustomer(alice.id)[0]!;
  const firstExpiry = sub.expiresAt!;

  await alice.send("/subs");
  await alice.waitForMessage((m) => m.buttons.some((b) => b.text === "🔁 Auto-renew: off"));
  await alice.tap("🔁 Auto-renew: off");
  await alice.waitForMessage("Auto-renew is on");
  expect(w.core.subscriptions.autoRenewOn(sub.id)).toBe(true);

  await restart();
  await w.elapse(29 * DAY_MS + 3600_000, DAY_MS);
  const renewed = await alice.waitForMessage("was renewed automatically", { since: "any" });
  expect(renewed.text).toContain("150,000");
  expect(w.core.subscriptions.get(sub.id)!.expiresAt).toBe(firstExpiry + 30 * DAY_MS);
  expect(balanceOf(w.db, alice.id)).toBe(0);

  await restart();
  await w.elapse(DAY_MS, 3600_000);
  expect(alice.messages().filter((m) => m.text?.includes("renewed automatically"))).toHaveLength(1);
  expect(w.db.query("SELECT COUNT(*) AS n FROM orders WHERE customer_id = ? AND kind = 'renewal'").get(alice.id)).toEqual({ n: 1 });

  // The next period: the wallet is empty, so the customer is told once how much is missing.
  await w.elapse(28 * DAY_MS, DAY_MS);
  await restart();
  await w.elapse(DAY_MS, 3600_000);
  const low = await alice.waitForMessage("top up", { since: "any" });
  expect(low.text).toContain("150,000");
  expect(alice.messages().filter((m) => m.text?.includes("Auto-renew needs"))).toHaveLength(1);
  expect(w.db.query("SELECT COUNT(*) AS n FROM orders WHERE customer_id = ? AND kind = 'renewal'").get(alice.id)).toEqual({ n: 1 });
  expect(ledgerMismatches(w.db)).toEqual([]);
});

/** Plans, traffic packs and discount codes through the admin bot: create, edit, enable / disable, delete, each audited. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { getPlan, listPlans } from "../../../src/store/plans.ts";
import { getDiscount } from "../../../src/store/discounts.ts";
import { postEntry } from "../../../src/store/ledger.ts";
import { DAY_MS } from "../../../src/domain/time.ts";
import { createAdminWorld, GB, type AdminWorld } from "./world.ts";

let world: AdminWorld;
beforeEach(async () => {
  world = await createAdminWorld();
});
afterEach(async () => {
  await world.close();
});

test("a plan is created step by step, edited one field at a time, disabled, enabled and deleted", async () => {
  const { ava } = world;
  await ava.send("/plans");
  await ava.waitForMessage("No plans yet.");
  await ava.tap("➕ Add plan");
  await ava.waitForMessage("What are you adding?");
  await ava.tap("📅 Subscription plan");
  await ava.waitForMessage("Send the plan's name.");
  await ava.send("Gold 100");
  await ava.waitForMessage("Send the price in Toman.");
  await ava.send("two hundred");
  await ava.waitForMessage("price is a whole number");
  await ava.send("250,000");
  await ava.waitForMessage("Send the traffic in GB");
  await ava.send("100");
  await ava.waitForMessage("Send the duration in days.");
  await ava.send("0");
  await ava.waitForMessage("at least one day");
  await ava.send("30");
  await ava.waitForMessage("should traffic reset or carry over?");
  await ava.tap("➕ Carry over");
  await ava.waitForMessage("Send the server group, or /skip.");
  await ava.send("/skip");
  await ava.waitForMessage("Plan Gold 100 saved.");
  await ava.waitForMessage("Renewal:");

  const [plan] = listPlans(world.db);
  expect(plan).toMatchObject({ name: "Gold 100", price: 250_000, traffic_bytes: 100 * GB, days: 30, renewal_policy: "stack", server_group: "default", active: 1 });
  expect(world.audits("plan.create")).toHaveLength(1);

  await ava.tap("✏️ Edit");
  await ava.waitForMessage("What do you want to change?");
  await ava.tap("Price");
  await ava.waitForMessage("Send the price in Toman.");
  await ava.send("199000");
  await ava.waitForMessage("Plan Gold 100 saved.");
  await ava.waitForMessage("Renewal:");
  expect(getPlan(world.db, plan!.id)!.price).toBe(199_000);
  const [update] = world.audits("plan.update");
  expect(JSON.parse(update!.before!).price).toBe(250_000);
  expect(JSON.parse(update!.after!).price).toBe(199_000);

  await ava.tap("✏️ Edit");
  await ava.tap("Renewal");
  await ava.waitForMessage("should traffic reset or carry over?");
  await ava.tap("🔄 Reset");
  await ava.waitForMessage("Renewal: reset traffic on renewal");

  await ava.tap("⚪ Disable");
  await ava.waitForMessage("is no longer on sale");
  expect(getPlan(world.db, plan!.id)!.active).toBe(0);
  await ava.tap("🟢 Enable");
  await ava.waitForMessage("is on sale");
  expect(getPlan(world.db, plan!.id)!.active).toBe(1);
  await ava.tap("🗑 Delete");
  await ava.waitForMessage("Plan Gold 100 deleted.");
  expect(getPlan(world.db, plan!.id)).toBeNull();
  expect(world.audits().map((a) => a.action)).toEqual(["plan.create", "plan.update", "plan.update", "plan.disable", "plan.enable", "plan.delete"]);
});

test("a traffic pack is made in the bot, edited, and bought: the customer's subscription on the panel grows by it", async () => {
  const { ava } = world;
  await ava.send("/plans");
  await ava.waitForMessage("No plans yet.");
  await ava.tap("➕ Add plan");
  await ava.waitForMessage("What are you adding?");
  await ava.tap("➕ Traffic pack");
  await ava.waitForMessage("Send the plan's name.");
  await ava.send("Extra 20 GB");
  await ava.waitForMessage("Send the price in Toman.");
  await ava.send("40000");
  await ava.waitForMessage("Send the traffic the pack adds, in GB");
  await ava.send("0");
  await ava.waitForMessage("a traffic pack adds some traffic");
  await ava.send("10");
  await ava.waitForMessage("Plan Extra 20 GB saved.");
  const card = await ava.waitForMessage("traffic pack");
  expect(card.text).toContain("Adds: 10 GB");
  const [pack] = listPlans(world.db, { kind: "traffic" });
  expect(pack).toMatchObject({ name: "Extra 20 GB", kind: "traffic", price: 40_000, traffic_bytes: 10 * GB, days: 0, active: 1 });

  // A pack has no days, renewal or server group to edit; it may carry a Stars price.
  await ava.tap("✏️ Edit");
  const fields = await ava.waitForMessage("What do you want to change?");
  expect(fields.buttons.map((b) => b.text)).toEqual(["Name", "Price", "Traffic", "⭐ Stars price", "⬅️ Back"]);
  await ava.tap("Traffic");
  await ava.waitForMessage("Send the traffic the pack adds");
  await ava.send("20");
  await ava.waitForMessage("Plan Extra 20 GB saved.");
  expect(getPlan(world.db, pack!.id)!.traffic_bytes).toBe(20 * GB);
  await ava.send("/plans");
  expect((await ava.waitForMessage("Plans:")).text).toContain("Extra 20 GB — 40,000 Toman · ➕ 20 GB (traffic pack)");

  // A customer with an active subscription buys it from the wallet.
  world.customer(1201, "Cara");
  const gift = world.core.sales.gift(1201, world.plan({ name: "Monthly 50 GB", trafficBytes: 50 * GB }));
  if (!gift.ok) throw new Error(gift.error.message);
  await world.settle();
  const subId = gift.value.subscriptionId!;
  world.db.transaction(() => postEntry(world.db, { customerId: 1201, amount: 40_000, reason: "adjustment", ref: "test-topup" }, Date.now()))();
  const bought = await world.core.sales.startOrder({ customerId: 1201, kind: "traffic", planId: pack!.id, method: "wallet", subscriptionId: subId });
  expect(bought.ok).toBe(true);
  await world.settle();
  expect(world.core.subscriptions.get(subId)!.totalBytes).toBe(70 * GB);
  expect(world.panel.clients().find((c) => c.name === `sk-${subId}`)!.volume).toBe(70 * GB);
  expect(world.audits().map((a) => a.action)).toEqual(["plan.create", "plan.update"]);
});

test("a plan already sold is kept for the record and only taken off sale when deleted", async () => {
  const { ava } = world;
  const planId = world.plan({ name: "Sold" });
  await world.cardOrder(world.customer(1101), planId);
  await ava.send("/plans");
  await ava.waitForMessage("Plans:");
  await ava.tap("🟢 Sold");
  await ava.waitForMessage("Price:");
  await ava.tap("🗑 Delete");
  await ava.waitForMessage("kept for the record");
  expect(getPlan(world.db, planId)).toMatchObject({ active: 0 });
});

test("discount codes: added with one line, listed, disabled, enabled, made reusable and once per customer again, edited and deleted", async () => {
  const { ava } = world;
  await ava.send("/codes");
  await ava.waitForMessage("No discount codes yet.");
  await ava.tap("➕ Add code");
  await ava.waitForMessage("Send: CODE percent|amount VALUE MAX_USES DAYS_VALID");
  await ava.send("NOWRUZ percent 120 100 14");
  await ava.waitForMessage("percent is 1 to 100");
  await ava.send("NOWRUZ percent 20 100 14");
  await ava.waitForMessage("Code NOWRUZ saved.");
  const saved = getDiscount(world.db, "NOWRUZ")!;
  expect(saved).toMatchObject({ percent: 20, amount: null, max_uses: 100, active: 1 });
  expect(saved.valid_until! - Date.now()).toBeGreaterThan(13 * DAY_MS);
  const list = await ava.waitForMessage("Discount codes:");
  expect(list.text).toContain("NOWRUZ — 20% · used 0/100");

  await ava.tap("⚪ Disable");
  await ava.waitForMessage("can no longer be used");
  expect(getDiscount(world.db, "NOWRUZ")!.active).toBe(0);
  await ava.tap("🟢 Enable");
  await ava.waitForMessage("can be used");
  expect(ava.lastMessage()!.text).toContain("NOWRUZ — 20% · used 0/100");
  expect(ava.lastMessage()!.text).toContain("· once per customer");

  await ava.tap("🔁 Make reusable");
  await ava.waitForMessage("can use code NOWRUZ again and again");
  expect(getDiscount(world.db, "NOWRUZ")!.per_customer_once).toBe(0);
  expect(ava.lastMessage()!.text).toContain("· reusable");
  await ava.tap("👤 Once per customer");
  await ava.waitForMessage("Each customer can use code NOWRUZ once.");
  expect(getDiscount(world.db, "NOWRUZ")!.per_customer_once).toBe(1);

  await ava.tap("✏️ NOWRUZ");
  await ava.waitForMessage("Send: CODE");
  await ava.send("NOWRUZ amount 30000 0 0");
  await ava.waitForMessage("Code NOWRUZ saved.");
  expect(getDiscount(world.db, "NOWRUZ")).toMatchObject({ percent: null, amount: 30_000, max_uses: 0, valid_until: null, active: 1 });

  await ava.tap("🗑 Delete");
  await ava.waitForMessage("Code NOWRUZ deleted.");
  expect(getDiscount(world.db, "NOWRUZ")).toBeNull();
  expect(world.audits().map((a) => a.action)).toEqual(["code.create", "code.disable", "code.enable", "code.reusable", "code.once-per-customer", "code.update", "code.delete"]);
});

/** Plans and discount codes through the admin bot: create, edit, enable / disable, delete, each audited. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { getPlan, listPlans } from "../../../src/store/plans.ts";
import { getDiscount } from "../../../src/store/discounts.ts";
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

test("discount codes: added with one line, listed, disabled, enabled, edited and deleted", async () => {
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

  await ava.tap("✏️ NOWRUZ");
  await ava.waitForMessage("Send: CODE");
  await ava.send("NOWRUZ amount 30000 0 0");
  await ava.waitForMessage("Code NOWRUZ saved.");
  expect(getDiscount(world.db, "NOWRUZ")).toMatchObject({ percent: null, amount: 30_000, max_uses: 0, valid_until: null, active: 1 });

  await ava.tap("🗑 Delete");
  await ava.waitForMessage("Code NOWRUZ deleted.");
  expect(getDiscount(world.db, "NOWRUZ")).toBeNull();
  expect(world.audits().map((a) => a.action)).toEqual(["code.create", "code.disable", "code.enable", "code.update", "code.delete"]);
});

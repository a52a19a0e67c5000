/**
 * What a customer hears when the world moved between two taps: another customer took a code's last use after it
 * was applied (the customer is told and can pay the full price), and a second receipt photo for an order whose
 * receipt already waits for approval.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { getDiscount, saveDiscount } from "../../../src/store/discounts.ts";
import { choosePlan, createBotWorld, payByCard, startInEnglish, type BotWorld } from "./harness.ts";

let w: BotWorld;
beforeEach(async () => {
  w = await createBotWorld();
});
afterEach(async () => {
  await w.close();
});

async function englishCustomer(id: number, name: string) {
  const person = w.person(id, "en", { firstName: name });
  await startInEnglish(person);
  return person;
}

async function applyCode(person: Awaited<ReturnType<typeof englishCustomer>>, code: string) {
  await choosePlan(person, /^Monthly/, "/plans");
  await person.tap("🏷 I have a discount code");
  await person.waitForMessage("Have a discount code?");
  await person.send(code);
  return await person.waitForMessage("applied");
}

test("the last use of a code taken between 'applied' and the payment tap: told the code reached its limit, pays the full price", async () => {
  w.plan({ name: "Monthly", price: 100_000 });
  saveDiscount(w.db, { code: "LAST1", percent: 50, maxUses: 1 }, w.clock.now());
  const ana = await englishCustomer(5201, "Ana");
  const bea = await englishCustomer(5202, "Bea");

  expect((await applyCode(ana, "LAST1")).text).toContain("New price: 50,000 Toman");
  expect((await applyCode(bea, "LAST1")).text).toContain("New price: 50,000 Toman");
  w.credit(bea.id, 50_000);
  await bea.tap(/^👛 From wallet/);
  await bea.waitForMessage("was paid from your wallet");
  expect(getDiscount(w.db, "LAST1")!.uses).toBe(1);

  await ana.tap("💳 Card-to-card");
  const told = await ana.waitForMessage("reached its usage limit");
  expect(told.text).toContain("The code LAST1 has reached its usage limit.");
  expect(told.text).toContain("You can still buy it at the full price: 100,000 Toman.");
  expect(told.buttons.map((b) => b.text)).toContain("💳 Card-to-card");
  expect(w.db.query("SELECT COUNT(*) AS n FROM orders WHERE customer_id = ?").get(ana.id)).toEqual({ n: 0 });

  const instructions = await payByCard(ana);
  expect(instructions.text).toContain("100,000 Toman");
  expect(w.core.sales.order(w.latestOrder(ana.id))!.amount).toBe(100_000);
  expect(getDiscount(w.db, "LAST1")!.uses).toBe(1);
});

test("a second receipt photo for an order whose receipt waits for approval gets a clear answer and changes nothing", async () => {
  w.plan({ name: "Monthly", price: 100_000 });
  const cem = await englishCustomer(5203, "Cem");
  await choosePlan(cem, /^Monthly/, "/plans");
  await payByCard(cem);
  const orderId = w.latestOrder(cem.id);
  const first = await cem.sendPhoto();
  await cem.waitForMessage("waiting for approval");
  const fileBefore = w.db.query<{ file_id: string }, [string]>("SELECT file_id FROM receipts WHERE order_id = ?").get(orderId)!.file_id;
  expect(fileBefore).toBe(first.fileId);

  await cem.sendPhoto();
  const answer = await cem.waitForMessage("already waiting for approval");
  const number = w.core.sales.order(orderId)!.number;
  expect(answer.text).toContain(`The receipt for order #${number} is already waiting for approval`);
  expect(answer.text).not.toContain("choose a plan first");
  expect(w.core.sales.order(orderId)!.state).toBe("receipt_submitted");
  expect(w.db.query<{ file_id: string }, [string]>("SELECT file_id FROM receipts WHERE order_id = ?").get(orderId)!.file_id).toBe(fileBefore);
  expect(w.alerts.filter((a) => a.alert === "new-receipt")).toHaveLength(1);
});

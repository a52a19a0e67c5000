/**
 * Receipts through the admin bot: the card reaches every admin, the first decision wins, every copy of the card
 * shows who decided, a top-up is approved with the amount the admin types, a rejection carries its reason.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { balanceOf } from "../../../src/store/ledger.ts";
import { TINY_PNG, type FakeMessage, type FakePerson } from "../../fakes/telegram.ts";
import { ADMIN_A, createAdminWorld, isCard, type AdminWorld } from "./world.ts";

let world: AdminWorld;
beforeEach(async () => {
  world = await createAdminWorld();
});
afterEach(async () => {
  await world.close();
});

async function cardOf(admin: FakePerson, order: string): Promise<FakeMessage> {
  return await admin.waitForMessage(isCard(order), { since: "any", timeoutMs: 5000 });
}

function count(sql: string, ...args: string[]): number {
  return (world.db.query(sql).get(...args) as { n: number }).n;
}

test("a new receipt reaches every admin as a card with the customer's photo; Ava approves; the customer is served; both cards say so", async () => {
  const alice = world.customer(1001, "Alice");
  const orderId = await world.cardOrder(alice, world.plan());
  const number = world.core.sales.order(orderId)!.number;

  const avaCard = await cardOf(world.ava, String(number));
  const benCard = await cardOf(world.ben, String(number));
  for (const card of [avaCard, benCard]) {
    expect(card.caption).toContain("Customer: Alice @c1001 (1001)");
    expect(card.caption).toContain("For: plan Monthly 50 GB");
    expect(card.caption).toContain("150,000");
    expect(card.photo?.bytes).toEqual(TINY_PNG);
    expect(card.buttons.map((b) => b.text)).toEqual(["✅ Approve", "❌ Reject"]);
  }

  const tap = await world.ava.tap("✅ Approve");
  expect((await world.ava.waitForAnswer(tap)).text).toContain("approved");
  await world.settle();

  expect(world.core.sales.order(orderId)!.state).toBe("fulfilled");
  expect(world.panel.clients()).toHaveLength(1);
  await alice.waitForMessage("is ready", { since: "any", timeoutMs: 5000 });
  for (const admin of [world.ava, world.ben]) {
    const card = await admin.waitForMessage((m) => isCard(String(number))(m) && (m.caption ?? "").includes("Approved by Ava"), { since: "any" });
    expect(card.buttons).toEqual([]);
  }
  const [row] = world.audits("receipt.approve");
  expect(row).toMatchObject({ actor: String(ADMIN_A), target: `order:${orderId}` });
  expect(JSON.parse(row!.before!)).toMatchObject({ state: "receipt_submitted" });
  expect(JSON.parse(row!.after!)).toMatchObject({ state: "fulfilling", decision: { by: String(ADMIN_A), approved: true } });
});

test("two admins approve the same receipt at the same moment: one fulfilment, both cards show the one decision", async () => {
  const alice = world.customer(1002, "Alice");
  const orderId = await world.cardOrder(alice, world.plan());
  const number = String(world.core.sales.order(orderId)!.number);
  await cardOf(world.ava, number);
  await cardOf(world.ben, number);

  const [avaTap, benTap] = await Promise.all([world.ava.tap("✅ Approve"), world.ben.tap("✅ Approve")]);
  const answers = await Promise.all([world.ava.waitForAnswer(avaTap), world.ben.waitForAnswer(benTap)]);
  await world.settle();

  const decision = world.core.sales.order(orderId)!.decision!;
  const winner = decision.by === String(ADMIN_A) ? "Ava" : "Ben";
  expect(answers.map((a) => a.text).sort()).toEqual(
    [expect.stringContaining("Done: approved"), expect.stringContaining(`already approved by ${winner}`)].sort(),
  );
  expect(world.core.sales.order(orderId)!.state).toBe("fulfilled");
  expect(world.panel.clients()).toHaveLength(1);
  expect(count("SELECT COUNT(*) AS n FROM journal WHERE kind = 'order' AND id = ? AND event_type = 'APPROVE' AND from_state = 'receipt_submitted' AND to_state <> 'receipt_submitted'", orderId)).toBe(1);
  expect(count("SELECT COUNT(*) AS n FROM ledger WHERE ref = ? AND reason = 'card-payment'", orderId)).toBe(1);
  expect(count("SELECT COUNT(*) AS n FROM subscriptions WHERE customer_id = 1002")).toBe(1);
  expect(world.audits("receipt.approve")).toHaveLength(1);
  for (const admin of [world.ava, world.ben]) {
    const card = await admin.waitForMessage((m) => isCard(number)(m) && (m.caption ?? "").includes(`Approved by ${winner}`), { since: "any" });
    expect(card.buttons).toEqual([]);
  }
});

test("reject asks for a reason the customer then reads; a second admin deciding later hears who decided first", async () => {
  const alice = world.customer(1003, "Alice");
  const orderId = await world.cardOrder(alice, world.plan());
  const number = String(world.core.sales.order(orderId)!.number);
  await cardOf(world.ava, number);
  await cardOf(world.ben, number);

  // Ben starts a rejection, Ava rejects first.
  await world.ben.tap("❌ Reject");
  await world.ben.waitForMessage("Send the reason");
  await world.ava.tap("❌ Reject");
  await world.ava.waitForMessage("Send the reason");
  await world.ava.send("   ");
  await world.ava.waitForMessage("A reason is 1 to 500 characters");
  await world.ava.send("The amount on the receipt is 15,000, not 150,000");
  await world.ava.waitForMessage("Rejected by Ava");
  await world.settle();
  await alice.waitForMessage("was not approved", { since: "any", timeoutMs: 5000 });
  expect(alice.lastMessage()?.text).toContain("The amount on the receipt is 15,000, not 150,000");

  await world.ben.send("Blurry photo");
  await world.ben.waitForMessage("already rejected by Ava");
  expect(world.core.sales.order(orderId)!.decision).toMatchObject({ by: String(ADMIN_A), approved: false, reason: "The amount on the receipt is 15,000, not 150,000" });
  expect(world.audits("receipt.reject")).toHaveLength(1);
  await world.ben.waitForMessage((m) => isCard(number)(m) && (m.caption ?? "").includes("Rejected by Ava"), { since: "any" });
});

test("a top-up is approved with the amount the admin types, which is what the wallet gets", async () => {
  const bob = world.customer(1004, "Bob");
  const orderId = await world.topupOrder(bob, 200_000);
  const number = String(world.core.sales.order(orderId)!.number);
  const card = await cardOf(world.ava, number);
  expect(card.caption).toContain("For: wallet top-up");

  await world.ava.tap("✅ Approve");
  await world.ava.waitForMessage("Send the amount in Toman");
  await world.ava.send("a lot");
  await world.ava.waitForMessage("whole number of Toman greater than 0");
  await world.ava.send("۱۵۰٬۰۰۰");
  await world.ava.waitForMessage("Approved by Ava");
  await world.settle();
  expect(balanceOf(world.db, 1004)).toBe(150_000);
  expect(world.core.sales.order(orderId)).toMatchObject({ state: "fulfilled", creditedAmount: 150_000 });
  await bob.waitForMessage("was added to your wallet", { since: "any", timeoutMs: 5000 });
  await world.ben.waitForMessage((m) => isCard(number)(m) && (m.caption ?? "").includes("Approved by Ava"), { since: "any" });
  expect(JSON.parse(world.audits("receipt.approve")[0]!.after!)).toMatchObject({ creditedAmount: 150_000 });
});

test("/receipts lists the waiting receipts oldest first, each a card that can be decided", async () => {
  const plan = world.plan();
  const first = await world.cardOrder(world.customer(1005), plan);
  const second = await world.cardOrder(world.customer(1006), plan);
  await world.settle();
  await world.ava.send("/receipts");
  await world.ava.waitForMessage("2 receipts are waiting");
  const numbers = [first, second].map((id) => String(world.core.sales.order(id)!.number));
  await world.ava.waitForMessage(isCard(numbers[1]!));
  const cards = world.ava.messages().filter((m) => m.caption?.startsWith("🧾 Receipt"));
  const queued = cards.slice(-2);
  expect(queued.map((m) => /#(\d+)/.exec(m.caption!)![1])).toEqual(numbers);

  await world.ava.waitForAnswer(await world.ava.tap("✅ Approve"));
  await world.settle();
  expect(world.core.sales.order(second)!.state).toBe("fulfilled");
  // Every copy of that receipt — the alert and the queue's — now says who approved it.
  const copies = world.ava.messages().filter(isCard(numbers[1]!));
  expect(copies.length).toBe(2);
  await world.tg.waitFor(() => copies.every((m) => m.caption!.includes("Approved by Ava")));
});

/** Customers and subscriptions through the admin bot: find, profile, ban, balance adjustment, gift, resync, move, revoke. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { getCustomer } from "../../../src/store/customers.ts";
import { balanceOf, entriesOf } from "../../../src/store/ledger.ts";
import { addHealthyServer } from "../../support/servers.ts";
import { startSuiPanel, type SuiPanel } from "../../fakes/sui-panel.ts";
import { ADMIN_A, createAdminWorld, type AdminWorld } from "./world.ts";

let world: AdminWorld;
beforeEach(async () => {
  world = await createAdminWorld();
});
afterEach(async () => {
  await world.close();
});

/** A customer with an active subscription gifted through the bot; returns the subscription id. */
async function giftedCustomer(id: number): Promise<string> {
  const { ava } = world;
  world.customer(id, "Dara");
  world.plan({ name: "Silver" });
  await ava.send(`/user ${id}`);
  await ava.waitForMessage("Joined:");
  await ava.tap("🎁 Gift a subscription");
  await ava.waitForMessage("Pick the plan to gift.");
  await ava.tap("Silver");
  await ava.waitForMessage(`Subscription Silver gifted to ${id}`);
  await world.settle();
  await world.tg.waitFor(() => world.core.subscriptions.ofCustomer(id)[0]?.state === "active", 5000);
  return world.core.subscriptions.ofCustomer(id)[0]!.id;
}

test("find by @username or id: the profile shows subscriptions, orders, balance and ledger", async () => {
  const { ava } = world;
  const alice = world.customer(1201, "Alice");
  const planId = world.plan();
  await world.cardOrder(alice, planId);
  world.db.transaction(() => world.db.query("INSERT INTO ledger (customer_id, amount, reason, ref, at) VALUES (1201, 5000, 'referral', 'r1', ?)").run(Date.now()))();
  world.db.query("INSERT INTO balances (customer_id, balance) VALUES (1201, 5000)").run();

  await ava.send("/users");
  await ava.waitForMessage("Send a Telegram id or @username.");
  await ava.send("@nobody_here");
  await ava.waitForMessage("No customer matches @nobody_here.");
  await ava.send("@c1201");
  const profile = await ava.waitForMessage("Joined:");
  expect(profile.text).toContain("Alice @c1201 1201");
  expect(profile.text).toContain("Balance: 5,000");
  expect(profile.text).toContain("Orders: 1");
  expect(profile.text).toContain("receipt_submitted");
  expect(profile.text).toContain("referral");

  await ava.send("/user 1201");
  await ava.waitForMessage("Alice @c1201 1201");
});

test("the balance is adjusted with a reason, never below zero, as a ledger adjustment by that admin", async () => {
  const { ava } = world;
  world.customer(1202, "Bob");
  await ava.send("/user 1202");
  await ava.waitForMessage("Joined:");
  await ava.tap("💰 Adjust balance");
  await ava.waitForMessage("Send an amount in Toman");
  await ava.send("-50000 refund");
  await ava.waitForMessage("The balance cannot go below zero");
  await ava.send("100000");
  await ava.waitForMessage("Send an amount and a reason");
  await ava.send("100000 goodwill after the outage");
  await ava.waitForMessage("New balance: 100,000");
  expect(balanceOf(world.db, 1202)).toBe(100_000);
  expect(entriesOf(world.db, 1202)[0]).toMatchObject({ amount: 100_000, reason: "adjustment", actor: String(ADMIN_A) });
  const [row] = world.audits("customer.adjust");
  expect(JSON.parse(row!.before!)).toEqual({ balance: 0 });
  expect(JSON.parse(row!.after!)).toEqual({ balance: 100_000, amount: 100_000, reason: "goodwill after the outage" });
});

test("ban suspends the customer's subscriptions and unban resumes them", async () => {
  const { ava } = world;
  const subId = await giftedCustomer(1203);
  await ava.send("/user 1203");
  await ava.waitForMessage("Joined:");
  await ava.tap("🚫 Ban");
  await ava.waitForMessage("Customer 1203 is banned.");
  await world.settle();
  expect(getCustomer(world.db, 1203)!.banned).toBe(1);
  expect(world.core.subscriptions.get(subId)!.state).toBe("suspended");
  await world.tg.waitFor(() => world.panel.clients()[0]?.enable === false, 5000);

  await ava.tap("✅ Unban");
  await ava.waitForMessage("Customer 1203 is unbanned.");
  await world.settle();
  expect(getCustomer(world.db, 1203)!.banned).toBe(0);
  await world.tg.waitFor(() => world.core.subscriptions.get(subId)!.state === "active", 5000);
  expect(world.audits().map((a) => a.action)).toEqual(["customer.gift", "customer.ban", "customer.unban"]);
});

test("a gifted subscription is provisioned; resync, move to another server (same link) and revoke work from its card", async () => {
  const { ava } = world;
  const other: SuiPanel = await startSuiPanel();
  try {
    await addHealthyServer(world.db, world.tokens, { id: "s2", name: "fr-1", panelUrl: other.url, secret: other.token, subUrl: other.subUrl, inboundIds: [1], capacity: 0, serverGroup: "default" }, Date.now());
    const subId = await giftedCustomer(1204);
    const link = world.core.subscriptions.get(subId)!.link;
    expect(world.panel.clients()).toHaveLength(1);

    await ava.send("/user 1204");
    await ava.waitForMessage("Joined:");
    await ava.tap(`📄 ${subId}`);
    await ava.waitForMessage(`Subscription ${subId} of 1204`);
    await ava.tap("🔄 Resync");
    await ava.waitForMessage("resynced from the panel");

    await ava.tap("↪️ Move to another server");
    await ava.waitForMessage("Pick the server to move");
    await ava.tap("fr-1");
    await ava.waitForMessage("moved to fr-1; the customer's link is unchanged");
    await world.settle();
    await world.tg.waitFor(() => world.core.subscriptions.get(subId)!.state === "active" && other.clients().length === 1, 5000);
    expect(world.core.subscriptions.get(subId)).toMatchObject({ serverId: "s2", link });

    await ava.tap("🚫 Revoke");
    await ava.waitForMessage("The client is deleted from the panel.");
    await ava.tap("✅ Yes, do it");
    await ava.waitForMessage(`Subscription ${subId} revoked.`);
    await world.settle();
    await world.tg.waitFor(() => world.core.subscriptions.get(subId)!.state === "revoked" && other.clients().length === 0, 5000);
    expect(world.audits().map((a) => a.action)).toEqual(["customer.gift", "subscription.resync", "subscription.move", "subscription.revoke"]);
  } finally {
    await other.stop();
  }
});

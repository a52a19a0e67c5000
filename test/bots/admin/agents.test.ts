/**
 * Agents from the admin side: an admin makes a customer an agent in the bot (a discount, and a plan at its own
 * price), the same terms are read and changed over HTTP, the stats show agents' sales apart, and the terms end.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { getAgent } from "../../../src/store/agents.ts";
import { postEntry } from "../../../src/store/ledger.ts";
import { createAdminWorld, type AdminWorld } from "./world.ts";

let world: AdminWorld;
beforeEach(async () => {
  world = await createAdminWorld();
});
afterEach(async () => {
  await world.close();
});

test("an admin makes a customer an agent in the bot; HTTP reads and changes the terms; stats show agents' sales apart", async () => {
  const { ava } = world;
  const monthly = world.plan({ name: "Monthly", price: 150_000 });
  const quarterly = world.plan({ name: "Quarterly", price: 400_000, days: 90 });
  world.customer(1501, "Omid");
  world.customer(1502, "Lena");

  await ava.send("/users 1501");
  await ava.waitForMessage("Omid");
  await ava.tap("🧑‍💼 Make agent");
  await ava.waitForMessage("Send the agent's discount");
  await ava.send("95");
  await ava.waitForMessage("the discount is 0 to 90 percent");
  await ava.send(`20\n${quarterly} 300000`);
  await ava.waitForMessage("1501 is an agent: 20% off every plan, 1 plans at their own price.");
  expect(getAgent(world.db, 1501)).toMatchObject({ discountPercent: 20, prices: { [quarterly]: 300_000 } });
  await ava.tap("⬅️ Back");
  const card = await ava.waitForMessage("Agent: 20% off every plan");
  expect(card.buttons.map((b) => b.text)).toContain("✖️ End agent");
  expect(world.audits("agent.create")).toHaveLength(1);

  expect((await world.api("GET", "/api/agents")).json).toEqual([{ telegramId: 1501, discountPercent: 20, prices: [{ planId: quarterly, price: 300_000 }], createdAt: expect.any(Number) }]);
  const changed = await world.api("PUT", "/api/agents/1501", { discountPercent: 25, prices: [] });
  expect(changed.json).toMatchObject({ discountPercent: 25, prices: [] });
  expect((await world.api("PUT", "/api/agents/1501", { discountPercent: 91 })).status).toBe(400);
  expect((await world.api("PUT", "/api/agents/9999", { discountPercent: 10 })).status).toBe(404);
  expect((await world.api("PUT", "/api/agents/1502", { discountPercent: 10, prices: [{ planId: 999, price: 1 }] })).status).toBe(400);
  expect(world.core.sales.quote(1501, monthly, null)).toMatchObject({ ok: true, value: { price: 112_500 } });
  expect(world.core.sales.quote(1502, monthly, null)).toMatchObject({ ok: true, value: { price: 150_000 } });

  // The agent buys one from the wallet, an ordinary customer another: the stats keep the agent's apart.
  for (const id of [1501, 1502]) {
    world.db.transaction(() => postEntry(world.db, { customerId: id, amount: 200_000, reason: "adjustment", ref: `test-${id}` }, Date.now()))();
    const bought = await world.core.sales.startOrder({ customerId: id, kind: "purchase", planId: monthly, method: "wallet", ...(id === 1501 ? { label: "Sara" } : {}) });
    expect(bought.ok).toBe(true);
  }
  await world.settle();
  expect((await world.api("GET", "/api/stats")).json.agents).toEqual({ agents: 1, orders30d: 1, amount30d: 112_500 });
  await ava.send("/stats");
  expect((await ava.waitForMessage("Stats")).text).toContain("Agents: 1 · bought in 30 days: 1 orders, 112,500 Toman");

  await ava.send("/users 1501");
  await ava.waitForMessage("Agent: 25% off");
  await ava.tap("✖️ End agent");
  await ava.waitForMessage("1501 is no longer an agent; their subscriptions stay theirs.");
  expect(getAgent(world.db, 1501)).toBeNull();
  expect(world.core.subscriptions.ofCustomer(1501).map((s) => s.title)).toEqual(["Sara"]);
  expect((await world.api("DELETE", "/api/agents/1501")).status).toBe(404);
});

/**
 * An agent (made one by an admin) buys three subscriptions at once for their own customers at the agent price, paid
 * from the wallet, each named after its customer; every link reaches the agent, the three are listed under their
 * names, and one is renewed — again at the agent price. A second tap on Confirm buys nothing more.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { saveAgent } from "../../../src/store/agents.ts";
import { balanceOf, ledgerMismatches } from "../../../src/store/ledger.ts";
import { createBotWorld, GB, inCode, startInEnglish, type BotWorld } from "./harness.ts";

const DAY = 24 * 3600_000;
let w: BotWorld;
beforeEach(async () => {
  w = await createBotWorld();
});
afterEach(async () => {
  await w.close();
});

test("an agent buys three subscriptions at the agent price, hands out each link, and renews one at the agent price", async () => {
  const monthly = w.plan({ name: "Monthly 50 GB", price: 150_000, trafficBytes: 50 * GB, days: 30 });
  const quarterly = w.plan({ name: "Quarterly", price: 400_000, trafficBytes: 150 * GB, days: 90 });
  const omid = w.person(5401, "en", { firstName: "Omid" });
  await startInEnglish(omid);
  // 20% off every plan, and the quarterly plan at a price of its own.
  saveAgent(w.db, omid.id, { discountPercent: 20, prices: [{ planId: quarterly, price: 300_000 }] }, w.clock.now());
  w.credit(omid.id, 500_000);

  await omid.send("/start");
  const menu = await omid.waitForMessage("What would you like to do?");
  expect(menu.buttons[0]!.text).toBe("🧑‍💼 Agent panel");
  await omid.tap("🧑‍💼 Agent panel");
  const panel = await omid.waitForMessage("Agent panel");
  expect(panel.text).toContain("Wallet: 500,000 Toman");
  expect(panel.buttons.map((b) => b.text).slice(0, 2)).toEqual(["Monthly 50 GB · 120,000 Toman", "Quarterly · 300,000 Toman"]);

  await omid.tap("Monthly 50 GB · 120,000 Toman");
  await omid.waitForMessage("Send your customers' names");
  await omid.send("Sara\n\nReza  Karimi\nNeda");
  const confirm = await omid.waitForMessage("Buy 3 subscriptions of Monthly 50 GB");
  expect(confirm.text).toContain("Sara\nReza Karimi\nNeda");
  expect(confirm.text).toContain("Total: 360,000 Toman from your wallet (balance: 500,000 Toman)");
  await omid.tap("✅ Buy and pay from the wallet");
  await omid.waitForMessage("3 subscriptions bought: Sara, Reza Karimi, Neda.");
  await w.settle();

  const subs = w.core.subscriptions.ofCustomer(omid.id);
  expect(subs.map((s) => s.title).sort()).toEqual(["Neda", "Reza Karimi", "Sara"]);
  expect(subs.every((s) => s.state === "active")).toBe(true);
  expect(balanceOf(w.db, omid.id)).toBe(140_000);
  for (const sub of subs) {
    const ready = await omid.waitForMessage((m) => inCode(m, sub.link) && (m.caption ?? m.text ?? "").includes(`Your subscription ${sub.title} is ready!`), { since: "any" });
    expect(ready).toBeDefined();
    expect(w.panel.clients().filter((c) => c.name === `sk-${sub.id}`)).toHaveLength(1);
  }

  // A stale second tap on the same Confirm buys nothing more.
  const again = await omid.tap("✅ Buy and pay from the wallet");
  expect((await omid.waitForAnswer(again)).text).toBe("This button is no longer valid. Open the menu again with /start.");
  expect(w.core.subscriptions.ofCustomer(omid.id)).toHaveLength(3);

  // The agent's list shows each under its name, with its link; Sara's is renewed at the agent price.
  await omid.send("/subs");
  await omid.waitForMessage("Your subscriptions");
  const sara = subs.find((s) => s.title === "Sara")!;
  const card = await omid.waitForMessage((m) => (m.caption ?? "").includes("Sara") && inCode(m, sara.link));
  expect(card.buttons.map((b) => b.text)).toContain("🔄 Renew");
  await omid.tapOn(card, "🔄 Renew");
  const renew = await omid.waitForMessage("Renew Sara with which plan?");
  expect(renew.buttons.map((b) => b.text)).toContain("Monthly 50 GB · 120,000 Toman");
  await omid.tap("Monthly 50 GB · 120,000 Toman");
  await omid.waitForMessage("How would you like to pay");
  await omid.tap(/^👛 From wallet/);
  await omid.waitForMessage("120,000 Toman was paid from your wallet");
  await w.settle();
  expect(balanceOf(w.db, omid.id)).toBe(20_000);
  const renewed = w.core.subscriptions.get(sara.id)!;
  expect(renewed.expiresAt! - sara.expiresAt!).toBe(30 * 24 * 3600_000);
  expect(ledgerMismatches(w.db)).toEqual([]);

  // Warnings about an agent's subscription go to the agent, under the name they gave it.
  await w.elapse(27.5 * DAY, DAY);
  await omid.waitForMessage("Neda expires in 3 days", { since: "any", timeoutMs: 5000 });
  expect(omid.messages().filter((m) => (m.text ?? "").includes("Sara expires in 3 days"))).toEqual([]); // Sara was renewed
});

test("a batch the wallet cannot cover buys nothing; a customer who is not an agent has no panel", async () => {
  w.plan({ name: "Monthly", price: 100_000 });
  const pari = w.person(5402, "en", { firstName: "Pari" });
  await startInEnglish(pari);
  await pari.send("/agent");
  await pari.waitForMessage("This section is for the shop's agents.");

  saveAgent(w.db, pari.id, { discountPercent: 50 }, w.clock.now());
  w.credit(pari.id, 100_000);
  await pari.send("/agent");
  await pari.waitForMessage("Agent panel");
  await pari.tap("Monthly · 50,000 Toman");
  await pari.waitForMessage("Send your customers' names");
  await pari.send(Array.from({ length: 21 }, (_, i) => `c${i}`).join("\n"));
  await pari.waitForMessage("Send 1 to 20 names");
  await pari.send("a\nb\nc");
  await pari.waitForMessage("Total: 150,000 Toman");
  await pari.tap("✅ Buy and pay from the wallet");
  await pari.waitForMessage("Your wallet (100,000 Toman) doesn't cover 150,000 Toman. Top up 50,000 Toman first.");
  expect(w.db.query("SELECT COUNT(*) AS n FROM orders WHERE customer_id = ?").get(pari.id)).toEqual({ n: 0 });
  expect(balanceOf(w.db, pari.id)).toBe(100_000);
});

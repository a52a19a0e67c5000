/**
 * A customer buys a subscription through the user bot, in English and in Persian: /start, the language choice,
 * a plan, card-to-card with the exact amount, a receipt photo, an admin's approval, and the subscription's link and
 * QR code — with the S-UI simulator holding the client at the end. Then by wallet with a discount code, and a
 * restart in the middle of a purchase.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { formatToman } from "../../../src/bots/i18n.ts";
import { saveDiscount } from "../../../src/store/discounts.ts";
import { balanceOf, ledgerMismatches } from "../../../src/store/ledger.ts";
import { choosePlan, createBotWorld, GB, inCode, lastPhoto, payByCard, sendReceipt, type BotWorld } from "./harness.ts";

let w: BotWorld;
beforeEach(async () => {
  w = await createBotWorld();
});
afterEach(async () => {
  await w.close();
});

describe("buying by card", () => {
  test("in English: from /start to the subscription link, QR code and the client on the panel", async () => {
    w.plan({ name: "Monthly 50 GB", price: 150_000, trafficBytes: 50 * GB, days: 30 });
    const alice = w.person(5001, "en", { firstName: "Alice" });

    await alice.send("/start");
    const welcome = await alice.waitForMessage("Welcome to");
    expect(welcome.text).toContain("Hi Alice!");
    expect(welcome.text).toContain("Choose your language");
    await alice.tap("English");
    await alice.waitForMessage("I'll speak English");

    await alice.tap("🛒 Buy a subscription");
    const plans = await alice.waitForMessage("Choose a plan");
    expect(plans.text).toContain("Monthly 50 GB");
    expect(plans.text).toContain("150,000 Toman");

    await alice.tap(/^Monthly 50 GB/);
    await alice.waitForMessage("How would you like to pay");
    const instructions = await payByCard(alice);
    expect(instructions.text).toContain("150,000 Toman");
    expect(inCode(instructions, "6037-9911-2233-4455")).toBe(true);
    expect(instructions.text).toContain("within 24 hours");
    const orderId = w.latestOrder(alice.id);
    expect(w.core.sales.order(orderId)!.state).toBe("awaiting_payment");

    await sendReceipt(alice);
    expect(w.core.sales.order(orderId)!.state).toBe("receipt_submitted");
    expect(w.alerts.map((a) => a.alert)).toEqual(["new-receipt"]);

    await w.approve(alice.id);
    const ready = await alice.waitForMessage("is ready", { since: "any" });
    const sub = w.core.subscriptions.ofCustomer(alice.id)[0]!;
    expect(sub.state).toBe("active");
    expect(ready.photo).toBeDefined();
    expect(inCode(ready, sub.link)).toBe(true);
    expect(w.panel.clients().filter((c) => c.name === `sk-${sub.id}`)).toHaveLength(1);

    await alice.send("/subs");
    await alice.waitForMessage("Your subscriptions");
    const card = await alice.waitForMessage((m) => m.photo !== undefined && (m.caption ?? "").includes("Active"));
    expect(card.caption).toContain("30 days left");
    expect(card.caption).toContain("Used 0 MB of 50 GB (0%)");
    expect(card.caption).toContain("▱▱▱▱▱▱▱▱▱▱");
    expect(inCode(card, sub.link)).toBe(true);
    expect(card.buttons.map((b) => b.text)).toEqual(["🔄 Renew", "➕ Add traffic", "📚 App guide", "🔁 Auto-renew: off"]);
    expect(ledgerMismatches(w.db)).toEqual([]);
  });

  test("in Persian: Persian digits, Toman, the same purchase end to end", async () => {
    w.plan({ name: "ماهانه ۵۰ گیگ", price: 150_000, trafficBytes: 50 * GB, days: 30 });
    const dara = w.person(5002, "fa", { firstName: "دارا" });

    await alice_start(dara);
    await dara.tap("فارسی");
    await dara.waitForMessage(/./);
    await dara.send("/plans");
    const plans = await dara.waitForMessage("ماهانه ۵۰ گیگ");
    expect(plans.text).toContain(formatToman("fa", 150_000));
    await dara.tap(/^ماهانه ۵۰ گیگ/);
    await dara.waitForMessage(formatToman("fa", 150_000));
    await dara.tap(/کارت/);
    const instructions = await dara.waitForMessage("6037-9911-2233-4455");
    expect(instructions.text).toContain(formatToman("fa", 150_000));
    expect(instructions.text).toMatch(/۲۴/);

    await dara.sendPhoto();
    await dara.waitForMessage(/رسید/);
    await w.approve(dara.id);
    const sub = w.core.subscriptions.ofCustomer(dara.id)[0]!;
    const ready = await dara.waitForMessage((m) => m.photo !== undefined && inCode(m, sub.link), { since: "any" });
    expect(ready.caption).toContain("ماهانه ۵۰ گیگ");

    await dara.send("/subs");
    const card = await dara.waitForMessage((m) => m.photo !== undefined && (m.caption ?? "").includes("۳۰"));
    expect(inCode(card, sub.link)).toBe(true);
    expect(lastPhoto(dara)).toBe(card);
    expect(w.panel.clients().filter((c) => c.name === `sk-${sub.id}`)).toHaveLength(1);
  });
});

/** /start for someone new: the welcome with the language choice. */
async function alice_start(person: ReturnType<BotWorld["person"]>) {
  await person.send("/start");
  await person.waitForMessage((m) => m.buttons.some((b) => b.text === "English"));
}

describe("buying from the wallet", () => {
  test("a discount code lowers the price; the wallet pays at once; a balance that does not cover it is told clearly", async () => {
    w.plan({ name: "Quarterly", price: 400_000, trafficBytes: 100 * GB, days: 90 });
    saveDiscount(w.db, { code: "NOWRUZ", percent: 25 }, w.clock.now());
    const bob = w.person(5003, "en", { firstName: "Bob" });
    await alice_start(bob);
    await bob.tap("English");
    await bob.waitForMessage("I'll speak English");
    w.credit(bob.id, 200_000);

    await choosePlan(bob, /^Quarterly/, "/plans");
    await bob.tap(/^👛 From wallet/);
    const short = await bob.waitForMessage("doesn't cover");
    expect(short.text).toContain("200,000 Toman");
    expect(short.text).toContain("Top up 200,000 Toman");
    expect(w.db.query("SELECT COUNT(*) AS n FROM orders").get()).toEqual({ n: 0 });

    await choosePlan(bob, /^Quarterly/, "/plans");
    await bob.tap("🏷 I have a discount code");
    await bob.waitForMessage("Have a discount code?");
    await bob.send("WRONG1");
    await bob.waitForMessage("is not valid");
    await bob.send("nowruz");
    const applied = await bob.waitForMessage("applied");
    expect(applied.text).toContain("100,000 Toman off");
    expect(applied.text).toContain("New price: 300,000 Toman");
    w.credit(bob.id, 100_000);
    await bob.tap(/^👛 From wallet/);
    await bob.waitForMessage("was paid from your wallet");
    await w.settle();
    await bob.waitForMessage("is ready", { since: "any" });
    expect(balanceOf(w.db, bob.id)).toBe(0);
    expect(w.core.subscriptions.ofCustomer(bob.id)[0]!.state).toBe("active");
    expect(ledgerMismatches(w.db)).toEqual([]);
  });

  test("a restart in the middle of a purchase loses nothing: the code typed after it applies to the same checkout", async () => {
    w.plan({ name: "Monthly", price: 100_000 });
    saveDiscount(w.db, { code: "HALF", percent: 50 }, w.clock.now());
    const cyrus = w.person(5004, "en", { firstName: "Cyrus" });
    await alice_start(cyrus);
    await cyrus.tap("English");
    await cyrus.waitForMessage("I'll speak English");
    await choosePlan(cyrus, /^Monthly/, "/plans");
    await cyrus.tap("🏷 I have a discount code");
    await cyrus.waitForMessage("Have a discount code?");

    await w.restartBot();

    await cyrus.send("HALF");
    await cyrus.waitForMessage("New price: 50,000 Toman");
    const instructions = await payByCard(cyrus);
    expect(instructions.text).toContain("50,000 Toman");
    await w.restartBot();
    await sendReceipt(cyrus);
    expect(w.core.sales.order(w.latestOrder(cyrus.id))!.state).toBe("receipt_submitted");
  });
});

/**
 * Telegram Stars through the fake Bot API: the checkout button, the invoice (XTR, one price, no provider token,
 * the payload naming the order), the pre-checkout answer, the charge paying the order once whatever Telegram
 * delivers again, a refused pre-checkout, and a refund (refundStarPayment once, the ledger, the subscription revoked,
 * the customer told).
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ledgerMismatches } from "../../src/store/ledger.ts";
import { choosePlan, createBotWorld, GB, startInEnglish, type BotWorld } from "../bots/user/harness.ts";
import type { FakePerson } from "../fakes/telegram.ts";

let w: BotWorld;
beforeEach(async () => {
  w = await createBotWorld();
});
afterEach(async () => {
  await w.close();
});

const count = (sql: string, ...args: (string | number)[]) => (w.db.query(sql).get(...args) as { n: number }).n;

async function invoiceFor(person: FakePerson) {
  await startInEnglish(person);
  await choosePlan(person);
  await person.tap("⭐ Telegram Stars (250 Stars)");
  return person.waitForMessage((m) => w.tg.invoiceOf(m) !== undefined);
}

describe("Telegram Stars", () => {
  test("a purchase: invoice, pre-checkout yes, one charge pays once though Telegram delivers it again", async () => {
    w.plan({ name: "Monthly 50 GB", price: 150_000, stars: 250, trafficBytes: 50 * GB, days: 30 });
    const alice = w.person(5101, "en", { firstName: "Alice" });
    const invoiceMessage = await invoiceFor(alice);
    const orderId = w.latestOrder(alice.id);
    expect(w.tg.invoiceOf(invoiceMessage)).toMatchObject({ currency: "XTR", totalAmount: 250, payload: `order:${orderId}` });
    const sent = w.tg.requests({ method: "sendInvoice" })[0]!;
    expect(sent.ok).toBe(true);
    expect(sent.params.provider_token ?? "").toBe("");
    // The bot asked Telegram for pre_checkout_query updates.
    const polls = w.tg.requests({ method: "getUpdates" });
    expect(String(JSON.stringify(polls.at(-1)!.params.allowed_updates))).toContain("pre_checkout_query");

    const paid = await w.tg.payInvoice(alice, invoiceMessage);
    if (!paid.paid) throw new Error(`not paid: ${JSON.stringify(paid)}`);
    await alice.waitForMessage("250 Stars received", { since: "any" });
    await w.settle();
    await alice.waitForMessage("is ready", { since: "any" });
    expect(w.core.sales.order(orderId)).toMatchObject({ state: "fulfilled", method: "stars", paymentRef: paid.chargeId });

    // Telegram delivers the same update again, and the same charge in a new update.
    w.tg.redeliver(paid.update.update_id);
    const again = w.tg.resendSuccessfulPayment(alice, paid.chargeId);
    await w.tg.waitFor(() => !w.tg.pendingUpdates().some((u) => u.update_id === again.update_id), 3000, "the bot to take the resent payment");
    await Bun.sleep(100);
    await w.settle();

    expect(w.core.subscriptions.ofCustomer(alice.id)).toHaveLength(1);
    expect(w.panel.clients()).toHaveLength(1);
    expect(count("SELECT COUNT(*) AS n FROM ledger WHERE reason = 'stars-payment'")).toBe(1);
    expect(count("SELECT COUNT(*) AS n FROM ledger WHERE reason = 'stars-payment' AND ref = ?", paid.chargeId)).toBe(1);
    expect(alice.messages().filter((m) => m.text?.includes("Stars received"))).toHaveLength(1);
    expect(ledgerMismatches(w.db)).toEqual([]);
  });

  test("pre-checkout says no, in the customer's language, for an expired order and for one already paid", async () => {
    w.plan({ name: "Monthly 50 GB", price: 150_000, stars: 250, trafficBytes: 50 * GB, days: 30 });
    const sara = w.person(5102, "en");
    const first = await invoiceFor(sara);
    await w.elapse(25 * 3600_000);
    expect(w.core.sales.order(w.latestOrder(sara.id))!.state).toBe("expired");
    const late = await w.tg.payInvoice(sara, first);
    expect(late).toEqual({ paid: false, reason: "refused", errorMessage: "This order's payment time is over. Please start a new order." });

    // A second invoice message for an order already paid (Telegram lets a new invoice be paid) is refused too.
    await choosePlan(sara);
    await sara.tap("⭐ Telegram Stars (250 Stars)");
    const second = await sara.waitForMessage((m) => w.tg.invoiceOf(m) !== undefined && m !== first);
    const paid = await w.tg.payInvoice(sara, second);
    expect(paid.paid).toBe(true);
    await w.settle();
    const copy = w.tg.invoiceOf(second)!;
    copy.paid = false; // the same payload offered again (a forwarded copy of the invoice)
    const twice = await w.tg.payInvoice(sara, second);
    expect(twice).toMatchObject({ paid: false, reason: "refused" });
    expect(w.tg.preCheckouts().every((q) => q.answered)).toBe(true);
    expect(count("SELECT COUNT(*) AS n FROM ledger WHERE reason = 'stars-payment'")).toBe(1);
  });

  test("a refund: refundStarPayment once though asked twice, the ledger, the subscription revoked, the customer told", async () => {
    w.plan({ name: "Monthly 50 GB", price: 150_000, stars: 250, trafficBytes: 50 * GB, days: 30 });
    const bob = w.person(5103, "en");
    const paid = await w.tg.payInvoice(bob, await invoiceFor(bob));
    if (!paid.paid) throw new Error("not paid");
    await bob.waitForMessage("Stars received", { since: "any" });
    await w.settle();
    const orderId = w.latestOrder(bob.id);
    expect(w.core.sales.order(orderId)!.state).toBe("fulfilled");

    const [one, two] = await Promise.all([w.core.sales.refund(orderId, "900"), w.core.sales.refund(orderId, "901")]);
    expect([one, two].map((r) => r.ok && r.value.applied).sort()).toEqual([false, true]);
    await w.settle();
    await bob.waitForMessage("was refunded", { since: "any" });

    expect(w.core.sales.order(orderId)!.state).toBe("refunded");
    expect(w.tg.requests({ method: "refundStarPayment" })).toHaveLength(1);
    expect(w.tg.starCharges()).toEqual([expect.objectContaining({ chargeId: paid.chargeId, refunded: true })]);
    expect(count("SELECT COUNT(*) AS n FROM ledger WHERE reason = 'stars-refund' AND ref = ?", paid.chargeId)).toBe(1);
    expect(w.core.subscriptions.ofCustomer(bob.id)).toHaveLength(0);
    expect(w.panel.clients()).toHaveLength(0);
    const again = await w.core.sales.refund(orderId, "900");
    expect(again.ok && again.value.applied).toBe(false);
    expect(ledgerMismatches(w.db)).toEqual([]);
  });

  test("/paysupport answers; a plan without Stars offers no Stars button", async () => {
    w.plan({ name: "Monthly 50 GB", price: 150_000, trafficBytes: 50 * GB, days: 30 });
    const eve = w.person(5104, "en");
    await startInEnglish(eve);
    await eve.send("/paysupport");
    await eve.waitForMessage("Help with a payment");
    const choice = await choosePlan(eve);
    expect(choice.buttons.some((b) => b.text.includes("Stars"))).toBe(false);
  });
});

/**
 * Crypto through a fake NOWPayments at the wire: the checkout's button opens the invoice NOWPayments made for the
 * order; signed IPNs (keys sorted recursively, HMAC-SHA512) reach POST /pay/nowpayments/ipn on the product's own
 * HTTP server. A bad signature changes nothing; `finished` delivered twice fulfils once; `partially_paid` alerts the
 * admins with the amounts and delivers nothing; a lost IPN is caught by the order's durable poll; `failed` ends it.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { Server } from "bun";
import { createHttpApp } from "../../src/http/app.ts";
import { createMetrics } from "../../src/http/metrics/index.ts";
import { createLogger } from "../../src/log.ts";
import { NowPaymentsClient } from "../../src/sales/payments/nowpayments.ts";
import { ledgerMismatches } from "../../src/store/ledger.ts";
import { updateSettings } from "../../src/store/settings.ts";
import { choosePlan, createBotWorld, GB, startInEnglish, type BotWorld } from "../bots/user/harness.ts";
import { FakeNowPayments } from "../fakes/nowpayments.ts";
import type { FakePerson } from "../fakes/telegram.ts";

const API_KEY = "NP-TEST-KEY-0123456789";
const IPN_SECRET = "np-ipn-secret-for-tests";
let w: BotWorld;
let np: FakeNowPayments;
let server: Server<unknown>;
let ipnUrl: string;

beforeEach(async () => {
  w = await createBotWorld();
  np = new FakeNowPayments(API_KEY, IPN_SECRET);
  const app = createHttpApp({ core: w.core, metrics: createMetrics({ db: w.db, defaultMetrics: false }), operatorToken: undefined, publicUrl: "http://127.0.0.1", log: createLogger({ level: "silent" }) });
  app.listen({ hostname: "127.0.0.1", port: 0 });
  server = app.server as Server<unknown>;
  const publicUrl = `http://127.0.0.1:${server.port}`;
  ipnUrl = `${publicUrl}/pay/nowpayments/ipn`;
  w.core.gateways.nowpayments = new NowPaymentsClient({ apiKey: API_KEY, ipnSecret: IPN_SECRET, apiRoot: np.apiRoot, publicUrl });
  expect(updateSettings(w.db, { tomanPerUsd: 60_000 })).toBeNull();
  w.plan({ name: "Monthly 50 GB", price: 150_000, trafficBytes: 50 * GB, days: 30 });
});
afterEach(async () => {
  await server.stop(true);
  np.stop();
  await w.close();
});

const count = (sql: string, ...args: (string | number)[]) => (w.db.query(sql).get(...args) as { n: number }).n;

async function cryptoCheckout(person: FakePerson): Promise<{ orderId: string; invoiceId: string }> {
  await startInEnglish(person);
  await choosePlan(person);
  await person.tap("🪙 Crypto (USDT…), 2.5 USD");
  const message = await person.waitForMessage("pay 2.5 USD in crypto");
  const orderId = w.latestOrder(person.id);
  const invoice = [...np.invoices.values()].find((i) => i.orderId === orderId)!;
  expect(message.buttons.find((b) => b.url)?.url).toBe(invoice.invoiceUrl);
  expect(invoice).toMatchObject({ priceAmount: 2.5, priceCurrency: "usd", ipnCallbackUrl: ipnUrl });
  return { orderId, invoiceId: invoice.id };
}

describe("NOWPayments", () => {
  test("a bad signature changes nothing; finished delivered twice fulfils once", async () => {
    const alice = w.person(5201, "en");
    const { orderId, invoiceId } = await cryptoCheckout(alice);
    const payment = await np.pay(invoiceId, { status: "waiting", ipn: false });

    // Signed with another secret, and a valid signature over a tampered body: both refused, nothing changes.
    await np.setStatus(payment.paymentId, "finished", { ipn: false });
    expect(await np.sendIpn(payment.paymentId, { secret: "not-the-secret" })).toBe(401);
    const { body, signature } = np.ipnOf(payment.paymentId);
    const tampered = await fetch(ipnUrl, { method: "POST", headers: { "content-type": "application/json", "x-nowpayments-sig": signature }, body: JSON.stringify({ ...body, price_amount: 0.01 }) });
    expect(tampered.status).toBe(401);
    await w.settle();
    expect(w.core.sales.order(orderId)!.state).toBe("awaiting_payment");

    expect(await np.sendIpn(payment.paymentId)).toBe(200);
    await w.settle();
    await alice.waitForMessage("is ready", { since: "any" });
    expect(await np.sendIpn(payment.paymentId)).toBe(200);
    await w.settle();

    expect(w.core.sales.order(orderId)).toMatchObject({ state: "fulfilled", method: "nowpayments", paymentRef: String(payment.paymentId) });
    expect(w.core.subscriptions.ofCustomer(alice.id)).toHaveLength(1);
    expect(w.panel.clients()).toHaveLength(1);
    expect(count("SELECT COUNT(*) AS n FROM ledger WHERE reason = 'nowpayments-payment' AND ref = ?", String(payment.paymentId))).toBe(1);
    expect(ledgerMismatches(w.db)).toEqual([]);
  });

  test("partially_paid alerts the admins with the amounts and delivers nothing; a repeated deposit never fulfils", async () => {
    const bob = w.person(5202, "en");
    const { orderId, invoiceId } = await cryptoCheckout(bob);
    await np.pay(invoiceId, { status: "partially_paid", payAmount: 2.5, actuallyPaid: 1.2 });
    await w.settle();
    expect(w.alerts.filter((a) => a.alert === "payment-partial")).toEqual([expect.objectContaining({ orderId, actuallyPaid: 1.2, payAmount: 2.5, payCurrency: "usdttrc20" })]);
    const child = await np.pay(invoiceId, { status: "finished", payAmount: 1.3, actuallyPaid: 1.3, parentPaymentId: 1 });
    await w.settle();
    expect(w.alerts.some((a) => a.alert === "payment-unmatched" && a.orderId === orderId)).toBe(true);
    expect(w.core.sales.order(orderId)!.state).toBe("awaiting_payment");
    expect(w.core.subscriptions.ofCustomer(bob.id)).toHaveLength(0);
    expect(count("SELECT COUNT(*) AS n FROM ledger WHERE reason = 'nowpayments-payment'")).toBe(0);
    expect(child.paymentId).toBeGreaterThan(0);
  });

  test("a lost IPN is caught by the durable poll; failed ends an order", async () => {
    const sara = w.person(5203, "en");
    const { orderId, invoiceId } = await cryptoCheckout(sara);
    const payment = await np.pay(invoiceId, { status: "confirming" });
    await w.settle();
    await np.setStatus(payment.paymentId, "finished", { ipn: false });
    await w.elapse(6 * 60_000, 60_000);
    expect(np.requests.some((r) => r.path === `/v1/payment/${payment.paymentId}` && r.status === 200)).toBe(true);
    expect(w.core.sales.order(orderId)!.state).toBe("fulfilled");
    expect(w.core.subscriptions.ofCustomer(sara.id)).toHaveLength(1);

    const eve = w.person(5204, "en");
    const second = await cryptoCheckout(eve);
    await np.pay(second.invoiceId, { status: "failed" });
    await w.settle();
    expect(w.core.sales.order(second.orderId)!.state).toBe("expired");
  });

  test("without a rate (or without the keys) checkout offers no crypto", async () => {
    expect(updateSettings(w.db, { tomanPerUsd: 0 })).toBeNull();
    const tom = w.person(5205, "en");
    await startInEnglish(tom);
    const choice = await choosePlan(tom);
    expect(choice.buttons.some((b) => b.text.includes("Crypto"))).toBe(false);
  });
});

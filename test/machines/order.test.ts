/**
 * The order machine alone: each path from order to fulfilment or an end, each guard, and the writes, effects and
 * timers it names — no store, no network.
 */
import { describe, expect, test } from "bun:test";
import { orderMachine, type OrderInput } from "../../machines/order.ts";
import { HOUR_MS } from "../../src/domain/time.ts";
import { Drive } from "./drive.ts";

const GB = 1024 ** 3;
const base: OrderInput = {
  orderId: "o1",
  number: 1001,
  customerId: 42,
  kind: "purchase",
  method: "card",
  item: { planId: 1, title: "Monthly 50 GB", trafficBytes: 50 * GB, days: 30, policy: "reset", serverGroup: "default" },
  subscriptionId: "sub1",
  amount: 150_000,
  discountCode: null,
  paymentWindowMs: 24 * HOUR_MS,
  referrerId: null,
  referralPercent: 0,
};
const order = (overrides: Partial<OrderInput> = {}) => new Drive(orderMachine, { ...base, ...overrides });
const write = (d: Drive, name: string) => d.named<{ name: string; input: unknown }>("write").find((w) => w.name === name)?.input;

describe("paying by card", () => {
  test("waits for a receipt within the payment window (a durable timer)", () => {
    const d = order();
    expect(d.state).toBe("awaiting_payment");
    expect(d.timers()["payment-window"]).toEqual({ key: "payment-window", at: d.at + 24 * HOUR_MS, event: { type: "PAYMENT_WINDOW_ENDED" } } as never);
  });

  test("a receipt stops the clock, is saved in the same transaction, and the admins are alerted once per order", () => {
    const d = order().send({ type: "RECEIPT_SUBMITTED", fileId: "photo-1" });
    expect(d.state).toBe("receipt_submitted");
    expect(d.named("cancelTimer")).toEqual([{ key: "payment-window" }]);
    expect(write(d, "saveReceipt")).toEqual({ orderId: "o1", customerId: 42, fileId: "photo-1", fileUniqueId: null, amount: 150_000 });
    expect(d.effect("alertAdmins")).toEqual({ alert: "new-receipt", orderId: "o1", dedupeKey: "receipt:o1" });
    // A better photo replaces the first; nobody is alerted twice.
    d.send({ type: "RECEIPT_SUBMITTED", fileId: "photo-2" });
    expect(d.context.receipt.fileId).toBe("photo-2");
    expect(d.effects()).toEqual([]);
  });

  test("approved: the payment recorded with who approved, then handed to fulfilment; FULFILLED delivers it", () => {
    const d = order().send({ type: "RECEIPT_SUBMITTED", fileId: "p" }).send({ type: "APPROVE", by: "900" });
    expect(d.state).toBe("fulfilling");
    expect(d.context.decision).toMatchObject({ by: "900", approved: true, reason: null });
    expect(write(d, "decideReceipt")).toEqual({ orderId: "o1", approved: true, by: "900", reason: null });
    expect(write(d, "recordPayment")).toMatchObject({ orderId: "o1", kind: "purchase", method: "card", amount: 150_000, by: "900", ref: null });
    expect(d.effect("fulfil")).toEqual({ orderId: "o1", kind: "purchase", customerId: 42, subscriptionId: "sub1", item: base.item });
    d.send({ type: "FULFILLED", subscriptionId: "sub1" });
    expect(d.state).toBe("fulfilled");
    // Not final: a gateway's payment can still be refunded from here; a card order cannot.
    d.send({ type: "REFUND", by: "900" });
    expect(d.state).toBe("fulfilled");
    expect(d.context.fulfilledAt).toBe(d.at);
  });

  test("a second decision changes nothing: only a submitted receipt can be decided", () => {
    const d = order().send({ type: "RECEIPT_SUBMITTED", fileId: "p" }).send({ type: "APPROVE", by: "900" });
    d.send({ type: "APPROVE", by: "901" }).send({ type: "REJECT", by: "901", reason: "late" });
    expect(d.state).toBe("fulfilling");
    expect(d.context.decision.by).toBe("900");
    expect(d.last).toEqual([]);
    expect(order().send({ type: "APPROVE", by: "900" }).state).toBe("awaiting_payment");
  });

  test("rejected with a reason: the decision written, the discount released, the customer told why", () => {
    const d = order({ discountCode: "SPRING" }).send({ type: "RECEIPT_SUBMITTED", fileId: "p" }).send({ type: "REJECT", by: "900", reason: "wrong amount" });
    expect(d.state).toBe("rejected");
    expect(write(d, "decideReceipt")).toEqual({ orderId: "o1", approved: false, by: "900", reason: "wrong amount" });
    expect(write(d, "releaseDiscount")).toEqual({ orderId: "o1" });
    expect(d.effect("notify")).toEqual({ customerId: 42, kind: "receipt-rejected", vars: { number: 1001, reason: "wrong amount" }, dedupeKey: "order:o1:rejected" });
  });

  test("no receipt in time: expired, the discount released, the customer told", () => {
    const d = order({ discountCode: "SPRING" }).send({ type: "PAYMENT_WINDOW_ENDED" });
    expect(d.state).toBe("expired");
    expect(write(d, "releaseDiscount")).toEqual({ orderId: "o1" });
    expect(d.effect("notify")).toEqual({ customerId: 42, kind: "order-expired", vars: { number: 1001 }, dedupeKey: "order:o1:expired" });
    // A receipt after the window finds a closed order.
    expect(d.send({ type: "RECEIPT_SUBMITTED", fileId: "late" }).state).toBe("expired");
  });

  test("cancelled before paying: the timer and the discount released, nothing else", () => {
    const d = order({ discountCode: "SPRING" }).send({ type: "CANCEL", by: "42" });
    expect(d.state).toBe("cancelled");
    expect(d.named("cancelTimer")).toEqual([{ key: "payment-window" }]);
    expect(write(d, "releaseDiscount")).toEqual({ orderId: "o1" });
    expect(d.effects()).toEqual([]);
  });

  test("a card order is paid only through a decision: PAYMENT_RECEIVED for it is ignored", () => {
    expect(order().send({ type: "PAYMENT_RECEIVED", method: "card", ref: "x" }).state).toBe("awaiting_payment");
  });
});

describe("other ways to pay", () => {
  test("the wallet: one PAYMENT_RECEIVED naming the order's own method pays it; another method's does not", () => {
    expect(order({ method: "wallet" }).send({ type: "PAYMENT_RECEIVED", method: "card" }).state).toBe("awaiting_payment");
    const d = order({ method: "wallet" }).send({ type: "PAYMENT_RECEIVED", method: "wallet" });
    expect(d.state).toBe("fulfilling");
    expect(write(d, "recordPayment")).toMatchObject({ method: "wallet", amount: 150_000, by: null, ref: null });
    expect(d.send({ type: "PAYMENT_RECEIVED", method: "wallet" }).last).toEqual([]);
  });

  test("free (a trial): the trial claimed and paid at once, in the order's first transaction", () => {
    const d = order({ kind: "trial", method: "free", amount: 0 });
    expect(d.state).toBe("fulfilling");
    expect(write(d, "claimTrial")).toEqual({ customerId: 42, orderId: "o1" });
    expect(write(d, "recordPayment")).toMatchObject({ method: "free", amount: 0 });
    expect(d.timers()).toEqual({});
  });

  test("a discount code is reserved with the order", () => {
    expect(write(order({ discountCode: "SPRING" }), "reserveDiscount")).toEqual({ code: "SPRING", customerId: 42, orderId: "o1" });
  });
});

describe("Telegram Stars (a gateway)", () => {
  const stars = () => order({ method: "stars", externalPrice: { currency: "XTR", amount: 250 } });
  const paid = () => stars().send({ type: "PAYMENT_RECEIVED", method: "stars", ref: "charge-1" }).send({ type: "FULFILLED", subscriptionId: "sub1" });

  test("the charge pays it through the one paid path: the method's rows with the charge id, then fulfilment", () => {
    const d = stars().send({ type: "PAYMENT_RECEIVED", method: "stars", ref: "charge-1" });
    expect(write(d, "recordPayment")).toMatchObject({ orderId: "o1", method: "stars", amount: 150_000, ref: "charge-1" });
    expect(d.effects()).toContain("fulfil");
    expect(d.state).toBe("fulfilling");
  });

  test("money a gateway took after the window ended is honoured once; a card order's is not", () => {
    const late = stars().send({ type: "PAYMENT_WINDOW_ENDED" });
    expect(late.state).toBe("expired");
    late.send({ type: "PAYMENT_RECEIVED", method: "stars", ref: "charge-1" });
    expect(late.state).toBe("fulfilling");
    const card = order().send({ type: "PAYMENT_WINDOW_ENDED" }).send({ type: "PAYMENT_RECEIVED", method: "card", ref: "x" });
    expect(card.state).toBe("expired");
  });

  test("a refund is claimed once (refunding), asks the gateway, then posts the refund, revokes and tells the customer", () => {
    const d = paid().send({ type: "REFUND", by: "900" });
    expect(d.state).toBe("refunding");
    expect(d.effect("refundPayment")).toEqual({ orderId: "o1", method: "stars", customerId: 42, ref: "charge-1" });
    d.send({ type: "REFUND", by: "901" });
    expect(d.effects()).toEqual([]);
    d.send({ type: "REFUNDED" });
    expect(d.state).toBe("refunded");
    expect(write(d, "recordRefund")).toMatchObject({ orderId: "o1", method: "stars", ref: "charge-1" });
    expect(d.effect("revokeSubscription")).toEqual({ subscriptionId: "sub1" });
    expect(d.notices()).toEqual(["order-refunded"]);
    expect(d.snapshot.status).toBe("done");
  });

  test("a refund the gateway refused goes back to fulfilled with one alert, and can be asked again", () => {
    const d = paid().send({ type: "REFUND", by: "900" }).send({ type: "EFFECT_FAILED", effect: "refundPayment", message: "CHARGE_NOT_FOUND", errorKind: "permanent" });
    expect(d.state).toBe("fulfilled");
    expect(d.effect("alertAdmins")).toMatchObject({ alert: "refund-failed", orderId: "o1", message: "CHARGE_NOT_FOUND" });
    expect(d.send({ type: "REFUND", by: "900" }).state).toBe("refunding");
  });
});

describe("NOWPayments (a gateway with an invoice)", () => {
  const crypto = () => order({ method: "nowpayments", externalPrice: { currency: "USD", amount: 250 } });
  const report = { paymentId: "77", status: "confirming", actuallyPaid: 0, payAmount: 2.5, payCurrency: "usdttrc20" };

  test("the invoice is the order's own effect; a report remembers the payment and arms the durable poll", () => {
    const d = crypto();
    expect(d.effect("createGatewayInvoice")).toEqual({ orderId: "o1", number: 1001, usdCents: 250, title: "Monthly 50 GB" });
    d.send({ type: "INVOICE_CREATED", invoiceId: "i1", invoiceUrl: "https://nowpayments.io/payment/?iid=i1" });
    expect(d.context.invoice).toEqual({ id: "i1", url: "https://nowpayments.io/payment/?iid=i1" });
    d.send({ type: "GATEWAY_PROGRESS", ...report });
    expect(d.context.gatewayPaymentId).toBe("77");
    expect(d.timers()["gateway-poll"]!.event).toEqual({ type: "POLL_GATEWAY" });
    d.send({ type: "POLL_GATEWAY" });
    expect(d.effect("pollGatewayPayment")).toEqual({ orderId: "o1", paymentId: "77" });
  });

  test("partially paid: the admins get the amounts, nothing is paid; failed ends the order", () => {
    const d = crypto().send({ type: "PARTIALLY_PAID", ...report, status: "partially_paid", actuallyPaid: 1.2 });
    expect(d.state).toBe("awaiting_payment");
    expect(d.effect("alertAdmins")).toMatchObject({ alert: "payment-partial", orderId: "o1", actuallyPaid: 1.2, payAmount: 2.5 });
    expect(d.named("write")).toEqual([]);
    d.send({ type: "PAYMENT_FAILED", ...report, status: "failed" });
    expect(d.state).toBe("expired");
    expect(d.named("cancelTimer")).toContainEqual({ key: "gateway-poll" });
  });

  test("after the window ended: a finished payment is honoured, a partial or unmatched one still reaches the admins", () => {
    const late = crypto().send({ type: "PAYMENT_WINDOW_ENDED" });
    expect(late.state).toBe("expired");
    late.send({ type: "PARTIALLY_PAID", ...report, status: "partially_paid", actuallyPaid: 1 });
    expect(late.effect("alertAdmins")).toMatchObject({ alert: "payment-partial", actuallyPaid: 1 });
    late.send({ type: "PAYMENT_UNMATCHED", ...report, status: "finished", actuallyPaid: 2.5 });
    expect(late.effect("alertAdmins")).toMatchObject({ alert: "payment-unmatched", orderId: "o1" });
    late.send({ type: "PAYMENT_RECEIVED", method: "nowpayments", ref: "77" });
    expect(late.state).toBe("fulfilling");
  });

  test("an invoice NOWPayments would not make cancels the order", () => {
    const d = crypto().send({ type: "EFFECT_FAILED", effect: "createGatewayInvoice", message: "401 INVALID_API_KEY", errorKind: "permanent" });
    expect(d.state).toBe("cancelled");
  });
});

describe("top-ups", () => {
  test("approved with the amount the admin saw on the receipt: credited and done, the customer told", () => {
    const d = order({ kind: "topup", item: null, subscriptionId: null, amount: 100_000 }).send({ type: "RECEIPT_SUBMITTED", fileId: "p" });
    d.send({ type: "APPROVE", by: "900", amount: 120_000 });
    expect(d.state).toBe("fulfilled");
    expect(d.context.creditedAmount).toBe(120_000);
    expect(write(d, "recordPayment")).toMatchObject({ kind: "topup", amount: 100_000, creditedAmount: 120_000 });
    expect(d.effect("notify")).toEqual({ customerId: 42, kind: "topup-approved", vars: { amount: 120_000 }, dedupeKey: "order:o1:topup" });
    expect(d.effects()).not.toContain("fulfil");
  });

  test("an amount that is not a whole positive number is refused and changes nothing", () => {
    for (const amount of [0, -5, 1.5, Number.NaN]) {
      const d = order({ kind: "topup", item: null, subscriptionId: null, amount: 100_000 }).send({ type: "RECEIPT_SUBMITTED", fileId: "p" });
      expect(d.send({ type: "APPROVE", by: "900", amount }).state).toBe("receipt_submitted");
    }
  });
});

describe("referrals", () => {
  test("a paid purchase credits the referrer in the payment's transaction; a top-up and a free order do not", () => {
    const ref = { referrerId: 7, referralPercent: 10 };
    const paid = order({ ...ref, method: "wallet" }).send({ type: "PAYMENT_RECEIVED", method: "wallet" });
    expect(write(paid, "creditReferrer")).toEqual({ customerId: 42, referrerId: 7, orderId: "o1", amount: 150_000, percent: 10, every: false });
    // After commit, the referrer is told if (and only if) a credit landed; the rule travels with the order.
    expect(paid.effect("notifyReferrer")).toEqual({ orderId: "o1" });
    const every = order({ ...ref, method: "wallet", referralEvery: true }).send({ type: "PAYMENT_RECEIVED", method: "wallet" });
    expect(write(every, "creditReferrer")).toMatchObject({ every: true });
    const topup = order({ ...ref, kind: "topup", item: null, subscriptionId: null }).send({ type: "RECEIPT_SUBMITTED", fileId: "p" }).send({ type: "APPROVE", by: "900" });
    expect(write(topup, "creditReferrer")).toBeUndefined();
    expect(write(order({ ...ref, kind: "trial", method: "free", amount: 0 }), "creditReferrer")).toBeUndefined();
  });
});

describe("fulfilment trouble", () => {
  test("a failed hand-off alerts the admins once and waits; RETRY hands it off again; a failed alert raises nothing", () => {
    const d = order({ method: "wallet" }).send({ type: "PAYMENT_RECEIVED", method: "wallet" });
    d.send({ type: "EFFECT_FAILED", effect: "fulfil", message: "no server", errorKind: "permanent" });
    expect(d.state).toBe("fulfilling");
    expect(d.effect("alertAdmins")).toEqual({ alert: "fulfil-failed", orderId: "o1", message: "no server", dedupeKey: "fulfil-failed:o1" });
    expect(d.send({ type: "EFFECT_FAILED", effect: "alertAdmins", message: "x", errorKind: "transient" }).effects()).toEqual([]);
    d.send({ type: "RETRY" });
    expect(d.effects()).toEqual(["fulfil"]);
  });
});

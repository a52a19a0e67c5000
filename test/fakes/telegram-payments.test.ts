/**
 * Pins the fake Bot API's Stars payments against what the real one refuses: a provider token, tips or two prices
 * in XTR, a payload past 128 bytes, a refusal without words, an answer after the 10 s, a second refund.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { Api } from "grammy";
import { refusal } from "./refusal.ts";
import { startFakeTelegram, type FakeBot, type FakeTelegram } from "./telegram.ts";

let tg: FakeTelegram;
let bot: FakeBot;
let api: Api;
beforeEach(async () => {
  tg = await startFakeTelegram();
  bot = tg.addBot({ username: "pay_bot" });
  api = new Api(bot.token, { apiRoot: tg.apiRoot });
});
afterEach(async () => {
  await tg.stop();
});

const refused = async (call: Promise<unknown>) => (await refusal(call)).description;

test("sendInvoice in XTR: one price, no provider token, no tips, a payload of 1-128 bytes", async () => {
  tg.user({ id: 11, firstName: "Ann" }).open();
  const price = [{ label: "Plan", amount: 50 }];
  expect(await refused(api.sendInvoice(11, "Plan", "Monthly", "order:1", "XTR", price, { provider_token: "284685063:TEST" }))).toBe("Bad Request: STARS_INVOICE_INVALID");
  expect(await refused(api.sendInvoice(11, "Plan", "Monthly", "order:1", "XTR", [...price, { label: "Fee", amount: 1 }]))).toBe("Bad Request: STARS_INVOICE_INVALID");
  expect(await refused(api.sendInvoice(11, "Plan", "Monthly", "order:1", "XTR", price, { max_tip_amount: 5 }))).toBe("Bad Request: STARS_INVOICE_INVALID");
  expect(await refused(api.sendInvoice(11, "Plan", "Monthly", "x".repeat(129), "XTR", price))).toBe("Bad Request: INVOICE_PAYLOAD_INVALID");
  expect(await refused(api.sendInvoice(11, "Plan", "Monthly", "order:1", "XTR", [{ label: "Plan", amount: 0 }]))).toBe("Bad Request: CURRENCY_TOTAL_AMOUNT_INVALID");
  const sent = await api.sendInvoice(11, "Plan", "Monthly", "order:1", "XTR", price, { provider_token: "" });
  expect(sent.invoice).toMatchObject({ currency: "XTR", total_amount: 50, title: "Plan" });
});

test("pre-checkout: a refusal needs words, an answer after 10 s is too late; a charge refunds once", async () => {
  const ann = tg.user({ id: 12, firstName: "Ann" }, bot).open();
  await api.sendInvoice(12, "Plan", "Monthly", "order:2", "XTR", [{ label: "Plan", amount: 50 }]);
  const invoice = ann.lastMessage()!;

  const late = tg.payInvoice(ann, invoice, { timeoutMs: 100 });
  expect(await late).toEqual({ paid: false, reason: "timeout" });
  const [query] = tg.preCheckouts();
  expect(await refused(api.answerPreCheckoutQuery(query!.id, true))).toBe("Bad Request: query is too old and response timeout expired or query ID is invalid");

  const paying = tg.payInvoice(ann, invoice);
  const second = await tg.waitFor(() => tg.preCheckouts().find((q) => !q.answered));
  expect(await refused(api.answerPreCheckoutQuery(second.id, false))).toBe("Bad Request: ERROR_TEXT_EMPTY");
  await api.answerPreCheckoutQuery(second.id, true);
  const outcome = await paying;
  if (!outcome.paid) throw new Error("not paid");
  expect(outcome.chargeId.length).toBeGreaterThan(64);
  expect(outcome.update.message?.successful_payment).toMatchObject({ currency: "XTR", total_amount: 50, invoice_payload: "order:2", telegram_payment_charge_id: outcome.chargeId });

  expect(await refused(api.refundStarPayment(99, outcome.chargeId))).toBe("Bad Request: CHARGE_NOT_FOUND");
  expect(await api.refundStarPayment(12, outcome.chargeId)).toBe(true);
  expect(await refused(api.refundStarPayment(12, outcome.chargeId))).toBe("Bad Request: CHARGE_ALREADY_REFUNDED");
});

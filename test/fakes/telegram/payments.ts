/**
 * Telegram Stars in the fake Bot API, after the Bot API reference (Bot API 9.x: sendInvoice, answerPreCheckoutQuery,
 * refundStarPayment; the pre_checkout_query update and the successful_payment service message) and the errors
 * Telegram answers (STARS_INVOICE_INVALID for a provider token, tips or several prices in XTR;
 * CURRENCY_TOTAL_AMOUNT_INVALID; INVOICE_PAYLOAD_INVALID past 1-128 bytes; CHARGE_ALREADY_REFUNDED).
 *
 * A person pays with `payInvoice`: Telegram sends the bot a pre_checkout_query and waits up to 10 s for its answer;
 * only an `ok: true` answer charges and delivers the successful_payment message. Charge ids are long (Telegram's are
 * around 110 characters), so nothing can carry one in 64-byte callback data.
 */
import type { Update } from "grammy/types";
import type { Method, Params } from "./methods.ts";
import { apiMessage, apiUser, type BotState, type ChatState, type FakeMessage, type TelegramState } from "./state.ts";
import { ApiFailure, badRequest, checkReplyMarkup } from "./validate.ts";
import { waitUntil } from "./wait.ts";
import { json } from "./params.ts";

export const PRE_CHECKOUT_TIMEOUT_MS = 10_000;

export interface Invoice {
  title: string;
  description: string;
  payload: string;
  currency: string;
  totalAmount: number;
  /** True once the person paid it: Telegram does not let a paid invoice message be paid again. */
  paid: boolean;
}

export interface PreCheckoutRecord {
  id: string;
  userId: number;
  payload: string;
  currency: string;
  totalAmount: number;
  answered: boolean;
  answer: { ok: boolean; errorMessage?: string } | undefined;
}

export interface StarCharge {
  chargeId: string;
  userId: number;
  botToken: string;
  amount: number;
  refunded: boolean;
}

/** The payment side of the fake, kept beside the messages it belongs to. */
export class PaymentsState {
  readonly invoices = new WeakMap<FakeMessage, Invoice>();
  readonly preCheckouts = new Map<string, PreCheckoutRecord>();
  readonly charges = new Map<string, StarCharge>();
  private next = 1;

  newId(): number {
    return this.next++;
  }
}

const payments = new WeakMap<TelegramState, PaymentsState>();

export function paymentsOf(state: TelegramState): PaymentsState {
  let p = payments.get(state);
  if (!p) payments.set(state, (p = new PaymentsState()));
  return p;
}

function text(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === null) throw badRequest(`parameter "${name}" is required`);
  return String(value);
}

const sendInvoice: Method = ({ state, bot, params }) => {
  const chat = state.reachableChat(bot, params.chat_id);
  const title = text(params, "title");
  const description = text(params, "description");
  const payload = text(params, "payload");
  const currency = text(params, "currency");
  if (title.length < 1 || title.length > 32) throw badRequest("TITLE_INVALID");
  if (description.length < 1 || description.length > 255) throw badRequest("DESCRIPTION_INVALID");
  const payloadBytes = new TextEncoder().encode(payload).byteLength;
  if (payloadBytes < 1 || payloadBytes > 128) throw badRequest("INVOICE_PAYLOAD_INVALID");
  const prices = json(params, "prices");
  if (!Array.isArray(prices) || prices.length === 0) throw badRequest("parameter \"prices\" must be a non-empty array");
  for (const price of prices as { label?: unknown; amount?: unknown }[]) {
    if (typeof price?.label !== "string" || !Number.isSafeInteger(price.amount)) throw badRequest("can't parse prices JSON object");
  }
  const total = (prices as { amount: number }[]).reduce((sum, p) => sum + p.amount, 0);
  if (currency === "XTR") {
    const token = params.provider_token;
    const tips = params.max_tip_amount !== undefined || params.suggested_tip_amounts !== undefined;
    if ((token !== undefined && token !== "") || tips || prices.length !== 1) throw badRequest("STARS_INVOICE_INVALID");
    if (total < 1 || total > 100_000) throw badRequest("CURRENCY_TOTAL_AMOUNT_INVALID");
  } else if (!params.provider_token) {
    throw badRequest("PAYMENT_PROVIDER_INVALID");
  }
  const replyMarkup = checkReplyMarkup(params.reply_markup, { inlineOnly: true });
  const message = state.addMessage(chat, { from: "bot", text: `${title}\n${description}`, replyMarkup });
  paymentsOf(state).invoices.set(message, { title, description, payload, currency, totalAmount: total, paid: false });
  const out = apiMessage(bot, chat, message, state.files) as unknown as Record<string, unknown>;
  delete out.text;
  out.invoice = { title, description, start_parameter: String(params.start_parameter ?? ""), currency, total_amount: total };
  return out;
};

const answerPreCheckoutQuery: Method = ({ state, params }) => {
  const query = paymentsOf(state).preCheckouts.get(String(params.pre_checkout_query_id ?? ""));
  if (!query || query.answered) throw badRequest("query is too old and response timeout expired or query ID is invalid");
  const ok = params.ok === true || params.ok === "true";
  const errorMessage = params.error_message === undefined ? undefined : String(params.error_message);
  if (!ok && !errorMessage) throw badRequest("ERROR_TEXT_EMPTY");
  query.answered = true;
  query.answer = ok ? { ok } : { ok, errorMessage: errorMessage! };
  state.changed();
  return true;
};

const refundStarPayment: Method = ({ state, bot, params }) => {
  const userId = Number(params.user_id);
  const charge = paymentsOf(state).charges.get(String(params.telegram_payment_charge_id ?? ""));
  if (!charge || charge.botToken !== bot.token || charge.userId !== userId) throw badRequest("CHARGE_NOT_FOUND");
  if (charge.refunded) throw badRequest("CHARGE_ALREADY_REFUNDED");
  charge.refunded = true;
  state.changed();
  return true;
};

export const PAYMENT_METHODS: Record<string, Method> = { sendInvoice, answerPreCheckoutQuery, refundStarPayment };

export type PayOutcome =
  | { paid: true; chargeId: string; update: Update }
  | { paid: false; reason: "refused"; errorMessage: string | undefined }
  | { paid: false; reason: "timeout" };

/**
 * A person pays an invoice message as the Telegram app does: the bot gets a pre_checkout_query; Telegram waits up
 * to 10 s for the answer; on ok the Stars are charged and the successful_payment message is delivered.
 */
export async function payInvoice(
  state: TelegramState,
  bot: BotState,
  chat: ChatState,
  message: FakeMessage,
  options: { timeoutMs?: number } = {},
): Promise<PayOutcome> {
  const p = paymentsOf(state);
  const invoice = p.invoices.get(message);
  if (!invoice) throw new Error("fake telegram: that message is not an invoice");
  if (invoice.paid) throw new Error("fake telegram: a paid invoice cannot be paid again");
  const query: PreCheckoutRecord = {
    id: `${bot.id}${String(p.newId()).padStart(10, "0")}`,
    userId: chat.person.id,
    payload: invoice.payload,
    currency: invoice.currency,
    totalAmount: invoice.totalAmount,
    answered: false,
    answer: undefined,
  };
  p.preCheckouts.set(query.id, query);
  bot.updates.push({
    pre_checkout_query: { id: query.id, from: apiUser(chat.person), currency: invoice.currency, total_amount: invoice.totalAmount, invoice_payload: invoice.payload },
  });
  state.changed();
  try {
    await waitUntil(state, () => query.answer, options.timeoutMs ?? PRE_CHECKOUT_TIMEOUT_MS, "the pre-checkout answer");
  } catch {
    query.answered = true; // too late now: a later answer gets "query is too old"
    return { paid: false, reason: "timeout" };
  }
  if (!query.answer!.ok) return { paid: false, reason: "refused", errorMessage: query.answer!.errorMessage };
  invoice.paid = true;
  const chargeId = `stxn${String(p.newId()).padStart(6, "0")}_${"x".repeat(96)}`;
  p.charges.set(chargeId, { chargeId, userId: chat.person.id, botToken: bot.token, amount: invoice.totalAmount, refunded: false });
  const update = deliverSuccessfulPayment(state, bot, chat, { chargeId, invoice });
  return { paid: true, chargeId, update };
}

/** The successful_payment service message (also used to deliver one again, as Telegram may). */
export function deliverSuccessfulPayment(
  state: TelegramState,
  bot: BotState,
  chat: ChatState,
  payment: { chargeId: string; invoice: Pick<Invoice, "currency" | "totalAmount" | "payload"> },
): Update {
  const service = state.addMessage(chat, { from: "user" });
  const body = apiMessage(bot, chat, service, state.files) as unknown as Record<string, unknown>;
  body.successful_payment = {
    currency: payment.invoice.currency,
    total_amount: payment.invoice.totalAmount,
    invoice_payload: payment.invoice.payload,
    telegram_payment_charge_id: payment.chargeId,
    provider_payment_charge_id: "",
  };
  const update = bot.updates.push({ message: body as never });
  state.changed();
  return update;
}

export { ApiFailure };

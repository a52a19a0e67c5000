/**
 * A fake Telegram Bot API server for tests, reached over real HTTP on 127.0.0.1:
 *
 *   const tg = await startFakeTelegram();
 *   const userBot = tg.addBot({ username: "subkeeper_bot" });
 *   const bot = new Bot(userBot.token, { client: { apiRoot: tg.apiRoot } });
 *   const alice = tg.user({ id: 1001, firstName: "Alice", languageCode: "en" });
 *   await alice.send("/start ref_abc");
 *   await alice.waitForMessage("Welcome");
 *   await alice.tap("Plans");
 *
 * It validates what bots send like Telegram does (lengths, callback data, keyboards, HTML entities, chats that
 * exist, identical edits), serves getUpdates with real long polling and offsets, and can inject 429s, 403s and
 * other errors. Parts: ./telegram/{html,validate,updates,state,methods,server,people,wait}.ts.
 */
import { deliverSuccessfulPayment, payInvoice, paymentsOf, type Invoice, type PayOutcome, type PreCheckoutRecord, type StarCharge } from "./telegram/payments.ts";
import type { Update } from "grammy/types";
import { FakePerson } from "./telegram/people.ts";
import { TelegramHttp, type RequestRecord } from "./telegram/server.ts";
import { TelegramState, type BotState, type FakeBot, type FakeMessage, type PersonSpec, type StoredFile } from "./telegram/state.ts";
import type { UpdateBody } from "./telegram/updates.ts";
import { ApiFailure } from "./telegram/validate.ts";
import { waitUntil, type Probe } from "./telegram/wait.ts";
import { addChannel, type ChannelSpec, type FakeChannel } from "./telegram/chats.ts";

export type { FakeBot, FakeMessage, PersonSpec, SeenButton, CallbackRecord } from "./telegram/state.ts";
export type { MessageMatch, Tap, WaitOptions } from "./telegram/people.ts";
export type { RequestRecord } from "./telegram/server.ts";
export type { FakeChannel, MemberStatus } from "./telegram/chats.ts";
export { FakePerson, TINY_PNG } from "./telegram/people.ts";
export type { Invoice, PayOutcome, PreCheckoutRecord, StarCharge } from "./telegram/payments.ts";
export { parseTelegramHtml } from "./telegram/html.ts";
export { documentOf, type FakeDocument } from "./telegram/documents.ts";

/** Which requests an injected fault hits. */
export interface FaultTarget {
  /** Only this method (e.g. "sendMessage"); by default every method except getUpdates, getMe and webhook setup. */
  method?: string;
  chatId?: number;
  bot?: FakeBot;
}

export interface BotSpec {
  username?: string;
  firstName?: string;
  token?: string;
}

/** Starts a fake Bot API on 127.0.0.1 and a free port. Call `stop()` when done. */
export async function startFakeTelegram(options: { bots?: BotSpec[] } = {}): Promise<FakeTelegram> {
  const fake = new FakeTelegram();
  for (const bot of options.bots ?? []) fake.addBot(bot);
  return fake;
}

export class FakeTelegram {
  /** Pass as `client: { apiRoot }` to grammY. */
  readonly apiRoot: string;
  private readonly state = new TelegramState();
  private readonly http = new TelegramHttp(this.state);
  private nextBotId = 7_000_000_001;

  constructor() {
    this.apiRoot = this.http.listen();
  }

  /** Registers a bot with its own identity, token and update queue. The first bot is the default one. */
  addBot(spec: BotSpec = {}): FakeBot {
    const id = this.nextBotId++;
    const username = spec.username ?? `fake${id}_bot`;
    const token = spec.token ?? `${id}:AAF${Bun.hash(username).toString(36).padEnd(32, "x")}`;
    if (this.state.bots.has(token)) throw new Error("fake telegram: two bots with one token");
    const bot = this.state.addBot({ token, id: Number(token.split(":")[0]), username, firstName: spec.firstName ?? username });
    return { token: bot.token, id: bot.id, username: bot.username, firstName: bot.firstName };
  }

  /** A person who talks to `bot` (the first bot unless given); the same id is the same person. */
  user(spec: PersonSpec, bot?: FakeBot): FakePerson {
    const known = this.state.people.get(spec.id);
    const person = known ? Object.assign(known, spec) : spec;
    this.state.people.set(person.id, person);
    return new FakePerson(this.state, this.botState(bot), person);
  }

  /** A public channel (@username): people join and leave it; getChatMember works for bots made its administrators. */
  channel(spec: ChannelSpec): FakeChannel {
    return addChannel(this.state, spec);
  }

  /** The next `times` matching requests answer 429 with `retry_after` seconds. */
  injectRateLimit(options: { times: number; retryAfter: number } & FaultTarget): void {
    const failure = new ApiFailure(429, `Too Many Requests: retry after ${options.retryAfter}`, {
      retry_after: options.retryAfter,
    });
    this.injectFailure(options.times, failure, options);
  }

  /** The next `times` matching requests answer with this error (e.g. 500, or 400 with some description). */
  injectError(options: { times: number; errorCode: number; description: string } & FaultTarget): void {
    this.injectFailure(options.times, new ApiFailure(options.errorCode, options.description), options);
  }

  /** Forgets faults not yet used. */
  clearFaults(): void {
    this.http.clearFaults();
  }

  private injectFailure(times: number, failure: ApiFailure, target: FaultTarget): void {
    const rule: Parameters<TelegramHttp["addFault"]>[0] = { times, failure };
    if (target.method) rule.method = target.method;
    if (target.chatId !== undefined) rule.chatId = target.chatId;
    if (target.bot) rule.token = target.bot.token;
    this.http.addFault(rule);
  }

  /** The person blocks the bot: sends to their chat answer 403 "Forbidden: bot was blocked by the user". */
  block(userId: number, bot?: FakeBot): void {
    this.personIn(userId, bot).block();
  }

  unblock(userId: number, bot?: FakeBot): void {
    this.personIn(userId, bot).unblock();
  }

  private personIn(userId: number, bot?: FakeBot): FakePerson {
    const person = this.state.people.get(userId) ?? { id: userId, firstName: `user${userId}` };
    const fake = new FakePerson(this.state, this.botState(bot), person);
    fake.open();
    return fake;
  }

  /** Delivers an update again with the same update_id, as Telegram does when a bot did not confirm it. */
  redeliver(updateId: number, bot?: FakeBot): Update {
    const update = this.botState(bot).updates.redeliver(updateId);
    this.state.changed();
    return update;
  }

  /** Puts any update in a bot's queue (for update kinds the person helpers do not cover). */
  pushUpdate(body: UpdateBody, bot?: FakeBot): Update {
    const update = this.botState(bot).updates.push(body);
    this.state.changed();
    return update;
  }

  /** Updates the bot has not confirmed yet. */
  pendingUpdates(bot?: FakeBot): Update[] {
    return this.botState(bot).updates.pending();
  }

  /** How many times a method was called (by any bot, or by `bot`), failed calls included. */
  count(method: string, bot?: FakeBot): number {
    return this.requests({ method, ...(bot ? { bot } : {}) }).length;
  }

  /** The request log, oldest first, optionally filtered. */
  requests(filter: { method?: string; bot?: FakeBot; chatId?: number } = {}): RequestRecord[] {
    return this.http.requests.filter(
      (r) =>
        (filter.method === undefined || r.method === filter.method) &&
        (filter.bot === undefined || r.bot === filter.bot.username) &&
        (filter.chatId === undefined || r.chatId === filter.chatId),
    );
  }

  /** The commands a bot set for a language (and scope; "default" unless given). */
  commands(bot: FakeBot, options: { languageCode?: string; scope?: string } = {}): { command: string; description: string }[] | undefined {
    return this.botState(bot).commands.get(`${options.scope ?? "default"}|${options.languageCode ?? ""}`);
  }

  /** A stored file (a person's photo or a bot's upload) by file_id. */
  file(fileId: string): StoredFile | undefined {
    return this.state.files.get(fileId);
  }

  /** The invoice a bot message carries (sendInvoice), if it is one. */
  invoiceOf(message: FakeMessage): Invoice | undefined {
    return paymentsOf(this.state).invoices.get(message);
  }

  /** `person` pays an invoice message: pre_checkout_query, the bot's answer within 10 s, then successful_payment. */
  payInvoice(person: FakePerson, message: FakeMessage, options: { timeoutMs?: number } = {}): Promise<PayOutcome> {
    const bot = this.state.bots.get(person.bot.token)!;
    return payInvoice(this.state, bot, this.state.chat(bot, person.spec), message, options);
  }

  /** Telegram delivers the successful_payment of a charge once more, as a new update. */
  resendSuccessfulPayment(person: FakePerson, chargeId: string): Update {
    const bot = this.state.bots.get(person.bot.token)!;
    const p = paymentsOf(this.state);
    const charge = p.charges.get(chargeId);
    if (!charge) throw new Error("fake telegram: no such charge");
    const invoice = [...this.state.chat(bot, person.spec).messages].map((m) => p.invoices.get(m)).find((i) => i?.paid && i.totalAmount === charge.amount);
    if (!invoice) throw new Error("fake telegram: the charge's invoice is gone");
    return deliverSuccessfulPayment(this.state, bot, this.state.chat(bot, person.spec), { chargeId, invoice });
  }

  /** Every Stars charge, with whether it was refunded. */
  starCharges(): StarCharge[] {
    return [...paymentsOf(this.state).charges.values()];
  }

  /** Pre-checkout queries sent to bots, with their answers. */
  preCheckouts(): PreCheckoutRecord[] {
    return [...paymentsOf(this.state).preCheckouts.values()];
  }

  /** Waits until `probe` returns a truthy value (re-checked on every change and every 10 ms) and returns it. */
  waitFor<T>(probe: Probe<T>, timeoutMs = 3000, label = "a condition"): Promise<T> {
    return waitUntil(this.state, probe, timeoutMs, label);
  }

  /** Ends waiting polls and closes the server. */
  async stop(): Promise<void> {
    for (const bot of this.state.bots.values()) bot.updates.close();
    await this.http.stop();
  }

  private botState(bot?: FakeBot): BotState {
    const state = bot ? this.state.bots.get(bot.token) : this.state.bots.values().next().value;
    if (!state) throw new Error(bot ? "fake telegram: unknown bot" : "fake telegram: add a bot first (tg.addBot())");
    return state;
  }
}

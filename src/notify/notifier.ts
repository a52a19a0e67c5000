/**
 * The Telegram sender behind the notification effects: paced within Telegram's limits, retrying 429s for as long
 * as Telegram asks (within caps), remembering chats that blocked the bot, and sending one message per dedupe key.
 *
 * Each key is claimed in the notifications table immediately before Telegram is called (the text and any QR code
 * are built before) and marked with the answer in the same turn it arrives. A crash between the two leaves a
 * claimed-but-unconfirmed row; so does an answer we cannot know (a timeout after the request left). What happens
 * next is the message's delivery policy (src/domain/notice-kinds.ts): an at-most-once row is marked `unconfirmed`,
 * logged, and never sent again (a second warning or promotion is what customers complain about); an at-least-once row
 * is sent again with its `resentText` the next time its notice is tried (a missing "your subscription is ready" is a
 * lost customer, a second copy marked as such is harmless). A claim counts as abandoned once older than
 * `claimTimeoutMs`, or at once when it is older than this notifier (one process owns the store, so whoever made it
 * is gone).
 */
import type { Database } from "bun:sqlite";
import { autoRetry } from "@grammyjs/auto-retry";
import { Api, InputFile, type Transformer } from "grammy";
import type { Message } from "grammy/types";
import type { Logger } from "pino";
import { Deliveries, type ClaimPolicy, type Delivery } from "../store/deliveries.ts";
import { Pacer, type PacerClock, type Sleep } from "./pacer.ts";
import { classifyCallError } from "./telegram-errors.ts";
import type { Notification, NotificationSink, NotifyFailure, SendResult } from "./types.ts";

export interface NotifierOptions {
  db: Database;
  /** A grammY Api (the notifier makes its own client with the same token and options), or a token and apiRoot. */
  api: Api | { token: string; apiRoot?: string };
  log: Logger;
  clock: PacerClock;
  /** Called once when a chat turns out to have blocked the bot (mark the customer unreachable here). */
  onBlocked?: (chatId: number) => void | Promise<void>;
  /** Called for every 429 Telegram answers, before auto-retry waits (for metrics). */
  onRateLimited?: (retryAfterSeconds: number) => void;
  limits?: { globalPerSecond?: number; perChatPerSecond?: number };
  /**
   * Caps for @grammyjs/auto-retry, whose defaults retry forever. It also waits after the last refused attempt, so
   * one send can take up to (maxRetryAttempts + 1) × maxDelaySeconds: the defaults (2, 8 s) stay under the outbox's
   * 30 s effect timeout.
   */
  retry?: { maxRetryAttempts?: number; maxDelaySeconds?: number };
  /** Seconds before one HTTP call to Telegram is abandoned (its outcome is then unknown). */
  requestTimeoutSeconds?: number;
  /** How long a claimed row may stay unconfirmed before it counts as lost in a crash. */
  claimTimeoutMs?: number;
  sleep?: Sleep;
}

export interface Notifier extends NotificationSink {
  /** Sends once per dedupe key; see SendResult. Never throws for Telegram's answers. */
  send(notification: Notification): Promise<SendResult>;
  /** Whether sends to this chat are skipped because it blocked the bot. */
  isBlocked(chatId: number): boolean;
  /** The customer wrote to the bot again: sends to this chat are attempted again. */
  markReachable(chatId: number): void;
  /** Marks claims older than the timeout as unconfirmed, logs them, and returns them. */
  sweepUnconfirmed(): Delivery[];
  /** The notifications row of a key. */
  delivery(dedupeKey: string): Delivery | undefined;
}

const DEFAULTS = {
  maxRetryAttempts: 2,
  maxDelaySeconds: 8,
  requestTimeoutSeconds: 20,
  claimTimeoutMs: 10 * 60_000,
};

/** Builds the notifier. */
export function createNotifier(options: NotifierOptions): Notifier {
  const { db, log, clock } = options;
  const deliveries = new Deliveries(db);
  const api = ownApi(options);
  const token = api.token;
  const scrub = (text: string) => (token ? text.split(token).join("[token]") : text);
  const pacer = new Pacer({ clock, ...options.limits, ...(options.sleep ? { sleep: options.sleep } : {}) });
  const blocked = new Set(deliveries.blockedChats());
  const inFlight = new Map<string, Promise<SendResult>>();
  const claimTimeoutMs = options.claimTimeoutMs ?? DEFAULTS.claimTimeoutMs;
  // A claim older than this notifier was made by a process that died with the send in flight: nobody holds it now,
  // and waiting out the timeout would only spend the outbox's attempts on "another sender holds this key".
  const startedAt = clock.now();

  const failedWith = (failure: NotifyFailure): SendResult => ({ failed: failure });

  /** An existing row that stops this send: what to answer. */
  function answerFor(existing: Delivery): SendResult {
    switch (existing.status) {
      case "sent":
        return "duplicate";
      case "unconfirmed":
        return failedWith({ kind: "permanent", reason: "uncertain", message: existing.error ?? "outcome unknown" });
      case "sending":
        if (clock.now() - existing.claimedAt > claimTimeoutMs || existing.claimedAt < startedAt) return failedWith(reportUnconfirmed(existing));
        return failedWith({ kind: "transient", reason: "in-flight", message: "another sender holds this key" });
      default:
        return failedWith({ kind: "transient", reason: "in-flight", message: `row is ${existing.status}` });
    }
  }

  function reportUnconfirmed(row: Delivery): NotifyFailure {
    const resent = row.policy === "at-least-once";
    const message = resent
      ? "claimed but never confirmed (a crash or a lost answer); sent again, marked as resent, when its notice is retried"
      : "claimed but never confirmed (a crash or a lost answer); not resent";
    deliveries.markUnconfirmed(row.dedupeKey, message);
    log.warn({ dedupeKey: row.dedupeKey, chatId: row.chatId, claimedAt: row.claimedAt, policy: row.policy }, "notification unconfirmed");
    return { kind: resent ? "transient" : "permanent", reason: "uncertain", message };
  }

  /** How a send may claim its key: at-least-once takes over a claim in doubt whose sender is gone. */
  function claimPolicy(n: Notification): ClaimPolicy {
    if (!n.atLeastOnce) return { policy: "at-most-once" };
    return { policy: "at-least-once", staleBefore: Math.max(startedAt, clock.now() - claimTimeoutMs) };
  }

  async function chatBlocked(chatId: number, description: string): Promise<void> {
    if (!deliveries.addBlockedChat(chatId, clock.now(), description)) return;
    blocked.add(chatId);
    log.info({ chatId }, "chat blocked the bot; later notifications are skipped");
    try {
      await options.onBlocked?.(chatId);
    } catch (error) {
      log.error({ chatId, err: error }, "onBlocked callback failed");
    }
  }

  function call(n: Notification): Promise<Message> {
    const extra = { parse_mode: n.parseMode, ...(n.replyMarkup ? { reply_markup: n.replyMarkup } : {}) };
    if (n.photo === undefined) {
      return api.sendMessage(n.chatId, n.text, { ...extra, link_preview_options: { is_disabled: true } });
    }
    const photo = typeof n.photo === "string" ? n.photo : new InputFile(n.photo, "qr.png");
    return api.sendPhoto(n.chatId, photo, { ...extra, caption: n.text });
  }

  /** Claims the key and calls Telegram; runs in the chat's paced turn. */
  async function deliver(n: Notification): Promise<SendResult> {
    if (blocked.has(n.chatId)) return skipBlocked(n);
    const claim = deliveries.claim(n.dedupeKey, n.chatId, clock.now(), claimPolicy(n));
    if (!claim.claimed) return answerFor(claim.existing);
    const text = claim.resend && n.atLeastOnce ? n.atLeastOnce.resentText : n.text;
    if (claim.resend) log.info({ dedupeKey: n.dedupeKey, chatId: n.chatId }, "notification was in doubt; sending it again, marked as resent");
    try {
      const message = await call({ ...n, text });
      deliveries.markSent(n.dedupeKey, clock.now(), message.message_id);
      return "sent";
    } catch (error) {
      const outcome = classifyCallError(error);
      if (outcome.kind === "blocked") {
        deliveries.markBlocked(n.dedupeKey, outcome.description);
        await chatBlocked(n.chatId, outcome.description);
        return "blocked";
      }
      const failure = { ...outcome.failure, message: scrub(outcome.failure.message) };
      if (outcome.delivered === "unknown") {
        deliveries.markUnconfirmed(n.dedupeKey, failure.message);
        log.warn({ dedupeKey: n.dedupeKey, chatId: n.chatId, err: failure.message }, "notification outcome unknown");
        // Must arrive: the next attempt sends it again, marked as resent.
        if (n.atLeastOnce) return failedWith({ ...failure, kind: "transient" });
      } else {
        deliveries.markFailed(n.dedupeKey, failure.message);
        log.warn({ dedupeKey: n.dedupeKey, chatId: n.chatId, failure }, "notification not sent");
      }
      return failedWith(failure);
    }
  }

  function skipBlocked(n: Notification): SendResult {
    deliveries.recordSkippedBlocked(n.dedupeKey, n.chatId, clock.now());
    return "blocked";
  }

  async function sendOnce(n: Notification): Promise<SendResult> {
    const existing = deliveries.get(n.dedupeKey);
    if (existing && !deliveries.isClaimable(existing, claimPolicy(n))) return answerFor(existing);
    if (blocked.has(n.chatId)) return skipBlocked(n);
    return await pacer.run(n.chatId, () => deliver(n));
  }

  return {
    async send(notification) {
      const running = inFlight.get(notification.dedupeKey);
      if (running) {
        const result = await running;
        return result === "sent" ? "duplicate" : result;
      }
      const attempt = sendOnce(notification);
      inFlight.set(notification.dedupeKey, attempt);
      try {
        return await attempt;
      } finally {
        inFlight.delete(notification.dedupeKey);
      }
    },
    isBlocked: (chatId) => blocked.has(chatId),
    markReachable(chatId) {
      deliveries.removeBlockedChat(chatId);
      blocked.delete(chatId);
    },
    sweepUnconfirmed() {
      const stale = deliveries.staleClaims(clock.now() - claimTimeoutMs).filter((row) => !inFlight.has(row.dedupeKey));
      for (const row of stale) reportUnconfirmed(row);
      return stale.map((row) => ({ ...row, status: "unconfirmed" as const }));
    },
    delivery: (dedupeKey) => deliveries.get(dedupeKey),
  };
}

/** The notifier's own client, so its transformers (retry caps, 429 counting) never touch the bots' Api. */
function ownApi(options: NotifierOptions): Api {
  const source = options.api;
  const timeoutSeconds = options.requestTimeoutSeconds ?? DEFAULTS.requestTimeoutSeconds;
  const api =
    source instanceof Api
      ? new Api(source.token, { ...source.options, timeoutSeconds, fetch: bufferedFetch })
      : new Api(source.token, { ...(source.apiRoot ? { apiRoot: source.apiRoot } : {}), timeoutSeconds, fetch: bufferedFetch });
  // Installed first, so it sits inside auto-retry and sees every 429, not only the last one.
  if (options.onRateLimited) api.config.use(countRateLimits(options.onRateLimited));
  api.config.use(
    autoRetry({
      maxRetryAttempts: options.retry?.maxRetryAttempts ?? DEFAULTS.maxRetryAttempts,
      maxDelaySeconds: options.retry?.maxDelaySeconds ?? DEFAULTS.maxDelaySeconds,
      // auto-retry retries network errors forever, ignoring maxRetryAttempts, and backs off 3 s, 6 s, 12 s… on 5xx
      // while this chat's queue waits: both go back to the caller, whose outbox retries with its own backoff.
      rethrowHttpErrors: true,
      rethrowInternalServerErrors: true,
    }),
  );
  return api;
}

/**
 * grammY streams a photo upload as a multipart body in many small writes; collected first, the request (QR code and
 * caption together) leaves in one write with a Content-Length, which keeps a notice's claim-to-answer window — the
 * one a crash can leave in doubt — as short as the call itself.
 */
const bufferedFetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  const body = init?.body as unknown;
  if (body && typeof body === "object" && Symbol.asyncIterator in body) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
    return await fetch(input, { ...init, body: Buffer.concat(chunks) });
  }
  return await fetch(input, init);
}) as typeof fetch;

function countRateLimits(onRateLimited: (retryAfterSeconds: number) => void): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (!result.ok && result.error_code === 429) onRateLimited(result.parameters?.retry_after ?? 0);
    return result;
  };
}

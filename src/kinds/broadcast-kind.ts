/**
 * The broadcast actor: its machine, the batch sender behind it, and who is in each audience.
 *
 * A batch goes out through a NotificationSink (the user bot's notifier in production: paced within Telegram's
 * limits, at most one message per dedupe key). Each message's key is `broadcast:<id>:<customerId>`, so a batch
 * replayed after a crash sends nothing twice: what went out before answers "duplicate" without a Telegram call.
 */
import type { Database } from "bun:sqlite";
import type { KindDefinition, PlainEvent } from "../../actors/types.ts";
import { broadcastMachine, type Audience, type BatchOutcome } from "../../machines/broadcast.ts";
import type { NotificationSink, SendResult } from "../notify/types.ts";
import { noticeEffects, type Notices } from "./notices.ts";
import { audienceBatch, markUnreachable } from "../store/customers.ts";

export interface BroadcastKindDeps {
  db: Database;
  notices: Notices;
  /**
   * Where the messages go, looked up at every batch so it can be attached after the core is built. Left out, the
   * notices are asked for the user bot's sender (`customerSender()`), or used themselves when they can `send`.
   */
  sender?: () => NotificationSink | undefined;
  /** Messages of one batch in flight at once (the notifier still paces them). Default 8. */
  concurrency?: number;
  /** Attempts of one batch before the broadcast pauses with the error. Default 12. */
  maxAttempts?: number;
  /** Backoff between attempts of a batch. Defaults 2 s doubling to 2 min. */
  backoffMs?: { base: number; max: number };
}

export interface SendBatchInput {
  broadcastId: string;
  seq: number;
  audience: Audience;
  afterId: number;
  limit: number;
  text: string;
}

/** The dedupe key of one broadcast message: at most one message per broadcast and customer, ever. */
const broadcastKey = (broadcastId: string, customerId: number) => `broadcast:${broadcastId}:${customerId}`;

/** A batch that should be tried again later (Telegram busy or unreachable); the runtime retries it with backoff. */
class BatchRetry extends Error {
  readonly kind = "transient";
}

/** A broadcast that cannot be sent at all until a person acts. */
class BroadcastBlocked extends Error {
  readonly kind = "permanent";
}

/** Notices that can hand out the user bot's sender (TelegramNotices once the user bot is connected). */
interface WithCustomerSender {
  customerSender(): NotificationSink | undefined;
}

function senderOf(deps: BroadcastKindDeps): NotificationSink | undefined {
  const attached = deps.sender?.();
  if (attached) return attached;
  const notices = deps.notices as Notices & Partial<WithCustomerSender> & Partial<NotificationSink>;
  if (typeof notices.customerSender === "function") return notices.customerSender();
  return typeof notices.send === "function" ? (notices as NotificationSink) : undefined;
}

/** Runs `work` over `items` with at most `limit` at once, keeping results in order. */
async function mapLimited<T, R>(items: T[], limit: number, signal: AbortSignal, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      if (signal.aborted) throw new BatchRetry(`batch interrupted: ${String(signal.reason ?? "aborted")}`);
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

export function broadcastKind(deps: BroadcastKindDeps): KindDefinition {
  const { db, notices } = deps;
  const maxAttempts = deps.maxAttempts ?? 12;
  return {
    kind: "broadcast",
    machine: broadcastMachine,
    version: 1,
    writers: {
      markUnreachable(db, input: { customerIds: number[] }, meta) {
        for (const id of input.customerIds) markUnreachable(db, id, meta.at);
      },
    },
    effects: {
      sendBatch: {
        maxAttempts,
        backoffMs: deps.backoffMs ?? { base: 2_000, max: 120_000 },
        // A batch is paced by the notifier: 50 messages at 25/s, plus Telegram's retry_after waits.
        timeoutMs: 10 * 60_000,
        async run(input: SendBatchInput, ctx): Promise<PlainEvent> {
          const sink = senderOf(deps);
          if (!sink) throw new BroadcastBlocked("no bot can send it: the user bot is off (USER_BOT_TOKEN is not set)");
          const ids = audienceBatch(db, input.audience, input.afterId, input.limit);
          const results = await mapLimited(ids, deps.concurrency ?? 8, ctx.signal, (customerId) =>
            sink.send({ chatId: customerId, text: input.text, parseMode: "HTML", dedupeKey: broadcastKey(input.broadcastId, customerId) }),
          );
          const outcome = tally(input, ids, results);
          const retryable = results.filter(isRetryable).length;
          // The whole batch runs again: what went out answers "duplicate" and costs no Telegram call. On the last
          // attempt a few stragglers count as failed, but a batch that reached nobody stops the broadcast (it pauses
          // with the error) rather than count the whole audience as failed through an outage.
          if (retryable > 0 && (ctx.attempt < maxAttempts || retryable === ids.length)) {
            throw new BatchRetry(`${retryable} of ${ids.length} messages could not be sent yet (Telegram busy or unreachable)`);
          }
          return { type: "BATCH_SENT", ...outcome };
        },
      },
      alertAdmins: noticeEffects(notices).alertAdmins,
    },
  };
}

/** A failure worth another try of the batch; "in-flight" is a claim left by a crash, whose outcome nobody knows. */
function isRetryable(result: SendResult): boolean {
  return typeof result === "object" && result.failed.kind === "transient" && result.failed.reason !== "in-flight";
}

function tally(input: SendBatchInput, ids: number[], results: SendResult[]): BatchOutcome {
  const outcome: BatchOutcome = { seq: input.seq, count: ids.length, lastId: ids.at(-1) ?? input.afterId, delivered: 0, blocked: 0, failed: 0, blockedIds: [] };
  results.forEach((result, i) => {
    if (result === "sent" || result === "duplicate") outcome.delivered++;
    else if (result === "blocked") {
      outcome.blocked++;
      outcome.blockedIds.push(ids[i]!);
    } else outcome.failed++;
  });
  return outcome;
}

/**
 * A broadcast: one message from the admins to a slice of the customers.
 *
 * draft (the admin previews it) → sending ⇄ paused → done, or cancelled from draft, sending or paused.
 *
 * Sending walks the audience in customer-id order, one batch at a time: the `sendBatch` effect sends to the next
 * `batchSize` customers after `cursor` and answers with what became of each message and the last id it reached.
 * The cursor moves in the same transaction that counts the batch, so a restart resumes after the last counted
 * batch; a batch cut by a crash is replayed whole, and the notifier's dedupe key (`broadcast:<id>:<customerId>`)
 * keeps its already-sent messages from going out twice. One batch runs at a time: each carries a sequence number,
 * and a result for any other batch than the one in flight is ignored.
 */
import { assign, enqueueActions, setup } from "xstate";
import { runtimeActions, type Stamped } from "./runtime-actions.ts";

export type Audience = "all" | "active" | "expired";
export const AUDIENCES: readonly Audience[] = ["all", "active", "expired"];
const DEFAULT_BATCH_SIZE = 50;

export interface BroadcastInput {
  broadcastId: string;
  audience: Audience;
  /** Telegram HTML, as the admin wrote it. */
  text: string;
  /** The admin's Telegram id. */
  createdBy: string;
  batchSize?: number;
}

export interface BroadcastCounts {
  delivered: number;
  blocked: number;
  failed: number;
}

export interface BroadcastContext extends BroadcastCounts {
  broadcastId: string;
  audience: Audience;
  text: string;
  createdBy: string;
  createdAt: number;
  batchSize: number;
  /** The last customer id a counted batch reached; the next batch starts after it. */
  cursor: number;
  /** Batches started so far; the one in flight (if any) is number `batchSeq`. */
  batchSeq: number;
  inFlight: boolean;
  confirmedBy: string | null;
  confirmedAt: number | null;
  pausedBy: string | null;
  cancelledBy: string | null;
  finishedAt: number | null;
  /** Why sending stopped on its own (a batch that kept failing); null otherwise. */
  lastError: string | null;
}

/** What one batch did: counts, the customers who blocked the bot, and how far it got. */
export interface BatchOutcome extends BroadcastCounts {
  seq: number;
  /** Customers selected for this batch; fewer than the batch size means the audience is exhausted. */
  count: number;
  /** The last customer id of the batch (the cursor when `count` is 0). */
  lastId: number;
  blockedIds: number[];
}

export type BroadcastEvent = Stamped &
  (
    | { type: "EDIT"; text?: string; audience?: Audience }
    | { type: "CONFIRM"; by: string }
    | { type: "PAUSE"; by: string }
    | { type: "RESUME"; by: string }
    | { type: "CANCEL"; by: string }
    | ({ type: "BATCH_SENT" } & BatchOutcome)
    | { type: "EFFECT_FAILED"; effect: string; errorKind: string; message: string; input: unknown }
  );

type BatchSent = Extract<BroadcastEvent, { type: "BATCH_SENT" }>;

function seqOf(event: BroadcastEvent): number | null {
  if (event.type === "BATCH_SENT") return event.seq;
  if (event.type === "EFFECT_FAILED" && event.effect === "sendBatch") {
    const seq = (event.input as { seq?: unknown } | null)?.seq;
    return typeof seq === "number" ? seq : null;
  }
  return null;
}

export const broadcastMachine = setup({
  types: {} as { context: BroadcastContext; events: BroadcastEvent; input: BroadcastInput & { at: number } },
  actions: {
    ...runtimeActions,
    edit: assign(({ context, event }) => {
      if (event.type !== "EDIT") return {};
      return { text: event.text ?? context.text, audience: event.audience ?? context.audience };
    }),
    confirm: assign(({ event }) => (event.type === "CONFIRM" ? { confirmedBy: event.by, confirmedAt: event.at } : {})),
    /** Starts the next batch unless one is still out (its result continues the walk). */
    startBatch: enqueueActions(({ context, enqueue }) => {
      if (context.inFlight) return;
      const seq = context.batchSeq + 1;
      enqueue.assign({ batchSeq: seq, inFlight: true, lastError: null });
      enqueue({
        type: "effect",
        params: {
          name: "sendBatch",
          input: {
            broadcastId: context.broadcastId,
            seq,
            audience: context.audience,
            afterId: context.cursor,
            limit: context.batchSize,
            text: context.text,
          },
        },
      });
    }),
    recordBatch: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== "BATCH_SENT") return;
      enqueue.assign({
        inFlight: false,
        cursor: event.count > 0 ? Math.max(context.cursor, event.lastId) : context.cursor,
        delivered: context.delivered + event.delivered,
        blocked: context.blocked + event.blocked,
        failed: context.failed + event.failed,
      });
      if (event.blockedIds.length > 0) enqueue({ type: "write", params: { name: "markUnreachable", input: { customerIds: event.blockedIds } } });
    }),
    recordFailure: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== "EFFECT_FAILED") return;
      enqueue.assign({ inFlight: false, lastError: event.message });
      enqueue({
        type: "effect",
        params: {
          name: "alertAdmins",
          input: {
            alert: "broadcast-stalled",
            broadcastId: context.broadcastId,
            createdBy: context.createdBy,
            error: event.message,
            dedupeKey: `broadcast-stalled:${context.broadcastId}:${context.batchSeq}`,
          },
        },
      });
    }),
    pause: assign(({ event }) => (event.type === "PAUSE" ? { pausedBy: event.by } : {})),
    cancel: assign(({ event }) => (event.type === "CANCEL" ? { cancelledBy: event.by } : {})),
    finish: enqueueActions(({ context, event, enqueue }) => {
      enqueue.assign({ finishedAt: event.at });
      enqueue({
        type: "effect",
        params: {
          name: "alertAdmins",
          input: {
            alert: "broadcast-done",
            broadcastId: context.broadcastId,
            createdBy: context.createdBy,
            delivered: context.delivered,
            blocked: context.blocked,
            failed: context.failed,
            dedupeKey: `broadcast-done:${context.broadcastId}`,
          },
        },
      });
    }),
    stamp: assign(({ event }) => ({ finishedAt: event.at })),
  },
  guards: {
    validEdit: ({ event }) =>
      event.type === "EDIT" &&
      (event.text === undefined || (typeof event.text === "string" && event.text.trim().length > 0)) &&
      (event.audience === undefined || AUDIENCES.includes(event.audience)),
    /** The result of the batch in flight, not of an older one. */
    current: ({ context, event }) => context.inFlight && seqOf(event) === context.batchSeq,
    currentAndLast: ({ context, event }) =>
      context.inFlight && seqOf(event) === context.batchSeq && (event as BatchSent).count < context.batchSize,
  },
}).createMachine({
  id: "broadcast",
  context: ({ input }) => ({
    broadcastId: input.broadcastId,
    audience: input.audience,
    text: input.text,
    createdBy: input.createdBy,
    createdAt: input.at,
    batchSize: input.batchSize ?? DEFAULT_BATCH_SIZE,
    cursor: 0,
    batchSeq: 0,
    inFlight: false,
    delivered: 0,
    blocked: 0,
    failed: 0,
    confirmedBy: null,
    confirmedAt: null,
    pausedBy: null,
    cancelledBy: null,
    finishedAt: null,
    lastError: null,
  }),
  initial: "draft",
  states: {
    draft: {
      on: {
        EDIT: { guard: "validEdit", actions: "edit" },
        CONFIRM: { target: "sending", actions: "confirm" },
        CANCEL: { target: "cancelled", actions: "cancel" },
      },
    },
    sending: {
      entry: "startBatch",
      on: {
        BATCH_SENT: [
          { guard: "currentAndLast", target: "done", actions: "recordBatch" },
          { guard: "current", actions: ["recordBatch", "startBatch"] },
        ],
        EFFECT_FAILED: { guard: "current", target: "paused", actions: "recordFailure" },
        PAUSE: { target: "paused", actions: "pause" },
        CANCEL: { target: "cancelled", actions: "cancel" },
      },
    },
    /** No new batch starts; the one still out is counted when it comes back. */
    paused: {
      on: {
        BATCH_SENT: [
          { guard: "currentAndLast", target: "done", actions: "recordBatch" },
          { guard: "current", actions: "recordBatch" },
        ],
        EFFECT_FAILED: { guard: "current", actions: "recordFailure" },
        RESUME: { target: "sending", actions: assign({ pausedBy: null }) },
        CANCEL: { target: "cancelled", actions: "cancel" },
      },
    },
    done: {
      entry: "finish",
    },
    /** Stopped for good; a batch still out is counted when it comes back, so the report stays true. */
    cancelled: {
      entry: "stamp",
      on: {
        BATCH_SENT: { guard: "current", actions: "recordBatch" },
        EFFECT_FAILED: { guard: "current", actions: assign({ inFlight: false }) },
      },
    },
  },
});

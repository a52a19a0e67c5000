/**
 * Group commit. A commit costs far more than applying an event (a WAL write and, with synchronous=FULL, a sync of
 * the WAL to the disk, against a few microseconds for the event), so the sends queued since the last flush are
 * applied in one SQLite transaction, in call order. Each event runs in its own savepoint (the runtime's per-event
 * transaction nests inside the group's), so each stays atomic and one that is refused rolls back alone; its
 * neighbours commit. No send resolves or rejects before the commit — the commit is durable when it returns, so
 * nothing an event started (effects, timers, observers) runs for an event a power cut could still take back — and
 * if the commit itself fails every send of the group rejects and its actors are dropped from memory, to be
 * restored from what is stored.
 */
import type { Database } from "bun:sqlite";
import { ActorError, type PlainEvent, type SendResult } from "./types.ts";

/** The most sends one group commit applies; more wait for the next turn of the event loop. */
const MAX_GROUP = 1000;

export interface QueuedSend<Options> {
  kind: string;
  id: string;
  event: PlainEvent;
  options: Options;
  resolve(result: SendResult): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; result: SendResult } | { ok: false; error: unknown };

export interface GroupCommitDeps<Options> {
  db: Database;
  /** Applies one send inside the group's transaction; what must wait for the commit is pushed to `committed`. */
  apply(send: QueuedSend<Options>, committed: (() => void)[]): SendResult;
  /** The group's commit failed: these actors' in-memory snapshots may be ahead of the store. */
  forget(kind: string, id: string): void;
  /** After each committed group, with its size. */
  onCommit?(size: number): void;
}

export class GroupCommit<Options> {
  private queue: QueuedSend<Options>[] = [];
  private scheduled = false;
  /** Built once: `db.transaction(fn)` costs microseconds per call to build, a hot-path cost at 50,000 events/s. */
  private readonly applyGroup: (group: QueuedSend<Options>[], outcomes: Outcome[], committed: (() => void)[]) => void;

  constructor(private readonly deps: GroupCommitDeps<Options>) {
    const { db } = deps;
    this.applyGroup = db.transaction((group: QueuedSend<Options>[], outcomes: Outcome[], committed: (() => void)[]) => {
      for (const send of group) {
        // SQLite rolls a whole transaction back on some errors (a full disk); then nothing in the group may commit.
        if (!db.inTransaction) throw new Error("SQLite rolled the group's transaction back");
        try {
          outcomes.push({ ok: true, result: deps.apply(send, committed) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
  }

  /** Queues a send for this turn's group; resolves once its group is committed. */
  enqueue(kind: string, id: string, event: PlainEvent, options: Options): Promise<SendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ kind, id, event, options, resolve, reject });
      this.schedule();
    });
  }

  /** Commits everything queued now (the runtime's stop). */
  drain(): void {
    while (this.queue.length > 0) this.flush();
  }

  get pending(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const group = this.queue.length <= MAX_GROUP ? this.queue : this.queue.slice(0, MAX_GROUP);
    this.queue = this.queue.length <= MAX_GROUP ? [] : this.queue.slice(MAX_GROUP);
    if (this.queue.length > 0) this.schedule();
    if (group.length === 0) return;
    const outcomes: Outcome[] = [];
    const committed: (() => void)[] = [];
    try {
      this.applyGroup(group, outcomes, committed);
    } catch (error) {
      for (const send of group) this.deps.forget(send.kind, send.id);
      const failure = new ActorError("rejected", `the group commit failed: ${(error as Error).message}`, error);
      for (const send of group) send.reject(failure);
      return;
    }
    for (const notify of committed) notify();
    this.deps.onCommit?.(group.length);
    for (let i = 0; i < group.length; i++) {
      const outcome = outcomes[i]!;
      if (outcome.ok) group[i]!.resolve(outcome.result);
      else group[i]!.reject(outcome.error);
    }
  }
}

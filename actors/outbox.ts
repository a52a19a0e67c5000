/**
 * The effect outbox: rows written in an event's transaction, run after commit, at least once. An effect's outcome
 * goes back to its actor as an event in the same transaction that deletes the row, so a crash anywhere before that
 * commit replays the effect (effects are idempotent by contract). Transient failures retry with backoff and jitter;
 * a final failure is sent to the actor as `EFFECT_FAILED`.
 *
 * No one effect may hold more than a quarter of the slots: an effect that waits on something slow — Telegram's one
 * message a second into an admin's chat while a burst of receipts comes in — must not leave provisioning and health
 * probes waiting behind it.
 */
import type { Database } from "bun:sqlite";
import type { Logger } from "pino";
import type { Statements, OutboxRow } from "./statements.ts";
import type { EffectSpec, PlainEvent, RuntimeObserver } from "./types.ts";
import type { Clock } from "../src/domain/time.ts";

export interface OutboxDeps {
  sql: Statements;
  db: Database;
  clock: Clock;
  log: Logger;
  observer: RuntimeObserver;
  concurrency: number;
  effectOf(kind: string, name: string): EffectSpec | undefined;
  deliver(row: OutboxRow, event: PlainEvent | void): void;
  wake(at: number): void;
}

/** Sent to the actor when an effect failed for good. */
export interface EffectFailedEvent extends PlainEvent {
  type: "EFFECT_FAILED";
  effect: string;
  errorKind: string;
  message: string;
  input: unknown;
}

/** The kind of an error, as effects and drivers classify them; errors without one count as transient. */
function errorKindOf(error: unknown): string {
  const kind = (error as { kind?: unknown })?.kind;
  return typeof kind === "string" ? kind : "transient";
}

function backoffDelay(attempt: number, base: number, max: number): number {
  const exponential = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}

export class Outbox {
  private readonly inFlight = new Map<number, { promise: Promise<void>; abort: AbortController; effect: string }>();
  /** Due rows of effects that still have room: the effects at their share are named in a bound JSON array. */
  private readonly dueWithRoom;
  private readonly perEffect: number;
  private running = false;
  private kickQueued = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly deps: OutboxDeps) {
    this.perEffect = Math.max(1, Math.floor(deps.concurrency / 4));
    this.dueWithRoom = deps.db.query<OutboxRow, [number, string, number]>(
      `SELECT * FROM outbox WHERE status = 'pending' AND next_at <= ? AND effect NOT IN (SELECT value FROM json_each(?))
       ORDER BY next_at, seq LIMIT ?`,
    );
  }

  start(): void {
    this.running = true;
  }

  async stop(graceMs: number): Promise<void> {
    this.running = false;
    const all = Promise.allSettled([...this.inFlight.values()].map((f) => f.promise));
    const timedOut = await Promise.race([all.then(() => false), Bun.sleep(graceMs).then(() => true)]);
    if (timedOut) for (const flight of this.inFlight.values()) flight.abort.abort(new Error("runtime stopping"));
  }

  /** Runs due effects soon; many kicks in one tick coalesce into one query. */
  kick(): void {
    if (this.kickQueued || !this.running) return;
    this.kickQueued = true;
    queueMicrotask(() => {
      this.kickQueued = false;
      this.runDue();
    });
  }

  /** Starts every due effect there is room for. */
  runDue(): void {
    if (!this.running) return;
    const running = new Map<string, number>();
    for (const flight of this.inFlight.values()) running.set(flight.effect, (running.get(flight.effect) ?? 0) + 1);
    const full = () => JSON.stringify([...running].filter(([, n]) => n >= this.perEffect).map(([effect]) => effect));
    // Another look when an effect reached its share part way through the rows: the next ones may be others'.
    for (let look = 0; look < 8; look++) {
      const room = this.deps.concurrency - this.inFlight.size;
      if (room <= 0) break;
      const rows = this.dueWithRoom.all(this.deps.clock.now(), full(), room + this.inFlight.size);
      let started = 0;
      let reachedShare = false;
      for (const row of rows) {
        if (started >= room) break;
        if (this.inFlight.has(row.seq)) continue;
        if ((running.get(row.effect) ?? 0) >= this.perEffect) {
          reachedShare = true;
          continue;
        }
        const abort = new AbortController();
        const promise = this.runOne(row, abort).finally(() => {
          this.inFlight.delete(row.seq);
          this.kick();
          this.notifyIdle();
        });
        this.inFlight.set(row.seq, { promise, abort, effect: row.effect });
        running.set(row.effect, (running.get(row.effect) ?? 0) + 1);
        started++;
      }
      if (!reachedShare) break;
    }
    this.notifyIdle();
  }

  /** Resolves once nothing runs and nothing is due. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.inFlight.size === 0) {
        const due = this.running ? this.deps.sql.outboxDue.get(this.deps.clock.now(), 1) : null;
        if (!due) return;
        this.runDue();
        if (this.inFlight.size === 0) return;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private notifyIdle(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private async runOne(row: OutboxRow, abort: AbortController): Promise<void> {
    const { sql, clock, log } = this.deps;
    const spec = this.deps.effectOf(row.kind, row.effect);
    const attempt = row.attempts + 1;
    if (!spec) {
      sql.outboxFail.run(attempt, `no effect named ${row.effect} is registered for ${row.kind}`, row.seq);
      log.error({ kind: row.kind, id: row.id, effect: row.effect }, "effect not registered");
      return;
    }
    // Count the attempt before running, so replays after a crash are visible and bounded.
    sql.outboxCountAttempt.run(row.seq);
    const timeout = setTimeout(() => abort.abort(new Error(`effect ${row.effect} timed out`)), spec.timeoutMs ?? 30_000);
    const effectLog = log.child({ kind: row.kind, id: row.id, effect: row.effect, attempt });
    let outcome: PlainEvent | void;
    try {
      outcome = await spec.run(JSON.parse(row.input), {
        kind: row.kind,
        id: row.id,
        attempt,
        dedupeKey: `effect:${row.seq}`,
        signal: abort.signal,
        log: effectLog,
        now: () => clock.now(),
      });
    } catch (error) {
      clearTimeout(timeout);
      this.failed(row, spec, attempt, error, effectLog);
      return;
    }
    clearTimeout(timeout);
    this.deps.deliver(row, outcome);
  }

  private failed(row: OutboxRow, spec: EffectSpec, attempt: number, error: unknown, effectLog: Logger): void {
    const { sql, clock, observer } = this.deps;
    const kind = errorKindOf(error);
    const message = (error as Error)?.message ?? String(error);
    const maxAttempts = spec.maxAttempts ?? 5;
    if (kind === "transient" && attempt < maxAttempts) {
      const { base, max } = spec.backoffMs ?? { base: 1000, max: 300_000 };
      const nextAt = clock.now() + backoffDelay(attempt, base, max);
      sql.outboxRetry.run(attempt, nextAt, message, row.seq);
      effectLog.warn({ err: message, nextAt }, "effect failed; will retry");
      observer.onEffectFailure?.(row.kind, row.effect, false, error);
      this.deps.wake(nextAt);
      return;
    }
    if (maxAttempts === 1) {
      // One attempt by design: the actor's machine owns the retries (provisioning backoff), so this is news, not an error.
      effectLog.warn({ err: message, errorKind: kind }, "effect failed; its actor decides what next");
    } else {
      effectLog.error({ err: message, errorKind: kind }, "effect failed for good");
    }
    observer.onEffectFailure?.(row.kind, row.effect, true, error);
    const event: EffectFailedEvent = {
      type: "EFFECT_FAILED",
      effect: row.effect,
      errorKind: kind,
      message,
      input: JSON.parse(row.input),
    };
    this.deps.deliver(row, event);
  }
}

/**
 * The durable actor runtime (docs/ARCHITECTURE.md, "The runtime's contract").
 *
 * An event is applied synchronously: restore (from the cache or the store), `transition()` (pure), then one SQLite
 * transaction with the snapshot, the journal row, timers, outbox rows, domain writes and projections. bun:sqlite is
 * synchronous, so nothing can interleave between reading a snapshot and committing its successor: every actor's
 * mailbox is the JavaScript thread itself, and concurrent sends to one actor apply one at a time, in call order.
 * Sends are group-committed: those queued while the event loop was busy share one transaction, each event in its own
 * savepoint (see group-commit.ts). Effects run after commit (see outbox.ts); timers are rows with one OS timer for the
 * earliest (see scheduler.ts).
 */
import type { Database } from "bun:sqlite";
import type { AnyMachineSnapshot } from "xstate";
import type { Logger } from "pino";
import { log as defaultLog } from "../src/log.ts";
import { prepareStatements, type ActorRow, type Statements } from "./statements.ts";
import { restore, serialize, stateName } from "./snapshots.ts";
import { ActorCache } from "./cache.ts";
import { Outbox } from "./outbox.ts";
import { Scheduler } from "./scheduler.ts";
import { pureInitialTransition, pureTransition, type Actions } from "./transition.ts";
import { GroupCommit } from "./group-commit.ts";
import {
  ActorError,
  type ActorView,
  type JournalEntry,
  type KindDefinition,
  type PlainEvent,
  type RuntimeObserver,
  type SendResult,
} from "./types.ts";
import { systemClock, type Clock } from "../src/domain/time.ts";
import type { EffectRequest, TimerRequest, WriteRequest } from "../machines/runtime-actions.ts";

export interface RuntimeOptions {
  db: Database;
  clock?: Clock;
  log?: Logger;
  observer?: RuntimeObserver;
  /** Actors kept in memory; the least recently used are dropped past this. */
  cacheSize?: number;
  /** Effects running at once. */
  effectConcurrency?: number;
  /** When false, no OS timers run: tests advance a manual clock and call `runDue()`. */
  autoSchedule?: boolean;
}

/** What one event writes in its transaction, passed to the prebuilt `writeEvent`. */
interface EventWrite {
  def: KindDefinition;
  id: string;
  event: PlainEvent;
  next: AnyMachineSnapshot;
  from: string;
  to: string;
  changed: boolean;
  /** The row's `state` column does not name `from` (see Runtime.staleStateColumn). */
  stateColumnStale: boolean;
  actions: Actions;
  at: number;
  options: SendOptions & { inTransaction?: () => void };
  wake: { timers: number[]; effects: boolean };
}

export interface SendOptions {
  /** An external event's identity (update_id, Idempotency-Key): a key seen before is not applied again. */
  dedupeKey?: string;
}

const JOURNAL_EVENT_LIMIT = 2000;
const DEDUPE_RETENTION_MS = 30 * 24 * 3600_000;

export class Runtime {
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger;
  private readonly kinds = new Map<string, KindDefinition>();
  private readonly sql: Statements;
  private readonly cache: ActorCache;
  private readonly outbox: Outbox;
  private readonly scheduler: Scheduler;
  private readonly observer: RuntimeObserver;
  private running = false;
  /** Restored snapshots whose row's `state` column names another state (a migration renamed it): rewrite it. */
  private readonly staleStateColumn = new WeakSet<AnyMachineSnapshot>();
  private readonly groups: GroupCommit<SendOptions>;
  /** Built once: `db.transaction(fn)` costs microseconds per call to build, a hot-path cost at 50,000 events/s. */
  private readonly writeEvent: (write: EventWrite) => void;

  constructor(options: RuntimeOptions) {
    this.db = options.db;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? defaultLog;
    this.observer = options.observer ?? {};
    this.sql = prepareStatements(this.db);
    this.cache = new ActorCache(options.cacheSize ?? 5000);
    this.outbox = new Outbox({
      sql: this.sql,
      db: this.db,
      clock: this.clock,
      log: this.log,
      observer: this.observer,
      concurrency: options.effectConcurrency ?? 16,
      effectOf: (kind, name) => this.kinds.get(kind)?.effects?.[name],
      deliver: (row, event) => this.deliverOutcome(row.seq, row.kind, row.id, event),
      wake: (at) => this.scheduler.wakeAt(at),
    });
    this.scheduler = new Scheduler({
      sql: this.sql,
      clock: this.clock,
      log: this.log,
      auto: options.autoSchedule ?? true,
      fireTimer: (timer) => this.fireTimer(timer.kind, timer.id, timer.key),
      runEffects: () => this.outbox.runDue(),
    });
    this.writeEvent = this.db.transaction((w: EventWrite) => {
      const { def, id, at } = w;
      w.options.inTransaction?.();
      if (w.options.dedupeKey) this.sql.dedupeInsert.run(w.options.dedupeKey, def.kind, id, at);
      if (!w.changed) return;
      this.performActions(def, id, w.actions, at, w.wake);
      if (w.to === w.from && !w.stateColumnStale) {
        this.sql.actorUpdateSameState.run(serialize(w.next), def.version, at, def.kind, id);
      } else {
        this.sql.actorUpdate.run(w.to, serialize(w.next), def.version, at, def.kind, id);
      }
      def.project?.(this.db, { id, state: w.to, context: w.next.context, previousState: w.from, at });
      this.sql.journalInsert.run(def.kind, id, w.from, w.event.type, w.to, this.journalText(w.event), null, at);
    });
    this.groups = new GroupCommit<SendOptions>({
      db: this.db,
      apply: (send, committed) => this.apply(send.kind, send.id, send.event, send.options, committed),
      forget: (kind, id) => this.cache.delete(kind, id),
      onCommit: (size) => this.observer.onCommit?.(size),
    });
  }

  /** Registers a kind of actor. Effects named by its machine must be in `def.effects`. */
  register(def: KindDefinition): this {
    if (this.kinds.has(def.kind)) throw new Error(`actor kind ${def.kind} is registered twice`);
    this.kinds.set(def.kind, def);
    return this;
  }

  kindNames(): string[] {
    return [...this.kinds.keys()];
  }

  /** Starts delivering timers and effects, overdue ones first. No actor is loaded here. */
  async start(): Promise<void> {
    this.running = true;
    this.sql.dedupePrune.run(this.clock.now() - DEDUPE_RETENTION_MS);
    this.outbox.start();
    await this.scheduler.start();
  }

  /** Stops timers and waits (up to `graceMs`) for running effects; what did not finish replays at the next start. */
  async stop(graceMs = 5000): Promise<void> {
    this.groups.drain();
    this.running = false;
    this.scheduler.stop();
    await this.outbox.stop(graceMs);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Creates an actor from its machine's input. Creating one that exists returns it unchanged. */
  create(kind: string, id: string, input?: unknown, options: SendOptions = {}): SendResult {
    const def = this.definition(kind);
    const existing = this.sql.actorGet.get(kind, id);
    if (existing) return this.resultOfRow(def, existing, false);
    const at = this.clock.now();
    // Like events, the input carries `at` so a machine's initial context can hold instants and stay pure.
    const stamped = input !== null && typeof input === "object" ? { at, ...input } : input;
    const [snapshot, actions] = pureInitialTransition(def.machine, stamped);
    const state = stateName(snapshot.value);
    const wake = { timers: [] as number[], effects: false };
    try {
      this.db.transaction(() => {
        if (options.dedupeKey) this.sql.dedupeInsert.run(options.dedupeKey, kind, id, at);
        this.sql.actorInsert.run(kind, id, state, serialize(snapshot), def.version, at, at);
        this.performActions(def, id, actions, at, wake);
        def.project?.(this.db, { id, state, context: snapshot.context, previousState: null, at });
        this.sql.journalInsert.run(kind, id, null, "xstate.init", state, this.journalText(input), null, at);
      })();
    } catch (error) {
      throw new ActorError("rejected", `${kind} ${id} could not be created: ${(error as Error).message}`, error);
    }
    this.cache.set(kind, id, snapshot);
    this.afterCommit(wake);
    this.observer.onTransition?.(kind, null, state, "xstate.init");
    return { state, context: snapshot.context, changed: true, duplicate: false };
  }

  /**
   * Applies one event to one actor durably. It is queued and applied with the other sends of this turn of the event
   * loop (see group-commit.ts); it resolves once committed, and effects follow on their own.
   */
  send(kind: string, id: string, event: PlainEvent, options: SendOptions = {}): Promise<SendResult> {
    return this.groups.enqueue(kind, id, event, options);
  }

  /**
   * The synchronous core of `send`, also used for timers and effect outcomes. Inside a group, what must wait for the
   * commit (waking timers and effects, observers) is pushed to `committed` instead of run.
   */
  private apply(
    kind: string,
    id: string,
    event: PlainEvent,
    options: SendOptions & { inTransaction?: () => void } = {},
    committed?: (() => void)[],
  ): SendResult {
    const def = this.definition(kind);
    if (options.dedupeKey && this.sql.dedupeGet.get(options.dedupeKey)) {
      const row = this.sql.actorGet.get(kind, id);
      if (!row) throw new ActorError("not-found", `${kind} ${id} does not exist`);
      return { ...this.resultOfRow(def, row, false), duplicate: true };
    }
    const current = this.activate(def, id);
    const at = this.clock.now();
    const stamped = { ...event, at: typeof event.at === "number" ? event.at : at };
    const from = stateName(current.value);

    let next: AnyMachineSnapshot;
    let actions: Actions;
    try {
      [next, actions] = pureTransition(def.machine, current, stamped);
      if (next.status === "error") throw (next as { error?: unknown }).error ?? new Error("machine entered error status");
    } catch (error) {
      this.recordActorError(def, id, from, stamped, error, at, options);
      throw new ActorError("actor-error", `${kind} ${id} failed on ${event.type}: ${(error as Error).message}`, error);
    }

    // xstate returns the very same snapshot when only actions ran (an effect, a timer): that is still a change.
    const changed = next !== current || actions.length > 0;
    const to = stateName(next.value);
    const wake = { timers: [] as number[], effects: false };
    const stateColumnStale = this.staleStateColumn.has(current);
    try {
      this.writeEvent({ def, id, event, next, from, to, changed, stateColumnStale, actions, at, options, wake });
      if (stateColumnStale && changed) this.staleStateColumn.delete(next);
    } catch (error) {
      // A writer refused (say, a wallet that would go negative): the whole event rolled back.
      throw new ActorError("rejected", `${kind} ${id} refused ${event.type}: ${(error as Error).message}`, error);
    }
    if (changed) {
      // Set now even inside a group: the group's next event to this actor must start from this snapshot.
      this.cache.set(kind, id, next);
      const notify = () => {
        this.afterCommit(wake);
        this.observer.onTransition?.(kind, from, to, event.type);
      };
      if (committed) committed.push(notify);
      else notify();
    }
    return { state: to, context: next.context, changed, duplicate: false };
  }

  private performActions(
    def: KindDefinition,
    id: string,
    actions: { type: string; params?: unknown }[],
    at: number,
    wake: { timers: number[]; effects: boolean },
  ): void {
    for (const action of actions) {
      switch (action.type) {
        case "effect": {
          const request = action.params as EffectRequest;
          if (!def.effects?.[request.name]) throw new Error(`${def.kind} has no effect named ${request.name}`);
          this.sql.outboxInsert.get(def.kind, id, request.name, JSON.stringify(request.input ?? null), at, at);
          wake.effects = true;
          break;
        }
        case "setTimer": {
          const request = action.params as TimerRequest;
          this.sql.timerUpsert.run(def.kind, id, request.key, request.at, JSON.stringify(request.event));
          wake.timers.push(request.at);
          break;
        }
        case "cancelTimer":
          this.sql.timerDelete.run(def.kind, id, (action.params as { key: string }).key);
          break;
        case "write": {
          const request = action.params as WriteRequest;
          const writer = def.writers?.[request.name];
          if (!writer) throw new Error(`${def.kind} has no writer named ${request.name}`);
          writer(this.db, request.input, { kind: def.kind, id, at });
          break;
        }
      }
    }
  }

  private afterCommit(wake: { timers: number[]; effects: boolean }): void {
    for (const at of wake.timers) this.scheduler.wakeAt(at);
    if (wake.effects && this.running) this.outbox.kick();
  }

  /** Loads an actor into memory (or finds it there). A snapshot that does not restore quarantines the actor. */
  private activate(def: KindDefinition, id: string): AnyMachineSnapshot {
    const cached = this.cache.get(def.kind, id);
    if (cached) return cached;
    const row = this.sql.actorGet.get(def.kind, id);
    if (!row) throw new ActorError("not-found", `${def.kind} ${id} does not exist`);
    if (row.quarantine_reason) {
      throw new ActorError("quarantined", `${def.kind} ${id} is quarantined: ${row.quarantine_reason}`);
    }
    const restored = restore(def, row.snapshot, row.machine_version);
    if (!restored.ok) {
      this.sql.actorQuarantine.run(restored.reason, this.clock.now(), def.kind, id);
      this.log.error({ kind: def.kind, id, reason: restored.reason }, "actor quarantined");
      this.observer.onQuarantine?.(def.kind, id, restored.reason);
      throw new ActorError("quarantined", `${def.kind} ${id} is quarantined: ${restored.reason}`);
    }
    if (stateName(restored.snapshot.value) !== row.state) this.staleStateColumn.add(restored.snapshot);
    this.cache.set(def.kind, id, restored.snapshot);
    return restored.snapshot;
  }

  private recordActorError(
    def: KindDefinition,
    id: string,
    from: string,
    event: PlainEvent,
    error: unknown,
    at: number,
    options: SendOptions & { inTransaction?: () => void },
  ): void {
    this.log.error({ kind: def.kind, id, event: event.type, err: error }, "actor action failed; event not applied");
    this.observer.onActorError?.(def.kind, id, error);
    this.db.transaction(() => {
      options.inTransaction?.();
      if (options.dedupeKey) this.sql.dedupeInsert.run(options.dedupeKey, def.kind, id, at);
      this.sql.journalInsert.run(def.kind, id, from, event.type, from, this.journalText(event), String((error as Error)?.message ?? error), at);
    })();
  }

  /** Delivers one due timer: its row is deleted in the same transaction that applies its event. */
  private fireTimer(kind: string, id: string, key: string): void {
    const row = this.sql.timerGet.get(kind, id, key);
    if (!row) return;
    const deleteRow = () => this.sql.timerDelete.run(kind, id, key);
    try {
      this.apply(kind, id, JSON.parse(row.event) as PlainEvent, { inTransaction: deleteRow });
    } catch (error) {
      // A quarantined, missing or failing actor must not keep its timer firing forever.
      if (error instanceof ActorError && error.kind !== "actor-error") deleteRow();
      this.log.warn({ kind, id, key, err: error }, "timer could not be delivered");
    }
  }

  /** Applies an effect's outcome and removes its outbox row in one transaction: a crash before it replays the effect. */
  private deliverOutcome(seq: number, kind: string, id: string, event: PlainEvent | void): void {
    const deleteRow = () => this.sql.outboxDelete.run(seq);
    if (!event) {
      deleteRow();
      return;
    }
    try {
      this.apply(kind, id, event, { inTransaction: deleteRow });
    } catch (error) {
      this.sql.outboxFail.run(0, `outcome not applied: ${(error as Error).message}`, seq);
      this.log.warn({ kind, id, seq, err: error }, "effect outcome could not be applied");
    }
  }

  /** Delivers every timer and effect that is due now; tests with a manual clock call this after advancing it. */
  async runDue(): Promise<void> {
    await this.scheduler.runDue();
  }

  /** Resolves when no effect is running or due. */
  async idle(): Promise<void> {
    await this.outbox.idle();
  }

  /** The actor as stored, without waking it. */
  read(kind: string, id: string): ActorView | undefined {
    this.definition(kind);
    const row = this.sql.actorGet.get(kind, id);
    if (!row) return undefined;
    const stored = JSON.parse(row.snapshot) as { context: unknown };
    return {
      kind,
      id,
      state: row.state,
      context: stored.context,
      machineVersion: row.machine_version,
      quarantineReason: row.quarantine_reason,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      timers: this.sql.timersOf.all(kind, id).map((t) => ({ key: t.key, dueAt: t.due_at, event: JSON.parse(t.event) })),
    };
  }

  /** Lists actors of a kind by id, optionally in one state; `cursor` is the last id of the previous page. */
  list(
    kind: string,
    options: { state?: string; limit?: number; cursor?: string; quarantined?: boolean } = {},
  ): { items: { id: string; state: string; updatedAt: number; quarantined: boolean }[]; nextCursor: string | null } {
    this.definition(kind);
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 1000);
    const where = ["kind = ?", "id > ?"];
    const params: (string | number)[] = [kind, options.cursor ?? ""];
    if (options.state) {
      where.push("state = ?");
      params.push(options.state);
    }
    if (options.quarantined) where.push("quarantine_reason IS NOT NULL");
    params.push(limit + 1);
    const rows = this.db
      .query<Pick<ActorRow, "id" | "state" | "updated_at" | "quarantine_reason">, (string | number)[]>(
        `SELECT id, state, updated_at, quarantine_reason FROM actors WHERE ${where.join(" AND ")} ORDER BY id LIMIT ?`,
      )
      .all(...params);
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({ id: r.id, state: r.state, updatedAt: r.updated_at, quarantined: r.quarantine_reason !== null })),
      nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
    };
  }

  /** Lists actors of every kind by (kind, id); `cursor` is "kind:id" of the previous page's last (kinds have no colon). */
  listAll(
    options: { state?: string; limit?: number; cursor?: string; quarantined?: boolean } = {},
  ): { items: { kind: string; id: string; state: string; updatedAt: number; quarantined: boolean }[]; nextCursor: string | null } {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 1000);
    const split = options.cursor ? options.cursor.indexOf(":") : -1;
    const afterKind = split < 0 ? "" : options.cursor!.slice(0, split);
    const afterId = split < 0 ? "" : options.cursor!.slice(split + 1);
    const rows = this.db
      .query<Pick<ActorRow, "kind" | "id" | "state" | "updated_at" | "quarantine_reason">, [string, string, string | null, string | null, number]>(
        `SELECT kind, id, state, updated_at, quarantine_reason FROM actors
          WHERE (kind, id) > (?, ?) AND (?3 IS NULL OR state = ?3) AND (?4 IS NULL OR quarantine_reason IS NOT NULL)
          ORDER BY kind, id LIMIT ?5`,
      )
      .all(afterKind, afterId, options.state ?? null, options.quarantined ? "1" : null, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({ kind: r.kind, id: r.id, state: r.state, updatedAt: r.updated_at, quarantined: r.quarantine_reason !== null })),
      nextCursor: rows.length > limit && last ? `${last.kind}:${last.id}` : null,
    };
  }

  /** The actor's journal, newest first. */
  journal(kind: string, id: string, options: { limit?: number; before?: number } = {}): JournalEntry[] {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 1000);
    return this.db
      .query<
        { seq: number; from_state: string | null; event_type: string; to_state: string; event: string | null; error: string | null; at: number },
        [string, string, number, number]
      >("SELECT * FROM journal WHERE kind = ? AND id = ? AND seq < ? ORDER BY seq DESC LIMIT ?")
      .all(kind, id, options.before ?? Number.MAX_SAFE_INTEGER, limit)
      .map((r) => ({
        seq: r.seq,
        fromState: r.from_state,
        eventType: r.event_type,
        toState: r.to_state,
        event: r.event ? JSON.parse(r.event) : null,
        error: r.error,
        at: r.at,
      }));
  }

  /** Drops every actor from memory; the next event restores it from the store. */
  passivateAll(): void {
    this.cache.clear();
  }

  get activeCount(): number {
    return this.cache.size;
  }

  private definition(kind: string): KindDefinition {
    const def = this.kinds.get(kind);
    if (!def) throw new ActorError("unknown-kind", `no actor kind named ${kind}`);
    return def;
  }

  private resultOfRow(def: KindDefinition, row: ActorRow, changed: boolean): SendResult {
    const stored = JSON.parse(row.snapshot) as { context: unknown };
    return { state: row.state, context: stored.context, changed, duplicate: false };
  }

  private journalText(value: unknown): string | null {
    if (value === undefined) return null;
    const text = JSON.stringify(value);
    return text.length > JOURNAL_EVENT_LIMIT ? JSON.stringify({ truncated: text.slice(0, JOURNAL_EVENT_LIMIT) }) : text;
  }
}

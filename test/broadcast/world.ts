/**
 * A store with customers and a runtime that runs only the broadcast kind, on a manual clock, with a recording sink
 * in place of Telegram. `reopen()` stops the runtime and opens the same file again, as a restart would.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Database } from "../../src/store/db.ts";
import { Runtime } from "../../actors/runtime.ts";
import { broadcastKind } from "../../src/kinds/broadcast-kind.ts";
import { Broadcasts } from "../../src/sales/broadcasts.ts";
import { RecordingNotices } from "../../src/kinds/notices.ts";
import { RecordingSink } from "../../src/notify/recording-sink.ts";
import type { Notification, NotificationSink, SendResult } from "../../src/notify/types.ts";

export class ManualClock {
  constructor(public at = Date.UTC(2026, 10, 26, 9, 0, 0)) {}
  now = () => this.at;
  advance(ms: number) {
    this.at += ms;
  }
}

/** A sink in front of the recording sink that can fail calls, hold them, or count them. */
export class ScriptedSink implements NotificationSink {
  calls = 0;
  /** Answers instead of the inner sink when it returns one (call numbers start at 1). */
  rule: ((notification: Notification, call: number) => SendResult | undefined) | null = null;
  /** While set, calls wait for it. */
  gate: Promise<void> | null = null;

  constructor(readonly inner: RecordingSink) {}

  async send(notification: Notification): Promise<SendResult> {
    const call = ++this.calls;
    if (this.gate) await this.gate;
    const scripted = this.rule?.(notification, call);
    if (scripted !== undefined) return scripted;
    return this.inner.send(notification);
  }
}

export interface BroadcastWorld {
  dir: string;
  db: Database;
  clock: ManualClock;
  notices: RecordingNotices;
  recorded: RecordingSink;
  sink: ScriptedSink;
  runtime: Runtime;
  broadcasts: Broadcasts;
  /** Adds customers with these ids. */
  customers(ids: number[], extra?: { banned?: boolean }): void;
  subscription(customerId: number, state: string): void;
  settle(): Promise<void>;
  elapse(ms: number): Promise<void>;
  reopen(): Promise<void>;
  close(): Promise<void>;
}

let subscriptionSeq = 0;

export async function createBroadcastWorld(options: { batchSize?: number } = {}): Promise<BroadcastWorld> {
  const dir = mkdtempSync(join(tmpdir(), "sk-broadcast-"));
  const path = join(dir, "store.sqlite");
  const clock = new ManualClock();
  const notices = new RecordingNotices();
  const recorded = new RecordingSink(clock);
  const sink = new ScriptedSink(recorded);

  const open = async () => {
    const db = openDatabase(path);
    // A test world needs no power-cut durability; a sync per commit made the suite three times slower on a busy
    // disk. The product's setting (FULL) is checked in test/store/durability.test.ts and used by every spawned serve.
    db.exec("PRAGMA synchronous = NORMAL");
    const runtime = new Runtime({ db, clock, autoSchedule: false });
    runtime.register(broadcastKind({ db, notices, sender: () => sink, backoffMs: { base: 1000, max: 1000 } }));
    await runtime.start();
    return { db, runtime, broadcasts: new Broadcasts({ db, runtime, batchSize: options.batchSize ?? 10 }) };
  };

  const world: BroadcastWorld = {
    dir,
    clock,
    notices,
    recorded,
    sink,
    ...(await open()),
    customers(ids, extra = {}) {
      const insert = world.db.query(
        "INSERT INTO customers (telegram_id, first_name, language, banned, referral_code, created_at, updated_at) VALUES (?, ?, 'en', ?, ?, ?, ?)",
      );
      world.db.transaction(() => {
        for (const id of ids) insert.run(id, `Customer ${id}`, extra.banned ? 1 : 0, `r${id}`, clock.at, clock.at);
      })();
    },
    subscription(customerId, state) {
      const id = `bs${++subscriptionSeq}`;
      world.db
        .query(
          `INSERT INTO subscriptions (id, customer_id, token, client_name, state, volume_bytes, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
        )
        .run(id, customerId, `t-${id}`, `sk-${id}`, state, clock.at, clock.at);
    },
    async settle() {
      for (let i = 0; i < 500; i++) {
        await world.runtime.runDue();
        await world.runtime.idle();
        const due = world.db
          .query<{ n: number }, [number]>("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending' AND next_at <= ?")
          .get(clock.at)!.n;
        if (due === 0) return;
      }
      throw new Error("the broadcast world does not settle");
    },
    async elapse(ms) {
      clock.advance(ms);
      await world.settle();
    },
    async reopen() {
      await world.runtime.stop(100);
      world.db.close();
      Object.assign(world, await open());
    },
    async close() {
      await world.runtime.stop(100);
      world.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

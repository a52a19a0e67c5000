import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Database } from "../../src/store/db.ts";
import { Runtime } from "../../actors/runtime.ts";
import { ActorError } from "../../actors/types.ts";
import { meterKind, startRemote, TEST_TABLES } from "./fixtures/meter-kind.ts";
import { spawnChild } from "./fixtures/processes.ts";

const CHILD = join(import.meta.dir, "fixtures", "child.ts");

class ManualClock {
  constructor(public at = Date.UTC(2026, 10, 26, 12)) {}
  now = () => this.at;
  advance(ms: number) {
    this.at += ms;
  }
}

let dir: string;
let db: Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sk-runtime-"));
  db = openDatabase(join(dir, "store.sqlite"));
  db.exec(TEST_TABLES);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function journalCount(type: string, id = "m1"): number {
  return db.query<{ n: number }, [string, string]>("SELECT COUNT(*) AS n FROM journal WHERE id = ? AND event_type = ?").get(id, type)!.n;
}

describe("a durable timer", () => {
  test("survives SIGKILL and is delivered exactly once after the restart", async () => {
    const dbPath = join(dir, "crash.sqlite");
    const dueAt = Date.now() + 1500;
    const first = spawnChild([CHILD, dbPath, "arm", String(dueAt)]);
    await first.waitFor((l) => l.armed);
    await first.kill();

    await Bun.sleep(Math.max(0, dueAt - Date.now()) + 100);
    const second = spawnChild([CHILD, dbPath, "serve"]);
    const report = await second.waitFor((l) => l.idle);
    await second.kill();
    expect(report.actor.context.rings).toBe(1);

    const third = spawnChild([CHILD, dbPath, "serve"]);
    const again = await third.waitFor((l) => l.idle);
    await third.kill();
    expect(again.actor.context.rings).toBe(1);
    const store = openDatabase(dbPath);
    expect(store.query("SELECT COUNT(*) AS n FROM journal WHERE event_type = 'RING'").get()).toEqual({ n: 1 });
    expect(store.query("SELECT COUNT(*) AS n FROM timers").get()).toEqual({ n: 0 });
    store.close();
  });

  test("fires in order with a manual clock, and a re-armed key replaces the old one", async () => {
    const clock = new ManualClock();
    const runtime = new Runtime({ db, clock, autoSchedule: false }).register(meterKind());
    await runtime.start();
    runtime.create("meter", "m1");
    await runtime.send("meter", "m1", { type: "ARM", dueAt: clock.at + 60_000 });
    await runtime.send("meter", "m1", { type: "ARM", dueAt: clock.at + 120_000 });
    clock.advance(90_000);
    await runtime.runDue();
    expect(runtime.read("meter", "m1")!.context).toMatchObject({ rings: 0 });
    expect(runtime.read("meter", "m1")!.timers).toHaveLength(1);
    clock.advance(60_000);
    await runtime.runDue();
    expect(runtime.read("meter", "m1")!.context).toMatchObject({ rings: 1 });
    expect(runtime.read("meter", "m1")!.timers).toHaveLength(0);
    await runtime.stop();
  });

  test("fires on its own with the system clock", async () => {
    const runtime = new Runtime({ db }).register(meterKind());
    await runtime.start();
    runtime.create("meter", "m1");
    await runtime.send("meter", "m1", { type: "ARM", dueAt: Date.now() + 50 });
    await Bun.sleep(250);
    expect(runtime.read("meter", "m1")!.context).toMatchObject({ rings: 1 });
    await runtime.stop();
  });
});

describe("an effect", () => {
  test("whose process dies after the remote call runs again after the restart, leaving one outcome", async () => {
    const remote = startRemote();
    const dbPath = join(dir, "effect.sqlite");
    const first = spawnChild([CHILD, dbPath, "fetch", remote.url]);
    await first.waitFor((l) => l.dying);
    await first.proc.exited;
    expect(remote.calls).toBe(1);

    const second = spawnChild([CHILD, dbPath, "serve", remote.url]);
    const report = await second.waitFor((l) => l.idle);
    await second.kill();
    remote.stop();

    expect(remote.calls).toBe(2);
    expect(remote.records.size).toBe(1);
    expect(report.actor.context.remoteId).toBe(1);
    const store = openDatabase(dbPath);
    expect(store.query("SELECT COUNT(*) AS n FROM journal WHERE event_type = 'FETCHED'").get()).toEqual({ n: 1 });
    expect(store.query("SELECT COUNT(*) AS n FROM outbox").get()).toEqual({ n: 0 });
    store.close();
  });

  test("retries a transient failure with backoff and reports the final failure as an event", async () => {
    const remote = startRemote();
    const clock = new ManualClock();
    const runtime = new Runtime({ db, clock, autoSchedule: false }).register(meterKind({ remoteUrl: remote.url }));
    await runtime.start();
    runtime.create("meter", "m1");
    await runtime.send("meter", "m1", { type: "FETCH", name: "flaky" });
    await runtime.idle();
    expect(remote.calls).toBe(1);
    expect(runtime.read("meter", "m1")!.context).toMatchObject({ failure: null });
    for (let i = 0; i < 5; i++) {
      clock.advance(5000);
      await runtime.runDue();
      await runtime.idle();
    }
    expect(remote.calls).toBe(3);
    expect(runtime.read("meter", "m1")!.context).toMatchObject({ failure: "fetchRemote: remote said 503" });
    remote.stop();
    await runtime.stop();
  });

  test("a permanent failure is final at once", async () => {
    const remote = startRemote();
    const runtime = new Runtime({ db }).register(meterKind({ remoteUrl: remote.url }));
    await runtime.start();
    runtime.create("meter", "m1");
    await runtime.send("meter", "m1", { type: "FETCH", name: "refuse" });
    await runtime.idle();
    expect(remote.calls).toBe(1);
    expect((runtime.read("meter", "m1")!.context as { failure: string }).failure).toContain("remote refused: no such thing");
    remote.stop();
    await runtime.stop();
  });
});

describe("sending events", () => {
  test("the same dedupe key sent twice is applied once", async () => {
    const runtime = new Runtime({ db }).register(meterKind());
    await runtime.start();
    runtime.create("meter", "m1");
    const first = await runtime.send("meter", "m1", { type: "USE", bytes: 10 }, { dedupeKey: "tg:1001" });
    const second = await runtime.send("meter", "m1", { type: "USE", bytes: 10 }, { dedupeKey: "tg:1001" });
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(runtime.read("meter", "m1")!.context).toMatchObject({ used: 10 });
    expect(journalCount("USE")).toBe(1);
    await runtime.stop();
  });

  test("1,000 concurrent sends to one actor are all applied, in order", async () => {
    const runtime = new Runtime({ db }).register(meterKind());
    await runtime.start();
    runtime.create("meter", "m1", { limit: 1e12 });
    await Promise.all(Array.from({ length: 1000 }, (_, seq) => runtime.send("meter", "m1", { type: "USE", bytes: 1, seq })));
    const context = runtime.read("meter", "m1")!.context as { used: number; seqs: number[] };
    expect(context.used).toBe(1000);
    expect(context.seqs).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(journalCount("USE")).toBe(1000);
    await runtime.stop();
  });

  test("an event the state does not handle changes nothing and writes no journal row", async () => {
    const runtime = new Runtime({ db }).register(meterKind());
    runtime.create("meter", "m1");
    const result = await runtime.send("meter", "m1", { type: "RESUME" });
    expect(result).toMatchObject({ changed: false, state: "active" });
    expect(journalCount("RESUME")).toBe(0);
  });

  test("a writer that refuses rolls the whole event back", async () => {
    const runtime = new Runtime({ db }).register(meterKind());
    runtime.create("meter", "m1");
    await runtime.send("meter", "m1", { type: "CHARGE", amount: 100 });
    await expect(runtime.send("meter", "m1", { type: "CHARGE", amount: -150 })).rejects.toMatchObject({ kind: "rejected" });
    expect(db.query("SELECT SUM(amount) AS total FROM test_wallet").get()).toEqual({ total: 100 });
    expect(journalCount("CHARGE")).toBe(1);
  });

  test("a throwing action is journalled as an error and leaves the actor as it was", async () => {
    const runtime = new Runtime({ db }).register(meterKind());
    runtime.create("meter", "m1");
    await runtime.send("meter", "m1", { type: "USE", bytes: 5 });
    await expect(runtime.send("meter", "m1", { type: "BOOM" })).rejects.toMatchObject({ kind: "actor-error" });
    expect(runtime.journal("meter", "m1")[0]).toMatchObject({ eventType: "BOOM", error: "a bug in an action" });
    expect((await runtime.send("meter", "m1", { type: "USE", bytes: 5 })).context.used).toBe(10);
  });

  test("an unknown actor is a not-found error", async () => {
    const runtime = new Runtime({ db }).register(meterKind());
    await expect(runtime.send("meter", "nobody", { type: "USE", bytes: 1 })).rejects.toMatchObject({ kind: "not-found" });
  });
});

describe("restore", () => {
  test("a snapshot naming a state that no longer exists is quarantined; other actors keep working", async () => {
    const runtime = new Runtime({ db }).register(meterKind());
    runtime.create("meter", "good");
    runtime.create("meter", "bad");
    db.query("UPDATE actors SET snapshot = ?, state = 'retired_long_ago' WHERE id = 'bad'").run(
      JSON.stringify({ value: "retired_long_ago", context: { used: 0 } }),
    );
    runtime.passivateAll();
    const error = await runtime.send("meter", "bad", { type: "USE", bytes: 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(ActorError);
    expect(error.kind).toBe("quarantined");
    expect(runtime.read("meter", "bad")!.quarantineReason).toContain("retired_long_ago");
    expect(runtime.list("meter", { quarantined: true }).items.map((i) => i.id)).toEqual(["bad"]);
    expect((await runtime.send("meter", "good", { type: "USE", bytes: 1 })).context.used).toBe(1);
  });

  test("an older machine version without a migration is quarantined, with one it is migrated", async () => {
    db.query(
      "INSERT INTO actors (kind, id, state, snapshot, machine_version, created_at, updated_at) VALUES ('meter', 'old', 'active', ?, 0, 0, 0)",
    ).run(JSON.stringify({ value: "active", context: { usage: 7 } }));
    const strict = new Runtime({ db }).register(meterKind());
    await expect(strict.send("meter", "old", { type: "USE", bytes: 1 })).rejects.toMatchObject({ kind: "quarantined" });

    db.query("UPDATE actors SET quarantine_reason = NULL WHERE id = 'old'").run();
    const kind = meterKind();
    kind.migrate = (snapshot) => {
      const old = snapshot.context as { usage: number };
      return { value: snapshot.value, context: { used: old.usage, limit: 1000, rings: 0, seqs: [], remoteId: null, failure: null } };
    };
    const migrating = new Runtime({ db }).register(kind);
    expect((await migrating.send("meter", "old", { type: "USE", bytes: 1 })).context.used).toBe(8);
  });
});

describe("activation and read models", () => {
  test("idle actors are passivated past the cache size and restored on the next event", async () => {
    const runtime = new Runtime({ db, cacheSize: 10 }).register(meterKind());
    for (let i = 0; i < 100; i++) runtime.create("meter", `m${i}`);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 100; i++) await runtime.send("meter", `m${i}`, { type: "USE", bytes: 1 });
    }
    expect(runtime.activeCount).toBeLessThanOrEqual(10);
    expect(runtime.read("meter", "m42")!.context).toMatchObject({ used: 3 });
  });

  test("a kind's projection is written in the event's transaction", async () => {
    const runtime = new Runtime({ db }).register(meterKind());
    runtime.create("meter", "m1", { limit: 10 });
    await runtime.send("meter", "m1", { type: "USE", bytes: 11 });
    expect(db.query("SELECT * FROM test_meter_view").all()).toEqual([{ id: "m1", state: "limited", used: 11 }]);
  });

  test("list pages by id and filters by state", async () => {
    const runtime = new Runtime({ db }).register(meterKind());
    for (let i = 0; i < 25; i++) runtime.create("meter", `m${String(i).padStart(2, "0")}`);
    await runtime.send("meter", "m03", { type: "SUSPEND" });
    const first = runtime.list("meter", { limit: 10 });
    expect(first.items).toHaveLength(10);
    const second = runtime.list("meter", { limit: 10, cursor: first.nextCursor! });
    expect(second.items[0]!.id).toBe("m10");
    expect(runtime.list("meter", { state: "suspended" }).items.map((i) => i.id)).toEqual(["m03"]);
  });
});

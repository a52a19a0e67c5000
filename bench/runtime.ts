/**
 * The runtime benchmark (issue 2): 100,000 persisted subscription-like actors, subkeeper's runtime against a naive
 * baseline in the same run. The baseline is what one writes first with xstate: at boot every actor is created in
 * memory with `createActor`, restored from its persisted snapshot; each event is `actor.send`, then the persisted
 * snapshot and a journal row are written with one commit per event. Both use the same store, pragmas and machine.
 *
 * Each side runs in its own child process (this file, with a mode argument), so boot time and peak RSS are not
 * polluted by the seeding or by the other side. A child boots and times its first event, sends one event to every
 * actor and reads its peak RSS, then drives 2,000 warm actors with 64 concurrent senders for three rounds while a
 * probe times single events. Both sides are driven the same way; subkeeper's journal is counted at the end.
 *
 *   bun bench/runtime.ts child <subkeeper|baseline> <store path>
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createActor, type AnyActorRef } from "xstate";
import { openDatabase } from "../src/store/db.ts";
import { startCheckpointer } from "../src/store/checkpointer.ts";
import { createLogger } from "../src/log.ts";
import { Runtime } from "../actors/runtime.ts";
import { meterMachine } from "../test/actors/fixtures/meter-machine.ts";
import { sig, type Figure } from "./index.ts";

const ACTORS = 100_000;
const KIND = "meter";
/** Active actors the warm load cycles through (all held in the runtime's default cache of 5,000). */
const WARM = 2_000;
/** Senders with one event in flight each, like concurrent requests; each yields to the event loop between events. */
const SENDERS = 64;
/** The warm load runs `ROUNDS` rounds back to back; the figure is their total, each round is shown on stderr. */
const ROUNDS = 3;
const LOAD_MS = 1_500;
/** One probe event every this many ms while the load runs. */
const PROBE_EVERY_MS = 2;
const USE = { type: "USE", bytes: 1_000 } as const;

type Side = "subkeeper" | "baseline";

interface ChildReport {
  coldBootS: number;
  peakRssMb: number;
  /** Events to actors not touched since boot: subkeeper loads each from its row, the baseline has them all in memory. */
  coldEventsPerS: number;
  eventsPerS: number;
  events: number;
  p50Ms: number;
  p99Ms: number;
  probes: number;
}

/** Sends one event durably; resolves once it is committed. */
type Send = (id: string, event: { type: string; [k: string]: unknown }) => Promise<unknown>;

const idOf = (i: number) => `sub-${String(i).padStart(6, "0")}`;

/** Every twentieth actor is suspended, limited or expired; the rest are active with some usage. */
function stateOf(i: number): "active" | "limited" | "suspended" | "expired" {
  return (["suspended", "limited", "expired"] as const)[i % 20] ?? "active";
}

/** Writes `ACTORS` snapshot rows (and one expiry timer each) in one transaction, snapshot JSON written directly. */
function seed(path: string): void {
  const db = openDatabase(path);
  const now = Date.now();
  const actor = db.prepare(
    "INSERT INTO actors (kind, id, state, snapshot, machine_version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
  );
  const timer = db.prepare("INSERT INTO timers (kind, id, key, due_at, event) VALUES (?, ?, 'expiry', ?, '{\"type\":\"SUSPEND\"}')");
  const limit = 50_000_000_000;
  db.transaction(() => {
    for (let i = 0; i < ACTORS; i++) {
      const state = stateOf(i);
      const used = state === "limited" ? limit + 1 : (i * 7_919_993) % 20_000_000_000;
      const snapshot = `{"value":"${state}","context":{"used":${used},"limit":${limit},"rings":0,"seqs":[],"remoteId":null,"failure":null}}`;
      actor.run(KIND, idOf(i), state, snapshot, now, now);
      timer.run(KIND, idOf(i), now + 30 * 86_400_000 + i * 1_000);
    }
  })();
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
}

/** Boots subkeeper's runtime: open the store, construct, register, start. */
async function bootSubkeeper(path: string): Promise<{ send: Send; close(): Promise<void>; check(expected: number): void }> {
  const db = openDatabase(path);
  // As `serve` runs it: checkpoints on a worker thread, not in the commits of the event loop.
  const checkpoints = startCheckpointer(db, path);
  const runtime = new Runtime({ db, log: createLogger({ level: "warn", sink: process.stderr }) });
  runtime.register({ kind: KIND, machine: meterMachine, version: 1 });
  await runtime.start();
  return {
    send: (id, event) => runtime.send(KIND, id, event),
    check(expected) {
      const { n } = db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM journal WHERE event_type = 'USE'").get()!;
      if (n !== expected) throw new Error(`subkeeper journalled ${n} USE events, expected ${expected}`);
    },
    async close() {
      await runtime.stop();
      await checkpoints.stop();
      db.close();
    },
  };
}

/** Boots the naive baseline: every actor created and started in memory from its row. */
async function bootBaseline(path: string): Promise<{ send: Send; close(): Promise<void>; check(expected: number): void }> {
  const db = openDatabase(path);
  const actors = new Map<string, AnyActorRef>();
  for (const row of db.query<{ id: string; snapshot: string }, [string]>("SELECT id, snapshot FROM actors WHERE kind = ?").all(KIND)) {
    const stored = JSON.parse(row.snapshot) as object;
    const snapshot = { ...stored, status: "active", children: {}, historyValue: {} };
    actors.set(row.id, createActor(meterMachine, { snapshot: snapshot as never, input: undefined }).start());
  }
  const update = db.prepare("UPDATE actors SET state = ?, snapshot = ?, updated_at = ? WHERE kind = ? AND id = ?");
  const journal = db.prepare(
    "INSERT INTO journal (kind, id, from_state, event_type, to_state, event, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const commit = db.transaction((id: string, from: string, to: string, snapshot: string, type: string, event: string, at: number) => {
    update.run(to, snapshot, at, KIND, id);
    journal.run(KIND, id, from, type, to, event, at);
  });
  return {
    async send(id, event) {
      const actor = actors.get(id);
      if (!actor) throw new Error(`${id} does not exist`);
      const at = Date.now();
      const stamped = { ...event, at };
      const from = String(actor.getSnapshot().value);
      actor.send(stamped);
      const next = actor.getSnapshot();
      commit(id, from, String(next.value), JSON.stringify(actor.getPersistedSnapshot()), event.type, JSON.stringify(stamped), at);
    },
    check() {},
    async close() {
      for (const actor of actors.values()) actor.stop();
      db.close();
    },
  };
}

/** The peak resident set of this process so far, in MB (VmHWM on Linux). */
function peakRssMb(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]) / 1024;
  } catch {}
  return process.memoryUsage().rss / 1024 / 1024;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * `SENDERS` senders send USE to `ids`, each awaiting its event's commit and then yielding to the event loop (as
 * requests arriving on sockets would): every id once, or round and round for `LOAD_MS` when `probeId` is given, while
 * a probe sends one event to `probeId` every `PROBE_EVERY_MS` and times it from call to commit.
 */
async function drive(send: Send, ids: string[], probeId?: string): Promise<{ events: number; seconds: number; latencies: number[] }> {
  let next = 0;
  let events = 0;
  const latencies: number[] = [];
  const probe = probeId
    ? setInterval(() => {
        const sent = performance.now();
        void send(probeId, USE).then(() => latencies.push(performance.now() - sent));
      }, PROBE_EVERY_MS)
    : undefined;
  const started = performance.now();
  const more = probeId ? () => performance.now() < started + LOAD_MS : () => next < ids.length;
  const sender = async () => {
    while (more()) {
      await send(ids[next++ % ids.length]!, USE);
      events++;
      await nextTick();
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(probe);
  await Bun.sleep(PROBE_EVERY_MS * 2);
  return { events, seconds, latencies };
}

/** One side, in a fresh process. */
async function child(side: Side, path: string): Promise<ChildReport> {
  const say = (what: string) => console.error(`[${side}] ${what}`);
  const t0 = performance.now();
  const system = side === "subkeeper" ? await bootSubkeeper(path) : await bootBaseline(path);
  await system.send(idOf(ACTORS / 2 + 3), USE);
  const coldBootS = (performance.now() - t0) / 1000;
  say(`accepted its first event after ${coldBootS.toFixed(3)} s`);

  const all = Array.from({ length: ACTORS }, (_, i) => idOf(i));
  const pass = await drive(system.send, all);
  const peak = peakRssMb();
  say(`every actor got an event in ${pass.seconds.toFixed(2)} s; peak RSS ${peak.toFixed(0)} MB`);

  const warm: string[] = [];
  for (let i = ACTORS - 1; warm.length < WARM; i--) if (stateOf(i) === "active") warm.push(idOf(i));
  const probeId = warm.pop()!;
  await Promise.all(warm.map((id) => system.send(id, USE)));
  const total = { events: 0, seconds: 0 };
  let sent = 0;
  const latencies: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const cpu = process.cpuUsage();
    const load = await drive(system.send, warm, probeId);
    const { user, system: sys } = process.cpuUsage(cpu);
    const share = (user + sys) / 1e6 / load.seconds;
    say(`round ${round}: ${load.events} events to warm actors in ${load.seconds.toFixed(2)} s (${(share * 100).toFixed(0)}% of a core)`);
    total.events += load.events;
    total.seconds += load.seconds;
    sent += load.events + load.latencies.length;
    latencies.push(...load.latencies);
  }

  // Every USE to an active actor changes it and is journalled once (the first event went to an active actor).
  const active = all.filter((_, i) => stateOf(i) === "active").length;
  system.check(1 + active + warm.length + sent);
  await system.close();
  latencies.sort((a, b) => a - b);
  return {
    coldBootS,
    peakRssMb: peak,
    coldEventsPerS: pass.events / pass.seconds,
    eventsPerS: total.events / total.seconds,
    events: total.events,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    probes: latencies.length,
  };
}

async function runChild(side: Side, path: string): Promise<ChildReport> {
  const proc = Bun.spawn([process.execPath, import.meta.path, "child", side, path], {
    stdout: "pipe",
    stderr: "inherit",
    env: { ...process.env, LOG_LEVEL: "silent" },
  });
  const out = await new Response(proc.stdout).text();
  if ((await proc.exited) !== 0) throw new Error(`${side} child exited with ${proc.exitCode}`);
  return JSON.parse(out.trim().split("\n").pop()!) as ChildReport;
}

export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), "sk-bench-runtime-"));
  try {
    const seeded = join(dir, "seed.sqlite");
    const seedStart = performance.now();
    seed(seeded);
    console.error(`[bench] seeded ${ACTORS} actors in ${((performance.now() - seedStart) / 1000).toFixed(2)} s`);
    const copies = { subkeeper: join(dir, "subkeeper.sqlite"), baseline: join(dir, "baseline.sqlite") };
    copyFileSync(seeded, copies.subkeeper);
    copyFileSync(seeded, copies.baseline);

    const ours = await runChild("subkeeper", copies.subkeeper);
    const naive = await runChild("baseline", copies.baseline);
    return [
      { metric: "cold_boot_s", value: sig(ours.coldBootS), baseline: sig(naive.coldBootS), ratio: sig(naive.coldBootS / ours.coldBootS), unit: "s", n: ACTORS },
      { metric: "warm_events_per_s", value: sig(ours.eventsPerS), baseline: sig(naive.eventsPerS), ratio: sig(ours.eventsPerS / naive.eventsPerS), unit: "events/s", n: ours.events },
      { metric: "cold_actor_events_per_s", value: sig(ours.coldEventsPerS), baseline: sig(naive.coldEventsPerS), ratio: sig(ours.coldEventsPerS / naive.coldEventsPerS), unit: "events/s", n: ACTORS },
      { metric: "peak_rss_mb", value: sig(ours.peakRssMb), baseline: sig(naive.peakRssMb), ratio: sig(naive.peakRssMb / ours.peakRssMb), unit: "MB", n: ACTORS },
      { metric: "event_latency_p50_ms", value: sig(ours.p50Ms), unit: "ms", n: ours.probes },
      { metric: "event_latency_p99_ms", value: sig(ours.p99Ms), unit: "ms", n: ours.probes },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const [mode, side, path] = process.argv.slice(2);
  if (mode !== "child" || (side !== "subkeeper" && side !== "baseline") || !path) {
    console.error("usage: bun bench/runtime.ts child <subkeeper|baseline> <store path>   (or: npm run bench -- runtime)");
    process.exit(2);
  }
  console.log(JSON.stringify(await child(side, path)));
}

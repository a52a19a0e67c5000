/**
 * The usage sync benchmark (issue 3, issue 13): 100,000 subscriptions spread over 10 simulated panels of 10,000
 * clients each; one sync of every server through the server actors, against a naive baseline in the same run. Two
 * runs: ten S-UI panels, then a mixed run over every panel family with a driver and a simulator in this build
 * (bench/panels.ts deals the kinds out in turn), followed by each driver's cost of listing 10,000 clients.
 *
 * Each panel is a simulator in its own child process (a panel is another machine: its work is not ours to time on
 * our thread), seeded with its clients directly. Every subscription has had traffic since the last sync; 1 % crossed
 * 80 % of their volume and 0.2 % crossed 95 %: those are the actors that must hear of it.
 *
 *  - subkeeper: SYNC_NOW to the 10 server actors; each one's effect reads its panel's clients in one request (one
 *    per page where the panel pages), writes the counters in one transaction and sends USAGE to the subscriptions
 *    that crossed a threshold. Timed until the runtime is idle (every USAGE applied, every resulting notice sent).
 *  - baseline: the same listing per panel, then for every subscription a USAGE event through the subscription
 *    machine (`runtime.send`, awaited one by one) and one write of its counter in its own transaction.
 *
 * Each side runs in a fresh process on its own copy of the same store (100,000 subscription actors and read-model
 * rows), boots, lets its server actors probe once (and log in, where the panel wants a login), and only then is
 * timed. Panel request counts are reset between the warm-up and the timed sync, so they show what the sync alone
 * asked for. BENCH_SYNC_ONLY=s-ui or =mixed runs one of the two.
 *
 *   bun bench/sync.ts panel <index> <clients> [kind]     (a child: one simulator; commands on stdin)
 *   bun bench/sync.ts side <subkeeper|baseline> <store>   (a child: one side; waits for "go" on stdin)
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Database } from "../src/store/db.ts";
import { createLogger, setLogger } from "../src/log.ts";
import { Runtime } from "../actors/runtime.ts";
import { openTokenBox, type TokenBox } from "../src/panels/token-box.ts";
import { PanelRegistry } from "../src/servers/registry.ts";
import { insertServer } from "../src/store/servers.ts";
import { serverKind } from "../src/kinds/server-kind.ts";
import { subscriptionKind } from "../src/kinds/subscription-kind.ts";
import type { Notices } from "../src/kinds/notices.ts";
import type { ServerContext } from "../machines/server.ts";
import type { SubscriptionContext } from "../machines/subscription.ts";
import { panelKind, supportedPanelKinds } from "../src/panels/kinds.ts";
import { mixedKinds, startBenchPanel, type BenchPanelInfo } from "./panels.ts";
import { sig, type Figure } from "./index.ts";
import { LineProcess } from "./line-process.ts";

const PANELS = 10;
const PER_PANEL = 10_000;
const TOTAL = PANELS * PER_PANEL;
const GB = 1024 ** 3;
const VOLUME = 50 * GB;
const MINUTE = 60_000;
const TOKEN_KEY = "a benchmark key that is long enough";

const serverIdOf = (p: number) => `bench-${p}`;
const subIdOf = (p: number, i: number) => `p${p}-${String(i).padStart(5, "0")}`;
const clientNameOf = (p: number, i: number) => `sk-${subIdOf(p, i)}`;

/** The counters of subscription i: at the last sync (`before`, with the level acted on) and on the panel now. */
function usageOf(i: number): { before: number; now: number; level: number } {
  if (i % 100 === 7) return { before: 39 * GB, now: 41 * GB, level: 0 }; // crosses 80 %
  if (i % 500 === 13) return { before: 46 * GB, now: 48 * GB, level: 80 }; // crosses 95 %
  const before = (i * 7_919) % (30 * GB);
  return { before, now: before + 1_000_000 + (i % 997) * 10_000, level: 0 };
}

/** Subscriptions per panel that crossed a threshold: the ones whose actor must hear of this sync. */
const CROSSING_PER_PANEL = PER_PANEL / 100 + PER_PANEL / 500;

const print = (line: object) => console.log(JSON.stringify(line));

/** A child: one simulated panel of `kind` with its clients. */
async function panelChild(index: number, clients: number, kind: string): Promise<void> {
  const seeds = Array.from({ length: clients }, (_, i) => ({ name: clientNameOf(index, i), usedBytes: usageOf(i).now, volumeBytes: VOLUME }));
  const panel = await startBenchPanel(kind, seeds);
  print({ ready: true, info: panel.info });
  for await (const line of console) {
    const command = line.trim();
    if (command === "counts") print({ counts: panel.counts() });
    else if (command === "reset") {
      panel.resetCounts();
      print({ reset: true });
    } else if (command === "exit") break;
  }
  await panel.stop();
}

// ---------------------------------------------------------------------------------------------------------------
// The store both sides start from.

const silentNotices: Notices = { customer: async () => {}, admins: async () => {} };

function seedStore(path: string, panels: { info: BenchPanelInfo; sealed: string }[], now: number): void {
  const db = openDatabase(path);
  const sub = db.prepare(
    `INSERT INTO subscriptions (id, customer_id, plan_id, token, client_name, server_id, panel_client_id, state, volume_bytes,
       usage_base, used_bytes, usage_level, expires_at, title, created_at, updated_at)
     VALUES (?, ?, 1, ?, ?, ?, ?, 'active', ?, 0, ?, ?, ?, 'Plan', ?, ?)`,
  );
  const actor = db.prepare(
    "INSERT INTO actors (kind, id, state, snapshot, machine_version, created_at, updated_at) VALUES ('subscription', ?, 'active', ?, 1, ?, ?)",
  );
  const expiresAt = now + 30 * 86_400_000;
  db.transaction(() => {
    panels.forEach((panel, p) => {
      const { info } = panel;
      insertServer(
        db,
        {
          id: serverIdOf(p), name: `panel ${p}`, panelKind: info.kind, panelUrl: info.url, apiTokenSealed: panel.sealed,
          panelUsername: info.auth.type === "login" ? info.auth.username : null, subUrl: info.subUrl, inboundIds: info.inboundIds,
          capacity: 0, serverGroup: "default",
        },
        now,
      );
      for (let i = 0; i < PER_PANEL; i++) {
        const id = subIdOf(p, i);
        const customerId = p * PER_PANEL + i + 1;
        const { before, level } = usageOf(i);
        sub.run(id, customerId, `tok-${id}`, clientNameOf(p, i), serverIdOf(p), panel.info.keys[i]!, VOLUME, before, level, expiresAt, now, now);
        const context: SubscriptionContext = {
          subscriptionId: id, customerId, orderId: `o-${id}`, planId: 1, title: "Plan", token: `tok-${id}`,
          clientName: clientNameOf(p, i), serverGroup: "default", trafficBytes: VOLUME, days: 30, policy: "reset", credentials: {},
          serverId: serverIdOf(p), panelClientId: panel.info.keys[i]!, volumeBytes: VOLUME, usageBase: 0, usedBytes: before, expiresAt,
          period: 0, trafficPeriod: 0, notifiedLevel: level, attempts: 1, excludedServers: [], lastError: null, panelRetries: 0,
          ordersToReport: [], moveTo: null,
        };
        actor.run(id, JSON.stringify({ value: "active", context }), now, now);
      }
    });
  })();
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
}

// ---------------------------------------------------------------------------------------------------------------
// One side, in its own process.

interface Booted {
  db: Database;
  runtime: Runtime;
  panels: PanelRegistry;
  /** Resolves once `n` server actors have applied SYNCED since the call. */
  synced(n: number): Promise<void>;
}

async function boot(path: string): Promise<Booted> {
  const tokens = await openTokenBox(TOKEN_KEY);
  const db = openDatabase(path);
  const panels = new PanelRegistry(db, tokens, { timeoutMs: 30_000 });
  let waiting: { left: number; resolve: () => void } | null = null;
  const observer = {
    onTransition(kind: string, _from: string | null, _to: string, eventType: string) {
      if (kind !== "server" || eventType !== "SYNCED" || !waiting) return;
      if (--waiting.left === 0) waiting.resolve();
    },
  };
  const synced = (n: number) => new Promise<void>((resolve) => (waiting = { left: n, resolve }));
  const runtime = new Runtime({ db, log: createLogger({ level: "warn", sink: process.stderr }), autoSchedule: false, observer });
  runtime.register(serverKind({ db, panels, notices: silentNotices, runtime: () => runtime }));
  runtime.register(subscriptionKind({ db, panels, notices: silentNotices, runtime: () => runtime }));
  await runtime.start();
  // The server actors exist and have probed once (their drivers are built) before anything is timed.
  for (let p = 0; p < PANELS; p++) {
    runtime.create("server", serverIdOf(p), { serverId: serverIdOf(p), name: `panel ${p}`, healthIntervalMs: MINUTE, syncIntervalMs: 60 * MINUTE, at: Date.now() });
  }
  await runtime.idle();
  return { db, runtime, panels, synced };
}

/**
 * subkeeper: one SYNC_NOW per server actor. Timed until every server actor has its SYNCED (every counter written,
 * every USAGE applied) and, separately, until the runtime is idle (the notices those USAGE events caused are sent).
 */
async function syncWithActors({ runtime, synced }: Booted): Promise<{ seconds: number; settledSeconds: number; rowsUpdated: number; slowestServerMs: number }> {
  const started = performance.now();
  const allSynced = synced(PANELS);
  await Promise.all(Array.from({ length: PANELS }, (_, p) => runtime.send("server", serverIdOf(p), { type: "SYNC_NOW" })));
  await allSynced;
  const seconds = (performance.now() - started) / 1000;
  await runtime.idle();
  const settledSeconds = (performance.now() - started) / 1000;
  const stats = Array.from({ length: PANELS }, (_, p) => (runtime.read("server", serverIdOf(p))!.context as ServerContext).lastSyncStats);
  return {
    seconds,
    settledSeconds,
    rowsUpdated: stats.reduce((sum, s) => sum + (s?.rowsUpdated ?? 0), 0),
    slowestServerMs: Math.max(...stats.map((s) => s?.durationMs ?? Number.NaN)),
  };
}

/** The baseline: one listing per panel, then one event and one write per subscription. */
async function syncNaively({ db, runtime, panels }: Booted): Promise<{ seconds: number; rowsUpdated: number }> {
  const write = db.prepare("UPDATE subscriptions SET used_bytes = ? WHERE id = ?");
  const started = performance.now();
  let rowsUpdated = 0;
  for (let p = 0; p < PANELS; p++) {
    const clients = await (await panels.driverFor(serverIdOf(p))).listClients();
    const used = new Map(clients.map((c) => [c.name, c.upBytes + c.downBytes]));
    const rows = db.query<{ id: string; client_name: string }, [string]>("SELECT id, client_name FROM subscriptions WHERE server_id = ?").all(serverIdOf(p));
    for (const row of rows) {
      const usedBytes = used.get(row.client_name);
      if (usedBytes === undefined) continue;
      await runtime.send("subscription", row.id, { type: "USAGE", usedBytes });
      write.run(usedBytes, row.id);
      rowsUpdated++;
    }
  }
  await runtime.idle();
  return { seconds: (performance.now() - started) / 1000, rowsUpdated };
}

interface SideReport {
  seconds: number;
  /** subkeeper only: until the notices caused by the sync are sent too. */
  settledSeconds?: number;
  rowsUpdated: number;
  events: number;
  /** CPU time (user + system) this process spent on the sync: less sensitive to a busy machine than the wall time. */
  cpuSeconds: number;
  slowestServerMs?: number;
}

async function sideChild(which: "subkeeper" | "baseline", path: string): Promise<void> {
  const booted = await boot(path);
  print({ warm: true });
  for await (const line of console) if (line.trim() === "go") break;
  const cpu = process.cpuUsage();
  const result = which === "subkeeper" ? await syncWithActors(booted) : await syncNaively(booted);
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const events = booted.db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM journal WHERE event_type = 'USAGE'").get()!.n;
  await booted.runtime.stop();
  booted.db.close();
  print({ report: { ...result, events, cpuSeconds } satisfies SideReport });
}

// ---------------------------------------------------------------------------------------------------------------

const say = (what: string) => console.error(`[sync] ${what}`);

/** Runs one side: boots it, clears the panels' counts once it is warm, times its sync, and reads the counts. */
async function runSide(which: "subkeeper" | "baseline", path: string, panels: LineProcess[]): Promise<SideReport & { counts: Record<string, number>[] }> {
  const child = LineProcess.spawn(import.meta.path, ["side", which, path]);
  try {
    await child.next("warm");
    await Promise.all(panels.map((panel) => panel.ask("reset", "reset")));
    child.tell("go");
    const { report } = (await child.next("report")) as { report: SideReport };
    const counts = await Promise.all(panels.map(async (panel) => (await panel.ask("counts", "counts")).counts as Record<string, number>));
    return { ...report, counts };
  } finally {
    await child.exit().catch(() => child.proc.kill());
  }
}

/** Requests a panel received; S-UI's write sub-keys (`save:clients:edit`) are left out since `save` counts them. */
const requestsOf = (counts: Record<string, number>) => Object.entries(counts).reduce((sum, [action, n]) => (action.startsWith("save:") ? sum : sum + n), 0);

/**
 * One sync of 100,000 subscriptions over ten panels of the given kinds, subkeeper against the baseline. Figures are
 * named with `prefix` (`` for the S-UI run, `mixed_` for the one over every family).
 */
async function scenario(prefix: string, kinds: string[], dir: string): Promise<{ figures: Figure[]; panels: LineProcess[]; infos: BenchPanelInfo[] }> {
  const panels = kinds.map((kind, p) => LineProcess.spawn(import.meta.path, ["panel", String(p), String(PER_PANEL), kind]));
  const t0 = performance.now();
  const infos = (await Promise.all(panels.map((panel) => panel.next("ready")))).map((r) => r.info as BenchPanelInfo);
  say(`${prefix || "s-ui "}panels ${kinds.join(", ")} of ${PER_PANEL} clients up in ${((performance.now() - t0) / 1000).toFixed(2)} s`);

  const tokens = await openTokenBox(TOKEN_KEY);
  const sealed = await Promise.all(infos.map(async (info) => ({ info, sealed: await tokens.seal(info.auth.type === "token" ? info.auth.token : info.auth.password) })));
  const seeded = join(dir, `${prefix}seed.sqlite`);
  const t1 = performance.now();
  seedStore(seeded, sealed, Date.now());
  say(`seeded ${TOTAL} subscriptions (actors and read model) in ${((performance.now() - t1) / 1000).toFixed(2)} s`);
  const copies = { subkeeper: join(dir, `${prefix}subkeeper.sqlite`), baseline: join(dir, `${prefix}baseline.sqlite`) };
  copyFileSync(seeded, copies.subkeeper);
  copyFileSync(seeded, copies.baseline);

  const ours = await runSide("subkeeper", copies.subkeeper, panels);
  const perKind = (counts: Record<string, number>[]) => kinds.map((kind, p) => `${kind} ${JSON.stringify(counts[p])}`).filter((line, p) => kinds.indexOf(kinds[p]!) === p).join("; ");
  say(`subkeeper: ${ours.seconds.toFixed(3)} s (${ours.settledSeconds?.toFixed(3)} s with its notices; ${ours.cpuSeconds.toFixed(3)} s CPU); ${ours.rowsUpdated} rows, ${ours.events} USAGE events; slowest server ${ours.slowestServerMs} ms; requests per panel: ${perKind(ours.counts)}`);
  if (ours.events !== PANELS * CROSSING_PER_PANEL) throw new Error(`expected ${PANELS * CROSSING_PER_PANEL} USAGE events, got ${ours.events}`);
  if (ours.rowsUpdated !== TOTAL) throw new Error(`expected ${TOTAL} rows updated, got ${ours.rowsUpdated}`);

  const naive = await runSide("baseline", copies.baseline, panels);
  say(`baseline: ${naive.seconds.toFixed(3)} s (${naive.cpuSeconds.toFixed(3)} s CPU); ${naive.rowsUpdated} rows, ${naive.events} USAGE events`);

  const perPanel = Math.max(...ours.counts.map(requestsOf));
  const naivePerPanel = Math.max(...naive.counts.map(requestsOf));
  const figures: Figure[] = [
    { metric: "sync_wall_s", value: sig(ours.seconds), baseline: sig(naive.seconds), ratio: sig(naive.seconds / ours.seconds), unit: "s", n: TOTAL },
    { metric: "sync_settled_wall_s", value: sig(ours.settledSeconds ?? Number.NaN), baseline: sig(naive.seconds), ratio: sig(naive.seconds / (ours.settledSeconds ?? Number.NaN)), unit: "s", n: TOTAL },
    { metric: "sync_cpu_s", value: sig(ours.cpuSeconds), baseline: sig(naive.cpuSeconds), ratio: sig(naive.cpuSeconds / ours.cpuSeconds), unit: "s", n: TOTAL },
    { metric: "requests_per_panel", value: perPanel, baseline: naivePerPanel, ratio: sig(naivePerPanel / perPanel), unit: "requests", n: PANELS },
    { metric: "usage_events", value: ours.events, baseline: naive.events, ratio: sig(naive.events / ours.events), unit: "events", n: TOTAL },
    { metric: "rows_updated", value: ours.rowsUpdated, unit: "rows", n: TOTAL },
    { metric: "slowest_server_sync_ms", value: ours.slowestServerMs ?? Number.NaN, unit: "ms", n: PER_PANEL },
  ];
  return { figures: figures.map((f) => ({ ...f, metric: prefix + f.metric })), panels, infos };
}

/**
 * What one `listClients()` of a 10,000-client panel costs each driver: the median of three, after a warm-up call
 * (which also logs in), as wall time (the panel's work included) and as this process's CPU time.
 */
async function listingCosts(kinds: string[], infos: BenchPanelInfo[]): Promise<Figure[]> {
  // The drivers log what they find (a version…) at info: stdout is for the figures.
  setLogger(createLogger({ level: "warn", sink: process.stderr }));
  const figures: Figure[] = [];
  for (const kind of new Set(kinds)) {
    const info = infos[kinds.indexOf(kind)]!;
    const driver = panelKind(kind).connect({ panelUrl: info.url, auth: info.auth, subUrl: info.subUrl, timeoutMs: 30_000 });
    await driver.listClients();
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let run = 0; run < 3; run++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const clients = await driver.listClients();
      walls.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      cpus.push((used.user + used.system) / 1000);
      if (clients.length !== PER_PANEL) throw new Error(`${kind}: listed ${clients.length} clients, expected ${PER_PANEL}`);
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    const scale = 10_000 / PER_PANEL;
    say(`listing ${PER_PANEL} ${kind} clients: ${walls.map((w) => w.toFixed(0)).join(", ")} ms wall; ${cpus.map((c) => c.toFixed(0)).join(", ")} ms CPU`);
    figures.push({ metric: `list_wall_ms_per_10k_${kind}`, value: sig(median(walls) * scale), unit: "ms", n: PER_PANEL });
    figures.push({ metric: `list_cpu_ms_per_10k_${kind}`, value: sig(median(cpus) * scale), unit: "ms", n: PER_PANEL });
  }
  return figures;
}

export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), "sk-bench-sync-"));
  const running: LineProcess[] = [];
  const stop = async () => {
    await Promise.all(running.splice(0).map((panel) => panel.exit().catch(() => panel.proc.kill())));
  };
  try {
    const only = process.env.BENCH_SYNC_ONLY;
    const figures: Figure[] = [];
    if (only !== "mixed") {
      const sui = await scenario("", Array.from({ length: PANELS }, () => "s-ui"), dir);
      running.push(...sui.panels);
      figures.push(...sui.figures);
      await stop();
    }
    if (only !== "s-ui") {
      const kinds = mixedKinds(PANELS, supportedPanelKinds());
      const mixed = await scenario("mixed_", kinds, dir);
      running.push(...mixed.panels);
      figures.push(...mixed.figures, ...(await listingCosts(kinds, mixed.infos)));
    }
    return figures;
  } finally {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const [mode, a, b] = process.argv.slice(2);
  if (mode === "panel" && a !== undefined && b !== undefined) await panelChild(Number(a), Number(b), process.argv[5] ?? "s-ui");
  else if (mode === "side" && (a === "subkeeper" || a === "baseline") && b !== undefined) await sideChild(a, b);
  else {
    console.error("usage: bun bench/sync.ts panel <index> <clients> [kind] | side <subkeeper|baseline> <store>   (or: npm run bench -- sync)");
    process.exit(2);
  }
  process.exit(0);
}

/**
 * The HTTP benchmark (issue 7): requests per second and p99 latency over loopback with 100,000 subscriptions in the
 * store, for
 *  - `GET /api/actors/subscription/:id` (random ids over all 100,000; a read of the stored snapshot and its timers,
 *    no actor woken), with the operator token;
 *  - a cached `GET /sub/:token` (a hot set of tokens a VPN app refreshes), served from the proxy's in-memory copy,
 *  - against the naive baseline measured in the same run: the same requests with the in-memory copy turned off, so
 *    every request goes to the panel (an S-UI simulator on loopback, in the server's process) and is written to
 *    subscription_cache — what a proxy without a cache does.
 * The cache keeps a panel answer for a few seconds in production (5 s); here it is set longer than the run so the
 * figure is the cached path alone. Load comes from a separate process (this file in `load` mode): N concurrent
 * keep-alive fetch loops, latencies recorded after a warm-up.
 *
 *   bun bench/http.ts load <base url> <paths file> <concurrency> <duration ms> <warm-up ms> <headers json>
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../src/store/db.ts";
import { buildCore } from "../src/core.ts";
import { RecordingNotices } from "../src/kinds/notices.ts";
import { openTokenBox } from "../src/panels/token-box.ts";
import { insertServer } from "../src/store/servers.ts";
import { createHttpApp } from "../src/http/app.ts";
import { createMetrics } from "../src/http/metrics/index.ts";
import { createLogger } from "../src/log.ts";
import { startSuiPanel } from "../test/fakes/sui-panel.ts";
import { sig, type Figure } from "./index.ts";
import { consoleSession, CONSOLE_INDEXES, seedConsole } from "./console-pages.ts";
import { copyFileSync } from "node:fs";
import { Database } from "bun:sqlite";

const SUBSCRIPTIONS = 100_000;
/** Tokens apps keep refreshing during the run (each has a client on the simulated panel). */
const HOT = 1_000;
const CONCURRENCY = 64;
const DURATION_MS = 5_000;
const WARMUP_MS = 1_000;
const TOKEN = "bench-operator-token-0123456789abcdef";
const GB = 1024 ** 3;
const APP_HEADERS = { "user-agent": "v2rayNG/1.9.5", accept: "*/*" };
/** A few operators' browsers on the console at once. */
const CONSOLE_CONCURRENCY = 4;

interface LoadReport {
  requests: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

const idOf = (i: number) => String(100_000 + i);
const tokenOf = (i: number) => `tok${String(i).padStart(19, "0")}`;

/** Writes the subscription actors (snapshot + expiry timer) and their read-model rows straight into the store. */
function seed(path: string, now: number): void {
  const db = openDatabase(path);
  const actor = db.prepare("INSERT INTO actors (kind, id, state, snapshot, machine_version, created_at, updated_at) VALUES ('subscription', ?, 'active', ?, 1, ?, ?)");
  const timer = db.prepare("INSERT INTO timers (kind, id, key, due_at, event) VALUES ('subscription', ?, 'expire', ?, ?)");
  const row = db.prepare(
    `INSERT INTO subscriptions (id, customer_id, plan_id, token, client_name, server_id, panel_client_id, state, volume_bytes,
       usage_base, used_bytes, usage_level, expires_at, title, created_at, updated_at)
     VALUES (?, ?, 1, ?, ?, 's1', ?, 'active', ?, 0, ?, 0, ?, 'Monthly 50 GB', ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      const id = idOf(i);
      const used = (i * 7_919_993) % (20 * GB);
      const expiresAt = now + 30 * 86_400_000 + i * 1000;
      const context = {
        subscriptionId: id, customerId: 1_000_000 + i, orderId: id, planId: 1, title: "Monthly 50 GB", token: tokenOf(i), clientName: `sk-${id}`,
        serverGroup: "default", trafficBytes: 50 * GB, days: 30, policy: "reset", credentials: { vless: { name: `sk-${id}`, uuid: crypto.randomUUID(), flow: "" } },
        serverId: "s1", panelClientId: i + 1, volumeBytes: 50 * GB, usageBase: 0, usedBytes: used, expiresAt, period: 0, trafficPeriod: 0, notifiedLevel: 0,
        attempts: 1, excludedServers: [], lastError: null, panelRetries: 0, ordersToReport: [], moveTo: null,
      };
      actor.run(id, JSON.stringify({ status: "active", value: "active", context, children: {}, historyValue: {} }), now, now);
      timer.run(id, expiresAt, JSON.stringify({ type: "EXPIRE", period: 0 }));
      row.run(id, 1_000_000 + i, tokenOf(i), `sk-${id}`, i + 1, 50 * GB, used, expiresAt, now, now);
    }
  })();
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.close();
}

/** Runs the load generator in its own process against `base` and returns what it measured. */
async function loadFrom(dir: string, name: string, base: string, paths: string[], headers: Record<string, string>, concurrency = CONCURRENCY): Promise<LoadReport> {
  const file = join(dir, `${name}.paths`);
  writeFileSync(file, paths.join("\n"));
  const proc = Bun.spawn(
    [process.execPath, import.meta.path, "load", base, file, String(concurrency), String(DURATION_MS), String(WARMUP_MS), JSON.stringify(headers)],
    { stdout: "pipe", stderr: "inherit" },
  );
  const out = await new Response(proc.stdout).text();
  if ((await proc.exited) !== 0) throw new Error(`load generator for ${name} failed`);
  const report = JSON.parse(out.trim().split("\n").at(-1)!) as LoadReport;
  console.error(`[bench] ${name}: ${Math.round(report.rps)} req/s, p50 ${report.p50Ms.toFixed(2)} ms, p99 ${report.p99Ms.toFixed(2)} ms, ${report.errors} errors`);
  if (report.errors > 0) throw new Error(`${name}: ${report.errors} requests failed`);
  return report;
}

export async function run(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), "sk-bench-http-"));
  const panel = await startSuiPanel();
  const servers: { stop(): unknown }[] = [];
  try {
    const now = Date.now();
    const path = join(dir, "store.sqlite");
    const seedStart = performance.now();
    seed(path, now);
    const seeding = openDatabase(path);
    seedConsole(seeding, SUBSCRIPTIONS, now);
    seeding.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    seeding.close();
    // The naive copy: the same store without the indexes the console's reads use.
    const naivePath = join(dir, "naive.sqlite");
    copyFileSync(path, naivePath);
    const naiveDb = new Database(naivePath);
    for (const index of CONSOLE_INDEXES) naiveDb.exec(`DROP INDEX ${index}`);
    naiveDb.close();
    console.error(`[bench] seeded ${SUBSCRIPTIONS} subscriptions in ${((performance.now() - seedStart) / 1000).toFixed(2)} s`);

    const db = openDatabase(path);
    const tokens = await openTokenBox("a benchmark key that is long enough");
    insertServer(db, { id: "s1", name: "s1", panelUrl: panel.url, apiTokenSealed: await tokens.seal(panel.token), subUrl: panel.subUrl, inboundIds: [1, 2], capacity: 0, serverGroup: "default" }, now);
    for (let i = 0; i < HOT; i++) panel.addClientByHand({ name: `sk-${idOf(i)}`, inbounds: [1, 2], volume: 50 * GB, expiry: Math.floor(now / 1000) + 30 * 86_400 });
    const core = buildCore({ db, tokens, notices: new RecordingNotices(), publicUrl: "https://sub.example.com", autoSchedule: false });
    const metrics = createMetrics({ db, defaultMetrics: false });
    const log = createLogger({ level: "silent" });
    const listen = (cacheMs: number) => {
      const app = createHttpApp({ core, metrics, operatorToken: TOKEN, publicUrl: "https://sub.example.com", log, subscriptionCacheMs: cacheMs }).listen({ hostname: "127.0.0.1", port: 0 });
      servers.push(app);
      return `http://127.0.0.1:${app.server!.port}`;
    };
    const cached = listen(10 * 60_000);
    const uncached = listen(0);
    const naiveCore = buildCore({ db: openDatabase(naivePath), tokens, notices: new RecordingNotices(), publicUrl: "https://sub.example.com", autoSchedule: false });
    const naiveApp = createHttpApp({ core: naiveCore, metrics, operatorToken: TOKEN, publicUrl: "https://sub.example.com", log, consoleFiguresTtlMs: 0 }).listen({ hostname: "127.0.0.1", port: 0 });
    servers.push(naiveApp);
    const naiveBase = `http://127.0.0.1:${naiveApp.server!.port}`;

    const actorPaths = Array.from({ length: 20_000 }, (_, k) => `/api/actors/subscription/${idOf((k * 7_919) % SUBSCRIPTIONS)}`);
    const subPaths = Array.from({ length: HOT }, (_, i) => `/sub/${tokenOf(i)}`);
    const sample = await fetch(`${cached}${subPaths[0]}`, { headers: APP_HEADERS });
    if (sample.status !== 200 || !sample.headers.get("subscription-userinfo")) throw new Error(`the proxy did not answer as expected: ${sample.status}`);

    const actors = await loadFrom(dir, "actor-read", cached, actorPaths, { authorization: `Bearer ${TOKEN}` });
    const hot = await loadFrom(dir, "sub-cached", cached, subPaths, APP_HEADERS);
    const naive = await loadFrom(dir, "sub-uncached", uncached, subPaths, APP_HEADERS);

    // The console: the overview, and searches by the start of a username (a list of up to 50 customers).
    const searchPaths = Array.from({ length: 2_000 }, (_, k) => `/console/customers?q=u${String((k * 7_919) % SUBSCRIPTIONS).slice(0, 4)}`);
    const consoleHeaders = { cookie: await consoleSession(cached, TOKEN), accept: "text/html" };
    const naiveHeaders = { cookie: await consoleSession(naiveBase, TOKEN), accept: "text/html" };
    const overview = await loadFrom(dir, "console-overview", cached, ["/console"], consoleHeaders, CONSOLE_CONCURRENCY);
    const overviewNaive = await loadFrom(dir, "console-overview-naive", naiveBase, ["/console"], naiveHeaders, CONSOLE_CONCURRENCY);
    const search = await loadFrom(dir, "console-search", cached, searchPaths, consoleHeaders, CONSOLE_CONCURRENCY);
    const searchNaive = await loadFrom(dir, "console-search-naive", naiveBase, searchPaths, naiveHeaders, CONSOLE_CONCURRENCY);

    return [
      { metric: "console_overview_p50_ms", value: sig(overview.p50Ms), baseline: sig(overviewNaive.p50Ms), ratio: sig(overviewNaive.p50Ms / overview.p50Ms), unit: "ms", n: overview.requests },
      { metric: "console_overview_p99_ms", value: sig(overview.p99Ms), baseline: sig(overviewNaive.p99Ms), ratio: sig(overviewNaive.p99Ms / overview.p99Ms), unit: "ms", n: overview.requests },
      { metric: "console_search_p50_ms", value: sig(search.p50Ms), baseline: sig(searchNaive.p50Ms), ratio: sig(searchNaive.p50Ms / search.p50Ms), unit: "ms", n: search.requests },
      { metric: "console_search_p99_ms", value: sig(search.p99Ms), baseline: sig(searchNaive.p99Ms), ratio: sig(searchNaive.p99Ms / search.p99Ms), unit: "ms", n: search.requests },
      { metric: "actor_read_rps", value: sig(actors.rps), unit: "req/s", n: SUBSCRIPTIONS },
      { metric: "actor_read_p99_ms", value: sig(actors.p99Ms), unit: "ms", n: actors.requests },
      { metric: "sub_cached_rps", value: sig(hot.rps), baseline: sig(naive.rps), ratio: sig(hot.rps / naive.rps), unit: "req/s", n: SUBSCRIPTIONS },
      { metric: "sub_cached_p99_ms", value: sig(hot.p99Ms), baseline: sig(naive.p99Ms), ratio: sig(naive.p99Ms / hot.p99Ms), unit: "ms", n: hot.requests },
    ];
  } finally {
    for (const server of servers) await server.stop();
    await panel.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The load generator: `concurrency` keep-alive loops, each one request in flight, for `durationMs` after a warm-up. */
async function load(base: string, pathsFile: string, concurrency: number, durationMs: number, warmupMs: number, headers: Record<string, string>): Promise<LoadReport> {
  const paths = readFileSync(pathsFile, "utf8").split("\n").filter(Boolean);
  const latencies: number[] = [];
  let errors = 0;
  const measureFrom = performance.now() + warmupMs;
  const end = measureFrom + durationMs;
  async function loop(seed: number): Promise<void> {
    let state = seed;
    while (performance.now() < end) {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      const started = performance.now();
      try {
        const response = await fetch(base + paths[state % paths.length], { headers });
        await response.arrayBuffer();
        if (response.status !== 200) errors++;
      } catch {
        errors++;
      }
      const done = performance.now();
      if (started >= measureFrom && done <= end) latencies.push(done - started);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, (_, i) => loop(i + 1)));
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, errors, rps: latencies.length / (durationMs / 1000), p50Ms: at(0.5), p99Ms: at(0.99) };
}

if (import.meta.main && process.argv[2] === "load") {
  const [, , , base, file, concurrency, duration, warmup, headers] = process.argv;
  console.log(JSON.stringify(await load(base!, file!, Number(concurrency), Number(duration), Number(warmup), JSON.parse(headers!))));
}

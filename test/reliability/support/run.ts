/**
 * One reliability run: a shop, its customers and admin, and whatever chaos the caller turns on; then the wait for
 * the shop to settle and the checks. Shared by the crash run and the faults run.
 */
import { checkShop, secretLeaks, type BroadcastExpectation, type Report } from "./invariants.ts";
import { killGaps, killLoop, panelFaultLoop, panelFaultPlan, rateLimitLoop, type KillRecord, type PanelFaultRecord, type RateLimitRecord } from "./chaos.ts";
import { seededRandom } from "./prng.ts";
import { eventually, Shop } from "./shop.ts";
import { planCustomers, pool, ScriptedAdmin, type ScriptedCustomer } from "./workload.ts";

export interface RunOptions {
  seed: number;
  customers: number;
  /** Customers in the middle of a purchase at once. */
  concurrency: number;
  kills: number;
  panelFaults?: number;
  rateLimitBursts?: number;
  /** Customers who block the bot once they have renewed. */
  blockers?: number;
  /** Text of a broadcast the admin sends half way through, from the admin bot. */
  broadcast?: string;
  /** How long the customers may take, and then how long the shop may take to settle. */
  workloadMs: number;
  settleMs: number;
}

export interface RunResult {
  report: Report;
  kills: KillRecord[];
  panelFaults: PanelFaultRecord[];
  rateLimits: RateLimitRecord[];
  customers: ScriptedCustomer[];
  retries: number;
  adminTaps: number;
  leaks: string[];
  errorLines: string[];
  durationMs: number;
  settleMs: number;
  lives: number;
  broadcast: { state: string; delivered: number; blocked: number; failed: number } | undefined;
  /** 429 answers the fake Telegram actually gave. */
  telegram429s: number;
}

const problemsIn = (report: Report) => Object.values(report.problems).reduce((n, list) => n + list.length, 0);

export async function reliabilityRun(options: RunOptions): Promise<RunResult> {
  const random = seededRandom(options.seed);
  const shop = await Shop.open();
  try {
    await shop.start();
    const startedAt = Date.now();
    const customers = planCustomers(shop, random, options.customers, { blockers: options.blockers ?? 0 });
    const stagger = customers.map(() => random.int(0, 1500));
    const gaps = killGaps(random, options.kills);
    const faultPlan = panelFaultPlan(random, options.panelFaults ?? 0);
    const admin = new ScriptedAdmin(shop);
    admin.start();

    const kills: KillRecord[] = [];
    const panelFaults: PanelFaultRecord[] = [];
    const rateLimits: RateLimitRecord[] = [];
    let workloadDone = false;
    const deadline = startedAt + options.workloadMs;
    const progress = setInterval(() => {
      const done = customers.filter((c) => c.outcome.done).length;
      console.log(`  … ${Math.round((Date.now() - startedAt) / 1000)} s: ${done}/${customers.length} customers done, ${kills.length} kills, ${panelFaults.length} panel faults, ${admin.taps} approvals tapped`);
    }, 15_000);

    const chaos: Promise<void>[] = [killLoop(shop, gaps, startedAt, kills)];
    if (faultPlan.length > 0) chaos.push(panelFaultLoop(shop, faultPlan, startedAt, panelFaults, () => workloadDone));
    if (options.rateLimitBursts) chaos.push(rateLimitLoop(shop, random, options.rateLimitBursts, startedAt, rateLimits, () => workloadDone));
    let broadcastId: string | undefined;
    let broadcastExpectation: BroadcastExpectation | undefined;
    const work = pool(customers, options.concurrency, async (customer, i) => {
      await Bun.sleep(stagger[i]!);
      await customer.run(deadline);
    });
    const broadcasting = options.broadcast
      ? (async () => {
          // Half way through: customers are registered, some buying, some about to block the bot.
          await eventually(() => customers.filter((c) => c.outcome.done).length >= customers.length / 2, options.workloadMs, 250);
          const result = await sendBroadcast(shop, options.broadcast!, deadline);
          broadcastId = result.id;
          // Who blocks the bot later may do so before their batch goes out: counted as blocked, not owed.
          const blockers = new Set(customers.filter((c) => c.outcome.blocksBot).map((c) => c.id));
          broadcastExpectation = { text: options.broadcast!, mustReach: result.mustReach.filter((id) => !blockers.has(id)) };
        })()
      : Promise.resolve();
    await work;
    workloadDone = true;
    await Promise.all([...chaos, broadcasting]);
    clearInterval(progress);
    await shop.panel.setFault(null);
    shop.tg.clearFaults();

    const settleStart = Date.now();
    const inFlightAtKill = new Set(kills.flatMap((k) => k.claimedKeys));
    const check = () => checkShop(shop, customers.map((c) => c.outcome), { inFlightAtKill, ...(broadcastExpectation ? { broadcast: broadcastExpectation } : {}) });
    await eventually(() => problemsIn(check()) === 0, options.settleMs, 1000);
    const settleMs = Date.now() - settleStart;
    await admin.stop();
    const report = check();

    let broadcast: RunResult["broadcast"];
    if (broadcastId) {
      const answer = await shop.api("GET", `/api/actors/broadcast/${broadcastId}`);
      const c = answer.json?.context ?? {};
      broadcast = { state: answer.json?.state, delivered: c.delivered, blocked: c.blocked, failed: c.failed };
    }
    // Read-only calls an operator would make at the end, so their answers are searched for secrets too.
    for (const path of ["/api/servers", `/api/servers/${shop.serverId}`, `/api/actors/server/${shop.serverId}`, "/api/actors?limit=500", "/api/stats", "/api/orders", "/api/audit?limit=500", "/metrics"]) {
      await shop.api("GET", path);
    }
    const code = await shop.app.stop();
    if (code !== 0) report.problems.cleanStop = [`the last life exited with ${code} on SIGTERM`];

    const leaks = secretLeaks(shop.secrets, [
      ...shop.app.lines.map((l) => ({ where: `log line (life ${l.life}, ${l.stream})`, text: l.text })),
      ...shop.answers.map((a) => ({ where: `HTTP answer to ${a.path}`, text: a.text })),
    ]);
    if (shop.app.crashes.length > 0) {
      report.problems.processCrashed = shop.app.crashes.map((c) => `life ${c.life} exited by itself (code ${c.code}, signal ${c.signal}); last lines:\n${c.tail}`);
    }
    const customersFailed = customers.filter((c) => !c.outcome.done);
    if (customersFailed.length > 0) report.problems.customersUnfinished = customersFailed.map((c) => `customer ${c.id}: ${c.outcome.error ?? "did not finish"}`);
    return {
      report,
      kills,
      panelFaults,
      rateLimits,
      customers,
      retries: customers.reduce((n, c) => n + c.outcome.retries, 0),
      adminTaps: admin.taps,
      leaks,
      errorLines: shop.app.errors().map((l) => `[life ${l.life}] ${l.text.slice(0, 300)}`),
      durationMs: Date.now() - startedAt,
      settleMs,
      lives: shop.app.lives,
      broadcast,
      telegram429s: shop.tg.requests().filter((r) => r.errorCode === 429).length,
    };
  } finally {
    await shop.close();
  }
}

/** The admin broadcasts `text` to all customers from the admin bot; returns its id and who had to get it. */
async function sendBroadcast(shop: Shop, text: string, deadline: number): Promise<{ id: string; mustReach: number[] }> {
  const admin = shop.admin;
  for (;;) {
    if (Date.now() > deadline) throw new Error("the broadcast could not be started before the deadline");
    await admin.send("/broadcast");
    if (!(await admin.waitForMessage("Who should receive the broadcast?", { timeoutMs: 4000 }).then(() => true, () => false))) continue;
    await admin.tap(/All customers/).catch(() => {});
    if (!(await admin.waitForMessage("Send the message to broadcast.", { timeoutMs: 4000 }).then(() => true, () => false))) continue;
    await admin.send(text);
    if (!(await admin.waitForMessage(/Send this message to \d+ customers\?/, { timeoutMs: 4000 }).then(() => true, () => false))) continue;
    // Everyone reachable now must get it; blocked chats are counted as blocked.
    const mustReach = shop.db.query<{ id: number }, []>("SELECT telegram_id AS id FROM customers WHERE unreachable = 0 AND banned = 0").all().map((r) => r.id);
    await admin.tap("✅ Send").catch(() => {});
    const started = await eventually(() => shop.db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM actors WHERE kind = 'broadcast' AND state <> 'draft'").get()!.n > 0, 5000, 100);
    if (!started) continue;
    const row = shop.db.query<{ id: string }, []>("SELECT id FROM actors WHERE kind = 'broadcast' AND state <> 'draft' ORDER BY created_at LIMIT 1").get()!;
    return { id: row.id, mustReach: mustReach.filter((id) => id !== 0) };
  }
}

/** One JSON line with the figures of a run, for RELIABILITY.md. */
export function figuresLine(name: string, options: RunOptions, result: RunResult): string {
  const lost = Object.entries(result.report.problems).filter(([, list]) => list.length > 0).map(([key, list]) => `${key}: ${list.length}`);
  return JSON.stringify({
    reliability: name,
    seed: options.seed,
    customers: options.customers,
    killsSurvived: result.kills.length,
    kills: result.kills.map((k) => `${k.upMs} ms up, ${k.pendingEffects} effects pending (${k.startedEffects} started), ${k.claimedNotices} notices on the wire`),
    panelFaults: result.panelFaults.length,
    panelFaultModes: countBy(result.panelFaults.map((f) => f.mode)),
    rateLimitBursts: result.rateLimits.length,
    rateLimited429s: result.telegram429s,
    customerRetries: result.retries,
    approvalsTapped: result.adminTaps,
    broadcast: result.broadcast,
    ...result.report.figures,
    lost: lost.length === 0 ? "nothing" : lost,
    errorLogLines: result.errorLines.length,
    secretsLeaked: result.leaks.length,
    durationS: Math.round(result.durationMs / 1000),
    settleS: Math.round(result.settleMs / 1000),
  });
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const value of values) out[value] = (out[value] ?? 0) + 1;
  return out;
}

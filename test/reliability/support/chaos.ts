/**
 * What goes wrong during a run, at moments drawn from the seeded PRNG: the process SIGKILLed and started again, the
 * S-UI panel down, slow, failing with 500, "database is locked" or refusing its token for a while, Telegram
 * answering 429 in bursts. Each loop records what it did, for the figures in RELIABILITY.md.
 */
import type { Fault, FaultMode } from "../../fakes/sui-panel.ts";
import type { Random } from "./prng.ts";
import type { Shop } from "./shop.ts";

export interface KillRecord {
  /** ms since the run started. */
  at: number;
  /** How long the process had been up when it was killed. */
  upMs: number;
  /** Effects waiting in the outbox at the kill, and how many of them had started (a call was out). */
  pendingEffects: number;
  startedEffects: number;
  /** Notifications claimed and not yet confirmed at the kill: their requests may have been on the wire. */
  claimedNotices: number;
  claimedKeys: string[];
}

/** Draws `count` gaps between kills: some right after a start (the kill lands in recovery), most later. */
export function killGaps(random: Random, count: number): number[] {
  return Array.from({ length: count }, () => (random.chance(0.3) ? random.int(50, 600) : random.int(800, 4500)));
}

/** Kills the process after each gap and starts it again; resolves after the last restart. */
export async function killLoop(shop: Shop, gaps: number[], startedAt: number, records: KillRecord[]): Promise<void> {
  for (const gap of gaps) {
    const upSince = Date.now();
    await Bun.sleep(gap);
    await shop.app.kill();
    const db = shop.db;
    // The servers' health probes and syncs are always pending: count the shop's own work.
    const pending = db
      .query<{ n: number; started: number }, []>("SELECT COUNT(*) AS n, COALESCE(SUM(attempts > 0), 0) AS started FROM outbox WHERE status = 'pending' AND kind <> 'server'")
      .get()!;
    const claimed = db.query<{ key: string }, []>("SELECT dedupe_key AS key FROM notifications WHERE status = 'sending'").all().map((r) => r.key);
    records.push({ at: Date.now() - startedAt, upMs: Date.now() - upSince, pendingEffects: pending.n, startedEffects: pending.started, claimedNotices: claimed.length, claimedKeys: claimed });
    if (!shop.app.running) await shop.app.start();
  }
}

export interface PanelFaultRecord {
  at: number;
  mode: FaultMode;
  ms: number;
}

export interface PanelFaultPlan {
  gapMs: number;
  mode: FaultMode;
  ms: number;
}

const PANEL_FAULTS: FaultMode[] = ["down", "slow", "http500", "dbLocked", "invalidToken"];

export function panelFaultPlan(random: Random, count: number): PanelFaultPlan[] {
  return Array.from({ length: count }, () => ({ gapMs: random.int(300, 1500), mode: random.pick(PANEL_FAULTS), ms: random.int(300, 2000) }));
}

/** Puts the panel in each fault for a while, then heals it; stops early when `until` says so. */
export async function panelFaultLoop(shop: Shop, plan: PanelFaultPlan[], startedAt: number, records: PanelFaultRecord[], until: () => boolean): Promise<void> {
  for (const step of plan) {
    if (until()) return;
    await Bun.sleep(step.gapMs);
    const fault: Fault = { mode: step.mode, ...(step.mode === "slow" ? { delayMs: 1500 } : {}) };
    await shop.panel.setFault(fault);
    records.push({ at: Date.now() - startedAt, mode: step.mode, ms: step.ms });
    await Bun.sleep(step.ms);
    await shop.panel.setFault(null);
  }
}

export interface RateLimitRecord {
  at: number;
  times: number;
  retryAfter: number;
}

/**
 * Bursts of 429s on the user bot's sends (replies, notices, the broadcast alike): up to `times` answers of each
 * method are refused with `retry_after` while the burst lasts (1-3 s), as Telegram does when a bot goes too fast.
 */
export async function rateLimitLoop(shop: Shop, random: Random, count: number, startedAt: number, records: RateLimitRecord[], until: () => boolean): Promise<void> {
  const plan = Array.from({ length: count }, () => ({ gapMs: random.int(500, 2500), times: random.int(3, 15), retryAfter: random.int(1, 2), lastsMs: random.int(1000, 3000) }));
  for (const step of plan) {
    if (until()) return;
    await Bun.sleep(step.gapMs);
    for (const method of ["sendMessage", "sendPhoto"]) shop.tg.injectRateLimit({ times: step.times, retryAfter: step.retryAfter, method, bot: shop.userBot });
    records.push({ at: Date.now() - startedAt, times: step.times, retryAfter: step.retryAfter });
    await Bun.sleep(step.lastsMs);
    shop.tg.clearFaults();
  }
}

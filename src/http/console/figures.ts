/**
 * The overview's figures — the stats (as /api/stats and the admin bot count them) and the revenue per day of the
 * last 30 days — computed at most once every FIGURES_TTL_MS and shared by every open console page and its live
 * view. Each is an aggregate over the whole store (100,000 subscriptions, every payment of the month); a page that
 * polls every two seconds, times a few operators, would otherwise recompute them all the time. A figure is at most
 * a few seconds old; the servers' states are read fresh every time.
 */
import { DAY_MS, startOfDay } from "../../domain/time.ts";
import type { Store } from "../../store/index.ts";
import type { Stats } from "../../store/stats.ts";

const FIGURES_TTL_MS = 3_000;

export interface Figures {
  at: number;
  stats: Stats;
  /** Start of the first day of the chart (Tehran midnight, 29 days before today's). */
  revenueFrom: number;
  /** Revenue of each of the 30 days from `revenueFrom`, oldest first. */
  revenuePerDay: number[];
}

/** `now` is the runtime's clock (what the figures are as of); their age is wall time (how long they are kept). */
export function figuresCache(store: Store, now: () => number, ttlMs = FIGURES_TTL_MS): () => Figures {
  let kept: { figures: Figures; madeAt: number; asOf: number } | null = null;
  return () => {
    const at = now();
    const wall = performance.now();
    if (kept && wall - kept.madeAt < ttlMs && Math.abs(at - kept.asOf) < ttlMs) return kept.figures;
    const revenueFrom = startOfDay(at) - 29 * DAY_MS;
    const figures = { at, stats: store.computeStats(at), revenueFrom, revenuePerDay: store.revenueByDay(revenueFrom, 30) };
    kept = { figures, madeAt: wall, asOf: at };
    return figures;
  };
}

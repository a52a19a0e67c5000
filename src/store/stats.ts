/**
 * The figures admins ask for: customers (total, new today), subscriptions by state, revenue today / 7 d / 30 d
 * from the ledger, pending receipts, provisioning failures and load per server. "Today" is the calendar day in
 * Asia/Tehran; 7 d and 30 d are rolling windows ending now. A plain function of the store and an instant: every
 * figure comes from the read models, no actor wakes.
 */
import type { Database } from "bun:sqlite";
import { revenueBetween } from "./ledger.ts";
import { pendingReceiptCount } from "./receipts.ts";
import { serversWithPlacements } from "./servers.ts";
import { subscriptionCountsByState } from "./subscriptions.ts";
import { DAY_MS, startOfDay } from "../domain/time.ts";

export interface ServerLoad {
  id: string;
  name: string;
  /** The server actor's projected state (healthy, degraded, down, draining, retired, probing). */
  state: string;
  group: string;
  /** Most subscriptions placed here; 0 means no limit. */
  capacity: number;
  /** Subscriptions placed here and not revoked. */
  subscriptions: number;
  /** Clients the panel listed at the last probe or sync. */
  panelClients: number;
  /** subscriptions / capacity, or null without a limit. */
  load: number | null;
}

export interface Stats {
  at: number;
  customers: { total: number; newToday: number };
  subscriptions: { active: number; byState: Record<string, number> };
  /** Whole Toman received (card payments and top-ups). */
  revenue: { today: number; last7d: number; last30d: number };
  pendingReceipts: number;
  /** Subscriptions whose provisioning failed after its retries and waits for an operator. */
  provisioningFailures: number;
  servers: ServerLoad[];
}

/** The figures as of `now` (the runtime clock's instant). */
export function computeStats(db: Database, now: number): Stats {
  const count = (sql: string, ...args: number[]) => db.query<{ n: number }, number[]>(sql).get(...args)!.n;
  const today = startOfDay(now);
  const byState = Object.fromEntries(subscriptionCountsByState(db).map((row) => [row.state, row.n])) as Record<string, number>;
  const servers = serversWithPlacements(db);
  return {
    at: now,
    customers: {
      total: count("SELECT COUNT(*) AS n FROM customers"),
      newToday: count("SELECT COUNT(*) AS n FROM customers WHERE created_at >= ? AND created_at <= ?", today, now),
    },
    subscriptions: { active: byState.active ?? 0, byState },
    revenue: {
      today: revenueBetween(db, today, now + 1),
      last7d: revenueBetween(db, now - 7 * DAY_MS, now + 1),
      last30d: revenueBetween(db, now - 30 * DAY_MS, now + 1),
    },
    pendingReceipts: pendingReceiptCount(db),
    provisioningFailures: byState.provision_failed ?? 0,
    servers: servers.map((s) => ({
      id: s.id,
      name: s.name,
      state: s.state,
      group: s.server_group,
      capacity: s.capacity,
      subscriptions: s.placed,
      panelClients: s.client_count,
      load: s.capacity > 0 ? Math.round((s.placed / s.capacity) * 1000) / 1000 : null,
    })),
  };
}

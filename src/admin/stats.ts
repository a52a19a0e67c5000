/**
 * The figures admins ask for: customers (total, new today), subscriptions by state, revenue today / 7 d / 30 d
 * from the ledger, pending receipts, provisioning failures and load per server. "Today" is the calendar day in
 * Asia/Tehran; 7 d and 30 d are rolling windows ending now. A plain function of the store and an instant: every
 * figure comes from the read models, no actor wakes.
 */
import type { Database } from "bun:sqlite";
import { revenueBetween } from "../store/ledger.ts";
import { DAY_MS, DISPLAY_TIME_ZONE } from "../domain/time.ts";

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

/** Epoch ms of the last midnight in `timeZone` at or before `now`. */
export function startOfDay(now: number, timeZone = DISPLAY_TIME_ZONE): number {
  const offset =
    new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(now).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(offset);
  const offsetMs = match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 3600_000 + Number(match[3]) * 60_000) : 0;
  return Math.floor((now + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
}

/** The figures as of `now` (the runtime clock's instant). */
export function computeStats(db: Database, now: number): Stats {
  const count = (sql: string, ...args: number[]) => db.query<{ n: number }, number[]>(sql).get(...args)!.n;
  const today = startOfDay(now);
  const byState = Object.fromEntries(
    db
      .query<{ state: string; n: number }, []>("SELECT state, COUNT(*) AS n FROM subscriptions GROUP BY state")
      .all()
      .map((row) => [row.state, row.n]),
  ) as Record<string, number>;
  const servers = db
    .query<{ id: string; name: string; state: string; server_group: string; capacity: number; client_count: number; placed: number }, []>(
      `SELECT s.id, s.name, s.state, s.server_group, s.capacity, s.client_count,
              (SELECT COUNT(*) FROM subscriptions sub WHERE sub.server_id = s.id AND sub.state <> 'revoked') AS placed
         FROM servers s ORDER BY s.created_at, s.id`,
    )
    .all();
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
    pendingReceipts: count(
      "SELECT COUNT(*) AS n FROM receipts r JOIN orders o ON o.id = r.order_id WHERE r.state = 'pending' AND o.state = 'receipt_submitted'",
    ),
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

/**
 * The numbers admins ask for, over HTTP: customers (total, new today), active subscriptions, revenue today / 7 d /
 * 30 d from the ledger, pending receipts, provisioning failures and load per server. "Today" is the calendar day in
 * Asia/Tehran; 7 d and 30 d are rolling windows ending now. Every figure comes from the read models, no actor wakes.
 */
import { Elysia, t } from "elysia";
import { revenueBetween } from "../../store/ledger.ts";
import { DAY_MS, DISPLAY_TIME_ZONE } from "../../domain/time.ts";
import type { HttpDeps } from "../deps.ts";
import { doc } from "../schemas.ts";

/** Epoch ms of the last midnight in `timeZone` at or before `now`. */
export function startOfDay(now: number, timeZone: string): number {
  const offset = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(now).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(offset);
  const offsetMs = match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 3600_000 + Number(match[3]) * 60_000) : 0;
  return Math.floor((now + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
}

const Stats = t.Object({
  at: t.Number(),
  customers: t.Object({ total: t.Number(), newToday: t.Number() }),
  subscriptions: t.Object({ active: t.Number(), byState: t.Record(t.String(), t.Number()) }),
  revenue: t.Object({ today: t.Number(), last7d: t.Number(), last30d: t.Number(), currency: t.Literal("IRT") }),
  pendingReceipts: t.Number(),
  provisioningFailures: t.Number(),
  servers: t.Array(
    t.Object({
      id: t.String(),
      name: t.String(),
      state: t.String(),
      group: t.String(),
      capacity: t.Number(),
      subscriptions: t.Number(),
      panelClients: t.Number(),
      load: t.Union([t.Number(), t.Null()]),
    }),
  ),
});

export function statsRoutes(deps: HttpDeps) {
  const { db, runtime } = deps.core;
  const count = (sql: string) => db.query<{ n: number }, (number | string)[]>(sql);
  const customersTotal = count("SELECT COUNT(*) AS n FROM customers");
  const customersSince = count("SELECT COUNT(*) AS n FROM customers WHERE created_at >= ?");
  const byState = db.query<{ state: string; n: number }, []>("SELECT state, COUNT(*) AS n FROM subscriptions GROUP BY state");
  const pending = count(
    "SELECT COUNT(*) AS n FROM receipts r JOIN orders o ON o.id = r.order_id WHERE r.state = 'pending' AND o.state = 'receipt_submitted'",
  );
  const servers = db.query<{ id: string; name: string; state: string; server_group: string; capacity: number; client_count: number; placed: number }, []>(
    `SELECT s.id, s.name, s.state, s.server_group, s.capacity, s.client_count,
            (SELECT COUNT(*) FROM subscriptions sub WHERE sub.server_id = s.id AND sub.state <> 'revoked') AS placed
       FROM servers s ORDER BY s.created_at, s.id`,
  );

  return new Elysia({ prefix: "/api/stats" }).get(
    "",
    () => {
      const now = runtime.clock.now();
      const today = startOfDay(now, DISPLAY_TIME_ZONE);
      const states = Object.fromEntries(byState.all().map((row) => [row.state, row.n]));
      return {
        at: now,
        customers: { total: customersTotal.get()!.n, newToday: customersSince.get(today)!.n },
        subscriptions: { active: states.active ?? 0, byState: states },
        revenue: {
          today: revenueBetween(db, today, now + 1),
          last7d: revenueBetween(db, now - 7 * DAY_MS, now + 1),
          last30d: revenueBetween(db, now - 30 * DAY_MS, now + 1),
          currency: "IRT" as const,
        },
        pendingReceipts: pending.get()!.n,
        provisioningFailures: states.provision_failed ?? 0,
        servers: servers.all().map((s) => ({
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
    },
    { detail: doc("Customers, subscriptions, revenue (Toman), receipts, failures and load per server", "stats", { 200: ["the figures now", Stats] }) },
  );
}

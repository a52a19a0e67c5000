/**
 * The numbers admins ask for, over HTTP: customers (total, new today), active subscriptions, revenue today / 7 d /
 * 30 d from the ledger, pending receipts, provisioning failures and load per server. "Today" is the calendar day in
 * Asia/Tehran; 7 d and 30 d are rolling windows ending now. Every figure comes from the read models, no actor wakes.
 */
import { Elysia, t } from "elysia";
import { DAY_MS } from "../../domain/time.ts";
import type { HttpDeps } from "../deps.ts";
import { doc } from "../schemas.ts";

const Stats = t.Object({
  at: t.Number(),
  customers: t.Object({ total: t.Number(), newToday: t.Number() }),
  subscriptions: t.Object({ active: t.Number(), byState: t.Record(t.String(), t.Number()) }),
  revenue: t.Object({ today: t.Number(), last7d: t.Number(), last30d: t.Number(), currency: t.Literal("IRT") }),
  pendingReceipts: t.Number(),
  provisioningFailures: t.Number(),
  agents: t.Object(
    { agents: t.Number(), orders30d: t.Number(), amount30d: t.Number() },
    { description: "agents and what they bought in the last 30 days (paid purchases, renewals, traffic packs), apart from everyone else's" },
  ),
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
  const { store, runtime } = deps.core;
  return new Elysia({ prefix: "/api/stats" }).get(
    "",
    () => {
      const now = runtime.clock.now();
      const stats = store.computeStats(now);
      const agents = store.agentSales(now - 30 * DAY_MS);
      return { ...stats, revenue: { ...stats.revenue, currency: "IRT" as const }, agents: { agents: agents.agents, orders30d: agents.orders, amount30d: agents.amount } };
    },
    { detail: doc("Customers, subscriptions, revenue (Toman), receipts, failures and load per server", "stats", { 200: ["the figures now", Stats] }) },
  );
}

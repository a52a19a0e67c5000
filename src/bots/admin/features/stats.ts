/** The numbers: customers, subscriptions, revenue today / 7 d / 30 d, pending receipts, failures, load per server. */
import { Composer } from "grammy";
import { DAY_MS } from "../../../domain/time.ts";
import { formatToman } from "../../i18n.ts";
import type { AdminContext, AdminKit } from "../context.ts";
import { button, keyboard, show } from "../ui.ts";
import { section } from "./section.ts";

export function statsFeature(kit: AdminKit): Composer<AdminContext> {
  const composer = new Composer<AdminContext>();
  section(composer, kit, "stats", ["stats"], async (ctx) => {
    const stats = kit.store.computeStats(kit.clock.now());
    const money = (amount: number) => formatToman(ctx.lang, amount);
    // Agents' sales apart from everyone else's: what the agents bought in the last 30 days.
    const agentLine = () => {
      const sales = kit.store.agentSales(kit.clock.now() - 30 * DAY_MS);
      return sales.agents === 0 ? [] : [ctx.t("admin-stats-agents", { agents: sales.agents, orders: sales.orders, amount: money(sales.amount) })];
    };
    const lines = [
      ctx.t("admin-stats", {
        customers: stats.customers.total,
        newToday: stats.customers.newToday,
        active: stats.subscriptions.active,
        revenueToday: money(stats.revenue.today),
        revenue7d: money(stats.revenue.last7d),
        revenue30d: money(stats.revenue.last30d),
        pendingReceipts: stats.pendingReceipts,
        provisioningFailures: stats.provisioningFailures,
      }),
      ...agentLine(),
      ...stats.servers.map((s) =>
        ctx.t("admin-stats-server-line", { name: s.name, clients: s.subscriptions, capacity: s.capacity > 0 ? String(s.capacity) : ctx.tp("admin-server-unlimited") }),
      ),
    ];
    await show(
      ctx,
      lines.join("\n"),
      keyboard([[button(ctx.tp("admin-broadcast-refresh"), kit.callbacks.menu.pack({ section: "stats" })), button(ctx.tp("admin-back"), kit.callbacks.menu.pack({ section: "menu" }))]]),
    );
  });
  return composer;
}

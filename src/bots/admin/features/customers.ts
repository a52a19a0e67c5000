/**
 * Customers and their subscriptions: find by Telegram id or @username; a profile with subscriptions, last orders,
 * balance and ledger; ban / unban (their subscriptions are suspended with them); adjust the balance with a reason
 * (a ledger "adjustment"); gift a subscription; make them an agent (features/agents.ts); and per subscription resync,
 * revoke, move to another server.
 */
import { Composer } from "grammy";
import { type Customer } from "../../../store/customers.ts";
import { formatBytes, formatDate, formatDateTime, formatToman } from "../../i18n.ts";
import type { AdminContext, AdminKit } from "../context.ts";
import { button, cleanText, keyboard, parseWhole, say, show, toast, toLatinDigits } from "../ui.ts";
import { section } from "./section.ts";
import { agentButtons, agentNote } from "./agents.ts";
import { onPage, pageButtons, pageOf } from "../pager.ts";

const REASON_MAX = 200;

export function customersFeature(kit: AdminKit): Composer<AdminContext> {
  const composer = new Composer<AdminContext>();
  const { store, callbacks, flows, subscriptions, sales, clock } = kit;
  const cancelRow = (ctx: AdminContext) => [button(ctx.tp("admin-cancel"), callbacks.cancel.pack({}))];

  function find(query: string): Customer | null {
    const q = toLatinDigits(query.trim());
    if (/^\d{1,15}$/.test(q)) return store.getCustomer(Number(q));
    if (/^@?[A-Za-z0-9_]{3,32}$/.test(q)) return store.findCustomerByUsername(q);
    return null;
  }

  async function profile(ctx: AdminContext, customerId: number, note?: string, subsPage = 0): Promise<void> {
    const customer = store.getCustomer(customerId);
    if (!customer) return say(ctx, ctx.t("admin-user-not-found", { query: String(customerId) }));
    const subs = subscriptions.ofCustomer(customerId);
    const orders = store.ordersOfCustomer(customerId, 5);
    const orderCount = store.countOrdersOfCustomer(customerId);
    const parts = [
      ctx.t("admin-user-card", {
        name: customer.first_name || String(customer.telegram_id),
        username: customer.username ? `@${customer.username}` : ctx.tp("admin-user-username-none"),
        id: String(customer.telegram_id),
        date: formatDate(ctx.lang, customer.created_at),
        balance: formatToman(ctx.lang, store.balanceOf(customerId)),
        subs: subs.length,
        orders: orderCount,
      }),
    ];
    if (customer.banned) parts.push(ctx.t("admin-user-banned-note"));
    const agent = agentNote(kit, ctx, customerId);
    if (agent) parts.push(agent);
    parts.push("", ctx.t("admin-user-subs-title"));
    if (subs.length === 0) parts.push(ctx.t("admin-user-none"));
    const footer: string[] = ["", ctx.t("admin-user-orders-title")];
    if (orders.length === 0) footer.push(ctx.t("admin-user-none"));
    for (const order of orders) {
      footer.push(ctx.t("admin-user-order-line", { order: String(order.number), kind: order.kind, amount: formatToman(ctx.lang, order.amount), state: order.state, date: formatDate(ctx.lang, order.created_at) }));
    }
    const ledger = store.entriesOf(customerId, 5);
    footer.push("", ctx.t("admin-user-ledger-title"));
    if (ledger.length === 0) footer.push(ctx.t("admin-user-none"));
    for (const entry of ledger) {
      footer.push(ctx.t("admin-user-ledger-line", { date: formatDate(ctx.lang, entry.at), amount: formatToman(ctx.lang, entry.amount), reason: entry.reason }));
    }
    // The subscriptions come in pages (a reseller's customer may hold dozens); the rest of the card is on each page.
    const page = pageOf(
      subs,
      (sub) =>
        ctx.t("admin-user-sub-line", {
          state: sub.state,
          id: sub.id,
          title: sub.title,
          used: formatBytes(ctx.lang, sub.usedBytes),
          total: sub.totalBytes === 0 ? ctx.tp("admin-plan-unlimited") : formatBytes(ctx.lang, sub.totalBytes),
          date: sub.expiresAt === null ? "—" : formatDate(ctx.lang, sub.expiresAt),
        }),
      { title: parts.join("\n"), index: subsPage, footer: footer.join("\n") },
    );
    const act = (key: string, action: "ban" | "unban" | "adjust" | "gift") => button(ctx.tp(key), callbacks.user.pack({ action, customerId }));
    const subButtons = page.items.map((sub) => button(ctx.tp("admin-user-open-sub", { id: sub.id }), callbacks.sub.pack({ action: "show", subId: sub.id })));
    const rows = [
      [customer.banned ? act("admin-user-unban", "unban") : act("admin-user-ban", "ban"), act("admin-user-adjust", "adjust")],
      [act("admin-user-gift", "gift")],
      agentButtons(kit, ctx, customerId),
      ...chunk(subButtons, 2),
      pageButtons(ctx, kit, "subs", page, customerId),
      [button(ctx.tp("admin-back"), callbacks.menu.pack({ section: "menu" }))],
    ];
    const text = page.text;
    await show(ctx, note ? `${note}\n\n${text}` : text, keyboard(rows));
  }

  async function askQuery(ctx: AdminContext): Promise<void> {
    flows.set(ctx.chat!.id, { kind: "user-find" });
    await say(ctx, ctx.t("admin-users-ask"), keyboard([cancelRow(ctx)]));
  }

  section(composer, kit, "users", [], askQuery);
  onPage(composer, kit, "subs", (ctx, page, customerId) => profile(ctx, customerId, undefined, page));
  composer.command(["users", "user"], async (ctx) => {
    flows.clear(ctx.chat.id);
    const query = ctx.match.trim();
    if (!query) return askQuery(ctx);
    const customer = find(query);
    if (!customer) return say(ctx, ctx.t("admin-user-not-found", { query }));
    await profile(ctx, customer.telegram_id);
  });

  kit.router.on("user-find", async (ctx, _flow, text) => {
    const customer = find(text);
    if (!customer) return say(ctx, ctx.t("admin-user-not-found", { query: text.trim().slice(0, 64) }), keyboard([cancelRow(ctx)]));
    flows.clear(ctx.chat!.id);
    await profile(ctx, customer.telegram_id);
  });

  composer.callbackQuery(callbacks.user.pattern, async (ctx) => {
    const data = callbacks.user.unpack(ctx.callbackQuery.data);
    const customer = data && store.getCustomer(data.customerId);
    if (!data || !customer) return toast(ctx, ctx.tp("admin-stale-button"), true);
    switch (data.action) {
      case "show":
        await toast(ctx);
        return profile(ctx, data.customerId);
      case "ban":
      case "unban": {
        const banned = data.action === "ban";
        if (Boolean(customer.banned) === banned) {
          await toast(ctx);
          return profile(ctx, data.customerId);
        }
        const changed = await subscriptions.setBanned(data.customerId, banned);
        ctx.audit(banned ? "customer.ban" : "customer.unban", `customer:${data.customerId}`, { banned: Boolean(customer.banned) }, { banned, subscriptionsChanged: changed });
        await toast(ctx);
        return profile(ctx, data.customerId, ctx.t(banned ? "admin-user-banned" : "admin-user-unbanned", { id: String(data.customerId) }));
      }
      case "adjust":
        flows.set(ctx.chat!.id, { kind: "adjust", customerId: data.customerId });
        await toast(ctx);
        return say(ctx, ctx.t("admin-user-adjust-ask"), keyboard([cancelRow(ctx)]));
      case "gift": {
        await toast(ctx);
        const plans = store.listPlans({ activeOnly: true, kind: "subscription" });
        if (plans.length === 0) return say(ctx, ctx.t("admin-plans-empty"));
        const rows = chunk(plans.map((plan) => button(plan.name, callbacks.gift.pack({ customerId: data.customerId, planId: plan.id }))), 2);
        rows.push([button(ctx.tp("admin-back"), callbacks.user.pack({ action: "show", customerId: data.customerId }))]);
        return show(ctx, ctx.t("admin-user-gift-ask"), keyboard(rows));
      }
    }
  });

  kit.router.on("adjust", async (ctx, flow, text) => {
    const match = /^\s*(\S+)\s+([\s\S]+)$/.exec(text);
    const amount = match ? parseWhole(match[1]!) : null;
    const reason = match ? cleanText(match[2]!, REASON_MAX) : null;
    if (amount === null || amount === 0 || !reason) return say(ctx, ctx.t("admin-user-adjust-invalid"), keyboard([cancelRow(ctx)]));
    const before = store.balanceOf(flow.customerId);
    const adjusted = await kit.sales.adjustBalance(flow.customerId, amount, { ref: `admin:${ctx.update.update_id}`, actor: String(ctx.adminId) });
    if (!adjusted.ok) {
      if (adjusted.error.code === "insufficient-balance") {
        return say(ctx, ctx.t("admin-user-adjust-insufficient", { balance: formatToman(ctx.lang, before) }), keyboard([cancelRow(ctx)]));
      }
      return say(ctx, ctx.t("admin-user-adjust-invalid"), keyboard([cancelRow(ctx)]));
    }
    flows.clear(ctx.chat!.id);
    const after = store.balanceOf(flow.customerId);
    ctx.audit("customer.adjust", `customer:${flow.customerId}`, { balance: before }, { balance: after, amount, reason });
    await say(ctx, ctx.t("admin-user-adjusted", { amount: formatToman(ctx.lang, amount), balance: formatToman(ctx.lang, after) }));
  });

  composer.callbackQuery(callbacks.gift.pattern, async (ctx) => {
    const data = callbacks.gift.unpack(ctx.callbackQuery.data);
    if (!data) return toast(ctx, ctx.tp("admin-stale-button"), true);
    const result = sales.gift(data.customerId, data.planId);
    if (!result.ok) return toast(ctx, ctx.tp("admin-failed", { error: result.error.message }), true);
    const order = result.value;
    ctx.audit("customer.gift", `customer:${data.customerId}`, null, { orderId: order.orderId, planId: data.planId, subscriptionId: order.subscriptionId });
    await toast(ctx);
    await show(
      ctx,
      ctx.t("admin-user-gifted", { plan: order.item?.title ?? "", id: String(data.customerId) }),
      keyboard([[button(ctx.tp("admin-back"), callbacks.user.pack({ action: "show", customerId: data.customerId }))]]),
    );
  });

  // ---- subscriptions ----------------------------------------------------------------------------------------------

  async function subscriptionCard(ctx: AdminContext, subId: string, note?: string): Promise<void> {
    const sub = subscriptions.get(subId);
    if (!sub) return toast(ctx, ctx.tp("admin-stale-button"), true);
    const server = sub.serverId ? kit.servers.get(sub.serverId)?.name ?? sub.serverId : "—";
    const text = ctx.t("admin-sub-card", {
      id: sub.id,
      customer: String(sub.customerId),
      title: sub.title,
      state: sub.state,
      used: formatBytes(ctx.lang, sub.usedBytes),
      total: sub.totalBytes === 0 ? ctx.tp("admin-plan-unlimited") : formatBytes(ctx.lang, sub.totalBytes),
      date: sub.expiresAt === null ? "—" : formatDateTime(ctx.lang, sub.expiresAt),
      server,
      link: sub.link,
    });
    const act = (key: string, action: "resync" | "revoke" | "move" | "retry") => button(ctx.tp(key), callbacks.sub.pack({ action, subId }));
    const rows = sub.state === "revoked" ? [] : [[act("admin-sub-resync", "resync"), act("admin-sub-move", "move")], [act("admin-sub-revoke", "revoke")]];
    if (sub.state === "provision_failed") rows.unshift([act("admin-sub-retry", "retry")]);
    rows.push([button(ctx.tp("admin-back"), callbacks.user.pack({ action: "show", customerId: sub.customerId }))]);
    await show(ctx, note ? `${note}\n\n${text}` : text, keyboard(rows));
  }

  composer.callbackQuery(callbacks.sub.pattern, async (ctx) => {
    const data = callbacks.sub.unpack(ctx.callbackQuery.data);
    const before = data && subscriptions.get(data.subId);
    if (!data || !before) return toast(ctx, ctx.tp("admin-stale-button"), true);
    switch (data.action) {
      case "show":
        await toast(ctx);
        return subscriptionCard(ctx, data.subId);
      case "revoke":
        await toast(ctx);
        return show(
          ctx,
          ctx.t("admin-sub-revoke-confirm", { subscription: data.subId }),
          keyboard([
            [button(ctx.tp("admin-confirm-yes"), callbacks.sub.pack({ action: "revokeok", subId: data.subId }))],
            [button(ctx.tp("admin-back"), callbacks.sub.pack({ action: "show", subId: data.subId }))],
          ]),
        );
      case "move": {
        await toast(ctx);
        const targets = kit.servers.list().filter((s) => s.state === "healthy" && s.id !== before.serverId);
        if (targets.length === 0) return show(ctx, ctx.t("admin-sub-move-none"), keyboard([[button(ctx.tp("admin-back"), callbacks.sub.pack({ action: "show", subId: data.subId }))]]));
        const rows = chunk(targets.map((s) => button(s.name, callbacks.move.pack({ subId: data.subId, serverId: s.id }))), 2);
        rows.push([button(ctx.tp("admin-back"), callbacks.sub.pack({ action: "show", subId: data.subId }))]);
        return show(ctx, ctx.t("admin-sub-move-ask", { subscription: data.subId }), keyboard(rows));
      }
      case "resync":
      case "retry":
      case "revokeok": {
        const action = data.action === "revokeok" ? "revoke" : data.action;
        const result = await subscriptions[action](data.subId);
        if (!result.ok) {
          // A second tap on Retry (or a tap after another admin's) finds the subscription provisioning already.
          if (action === "retry") return toast(ctx, ctx.tp("admin-sub-retry-not-failed", { state: before.state }), true);
          return toast(ctx, ctx.tp("admin-failed", { error: result.error.message }), true);
        }
        ctx.audit(`subscription.${action}`, `subscription:${data.subId}`, { state: before.state, serverId: before.serverId }, { state: result.value.state, serverId: result.value.serverId });
        await toast(ctx);
        const note = { resync: "admin-sub-resynced", retry: "admin-sub-retried", revoke: "admin-sub-revoked" }[action];
        return subscriptionCard(ctx, data.subId, ctx.t(note, { subscription: data.subId }));
      }
    }
  });

  composer.callbackQuery(callbacks.move.pattern, async (ctx) => {
    const data = callbacks.move.unpack(ctx.callbackQuery.data);
    const before = data && subscriptions.get(data.subId);
    if (!data || !before) return toast(ctx, ctx.tp("admin-stale-button"), true);
    const result = await subscriptions.move(data.subId, data.serverId);
    if (!result.ok) return toast(ctx, ctx.tp("admin-failed", { error: result.error.message }), true);
    ctx.audit("subscription.move", `subscription:${data.subId}`, { serverId: before.serverId, state: before.state }, { serverId: data.serverId, state: result.value.state });
    await toast(ctx);
    const server = kit.servers.get(data.serverId)?.name ?? data.serverId;
    await subscriptionCard(ctx, data.subId, ctx.t("admin-sub-moved", { subscription: data.subId, server }));
  });

  return composer;
}

function chunk<T>(items: T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}

/**
 * One order as an admin sees it (`/order <number>`), with what can be done to it: a delivered Stars order can be
 * refunded. The refund is claimed by the order itself (its machine moves to `refunding` once), so two admins
 * tapping at once, or one tapping twice, call Telegram's refundStarPayment once.
 */
import { Composer } from "grammy";
import type { OrderView } from "../../../sales/orders.ts";
import { formatDateTime, formatNumber, formatToman } from "../../i18n.ts";
import type { AdminContext, AdminKit } from "../context.ts";
import { button, keyboard, say, show, toast, toLatinDigits } from "../ui.ts";
import { customerName } from "./tickets.ts";

export function ordersFeature(kit: AdminKit): Composer<AdminContext> {
  const composer = new Composer<AdminContext>();
  const { sales, callbacks } = kit;

  const refundable = (order: OrderView) => order.method === "stars" && order.state === "fulfilled" && order.paymentRef !== null;

  async function card(ctx: AdminContext, order: OrderView, note?: string): Promise<void> {
    const text = ctx.t("admin-order-card", {
      order: String(order.number),
      customer: customerName(kit, order.customerId),
      customerId: String(order.customerId),
      kind: order.kind,
      method: order.method,
      amount: formatToman(ctx.lang, order.amount),
      stars: order.externalPrice?.currency === "XTR" ? formatNumber(ctx.lang, order.externalPrice.amount) : "—",
      state: order.state,
      date: formatDateTime(ctx.lang, order.expiresAt),
    });
    const rows = refundable(order) ? [[button(ctx.tp("admin-order-refund-button"), callbacks.order.pack({ action: "refund", orderId: order.orderId }))]] : [];
    await show(ctx, note ? `${note}\n\n${text}` : text, rows.length > 0 ? keyboard(rows) : undefined);
  }

  composer.command("order", async (ctx) => {
    const number = toLatinDigits(ctx.match.trim()).replace(/^#/, "");
    const order = /^\d{1,15}$/.test(number) ? sales.order(number) : null;
    if (!order) return say(ctx, ctx.t("admin-order-not-found", { query: ctx.match.trim().slice(0, 32) }));
    await card(ctx, order);
  });

  composer.callbackQuery(callbacks.order.pattern, async (ctx) => {
    const data = callbacks.order.unpack(ctx.callbackQuery.data);
    const order = data ? sales.order(data.orderId) : null;
    if (!data || !order) return toast(ctx, ctx.tp("admin-stale-button"), true);
    const result = await sales.refund(order.orderId, String(ctx.adminId), `admin:refund:${ctx.callbackQuery.id}`);
    await toast(ctx);
    if (!result.ok) return say(ctx, ctx.t("admin-order-refund-not-possible", { order: String(order.number) }));
    if (!result.value.applied) return say(ctx, ctx.t("admin-order-refund-already", { order: String(order.number) }));
    ctx.audit("order.refund", `order:${order.orderId}`, { state: order.state }, { state: result.value.order.state });
    await card(ctx, result.value.order, ctx.t("admin-order-refund-started", { order: String(order.number) }));
  });

  return composer;
}

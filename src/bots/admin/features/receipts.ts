/**
 * The receipts queue: each pending receipt as a card (photo, customer, what it buys, amount, order number) with
 * Approve and Reject. A top-up is approved with the amount actually received; a rejection needs a reason the
 * customer will read. The first decision wins: a later tap, from any admin, says who decided and when, and every
 * copy of the card is edited to show the decision.
 */
import { Composer } from "grammy";
import { formatDateTime, formatToman } from "../../i18n.ts";
import type { AdminContext, AdminKit } from "../context.ts";
import { button, cleanText, keyboard, parseWhole, say, show, toast } from "../ui.ts";
import { section } from "./section.ts";
import { onPage, pageButtons, pageOf } from "../pager.ts";

const REASON_MAX = 500;

export function receiptsFeature(kit: AdminKit): Composer<AdminContext> {
  const composer = new Composer<AdminContext>();
  const { sales, cards, flows, callbacks } = kit;
  const cancelButton = (ctx: AdminContext) => keyboard([[button(ctx.tp("admin-cancel"), callbacks.cancel.pack({}))]]);

  /** The title with ◀️ n/m ▶️, then one card (a message of its own) for each receipt on the page. */
  async function list(ctx: AdminContext, pageIndex = 0): Promise<void> {
    const pending = sales.pendingReceipts(1000);
    if (pending.length === 0) return show(ctx, ctx.t("admin-receipts-empty"));
    const title = ctx.t("admin-receipts-title", { count: pending.length });
    const page = pageOf(pending, (receipt) => receipt.orderId, { title, index: pageIndex });
    await show(ctx, title, page.count > 1 ? keyboard([pageButtons(ctx, kit, "receipts", page)]) : undefined);
    for (const receipt of page.items) await cards.show(ctx.chat!.id, ctx.lang, receipt.orderId);
  }

  section(composer, kit, "receipts", ["receipts"], (ctx) => list(ctx));
  onPage(composer, kit, "receipts", (ctx, page) => list(ctx, page));

  /** Says who decided (or that the order no longer waits) and brings every copy of the card up to date. */
  async function alreadyDecided(ctx: AdminContext, orderId: string): Promise<void> {
    const order = sales.order(orderId);
    const decision = order?.decision;
    if (decision) {
      await toast(
        ctx,
        ctx.tp("admin-already-decided", {
          decision: decision.approved ? "approved" : "rejected",
          admin: kit.directory.nameOf(decision.by),
          date: formatDateTime(ctx.lang, decision.at),
        }),
        true,
      );
    } else {
      await toast(ctx, ctx.tp("admin-stale-button"), true);
    }
    await cards.showDecision(orderId);
  }

  async function decide(
    ctx: AdminContext,
    orderId: string,
    decision: { approve: true; amount?: number } | { approve: false; reason: string },
  ): Promise<void> {
    const before = sales.order(orderId);
    const by = String(ctx.adminId);
    const result = await sales.decide(orderId, decision.approve ? { by, approve: true, ...(decision.amount !== undefined ? { amount: decision.amount } : {}) } : { by, approve: false, reason: decision.reason });
    if (!result.ok) {
      await toast(ctx, ctx.tp("admin-failed", { error: result.error.message }), true);
      if (!ctx.callbackQuery) await say(ctx, ctx.t("admin-failed", { error: result.error.message }));
      return;
    }
    const { applied, order } = result.value;
    if (!applied) {
      if (!ctx.callbackQuery) {
        const d = order.decision;
        if (d) {
          await say(ctx, ctx.t("admin-already-decided", { decision: d.approved ? "approved" : "rejected", admin: kit.directory.nameOf(d.by), date: formatDateTime(ctx.lang, d.at) }));
        }
      }
      await alreadyDecided(ctx, orderId);
      return;
    }
    ctx.audit(
      decision.approve ? "receipt.approve" : "receipt.reject",
      `order:${orderId}`,
      { state: before?.state, amount: before?.amount },
      { state: order.state, decision: order.decision, creditedAmount: order.creditedAmount },
    );
    await toast(ctx, ctx.tp("admin-decided-toast", { decision: decision.approve ? "approved" : "rejected" }));
    if (!ctx.callbackQuery) {
      const d = order.decision!;
      await say(
        ctx,
        ctx.t(d.approved ? "admin-approved-by" : "admin-rejected-by", { admin: kit.directory.nameOf(d.by), date: formatDateTime(ctx.lang, d.at), reason: d.reason ?? "" }),
      );
    }
    // Every copy of the card was edited by the decision listener (index.ts), as for a decision made over HTTP.
  }

  composer.callbackQuery(callbacks.receipt.pattern, async (ctx) => {
    const data = callbacks.receipt.unpack(ctx.callbackQuery.data);
    if (!data) return toast(ctx, ctx.tp("admin-stale-button"), true);
    const order = sales.order(data.orderId);
    if (!order || order.state !== "receipt_submitted") return alreadyDecided(ctx, data.orderId);
    if (data.action === "no") {
      flows.set(ctx.chat!.id, { kind: "reject-reason", orderId: data.orderId });
      await toast(ctx);
      return say(ctx, ctx.t("admin-reject-ask-reason", { order: String(order.number) }), cancelButton(ctx));
    }
    if (order.kind === "topup") {
      flows.set(ctx.chat!.id, { kind: "topup-amount", orderId: data.orderId });
      await toast(ctx);
      return say(ctx, ctx.t("admin-topup-ask-amount", { order: String(order.number), amount: formatToman(ctx.lang, order.amount) }), cancelButton(ctx));
    }
    await decide(ctx, data.orderId, { approve: true });
  });

  kit.router.on("reject-reason", async (ctx, flow, text) => {
    const reason = cleanText(text, REASON_MAX);
    if (!reason) return say(ctx, ctx.t("admin-reason-invalid"), cancelButton(ctx));
    flows.clear(ctx.chat!.id);
    await decide(ctx, flow.orderId, { approve: false, reason });
  });

  kit.router.on("topup-amount", async (ctx, flow, text) => {
    const amount = parseWhole(text);
    if (amount === null || amount <= 0) return say(ctx, ctx.t("admin-topup-amount-invalid"), cancelButton(ctx));
    flows.clear(ctx.chat!.id);
    await decide(ctx, flow.orderId, { approve: true, amount });
  });

  return composer;
}

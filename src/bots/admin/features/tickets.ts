/**
 * Support tickets: customers' messages arrive as alerts with Reply and Close (alerts.ts); the open ones are listed
 * here. A reply is stored in the ticket and reaches the customer through the user bot's notices, in the same
 * ticket thread.
 */
import { Composer } from "grammy";
import { type Ticket } from "../../../store/tickets.ts";
import { formatDateTime, type Language } from "../../i18n.ts";
import type { AdminContext, AdminKit } from "../context.ts";
import { button, cleanText, keyboard, say, show, toast } from "../ui.ts";
import { at, atPlain } from "../words.ts";
import { section } from "./section.ts";
import { onPage, pageButtons, pageOf } from "../pager.ts";

const REPLY_MAX = 3500;
const OPEN_TICKETS_SHOWN = 1000;

/** Reply and Close under a ticket message. */
export function ticketButtons(kit: AdminKit, lang: Language, ticketId: number) {
  return keyboard([
    [
      button(atPlain(lang, "admin-ticket-reply"), kit.callbacks.ticket.pack({ action: "reply", ticketId })),
      button(atPlain(lang, "admin-ticket-close"), kit.callbacks.ticket.pack({ action: "close", ticketId })),
    ],
  ]);
}

/** The customer's name as admins see it. */
export function customerName(kit: AdminKit, customerId: number): string {
  const customer = kit.store.getCustomer(customerId);
  if (!customer) return String(customerId);
  return [customer.first_name, customer.username ? `@${customer.username}` : ""].filter(Boolean).join(" ") || String(customerId);
}

export function ticketsFeature(kit: AdminKit): Composer<AdminContext> {
  const composer = new Composer<AdminContext>();
  const { store, callbacks, flows, clock } = kit;

  function line(lang: Language, ticket: Ticket): string {
    const last = store.ticketMessages(ticket.id).filter((m) => m.admin_id === null).at(-1);
    const text = last ? (last.text.length > 300 ? `${last.text.slice(0, 300)}…` : last.text) : "";
    return at(lang, "admin-ticket-line", {
      ticket: String(ticket.id),
      customer: customerName(kit, ticket.customer_id),
      customerId: String(ticket.customer_id),
      date: formatDateTime(lang, ticket.updated_at),
      text,
    });
  }

  async function list(ctx: AdminContext, note?: string, pageIndex = 0): Promise<void> {
    const tickets = store.openTickets(OPEN_TICKETS_SHOWN);
    const page = pageOf(tickets, (ticket) => line(ctx.lang, ticket), { title: ctx.t("admin-tickets-title"), index: pageIndex, separator: "\n\n" });
    const rows = page.items.map((ticket) => [
      button(ctx.tp("admin-ticket-open", { ticket: String(ticket.id) }), callbacks.ticket.pack({ action: "reply", ticketId: ticket.id })),
      button(ctx.tp("admin-ticket-close"), callbacks.ticket.pack({ action: "close", ticketId: ticket.id })),
    ]);
    rows.push(pageButtons(ctx, kit, "tickets", page));
    rows.push([button(ctx.tp("admin-back"), callbacks.menu.pack({ section: "menu" }))]);
    const body = tickets.length === 0 ? ctx.t("admin-tickets-empty") : page.text;
    await show(ctx, note ? `${note}\n\n${body}` : body, keyboard(rows));
  }

  section(composer, kit, "tickets", ["tickets"], (ctx) => list(ctx));
  onPage(composer, kit, "tickets", (ctx, page) => list(ctx, undefined, page));

  composer.callbackQuery(callbacks.ticket.pattern, async (ctx) => {
    const data = callbacks.ticket.unpack(ctx.callbackQuery.data);
    const ticket = data && store.getTicket(data.ticketId);
    if (!data || !ticket) return toast(ctx, ctx.tp("admin-stale-button"), true);
    if (ticket.state !== "open") return toast(ctx, ctx.tp("admin-ticket-not-open", { ticket: String(ticket.id) }), true);
    await toast(ctx);
    if (data.action === "reply") {
      flows.set(ctx.chat!.id, { kind: "ticket-reply", ticketId: ticket.id });
      return say(ctx, ctx.t("admin-ticket-reply-ask", { ticket: String(ticket.id) }), keyboard([[button(ctx.tp("admin-cancel"), callbacks.cancel.pack({}))]]));
    }
    const closed = store.closeTicket(ticket.id, clock.now());
    ctx.audit("ticket.close", `ticket:${ticket.id}`, { state: "open" }, { state: "closed" });
    if (closed) {
      try {
        await kit.notices.customer({ customerId: ticket.customer_id, kind: "ticket-closed", vars: { ticket: ticket.id }, dedupeKey: `ticket:${ticket.id}:closed` });
      } catch (error) {
        kit.log.warn({ ticketId: ticket.id, err: String(error) }, "ticket-closed notice not sent");
      }
    }
    await say(ctx, ctx.t("admin-ticket-closed", { ticket: String(ticket.id) }));
  });

  kit.router.on("ticket-reply", async (ctx, flow, text) => {
    const reply = cleanText(text, REPLY_MAX);
    if (!reply) return say(ctx, ctx.t("admin-failed", { error: `a reply is 1 to ${REPLY_MAX} characters` }));
    const message = store.addAdminReply(flow.ticketId, ctx.adminId, reply, clock.now());
    flows.clear(ctx.chat!.id);
    if (!message) return say(ctx, ctx.t("admin-ticket-not-open", { ticket: String(flow.ticketId) }));
    const ticket = store.getTicket(flow.ticketId)!;
    ctx.audit("ticket.reply", `ticket:${ticket.id}`, null, { messageId: message.id, length: reply.length });
    try {
      await kit.notices.customer({
        customerId: ticket.customer_id,
        kind: "support-reply",
        vars: { ticket: String(ticket.id), text: reply },
        dedupeKey: `ticket-reply:${message.id}`,
      });
    } catch (error) {
      // Stored in the ticket either way; the customer sees it when the user bot can reach them.
      return say(ctx, ctx.t("admin-failed", { error: (error as Error).message }));
    }
    await say(ctx, ctx.t("admin-ticket-replied"));
  });

  return composer;
}

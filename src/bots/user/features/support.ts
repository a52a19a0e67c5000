/**
 * Support: the customer's messages go to their open ticket (addCustomerMessage) and reach admins as a "ticket"
 * alert through Notices; admins' replies come back from the admin bot as a "support-reply" customer notice.
 * The chat stays in support mode until the customer opens another menu or sends a command.
 */
import { Composer } from "grammy";
import { addCustomerMessage } from "../../../store/tickets.ts";
import type { UserContext, UserServices } from "../context.ts";
import { setFlow } from "../middlewares/flow.ts";
import { backToMenu } from "../keyboards/main-menu.ts";
import { paragraphs, say } from "../replies.ts";

/** The longest support message kept (Telegram allows 4096; an admin alert must fit it with its header). */
const SUPPORT_MESSAGE_MAX = 3000;

export async function openSupport(services: UserServices, ctx: UserContext): Promise<void> {
  setFlow(services, ctx, { kind: "support" });
  await say(ctx, paragraphs(ctx.t("support-intro"), ctx.t("support-hours", { hours: services.store.getSettings().supportHours })), backToMenu(services.cb, ctx.lang));
}

/** A message written in support mode: stored in the ticket, raised to admins, acknowledged. */
export async function receiveSupportMessage(services: UserServices, ctx: UserContext, text: string): Promise<void> {
  const trimmed = text.trim();
  if (trimmed.length > SUPPORT_MESSAGE_MAX) return say(ctx, ctx.t("error-too-long", { max: SUPPORT_MESSAGE_MAX }));
  const from = ctx.from!;
  const { ticket, message, opened } = services.store.addCustomerMessage(from.id, trimmed, services.clock.now());
  try {
    await services.notices.admins({
      alert: "ticket",
      dedupeKey: `ticket-message:${message.id}`,
      ticketId: ticket.id,
      messageId: message.id,
      customerId: from.id,
      customerName: from.first_name,
      username: from.username ?? null,
      text: trimmed,
      opened,
    });
  } catch (error) {
    // The message is in the ticket, where admins see it in the open tickets list even if this alert is lost.
    services.log.warn({ ticketId: ticket.id, err: String(error) }, "support message stored; admin alert not delivered");
  }
  await say(ctx, ctx.t("support-received", { ticket: String(ticket.id) }));
}

export function supportFeature(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();
  composer.command("support", (ctx) => openSupport(services, ctx));
  return composer;
}

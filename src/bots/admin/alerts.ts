/**
 * Where the actors' admin alerts land (registered with TelegramNotices.setAdminAlertSink): each goes to every
 * admin, once per admin (the notifier's dedupe key is the alert's key plus the admin), paced. A new receipt comes
 * as its card with Approve / Reject; a customer's support message with Reply / Close. When an admin could not be
 * reached yet the sink throws a transient error, so the outbox tries again and the admins already reached are
 * not written to twice.
 */
import type { InlineKeyboardMarkup } from "grammy/types";
import type { AdminAlert } from "../../kinds/notices.ts";
import type { SubscriptionContext } from "../../../machines/subscription.ts";
import { NoticeError, type AdminAlertSink } from "../shared/index.ts";
import { formatNumber, html, type Language } from "../i18n.ts";
import type { AdminKit } from "./context.ts";
import { customerName, ticketButtons } from "./features/tickets.ts";
import { at, atPlain, hasAdminMessage } from "./words.ts";

const str = (value: unknown, fallback = "?") => (typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : fallback);

function duration(lang: Language, ms: unknown): string {
  const minutes = typeof ms === "number" && ms > 0 ? Math.round(ms / 60_000) : 0;
  if (minutes < 60) return at(lang, "admin-duration-minutes", { minutes });
  return at(lang, "admin-duration-hours", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** The order an alert names, as admins know it (its number, or the id when the order is gone), and its customer. */
function orderWords(kit: AdminKit, alert: AdminAlert): { order: string; customer: string } {
  const order = kit.sales.order(str(alert.orderId));
  return { order: order ? String(order.number) : str(alert.orderId), customer: order ? customerName(kit, order.customerId) : "?" };
}

/** The alert's words for one admin, with buttons when it asks for an answer; null for an alert nobody renders. */
function renderAlert(kit: AdminKit, alert: AdminAlert, lang: Language): { text: string; keyboard?: InlineKeyboardMarkup } | null {
  switch (alert.alert) {
    case "server-down":
      return { text: at(lang, "admin-alert-server-down", { name: str(alert.name), error: str(alert.message, "") }) };
    case "server-recovered":
      return { text: at(lang, "admin-alert-server-recovered", { name: str(alert.name), duration: duration(lang, alert.downForMs) }) };
    case "provision-failed": {
      const subscriptionId = str(alert.subscriptionId);
      const actor = kit.runtime.read("subscription", subscriptionId);
      const context = actor?.context as SubscriptionContext | undefined;
      return {
        text: at(lang, "admin-alert-provisioning-failed", {
          subscription: subscriptionId,
          customer: context ? customerName(kit, context.customerId) : "?",
          attempts: context?.attempts ?? 0,
          error: str(alert.message, ""),
        }),
        keyboard: {
          inline_keyboard: [
            [
              { text: atPlain(lang, "admin-sub-retry"), callback_data: kit.callbacks.sub.pack({ action: "retry", subId: subscriptionId }) },
              { text: atPlain(lang, "admin-user-open-sub", { id: subscriptionId }), callback_data: kit.callbacks.sub.pack({ action: "show", subId: subscriptionId }) },
            ],
          ],
        },
      };
    }
    case "fulfil-failed":
      return { text: at(lang, "admin-alert-fulfil-failed", { ...orderWords(kit, alert), error: str(alert.message, "") }) };
    case "payment-unmatched":
      return { text: at(lang, "admin-alert-payment-unmatched", { method: str(alert.method), amount: formatNumber(lang, Number(alert.amount) || 0), order: str(alert.orderId) }) };
    case "payment-partial":
      return {
        text: at(lang, "admin-alert-payment-partial", {
          ...orderWords(kit, alert),
          paid: `${str(alert.actuallyPaid)} ${str(alert.payCurrency)}`,
          expected: `${str(alert.payAmount)} ${str(alert.payCurrency)}`,
          payment: str(alert.paymentId),
        }),
      };
    case "refund-failed":
      return { text: at(lang, "admin-alert-refund-failed", { order: orderWords(kit, alert).order, error: str(alert.message, "") }) };
    case "drift": {
      const names = Array.isArray(alert.names) ? (alert.names as unknown[]).map(String) : [];
      const shown = names.slice(0, 10).join(", ") + (names.length > 10 ? "…" : "");
      const count = typeof alert.totalDrift === "number" ? alert.totalDrift : names.length;
      return { text: at(lang, "admin-alert-drift", { name: str(alert.name), details: at(lang, "admin-drift-details", { count: formatNumber(lang, count), names: shown }) }) };
    }
    case "channel-unchecked":
      return { text: at(lang, "admin-alert-channel-unchecked", { channel: str(alert.channel), error: str(alert.message, "") }) };
    case "broadcast-done":
      return {
        text: at(lang, "admin-broadcast-done", {
          delivered: Number(alert.delivered) || 0,
          blocked: Number(alert.blocked) || 0,
          failed: Number(alert.failed) || 0,
        }),
      };
    case "broadcast-stalled":
      return { text: at(lang, "admin-alert-broadcast-stalled", { id: str(alert.broadcastId), error: str(alert.error, "") }) };
    case "ticket": {
      const ticketId = Number(alert.ticketId);
      const customerId = Number(alert.customerId);
      if (!Number.isSafeInteger(ticketId) || !Number.isSafeInteger(customerId)) return null;
      return {
        text: at(lang, "admin-ticket-message", { ticket: String(ticketId), customer: customerName(kit, customerId), customerId: String(customerId), text: str(alert.text, "") }),
        keyboard: ticketButtons(kit, lang, ticketId),
      };
    }
    case "notice-undelivered": {
      const customerId = Number(alert.customerId);
      const kindKey = `admin-notice-kind-${str(alert.kind)}`;
      const order = alert.orderNumber === undefined ? "" : atPlain(lang, "admin-undelivered-order", { order: str(alert.orderNumber) });
      return {
        text: at(lang, "admin-alert-notice-undelivered", {
          customer: customerName(kit, customerId),
          customerId: String(customerId),
          what: hasAdminMessage(lang, kindKey) ? atPlain(lang, kindKey) : str(alert.kind),
          order: html(order),
          reason: str(alert.reason, ""),
        }),
      };
    }
    default:
      return null;
  }
}

export function adminAlertSink(kit: AdminKit): AdminAlertSink {
  return async (alert) => {
    if (alert.alert === "new-receipt") return kit.cards.alertAll(str(alert.orderId), alert.dedupeKey);
    if (alert.alert === "broadcast-done" || alert.alert === "broadcast-stalled") await kit.progress.refresh(str(alert.broadcastId));
    // The admin who started a broadcast hears how it ended; every admin hears the rest.
    const to = alert.alert === "broadcast-done" && kit.directory.isAdmin(Number(alert.createdBy)) ? [Number(alert.createdBy)] : kit.directory.all;
    let retry: string | null = null;
    for (const adminId of to) {
      const lang = kit.directory.langOf(adminId);
      const rendered = renderAlert(kit, alert, lang);
      if (!rendered) {
        kit.log.warn({ alert: alert.alert, dedupeKey: alert.dedupeKey }, "admin alert of an unknown kind; not sent");
        return;
      }
      const result = await kit.notifier.send({
        chatId: adminId,
        text: rendered.text,
        parseMode: "HTML",
        dedupeKey: `${alert.dedupeKey}:admin:${adminId}`,
        ...(rendered.keyboard ? { replyMarkup: rendered.keyboard } : {}),
      });
      if (typeof result === "object") {
        if (result.failed.kind === "transient") retry = result.failed.message;
        else kit.log.warn({ adminId, alert: alert.alert, failure: result.failed }, "admin alert not delivered to an admin");
      }
    }
    if (retry) throw new NoticeError("transient", `some admins were not reached yet: ${retry}`);
  };
}

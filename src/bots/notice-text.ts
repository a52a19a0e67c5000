/**
 * Turns an actor's notice (kind + a few ids) into the message the customer reads, in their language, with
 * the subscription's current figures. Used by the Telegram notices and by the demo.
 */
import type { Store } from "../store/index.ts";
import type { Database } from "bun:sqlite";
import type { CustomerNotice } from "../kinds/notices.ts";
import type { Subscriptions } from "../sales/subscriptions.ts";
import { formatBytes, formatDate, formatToman, t, type Language, type MessageArgs } from "./i18n.ts";

export interface NoticeTextDeps {
  store: Store;
  subscriptions: Subscriptions;
  defaultLanguage: Language;
}

/** The customer's language and the rendered HTML text of a notice. */
export function renderNotice(deps: NoticeTextDeps, notice: CustomerNotice): { lang: Language; text: string } {
  const customer = deps.store.getCustomer(notice.customerId);
  const lang = customer?.language ?? deps.defaultLanguage;
  const args: MessageArgs = {};
  const sub = notice.subscriptionId ? deps.subscriptions.get(notice.subscriptionId) : null;
  if (sub) {
    args.name = sub.title;
    args.used = formatBytes(lang, sub.usedBytes);
    args.total = formatBytes(lang, sub.totalBytes);
    args.date = sub.expiresAt === null ? "—" : formatDate(lang, sub.expiresAt);
    args.link = sub.link;
  }
  const vars = notice.vars;
  if (vars.number !== undefined) args.order = String(vars.number);
  if (typeof vars.reason === "string") args.reason = vars.reason;
  if (typeof vars.amount === "number") {
    args.amount = formatToman(lang, vars.amount);
    args.balance = formatToman(lang, deps.store.balanceOf(notice.customerId));
  }
  if (typeof vars.missing === "number") args.missing = formatToman(lang, vars.missing);
  if (vars.ticket !== undefined) args.ticket = String(vars.ticket);
  if (typeof vars.title === "string" && args.name === undefined) args.name = vars.title;
  if (typeof vars.trafficBytes === "number") args.traffic = formatBytes(lang, vars.trafficBytes);
  if (notice.kind === "order-expired") args.hours = deps.store.getSettings().paymentWindowHours;
  return { lang, text: t(lang, `notify-${notice.kind}`, args) };
}

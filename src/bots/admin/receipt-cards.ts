/**
 * Receipt cards: the photo a customer sent with the order's number, customer, what it buys and the amount, and
 * Approve / Reject under it. Every copy posted to any admin is recorded (order, chat, message), so when the first
 * decision lands every copy is edited to say who decided and when, and loses its buttons.
 */
import type { Store } from "../../store/index.ts";
import type { Api } from "grammy";
import { GrammyError, InputFile } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Database } from "bun:sqlite";
import type { Logger } from "pino";
import type { Sales, OrderView } from "../../sales/orders.ts";
import type { Notifier } from "../../notify/notifier.ts";
import { NoticeError } from "../shared/index.ts";
import { formatDateTime, formatToman, type Language } from "../i18n.ts";
import type { AdminCallbacks } from "./callbacks.ts";
import type { AdminDirectory } from "./directory.ts";
import type { PhotoLoader } from "./photos.ts";
import { at, atPlain } from "./words.ts";
import { type ReceiptRow } from "../../store/receipts.ts";

export interface RenderedCard {
  text: string;
  keyboard: InlineKeyboardMarkup | undefined;
  decided: boolean;
}

/** Telegram's caption limit. */
const CAPTION_MAX = 1024;

export class ReceiptCards {
  constructor(
    private readonly deps: {
      store: Store;
      sales: Sales;
      api: Api;
      notifier: Notifier;
      callbacks: AdminCallbacks;
      directory: AdminDirectory;
      photos: PhotoLoader | undefined;
      now: () => number;
      log: Logger;
    },
  ) {}

  private receipt(orderId: string): ReceiptRow | null {
    return this.deps.store.receiptOf(orderId);
  }

  /** The card in one language, or null when the order has no receipt. */
  render(orderId: string, lang: Language): RenderedCard | null {
    const order = this.deps.sales.order(orderId);
    const receipt = this.receipt(orderId);
    if (!order || !receipt) return null;
    const customer = this.deps.store.getCustomer(order.customerId);
    const who = customer ? [customer.first_name, customer.username ? `@${customer.username}` : ""].filter(Boolean).join(" ") : String(order.customerId);
    let text = at(lang, "admin-receipt-card", {
      order: String(order.number),
      customer: who || String(order.customerId),
      customerId: String(order.customerId),
      what: whatItBuys(order, lang),
      amount: formatToman(lang, order.amount),
      date: formatDateTime(lang, receipt.submitted_at),
    });
    const first = this.deps.store.firstOrderWithPhoto(orderId);
    if (first) text += `\n${at(lang, "admin-receipt-duplicate", { order: String(this.deps.sales.order(first)?.number ?? first) })}`;
    const decision = order.decision;
    if (decision) {
      const words = {
        admin: this.deps.directory.nameOf(decision.by),
        date: formatDateTime(lang, decision.at),
        reason: decision.reason ?? "",
      };
      text += `\n\n${at(lang, decision.approved ? "admin-approved-by" : "admin-rejected-by", words)}`;
      if (decision.approved && order.kind === "topup" && order.creditedAmount !== null && order.creditedAmount !== order.amount) {
        text += ` (${formatToman(lang, order.creditedAmount)})`;
      }
      return { text, keyboard: undefined, decided: true };
    }
    if (order.state !== "receipt_submitted") return { text, keyboard: undefined, decided: true };
    const { receipt: button } = this.deps.callbacks;
    const keyboard: InlineKeyboardMarkup = {
      inline_keyboard: [
        [
          { text: atPlain(lang, "admin-approve"), callback_data: button.pack({ action: "ok", orderId }) },
          { text: atPlain(lang, "admin-reject"), callback_data: button.pack({ action: "no", orderId }) },
        ],
      ],
    };
    return { text, keyboard, decided: false };
  }

  /** Posts the card to one admin's chat now (the receipts queue) and records the copy. */
  async show(chatId: number, lang: Language, orderId: string): Promise<void> {
    const card = this.render(orderId, lang);
    if (!card) return;
    const photo = await this.photoOf(orderId);
    const extra = { parse_mode: "HTML" as const, ...(card.keyboard ? { reply_markup: card.keyboard } : {}) };
    if (photo && card.text.length <= CAPTION_MAX) {
      const message = await this.deps.api.sendPhoto(chatId, new InputFile(photo, "receipt.jpg"), { ...extra, caption: card.text });
      this.record(orderId, chatId, message.message_id, true);
    } else {
      const text = photo ? card.text : `${card.text}\n${at(lang, "admin-receipt-photo-missing")}`;
      const message = await this.deps.api.sendMessage(chatId, text, extra);
      this.record(orderId, chatId, message.message_id, false);
    }
  }

  /**
   * The new-receipt alert: the card to every admin, once each (the notifier's dedupe key per admin), each copy
   * recorded. Throws a transient error when some admin could not be reached yet, so the outbox tries again; the
   * admins already reached answer "duplicate" then.
   */
  async alertAll(orderId: string, dedupeKey: string): Promise<void> {
    const photo = await this.photoOf(orderId);
    let retry: string | null = null;
    for (const adminId of this.deps.directory.all) {
      const lang = this.deps.directory.langOf(adminId);
      const card = this.render(orderId, lang);
      if (!card) return;
      const withPhoto = photo !== null && card.text.length <= CAPTION_MAX;
      const key = `${dedupeKey}:admin:${adminId}`;
      const result = await this.deps.notifier.send({
        chatId: adminId,
        text: withPhoto ? card.text : `${card.text}\n${at(lang, "admin-receipt-photo-missing")}`,
        parseMode: "HTML",
        dedupeKey: key,
        ...(withPhoto ? { photo: photo! } : {}),
        ...(card.keyboard ? { replyMarkup: card.keyboard } : {}),
      });
      if (result === "sent" || result === "duplicate") {
        const messageId = this.deps.notifier.delivery(key)?.messageId;
        if (messageId) this.record(orderId, adminId, messageId, withPhoto);
      } else if (typeof result === "object" && result.failed.kind === "transient") {
        retry = result.failed.message;
      } else if (typeof result === "object") {
        this.deps.log.warn({ adminId, orderId, failure: result.failed }, "receipt card not delivered to an admin");
      }
    }
    if (retry) throw new NoticeError("transient", `some admins were not reached yet: ${retry}`);
    // Decided while the alert was on its way: the copies just posted must say so too.
    if (this.deps.sales.order(orderId)?.decision) await this.showDecision(orderId);
  }

  /** Edits every recorded copy of the card to show the decision (or whatever state the order is in now). */
  async showDecision(orderId: string): Promise<void> {
    const rows = this.deps.store.receiptCardCopies(orderId);
    await Promise.all(
      rows.map(async (row) => {
        const card = this.render(orderId, this.deps.directory.langOf(row.chat_id));
        if (!card) return;
        const extra = { parse_mode: "HTML" as const, ...(card.keyboard ? { reply_markup: card.keyboard } : {}) };
        try {
          if (row.photo) await this.deps.api.editMessageCaption(row.chat_id, row.message_id, { ...extra, caption: card.text });
          else await this.deps.api.editMessageText(row.chat_id, row.message_id, `${card.text}\n${at(this.deps.directory.langOf(row.chat_id), "admin-receipt-photo-missing")}`, extra);
        } catch (error) {
          if (error instanceof GrammyError && /not modified/i.test(error.description)) return;
          if (error instanceof GrammyError && /not found|can't be edited/i.test(error.description)) {
            this.deps.store.forgetReceiptCard(orderId, row.chat_id, row.message_id);
            return;
          }
          this.deps.log.warn({ orderId, chatId: row.chat_id, err: (error as Error).message }, "receipt card not updated");
        }
      }),
    );
  }

  private record(orderId: string, chatId: number, messageId: number, photo: boolean): void {
    this.deps.store.recordReceiptCard(orderId, { chatId, messageId, photo }, this.deps.now());
  }

  private async photoOf(orderId: string): Promise<Uint8Array | null> {
    const receipt = this.receipt(orderId);
    if (!receipt || !this.deps.photos) return null;
    return await this.deps.photos(receipt.file_id);
  }
}

function whatItBuys(order: OrderView, lang: Language): string {
  const plan = order.item?.title ?? "";
  switch (order.kind) {
    case "topup":
      return atPlain(lang, "admin-receipt-for-topup");
    case "renewal":
      return atPlain(lang, "admin-receipt-for-renewal", { plan });
    case "traffic":
      return atPlain(lang, "admin-receipt-for-traffic", { plan });
    default:
      return atPlain(lang, "admin-receipt-for-plan", { plan });
  }
}

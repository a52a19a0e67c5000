/**
 * The Telegram side of `Notices`: what the actors say to customers goes out through the user bot's notifier
 * (rendered in the customer's language with renderNotice, once per dedupe key, paced, blocked chats skipped), and
 * alerts for admins go to whatever the admin bot registers with `setAdminAlertSink`.
 *
 * The core is built before the bots start, so the channels are connected later. A notice that arrives while a
 * configured bot is still starting waits for it (up to `connectWaitMs`), then fails as transient and the outbox
 * tries it again; with no bot configured it is logged. Waiting matters at boot: the effects
 * a crash left pending run before the bots have connected, and a failure there would spend one of their attempts
 * on every restart — a process restarted a few times in a row would drop them for good. A permanent failure (Telegram refused the message) is logged and not retried:
 * the actor's machine has nothing to do about it, and a retry would send the same refused message.
 */
import type { Store } from "../../store/index.ts";
import type { Database } from "bun:sqlite";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Logger } from "pino";
import { deliveryPolicyOf } from "../../domain/notice-kinds.ts";
import { undeliveredAlert, type AdminAlert, type CustomerNotice, type Notices } from "../../kinds/notices.ts";
import type { Notification, NotificationSink } from "../../notify/types.ts";
import type { Subscriptions } from "../../sales/subscriptions.ts";
import { t, type Language } from "../i18n.ts";
import { renderNotice } from "../notice-text.ts";
import { qrPng } from "./qr-code.ts";

/** A failed delivery, with the kind the effect outbox reads: transient is retried with backoff. */
export class NoticeError extends Error {
  constructor(
    readonly kind: "transient" | "permanent",
    message: string,
  ) {
    super(message);
    this.name = "NoticeError";
  }
}

/** Where customer notices go: the user bot's notifier, and the buttons to put under each notice. */
export interface CustomerChannel {
  sender: NotificationSink;
  /** Buttons under a notice (Renew under "expires in 3 days"…); the user bot builds them, it owns the callback data. */
  keyboard?: (notice: CustomerNotice, lang: Language) => InlineKeyboardMarkup | undefined;
}

/** Receives every admin alert (new-receipt, server-down, ticket…); throw to have the outbox retry it. */
export type AdminAlertSink = (alert: AdminAlert) => Promise<void>;

export interface TelegramNoticesOptions {
  store: Store;
  defaultLanguage: Language;
  log: Logger;
  subscriptions?: Subscriptions;
  /** A user bot is configured: until it connects, customer notices fail as transient (retried) instead of logged. */
  expectCustomerChannel?: boolean;
  /** An admin bot is configured: until it sets the sink, alerts fail as transient (retried) instead of logged. */
  expectAdminSink?: boolean;
  /** How long a notice for a configured bot that has not connected yet waits for it before failing. Default 0. */
  connectWaitMs?: number;
}

/** Kinds that carry their own words rather than a subscription's figures. */
const SELF_RENDERED: Record<string, (lang: Language, vars: Record<string, unknown>) => string> = {
  "support-reply": (lang, vars) => t(lang, "notify-support-reply", { ticket: String(vars.ticket ?? "?"), text: String(vars.text ?? "") }),
};

/** Telegram's caption limit; longer texts go without the QR code. */
const CAPTION_MAX = 1024;

export class TelegramNotices implements Notices {
  private subscriptions: Subscriptions | undefined;
  private channel: CustomerChannel | undefined;
  private adminSink: AdminAlertSink | undefined;

  constructor(private readonly options: TelegramNoticesOptions) {
    this.subscriptions = options.subscriptions;
  }

  /** Gives the renderer the subscriptions service (the core is built after its notices). */
  bindSubscriptions(subscriptions: Subscriptions): void {
    this.subscriptions = subscriptions;
  }

  /**
   * The user bot's sender, for broadcasts that go out in batches of their own; undefined when no user bot is
   * configured. While a configured one is still connecting, its sends wait for it like notices do.
   */
  customerSender(): CustomerChannel["sender"] | undefined {
    if (this.channel || !this.options.expectCustomerChannel) return this.channel?.sender;
    return {
      send: async (notification) => {
        const channel = await this.connected(() => this.channel);
        if (channel) return await channel.sender.send(notification);
        return { failed: { kind: "transient", reason: "unavailable", message: "the user bot is not connected yet" } };
      },
    };
  }

  /** The user bot connects its notifier when it starts, and disconnects (null) when it stops. */
  connectCustomers(channel: CustomerChannel | null): void {
    this.channel = channel ?? undefined;
  }

  /** The admin bot registers where alerts go when it starts, and unregisters (null) when it stops. */
  setAdminAlertSink(sink: AdminAlertSink | null): void {
    this.adminSink = sink ?? undefined;
  }

  /** The customer's language and the notice's HTML text. */
  render(notice: CustomerNotice): { lang: Language; text: string } {
    const selfRendered = SELF_RENDERED[notice.kind];
    if (selfRendered || !this.subscriptions) {
      const lang = this.options.store.getCustomer(notice.customerId)?.language ?? this.options.defaultLanguage;
      if (selfRendered) return { lang, text: selfRendered(lang, notice.vars) };
    }
    if (!this.subscriptions) throw new NoticeError("transient", "notices are not bound to the subscriptions service yet");
    return renderNotice({ store: this.options.store, subscriptions: this.subscriptions, defaultLanguage: this.options.defaultLanguage }, notice);
  }

  async customer(notice: CustomerNotice): Promise<void> {
    const { log } = this.options;
    const channel = this.channel ?? (this.options.expectCustomerChannel ? await this.connected(() => this.channel) : undefined);
    if (!channel) {
      if (this.options.expectCustomerChannel) throw new NoticeError("transient", "the user bot is not connected yet");
      log.info({ customerId: notice.customerId, kind: notice.kind, dedupeKey: notice.dedupeKey }, "customer notice not sent: user bot off");
      return;
    }
    if (!this.options.store.getCustomer(notice.customerId)) {
      log.warn({ customerId: notice.customerId, kind: notice.kind }, "customer notice for an unknown customer; not sent");
      return;
    }
    const { lang, text } = this.render(notice);
    const mustArrive = deliveryPolicyOf(notice.kind) === "at-least-once";
    const message: Notification = { chatId: notice.customerId, text, parseMode: "HTML", dedupeKey: notice.dedupeKey };
    if (mustArrive) message.atLeastOnce = { resentText: `${text}\n\n${t(lang, "notify-resent")}` };
    const keyboard = channel.keyboard?.(notice, lang);
    if (keyboard) message.replyMarkup = keyboard;
    const photo = await this.qrFor(notice, message.atLeastOnce?.resentText ?? text);
    if (photo) message.photo = photo;

    const result = await channel.sender.send(message);
    if (result === "sent" || result === "duplicate") return;
    if (result === "blocked") {
      if (mustArrive) await this.undelivered(notice, "the customer blocked the bot");
      return;
    }
    const failure = result.failed;
    if (failure.kind === "transient") throw new NoticeError("transient", `${failure.reason}: ${failure.message}`);
    log.error({ customerId: notice.customerId, kind: notice.kind, dedupeKey: notice.dedupeKey, failure }, "customer notice not delivered");
    if (mustArrive) await this.undelivered(notice, failure.message);
  }

  /**
   * Tells the admins, once (the alert's dedupe key is the notice's), that a notice that must arrive never will. An
   * admin bot that cannot take it yet throws, and the outbox tries the notice again: the customer's send answers
   * at once from the notifications table, and the alert gets another chance.
   */
  private async undelivered(notice: CustomerNotice, reason: string): Promise<void> {
    await this.admins(undeliveredAlert(notice, reason));
  }

  async admins(alert: AdminAlert): Promise<void> {
    const sink = this.adminSink ?? (this.options.expectAdminSink ? await this.connected(() => this.adminSink) : undefined);
    if (!sink) {
      if (this.options.expectAdminSink) throw new NoticeError("transient", "the admin bot is not connected yet");
      this.options.log.info({ alert: alert.alert, dedupeKey: alert.dedupeKey }, "admin alert not sent: admin bot off");
      return;
    }
    await sink(alert);
  }

  /** Waits up to `connectWaitMs` for a configured bot's channel to connect; undefined if it did not. */
  private async connected<T>(current: () => T | undefined): Promise<T | undefined> {
    const deadline = Date.now() + (this.options.connectWaitMs ?? 0);
    let value = current();
    while (value === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      value = current();
    }
    return value;
  }

  /** A subscription that is ready comes with its QR code, so the customer can scan it at once. */
  private async qrFor(notice: CustomerNotice, text: string): Promise<Uint8Array | undefined> {
    if (notice.kind !== "provisioned" || !notice.subscriptionId || text.length > CAPTION_MAX) return undefined;
    const sub = this.subscriptions?.get(notice.subscriptionId);
    if (!sub) return undefined;
    try {
      return await qrPng(sub.link);
    } catch (error) {
      this.options.log.warn({ subscriptionId: sub.id, err: String(error) }, "QR code not made; sending the text alone");
      return undefined;
    }
  }
}

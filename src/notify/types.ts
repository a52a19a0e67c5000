/**
 * What the notifier takes and answers. Any sink with this `send` (the Telegram notifier, the recording sink) can
 * stand behind the notification effects.
 */
import type { InlineKeyboardMarkup } from "grammy/types";

/** One message to one chat. */
export interface Notification {
  chatId: number;
  /** Telegram HTML; with a photo it becomes the caption (at most 1024 characters). */
  text: string;
  parseMode: "HTML";
  replyMarkup?: InlineKeyboardMarkup;
  /** PNG bytes (e.g. a QR code) or the file_id of a photo Telegram already has. */
  photo?: Uint8Array | string;
  /** One message per key; see `atLeastOnce` for what happens when a crash leaves a send in doubt. */
  dedupeKey: string;
  /**
   * Present for messages that must arrive (src/domain/notice-kinds.ts): a send left in doubt by a crash or a lost
   * answer is sent again with `resentText`, which tells the customer it is a second copy. Absent: at most once.
   */
  atLeastOnce?: { resentText: string };
}

/** Why a send did not happen, in the error kinds the runtime understands. */
export interface NotifyFailure {
  /** transient: try again later; permanent: the same send will fail again (or might duplicate), do not retry. */
  kind: "transient" | "permanent";
  reason: "rate-limited" | "unavailable" | "network" | "rejected" | "uncertain" | "in-flight";
  /** Human words: Telegram's description or what we know. */
  message: string;
  /** For rate-limited: how long Telegram asked to wait. */
  retryAfterMs?: number;
}

/**
 * sent: Telegram accepted it now. duplicate: this key was sent before (or is being sent by a concurrent call that
 * succeeded). blocked: the chat blocked the bot; nothing was sent.
 */
export type SendResult = "sent" | "duplicate" | "blocked" | { failed: NotifyFailure };

/** Anything that delivers notifications. */
export interface NotificationSink {
  send(notification: Notification): Promise<SendResult>;
}

/**
 * A sink with the notifier's `send` that keeps messages in memory instead of calling Telegram: for the demo and
 * for tests that run before the bots exist. Same answers as the notifier: one message per dedupe key, "blocked"
 * for chats marked blocked.
 */
import type { Notification, NotificationSink, SendResult } from "./types.ts";

/** A notification as the recording sink kept it. */
export interface RecordedNotification extends Notification {
  /** Increasing per sink, like a message_id. */
  seq: number;
  at: number;
}

export class RecordingSink implements NotificationSink {
  readonly sent: RecordedNotification[] = [];
  private readonly keys = new Set<string>();
  private readonly blockedChats = new Set<number>();
  private readonly listeners = new Set<(message: RecordedNotification) => void>();

  constructor(private readonly clock: { now(): number } = { now: () => Date.now() }) {}

  async send(notification: Notification): Promise<SendResult> {
    if (this.keys.has(notification.dedupeKey)) return "duplicate";
    if (this.blockedChats.has(notification.chatId)) return "blocked";
    this.keys.add(notification.dedupeKey);
    const recorded: RecordedNotification = { ...notification, seq: this.sent.length + 1, at: this.clock.now() };
    this.sent.push(recorded);
    for (const listener of this.listeners) listener(recorded);
    return "sent";
  }

  /** Sends to this chat answer "blocked" from now on. */
  block(chatId: number): void {
    this.blockedChats.add(chatId);
  }

  /** What one chat received, oldest first. */
  forChat(chatId: number): RecordedNotification[] {
    return this.sent.filter((message) => message.chatId === chatId);
  }

  /** Calls `listener` for every message recorded from now on; returns a function that stops it. */
  onSent(listener: (message: RecordedNotification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

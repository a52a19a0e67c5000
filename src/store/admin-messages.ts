/**
 * The admin bot's memory of the messages it posted (migration 006): every copy of a receipt card, so the first
 * decision is shown on all of them; and the progress messages of each broadcast, edited as it runs.
 */
import type { Database } from "bun:sqlite";

export interface ReceiptCardCopy {
  chat_id: number;
  message_id: number;
  /** 1 when the card is a photo (edit its caption), 0 when it is text. */
  photo: number;
}

export function receiptCardCopies(db: Database, orderId: string): ReceiptCardCopy[] {
  return db.query<ReceiptCardCopy, [string]>("SELECT chat_id, message_id, photo FROM admin_receipt_cards WHERE order_id = ?").all(orderId);
}

export function recordReceiptCard(db: Database, orderId: string, copy: { chatId: number; messageId: number; photo: boolean }, at: number): void {
  db.query("INSERT INTO admin_receipt_cards (order_id, chat_id, message_id, photo, posted_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING").run(
    orderId,
    copy.chatId,
    copy.messageId,
    copy.photo ? 1 : 0,
    at,
  );
}

export function forgetReceiptCard(db: Database, orderId: string, chatId: number, messageId: number): void {
  db.query("DELETE FROM admin_receipt_cards WHERE order_id = ? AND chat_id = ? AND message_id = ?").run(orderId, chatId, messageId);
}

export interface BroadcastMessage {
  chat_id: number;
  message_id: number;
  /** The text the message shows now. */
  shown: string;
}

/** Records a message showing a broadcast; `final` when it already shows the end. */
export function recordBroadcastMessage(db: Database, broadcastId: string, message: { chatId: number; messageId: number; shown: string; final: boolean }): void {
  db.query("INSERT INTO admin_broadcast_messages (broadcast_id, chat_id, message_id, shown, final) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING").run(
    broadcastId,
    message.chatId,
    message.messageId,
    message.shown,
    message.final ? 1 : 0,
  );
}

/** The messages of a broadcast that do not show its end yet. */
export function unfinishedBroadcastMessages(db: Database, broadcastId: string): BroadcastMessage[] {
  return db
    .query<BroadcastMessage, [string]>("SELECT chat_id, message_id, shown FROM admin_broadcast_messages WHERE broadcast_id = ? AND final = 0")
    .all(broadcastId);
}

export function updateBroadcastMessage(db: Database, broadcastId: string, message: { chatId: number; messageId: number; shown: string; final: boolean }): void {
  db.query("UPDATE admin_broadcast_messages SET shown = ?, final = ? WHERE broadcast_id = ? AND chat_id = ? AND message_id = ?").run(
    message.shown,
    message.final ? 1 : 0,
    broadcastId,
    message.chatId,
    message.messageId,
  );
}

/** Broadcasts some message still shows as unfinished. */
export function broadcastsShownUnfinished(db: Database): string[] {
  return db
    .query<{ broadcast_id: string }, []>("SELECT DISTINCT broadcast_id FROM admin_broadcast_messages WHERE final = 0")
    .all()
    .map((row) => row.broadcast_id);
}

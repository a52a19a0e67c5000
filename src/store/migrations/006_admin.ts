import type { Migration } from "../migrate.ts";

/**
 * The admin bot's memory: every copy of a receipt card it posted (one per admin chat), so a decision made by one
 * admin is shown on all of them; and the progress messages of each broadcast, edited as it runs.
 */
export const admin: Migration = {
  version: 6,
  name: "admin",
  sql: `
CREATE TABLE admin_receipt_cards (
  order_id TEXT NOT NULL,
  chat_id INTEGER NOT NULL,
  message_id INTEGER NOT NULL,
  -- 1: a photo with the card as its caption; 0: the card as text (the photo could not be loaded)
  photo INTEGER NOT NULL,
  posted_at INTEGER NOT NULL,
  PRIMARY KEY (order_id, chat_id, message_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE admin_broadcast_messages (
  broadcast_id TEXT NOT NULL,
  chat_id INTEGER NOT NULL,
  message_id INTEGER NOT NULL,
  -- what the message shows now, so an unchanged figure costs no edit; final once the broadcast ended
  shown TEXT NOT NULL DEFAULT '',
  final INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (broadcast_id, chat_id, message_id)
) STRICT, WITHOUT ROWID;
`,
};

import type { Migration } from "../migrate.ts";

/**
 * The Telegram sender's own memory (src/notify): one row per dedupe key, claimed before Telegram is called and
 * marked after, so a key never yields two messages; and the chats that blocked the bot, so later sends to them
 * return at once without calling Telegram.
 */
export const notifications: Migration = {
  version: 3,
  name: "notifications",
  sql: `
CREATE TABLE notifications (
  dedupe_key TEXT PRIMARY KEY,
  chat_id INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'blocked', 'unconfirmed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  claimed_at INTEGER NOT NULL,
  sent_at INTEGER,
  message_id INTEGER,
  error TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX notifications_sending ON notifications (claimed_at) WHERE status = 'sending';
CREATE INDEX notifications_by_chat ON notifications (chat_id);

CREATE TABLE notify_blocked_chats (
  chat_id INTEGER PRIMARY KEY,
  blocked_at INTEGER NOT NULL,
  error TEXT NOT NULL
) STRICT;
`,
};

import type { Migration } from "../migrate.ts";

/**
 * The bots' own memory (src/bots/shared): the update ids each bot has already applied, so an update Telegram
 * delivers twice is applied once; and per-chat conversation and menu state, so a restart mid-purchase loses nothing.
 */
export const bots: Migration = {
  version: 5,
  name: "bots",
  sql: `
CREATE TABLE bot_updates_seen (
  bot TEXT NOT NULL,
  update_id INTEGER NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (bot, update_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX bot_updates_seen_at ON bot_updates_seen (seen_at);

CREATE TABLE bot_state (
  bot TEXT NOT NULL,
  chat_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (bot, chat_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX bot_state_updated ON bot_state (updated_at);
`,
};

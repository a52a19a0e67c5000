import type { Migration } from "../migrate.ts";

/**
 * Russian: a customer's language may be ru. SQLite cannot change a CHECK in place, so the customers table is rebuilt
 * (same columns, rows and indexes; no other table references it). The new table refers to itself by its new name,
 * which the rename turns into "customers".
 */
export const russian: Migration = {
  version: 7,
  name: "russian",
  sql: `
CREATE TABLE customers_next (
  telegram_id INTEGER PRIMARY KEY,
  username TEXT,
  first_name TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL CHECK (language IN ('fa', 'en', 'ru')),
  language_chosen INTEGER NOT NULL DEFAULT 0,
  banned INTEGER NOT NULL DEFAULT 0,
  unreachable INTEGER NOT NULL DEFAULT 0,
  referrer_id INTEGER REFERENCES customers_next (telegram_id),
  referral_code TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
INSERT INTO customers_next (telegram_id, username, first_name, language, language_chosen, banned, unreachable, referrer_id, referral_code, created_at, updated_at)
  SELECT telegram_id, username, first_name, language, language_chosen, banned, unreachable, referrer_id, referral_code, created_at, updated_at FROM customers;
DROP TABLE customers;
ALTER TABLE customers_next RENAME TO customers;
CREATE INDEX customers_by_username ON customers (username COLLATE NOCASE);
CREATE INDEX customers_by_created ON customers (created_at);
`,
};

import type { Migration } from "../migrate.ts";

/**
 * Facts about the store itself: the check value that tells whether this process holds the key the store's secrets
 * were sealed with (`key_check`), when it was last started, and the readiness probe's row.
 */
export const storeMeta: Migration = {
  version: 22,
  name: "store_meta",
  sql: `
CREATE TABLE store_meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`,
};

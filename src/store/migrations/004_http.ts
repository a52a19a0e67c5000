import type { Migration } from "../migrate.ts";

/**
 * The HTTP API's memory of Idempotency-Keys: one row per key and route, claimed before the handler runs (status
 * NULL while it does) and completed with the answer, which a retry with the same key and body gets back as it was.
 */
export const http: Migration = {
  version: 4,
  name: "http",
  sql: `
CREATE TABLE http_idempotency (
  key TEXT NOT NULL,
  route TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  status INTEGER,
  response TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (key, route)
) STRICT, WITHOUT ROWID;
CREATE INDEX http_idempotency_by_created ON http_idempotency (created_at);
`,
};

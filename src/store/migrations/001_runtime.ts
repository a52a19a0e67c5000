import type { Migration } from "../migrate.ts";

/** The actor runtime's own tables: snapshots, journal, durable timers, effect outbox, inbound dedupe. */
export const runtime: Migration = {
  version: 1,
  name: "runtime",
  sql: `
CREATE TABLE actors (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  state TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  machine_version INTEGER NOT NULL,
  quarantine_reason TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX actors_by_state ON actors (kind, state, id);
CREATE INDEX actors_quarantined ON actors (kind, id) WHERE quarantine_reason IS NOT NULL;

CREATE TABLE journal (
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  from_state TEXT,
  event_type TEXT NOT NULL,
  to_state TEXT NOT NULL,
  event TEXT,
  error TEXT,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX journal_by_actor ON journal (kind, id, seq);

CREATE TABLE timers (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  key TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (kind, id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX timers_by_due ON timers (due_at);

CREATE TABLE outbox (
  -- AUTOINCREMENT: seq names the effect in dedupe keys (effect:<seq>), so it must never be reused.
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  effect TEXT NOT NULL,
  input TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'failed')),
  last_error TEXT,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_pending ON outbox (next_at) WHERE status = 'pending';

CREATE TABLE inbound_dedupe (
  key TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX inbound_dedupe_by_at ON inbound_dedupe (at);
`,
};

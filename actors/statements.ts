/** The runtime's prepared SQL, in one place, all with bound parameters. */
import type { Database, Statement } from "bun:sqlite";

export interface ActorRow {
  kind: string;
  id: string;
  state: string;
  snapshot: string;
  machine_version: number;
  quarantine_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface TimerRow {
  kind: string;
  id: string;
  key: string;
  due_at: number;
  event: string;
}

export interface OutboxRow {
  seq: number;
  kind: string;
  id: string;
  effect: string;
  input: string;
  attempts: number;
  next_at: number;
  status: string;
  last_error: string | null;
  created_at: number;
}

export function prepareStatements(db: Database) {
  return {
    actorGet: db.query<ActorRow, [string, string]>("SELECT * FROM actors WHERE kind = ? AND id = ?"),
    actorInsert: db.query(
      "INSERT INTO actors (kind, id, state, snapshot, machine_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ),
    actorUpdate: db.query(
      "UPDATE actors SET state = ?, snapshot = ?, machine_version = ?, updated_at = ? WHERE kind = ? AND id = ?",
    ),
    // Most events leave the state as it is; naming `state` in SET makes SQLite rewrite its index entry all the same.
    actorUpdateSameState: db.query(
      "UPDATE actors SET snapshot = ?, machine_version = ?, updated_at = ? WHERE kind = ? AND id = ?",
    ),
    actorQuarantine: db.query("UPDATE actors SET quarantine_reason = ?, updated_at = ? WHERE kind = ? AND id = ?"),
    actorRelease: db.query("UPDATE actors SET quarantine_reason = NULL WHERE kind = ? AND id = ?"),
    journalInsert: db.query(
      "INSERT INTO journal (kind, id, from_state, event_type, to_state, event, error, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    timerUpsert: db.query(
      "INSERT INTO timers (kind, id, key, due_at, event) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, id, key) DO UPDATE SET due_at = excluded.due_at, event = excluded.event",
    ),
    timerDelete: db.query("DELETE FROM timers WHERE kind = ? AND id = ? AND key = ?"),
    timerGet: db.query<TimerRow, [string, string, string]>("SELECT * FROM timers WHERE kind = ? AND id = ? AND key = ?"),
    timersDue: db.query<TimerRow, [number, number]>("SELECT * FROM timers WHERE due_at <= ? ORDER BY due_at LIMIT ?"),
    timersOf: db.query<TimerRow, [string, string]>("SELECT * FROM timers WHERE kind = ? AND id = ? ORDER BY due_at"),
    timerEarliest: db.query<{ due: number | null }, []>("SELECT MIN(due_at) AS due FROM timers"),
    outboxInsert: db.query<{ seq: number }, [string, string, string, string, number, number]>(
      "INSERT INTO outbox (kind, id, effect, input, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq",
    ),
    outboxGet: db.query<OutboxRow, [number]>("SELECT * FROM outbox WHERE seq = ?"),
    outboxDue: db.query<OutboxRow, [number, number]>(
      "SELECT * FROM outbox WHERE status = 'pending' AND next_at <= ? ORDER BY next_at, seq LIMIT ?",
    ),
    outboxEarliest: db.query<{ due: number | null }, []>("SELECT MIN(next_at) AS due FROM outbox WHERE status = 'pending'"),
    outboxDelete: db.query("DELETE FROM outbox WHERE seq = ?"),
    outboxRetry: db.query("UPDATE outbox SET attempts = ?, next_at = ?, last_error = ? WHERE seq = ?"),
    outboxFail: db.query("UPDATE outbox SET status = 'failed', attempts = ?, last_error = ? WHERE seq = ?"),
    outboxCountAttempt: db.query("UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?"),
    dedupeGet: db.query<{ key: string }, [string]>("SELECT key FROM inbound_dedupe WHERE key = ?"),
    dedupeInsert: db.query("INSERT INTO inbound_dedupe (key, kind, id, at) VALUES (?, ?, ?, ?)"),
    dedupePrune: db.query("DELETE FROM inbound_dedupe WHERE at < ?"),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

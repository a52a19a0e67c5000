/**
 * The HTTP API's memory of Idempotency-Keys (migration 004): one row per key and route, claimed before the handler
 * runs (status NULL while it does) and completed with the answer a retry gets back.
 */
import type { Database } from "bun:sqlite";

export interface StoredIdempotencyKey {
  body_hash: string;
  status: number | null;
  response: string | null;
}

export function storedIdempotencyKey(db: Database, key: string, route: string): StoredIdempotencyKey | null {
  return db.query<StoredIdempotencyKey, [string, string]>("SELECT body_hash, status, response FROM http_idempotency WHERE key = ? AND route = ?").get(key, route);
}

export function claimIdempotencyKey(db: Database, key: string, route: string, bodyHash: string, at: number): void {
  db.query("INSERT INTO http_idempotency (key, route, body_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING").run(key, route, bodyHash, at);
}

export function completeIdempotencyKey(db: Database, key: string, route: string, status: number, response: string): void {
  db.query("UPDATE http_idempotency SET status = ?, response = ? WHERE key = ? AND route = ?").run(status, response, key, route);
}

export function releaseIdempotencyKey(db: Database, key: string, route: string): void {
  db.query("DELETE FROM http_idempotency WHERE key = ? AND route = ?").run(key, route);
}

export function pruneIdempotencyKeys(db: Database, olderThan: number): void {
  db.query("DELETE FROM http_idempotency WHERE created_at < ?").run(olderThan);
}

/** Forgets claims whose request never finished (the process stopped mid-request), so their keys work again. */
export function releaseUnfinishedIdempotencyKeys(db: Database): void {
  db.query("DELETE FROM http_idempotency WHERE status IS NULL").run();
}

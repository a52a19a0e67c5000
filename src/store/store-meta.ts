/** The `store_meta` table: named facts about the store itself (see migration 22). */
import type { Database } from "bun:sqlite";

export function getMeta(db: Database, name: string): string | undefined {
  return db.query<{ value: string }, [string]>("SELECT value FROM store_meta WHERE name = ?").get(name)?.value;
}

export function setMeta(db: Database, name: string, value: string, at: number): void {
  db.query("INSERT INTO store_meta (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at").run(
    name,
    value,
    at,
  );
}

/**
 * The SQLite connection. bun:sqlite's defaults (journal_mode=delete, busy_timeout=0, foreign_keys=off) are wrong for
 * a server, so every connection is opened here and nowhere else. synchronous=FULL is kept on purpose: in WAL mode
 * NORMAL syncs only at checkpoints, and a power cut could roll back a commit whose effects had already run.
 */
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { migrate } from "./migrate.ts";

export type { Database };

/** Opens (creating if needed) the store at `path`, sets the pragmas and applies pending migrations. */
export function openDatabase(path: string, options: { migrate?: boolean } = {}): Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { create: true, strict: true });
  db.exec("PRAGMA journal_mode = WAL");
  // FULL: a commit is synced to the WAL before it returns, so no effect starts for an event a power cut could undo.
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA temp_store = MEMORY");
  if (options.migrate !== false) migrate(db);
  return db;
}

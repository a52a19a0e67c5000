/**
 * The SQLite connection. bun:sqlite's defaults (journal_mode=delete, synchronous=FULL, busy_timeout=0,
 * foreign_keys=off) are wrong for a server, so every connection is opened here and nowhere else.
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
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA temp_store = MEMORY");
  if (options.migrate !== false) migrate(db);
  return db;
}

/**
 * Consistent copies of the live store. `cp` of the file copies nothing useful while the service runs (recent commits
 * sit in the WAL); `VACUUM INTO` writes one self-contained file from a single read transaction, so it is consistent
 * while other connections keep committing, and it is checked with `PRAGMA integrity_check` before it is kept.
 */
import { Database } from "bun:sqlite";
import { existsSync, renameSync, rmSync } from "node:fs";

export interface StoreFileFacts {
  /** The migration version (`user_version`). */
  version: number;
  orders: number;
  subscriptions: number;
}

/** Opens a store file read-only and checks it; throws with the reason when it is damaged. */
export function checkStoreFile(path: string): StoreFileFacts {
  const db = new Database(path, { readonly: true, strict: true });
  try {
    const check = db.query<{ integrity_check: string }, []>("PRAGMA integrity_check").all();
    if (check.length !== 1 || check[0]!.integrity_check !== "ok") {
      throw new Error(`integrity check failed: ${check.slice(0, 3).map((r) => r.integrity_check).join("; ")}`);
    }
    const version = db.query<{ user_version: number }, []>("PRAGMA user_version").get()!.user_version;
    const has = (table: string) => db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== null;
    const orders = has("orders") ? db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM orders").get()!.n : 0;
    const subscriptions = has("subscriptions") ? db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM subscriptions").get()!.n : 0;
    return { version, orders, subscriptions };
  } finally {
    db.close();
  }
}

/** Writes a consistent, checked copy of the store `db` has open to `out` (which must not exist yet). */
export function copyStore(db: Database, out: string): StoreFileFacts {
  if (existsSync(out)) throw new Error(`${out} exists already; give a new file name`);
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  try {
    db.query("VACUUM INTO ?").run(partial);
    const facts = checkStoreFile(partial);
    renameSync(partial, out);
    return facts;
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Versioned migrations. Each is a module in ./migrations, imported statically so `bun build --compile` embeds
 * it in the binary. All pending migrations apply in one transaction: a failure leaves the store as it was.
 */
import type { Database } from "bun:sqlite";
import { migrations } from "./migrations/index.ts";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Applies every migration newer than the store's user_version; returns the versions applied. */
export function migrate(db: Database): number[] {
  const current = (db.query("PRAGMA user_version").get() as { user_version: number }).user_version;
  const pending = migrations.filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.sql);
      db.exec(`PRAGMA user_version = ${migration.version}`);
    }
  })();
  return pending.map((m) => m.version);
}

/** The newest migration version this build knows. */
export function latestVersion(): number {
  return Math.max(...migrations.map((m) => m.version));
}

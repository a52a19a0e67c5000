/**
 * One process per store. `serve` (and `restore`) hold an exclusive SQLite lock on `<store>.lock` for as long as they
 * run. The lock is the operating system's (a POSIX record lock taken by SQLite), so it goes with its process —
 * SIGKILL and power loss included — and a restart never waits for it. The holder writes its pid into the lock
 * file's header (`user_version`, bytes 60–63), which a refused process reads without the lock to name it.
 */
import { Database } from "bun:sqlite";
import { closeSync, mkdirSync, openSync, readSync } from "node:fs";
import { dirname } from "node:path";
import { StartupError } from "./startup-error.ts";

export interface StoreLock {
  readonly path: string;
  release(): void;
}

function lockFilePath(databasePath: string): string {
  return `${databasePath}.lock`;
}

/** The pid written in a lock file's header, when it can be read. */
function holderOf(path: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const bytes = Buffer.alloc(4);
    if (readSync(fd, bytes, 0, 4, 60) !== 4) return undefined;
    const pid = bytes.readUInt32BE(0);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Takes the store's lock, or throws a StartupError naming the store and, when known, the process holding it. */
export function lockStore(databasePath: string): StoreLock {
  if (databasePath === ":memory:") return { path: databasePath, release() {} };
  const path = lockFilePath(databasePath);
  mkdirSync(dirname(path), { recursive: true });
  let db: Database | undefined;
  try {
    db = new Database(path, { create: true });
    db.exec("PRAGMA busy_timeout = 0");
    // EXCLUSIVE locking mode keeps the lock from the first write until the connection closes.
    db.exec("PRAGMA locking_mode = EXCLUSIVE");
    db.exec(`PRAGMA user_version = ${process.pid}`);
  } catch (error) {
    db?.close();
    if ((error as { code?: string }).code === "SQLITE_BUSY") {
      const holder = holderOf(path);
      const who = holder ? `process ${holder}` : "another process";
      throw new StartupError(`the store ${databasePath} is in use by ${who} (lock ${path}); stop it first, one subkeeper per store`);
    }
    throw error;
  }
  const held = db;
  return {
    path,
    release() {
      held.close();
    },
  };
}

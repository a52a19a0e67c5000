/**
 * `subkeeper backup --out FILE` (a consistent copy of the live store, while the service runs) and
 * `subkeeper restore FILE` (a copy or a sealed Telegram backup put back in place, while no instance runs).
 */
import { Database } from "bun:sqlite";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import type { Config } from "../config.ts";
import { existingKey, keyFilePath, keySourceOf, openTokenBox } from "../panels/token-box.ts";
import { checkStoreFile, copyStore } from "../store/backup.ts";
import { openDatabase } from "../store/db.ts";
import { lockStore } from "../store/instance-lock.ts";
import { checkStoreKey } from "../store/key-check.ts";
import { latestVersion } from "../store/migrate.ts";
import { StartupError } from "../store/startup-error.ts";
import { BackupBoxError, isSealedBackup, isSqliteFile, openBackup } from "./backup-box.ts";

/** The value of `--out FILE` (or `--out=FILE`). */
export function outArgument(args: string[]): string | undefined {
  const at = args.indexOf("--out");
  if (at >= 0) return args[at + 1];
  return args.find((a) => a.startsWith("--out="))?.slice("--out=".length);
}

/** Copies the store to `out`; works beside a running instance (a reader of its own, no lock taken). */
export function backupCommand(config: Config, out: string | undefined): string {
  if (!out) throw new StartupError("backup: name the file to write: subkeeper backup --out FILE");
  if (!existsSync(config.databasePath)) throw new StartupError(`backup: there is no store at ${config.databasePath}`);
  // A connection of its own that writes nothing (read-only ones cannot always open a WAL store nobody else has open).
  const db = new Database(config.databasePath, { strict: true });
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    const facts = copyStore(db, out);
    return `backup: wrote ${out} (checked: schema ${facts.version}, ${facts.orders} orders, ${facts.subscriptions} subscriptions). Keep ${keySourceOf(config)} with it: the panel tokens inside open only with that key`;
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError(`backup: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

/** Puts `file` in place of the store, keeping the store it replaces beside it. Nothing changes when a check fails. */
export async function restoreCommand(config: Config, file: string | undefined): Promise<string> {
  if (!file) throw new StartupError("restore: name the backup to restore: subkeeper restore FILE");
  const path = config.databasePath;
  const lock = lockStore(path);
  const staged = `${path}.restoring`;
  try {
    const key = existingKey(path, config.secretKey);
    if (!key) {
      throw new StartupError(`restore: this install has no key yet: set SECRET_KEY, or put the key file back at ${keyFilePath(path)}, then restore`);
    }
    let bytes: Uint8Array = readFileSync(file);
    if (isSealedBackup(bytes)) bytes = await openBackup(bytes, key);
    if (!isSqliteFile(bytes)) throw new StartupError(`restore: ${file} is neither a subkeeper backup nor a store file`);
    rmSync(staged, { force: true });
    writeFileSync(staged, bytes, { mode: 0o600 });
    const facts = checkStoreFile(staged);
    if (facts.version > latestVersion()) {
      throw new StartupError(`restore: ${file} was made by a newer subkeeper (schema ${facts.version}; this one knows up to ${latestVersion()}); restore it with that version`);
    }
    const restored = openDatabase(staged);
    try {
      await checkStoreKey(restored, await openTokenBox(key), keySourceOf(config), Date.now());
    } finally {
      restored.close();
    }
    const aside = `${path}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    if (existsSync(path)) {
      // Fold the WAL into the file first, so the copy kept aside is whole.
      const old = new Database(path, { strict: true });
      old.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      old.close();
      renameSync(path, aside);
      for (const suffix of ["-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
    }
    renameSync(staged, path);
    const kept = existsSync(aside) ? `; the store it replaced is kept as ${aside}` : "";
    return `restore: ${path} now holds ${file} (schema ${facts.version}, ${facts.orders} orders, ${facts.subscriptions} subscriptions)${kept}`;
  } catch (error) {
    if (error instanceof StartupError) throw error;
    if (error instanceof BackupBoxError) throw new StartupError(`restore: ${error.message}; nothing was changed`);
    throw new StartupError(`restore: ${(error as Error).message}; nothing was changed`);
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${staged}${suffix}`, { force: true });
    lock.release();
  }
}

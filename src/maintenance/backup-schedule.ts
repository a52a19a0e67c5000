/**
 * The scheduled backup: every BACKUP_INTERVAL_H hours (24 by default, 0 = off) a consistent copy of the store,
 * sealed with this install's backup key (backup-box.ts), goes to every admin through the admin bot. The time of
 * the last one is kept in the store, so restarts do not reset the schedule; the first goes out at the first start.
 */
import type { Database } from "bun:sqlite";
import { readFileSync, rmSync } from "node:fs";
import type { Logger } from "pino";
import { copyStore, type StoreFileFacts } from "../store/backup.ts";
import { getMeta, setMeta } from "../store/store-meta.ts";
import { sealBackup } from "./backup-box.ts";

/** Telegram's limit for a document a bot uploads. */
const TELEGRAM_DOCUMENT_LIMIT = 50 * 1024 * 1024;
const RETRY_MS = 3600_000;
const LONGEST_TIMER_MS = 24 * 3600_000;

export interface SealedBackup {
  bytes: Uint8Array;
  fileName: string;
  createdAt: number;
  facts: StoreFileFacts;
}

export interface BackupScheduleOptions {
  db: Database;
  databasePath: string;
  intervalH: number;
  /** SECRET_KEY or the key file's content. */
  secret: string;
  log: Logger;
  /** Sends the document to the admins; resolves with how many got it. */
  deliver(backup: SealedBackup): Promise<number>;
  now?: () => number;
}

function fileName(at: number): string {
  return `subkeeper-backup-${new Date(at).toISOString().slice(0, 16).replace(/[-:T]/g, "")}.skbk`;
}

/** One sealed backup of the store, made now. */
async function makeSealedBackup(db: Database, databasePath: string, secret: string, at: number): Promise<SealedBackup> {
  const copy = `${databasePath}.backup-${at}`;
  try {
    const facts = copyStore(db, copy);
    return { bytes: await sealBackup(readFileSync(copy), secret), fileName: fileName(at), createdAt: at, facts };
  } finally {
    rmSync(copy, { force: true });
  }
}

export function startBackupSchedule(options: BackupScheduleOptions): { stop(): void } {
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalH * 3600_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(tick, Math.max(0, Math.min(delayMs, LONGEST_TIMER_MS)));
    timer.unref?.();
  };
  const dueIn = () => Number(getMeta(options.db, "last_backup_at") ?? 0) + intervalMs - now();

  async function tick(): Promise<void> {
    if (dueIn() > 0) return schedule(dueIn());
    const at = now();
    try {
      const backup = await makeSealedBackup(options.db, options.databasePath, options.secret, at);
      if (backup.bytes.byteLength > TELEGRAM_DOCUMENT_LIMIT) {
        options.log.error({ bytes: backup.bytes.byteLength }, "scheduled backup is larger than Telegram takes; use subkeeper backup --out FILE");
      } else {
        const reached = await options.deliver(backup);
        options.log.info({ file: backup.fileName, bytes: backup.bytes.byteLength, admins: reached }, "scheduled backup sent");
        if (reached === 0) return schedule(RETRY_MS);
      }
      setMeta(options.db, "last_backup_at", String(at), at);
      schedule(intervalMs);
    } catch (error) {
      options.log.warn({ err: (error as Error).message }, "scheduled backup failed; trying again in an hour");
      schedule(RETRY_MS);
    }
  }

  schedule(dueIn());
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

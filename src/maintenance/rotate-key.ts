/**
 * `subkeeper rotate-key`: re-seals every secret in the store with NEW_SECRET_KEY, in one transaction, while no
 * instance runs. The old key is the configured one (SECRET_KEY or the key file) and must be the store's (the key
 * check proves it). A key-file install gets the new key written to its key file; with SECRET_KEY the operator sets
 * SECRET_KEY to the new value before the next start, and the key check refuses a start with the old one.
 */
import { renameSync, writeFileSync } from "node:fs";
import type { Config } from "../config.ts";
import { keyFilePath, keySourceOf, loadOrCreateKey, openTokenBox } from "../panels/token-box.ts";
import { openDatabase } from "../store/db.ts";
import { lockStore } from "../store/instance-lock.ts";
import { checkStoreKey, KEY_CHECK } from "../store/key-check.ts";
import { resealAll } from "../store/reseal.ts";
import { StartupError } from "../store/startup-error.ts";

/** Returns the line to print; throws StartupError when it cannot (nothing changed then). */
export async function rotateKey(config: Config): Promise<string> {
  const next = config.newSecretKey;
  if (!next) throw new StartupError("rotate-key: set NEW_SECRET_KEY to the new key (at least 16 characters); the current key stays SECRET_KEY or the key file");
  const lock = lockStore(config.databasePath);
  const db = openDatabase(config.databasePath);
  try {
    const current = loadOrCreateKey(config.databasePath, config.secretKey);
    const from = await openTokenBox(current);
    await checkStoreKey(db, from, keySourceOf(config), Date.now());
    if (next === current) throw new StartupError("rotate-key: NEW_SECRET_KEY is the key the store already has; nothing to do");
    const to = await openTokenBox(next);
    const report = await resealAll(db, from, to);
    const tables = Object.entries(report.tables)
      .filter(([table]) => table !== "store_meta")
      .map(([table, n]) => `${table} ${n}`)
      .join(", ");
    let after = "set SECRET_KEY to the new key (NEW_SECRET_KEY's value) before the next start";
    if (!config.secretKey) {
      // A key-file install: the file now holds the new key (written whole, then renamed over the old one).
      const path = keyFilePath(config.databasePath);
      writeFileSync(`${path}.new`, `${next}\n`, { mode: 0o600 });
      renameSync(`${path}.new`, path);
      after = `the key file ${path} now holds the new key`;
    }
    const secrets = report.resealed - (report.tables.store_meta ?? 0);
    const unopened = report.unopened > 0 ? `; ${report.unopened} values of the sealed form did not open with the old key and were left as they were` : "";
    return `rotate-key: re-sealed ${secrets} secrets (${tables || "none stored"}) and the ${KEY_CHECK} with the new key${unopened}; ${after}`;
  } finally {
    db.close();
    lock.release();
  }
}

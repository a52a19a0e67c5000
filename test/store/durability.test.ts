/**
 * Commits are durable before their effects start, and checkpoints are off the event loop: every connection syncs
 * the WAL at each commit (synchronous=FULL; NORMAL synced only at checkpoints, so a power cut could roll back a
 * committed event whose effect had already run), and a serving store's checkpoints run on a worker thread.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/store/db.ts";
import { startCheckpointer } from "../../src/store/checkpointer.ts";

const dir = mkdtempSync(join(tmpdir(), "sk-durability-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("every store connection syncs the WAL at each commit", () => {
  const db = openDatabase(join(dir, "sync.sqlite"));
  expect(db.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get()!.journal_mode).toBe("wal");
  expect(db.query<{ synchronous: number }, []>("PRAGMA synchronous").get()!.synchronous).toBe(2);
  db.close();
});

test("with the checkpointer, the connection never checkpoints in its commits and the worker folds the WAL in", async () => {
  const path = join(dir, "checkpoints.sqlite");
  const db = openDatabase(path);
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const checkpoints = startCheckpointer(db, path, { intervalMs: 20 });
  try {
    expect(db.query<{ wal_autocheckpoint: number }, []>("PRAGMA wal_autocheckpoint").get()!.wal_autocheckpoint).toBe(0);
    const before = statSync(path).size;
    db.exec("CREATE TABLE filler (n INTEGER, text TEXT)");
    const insert = db.query("INSERT INTO filler VALUES (?, ?)");
    // About 2,500 pages in small commits: past SQLite's 1,000-page automatic checkpoint.
    for (let i = 0; i < 100; i++) db.transaction(() => { for (let j = 0; j < 100; j++) insert.run(i * 100 + j, "x".repeat(1000)); })();
    for (let i = 0; i < 100 && statSync(path).size === before; i++) await Bun.sleep(20);
    expect(statSync(path).size).toBeGreaterThan(before + 5_000_000);
  } finally {
    await checkpoints.stop();
    db.close();
  }
});

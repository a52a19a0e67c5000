/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL
 * pages: it copies those pages into the database file and syncs it on the thread that committed — here the event
 * loop, which was blocked 10–30 % of the time under load. A serving process turns that off on its connection and
 * lets a worker thread, with a connection of its own, run a PASSIVE checkpoint every 100 ms instead. PASSIVE never
 * waits for the writer and never makes it wait; the checkpointing connection syncs what it copies (FULL).
 * Durability does not depend on it: with synchronous=FULL every commit is synced in the WAL already.
 */
import type { Database } from "bun:sqlite";
import type { Logger } from "pino";

/**
 * The worker's code, run from a Blob URL: a worker file as a second entry point of `bun build --compile` does not
 * load from a nested path in the binary (oven-sh/bun#29124, #22098), and this one needs nothing but bun:sqlite.
 */
const WORKER = `
import { Database } from "bun:sqlite";
let db, timer;
const checkpoint = () => { try { db.exec("PRAGMA wal_checkpoint(PASSIVE)"); } catch {} };
self.onmessage = ({ data }) => {
  if (data === "stop") {
    clearInterval(timer);
    checkpoint();
    db?.close();
    postMessage("stopped");
    return;
  }
  db = new Database(data.path, { strict: true });
  db.exec("PRAGMA busy_timeout = 0");
  db.exec("PRAGMA synchronous = FULL");
  timer = setInterval(checkpoint, data.intervalMs);
};
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(db: Database, path: string, options: { intervalMs?: number; log?: Logger } = {}): Checkpointer {
  if (path === ":memory:") return { async stop() {} };
  const url = URL.createObjectURL(new Blob([WORKER], { type: "application/javascript" }));
  const worker = new Worker(url);
  worker.onerror = (event) => {
    // Without the worker the connection checkpoints in its commits again, as SQLite does by default.
    db.exec("PRAGMA wal_autocheckpoint = 1000");
    options.log?.warn({ err: event.message }, "checkpoint worker failed; checkpoints run in the commits again");
  };
  worker.postMessage({ path, intervalMs: options.intervalMs ?? 100 });
  db.exec("PRAGMA wal_autocheckpoint = 0");
  return {
    async stop() {
      const stopped = new Promise<void>((resolve) => {
        worker.onmessage = () => resolve();
        setTimeout(resolve, 2000).unref?.();
      });
      worker.postMessage("stop");
      await stopped;
      worker.terminate();
      URL.revokeObjectURL(url);
      db.exec("PRAGMA wal_autocheckpoint = 1000");
    },
  };
}

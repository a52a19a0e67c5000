/**
 * A broadcast to 5,000 customers through the real notifier and the fake Telegram: 10 % of them blocked the bot,
 * Telegram answers a burst of 429s, and the process is SIGKILLed half way through a batch. After a restart every
 * reachable customer has exactly one message, the blocked ones none and are marked unreachable, and the report adds up.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/store/db.ts";
import { Runtime } from "../../actors/runtime.ts";
import { broadcastKind } from "../../src/kinds/broadcast-kind.ts";
import { Broadcasts } from "../../src/sales/broadcasts.ts";
import { RecordingNotices } from "../../src/kinds/notices.ts";
import { startFakeTelegram, type FakeBot, type FakeTelegram } from "../fakes/telegram.ts";
import { spawnChild } from "../actors/fixtures/processes.ts";

const CHILD = join(import.meta.dir, "fixtures", "broadcast-child.ts");
const CUSTOMERS = 5000;
const FIRST_ID = 200_001;
const isBlocked = (id: number) => id % 10 === 3;

let dir: string;
let tg: FakeTelegram;
let bot: FakeBot;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sk-broadcast-crash-"));
  tg = await startFakeTelegram();
  bot = tg.addBot({ username: "subkeeper_bot" });
});
afterAll(async () => {
  await tg.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** 5,000 customers who started the bot (every tenth of them blocked it since) and a confirmed broadcast to all. */
async function seed(dbPath: string, bot: FakeBot): Promise<string> {
  const db = openDatabase(dbPath);
  const insert = db.query(
    "INSERT INTO customers (telegram_id, first_name, language, referral_code, created_at, updated_at) VALUES (?, ?, 'fa', ?, ?, ?)",
  );
  db.transaction(() => {
    for (let id = FIRST_ID; id < FIRST_ID + CUSTOMERS; id++) insert.run(id, `c${id}`, `r${id}`, Date.now(), Date.now());
  })();
  for (let id = FIRST_ID; id < FIRST_ID + CUSTOMERS; id++) {
    tg.user({ id, firstName: `c${id}` }, bot).open();
    if (isBlocked(id)) tg.block(id, bot);
  }
  // Not started: the confirmed broadcast's first batch waits in the outbox for the child to run it.
  const runtime = new Runtime({ db });
  runtime.register(broadcastKind({ db, notices: new RecordingNotices() }));
  const broadcasts = new Broadcasts({ db, runtime, batchSize: 100 });
  const draft = broadcasts.draft({ audience: "all", text: "📣 <b>Nowruz</b>: 20% off every plan this week", by: "900" });
  if (!draft.ok) throw new Error(draft.error.message);
  await broadcasts.confirm(draft.value.id, "900");
  await runtime.stop(0);
  db.close();
  return draft.value.id;
}

test("5,000 customers, 10 % blocked, a 429 burst, SIGKILL half way: every reachable customer gets it exactly once", async () => {
  const dbPath = join(dir, "store.sqlite");
  const id = await seed(dbPath, bot);
  tg.injectRateLimit({ times: 40, retryAfter: 1, method: "sendMessage", bot });

  const first = spawnChild([CHILD, dbPath, tg.apiRoot, bot.token, id, "run", "2550"]);
  const died = await first.waitFor((line) => line.dying, 40_000);
  await first.proc.exited;
  expect(died.cursor).toBeGreaterThan(1000);
  expect(died.cursor).toBeLessThan(FIRST_ID + CUSTOMERS - 1000);
  const sentBeforeCrash = tg.requests({ method: "sendMessage", bot }).filter((r) => r.ok).length;

  const second = spawnChild([CHILD, dbPath, tg.apiRoot, bot.token, id, "run"]);
  const started = await second.waitFor((line) => line.started);
  // It resumes from the last counted batch, not from the start.
  expect(started.cursor).toBe(died.cursor);
  const done = await second.waitFor((line) => line.done, 40_000);
  await second.kill();

  const reachable = CUSTOMERS - CUSTOMERS / 10;
  expect(done.view).toMatchObject({ state: "done", delivered: reachable, blocked: CUSTOMERS / 10, failed: 0 });
  // The restart handed the notifier only what was left, plus the one batch that was cut.
  expect(done.calls).toBeLessThanOrEqual(FIRST_ID + CUSTOMERS - 1 - died.cursor);

  const delivered = new Map<number, number>();
  for (const r of tg.requests({ method: "sendMessage", bot })) if (r.ok) delivered.set(r.chatId!, (delivered.get(r.chatId!) ?? 0) + 1);
  const problems: string[] = [];
  for (let chat = FIRST_ID; chat < FIRST_ID + CUSTOMERS; chat++) {
    const count = delivered.get(chat) ?? 0;
    if (count !== (isBlocked(chat) ? 0 : 1)) problems.push(`${chat}: ${count}`);
  }
  expect(problems).toEqual([]);
  expect(sentBeforeCrash).toBeGreaterThan(1000);
  expect(tg.requests({ method: "sendMessage", bot }).filter((r) => r.errorCode === 429).length).toBe(40);

  const db = openDatabase(dbPath);
  const unreachable = db.query<{ telegram_id: number }, []>("SELECT telegram_id FROM customers WHERE unreachable = 1").all().map((r) => r.telegram_id);
  expect(unreachable.length).toBe(CUSTOMERS / 10);
  expect(unreachable.every(isBlocked)).toBe(true);
  expect(db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM notifications WHERE status = 'sent'").get()!.n).toBe(reachable);
  expect(db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'").get()!.n).toBe(0);
  db.close();
}, 90_000);

test("SIGKILL with messages in flight: nobody gets it twice, and the few whose fate is unknown are reported as failed", async () => {
  const other = tg.addBot({ username: "subkeeper_two_bot" });
  const dbPath = join(dir, "abrupt.sqlite");
  const id = await seed(dbPath, other);

  const first = spawnChild([CHILD, dbPath, tg.apiRoot, other.token, id, "abrupt", "1550"]);
  const died = await first.waitFor((line) => line.dying, 40_000);
  await first.proc.exited;
  const store = openDatabase(dbPath);
  const claimedAtDeath = store.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM notifications WHERE status = 'sending'").get()!.n;
  store.close();
  const second = spawnChild([CHILD, dbPath, tg.apiRoot, other.token, id, "run"]);
  const done = await second.waitFor((line) => line.done, 40_000);
  await second.kill();

  const delivered = new Map<number, number>();
  for (const r of tg.requests({ method: "sendMessage", bot: other })) if (r.ok) delivered.set(r.chatId!, (delivered.get(r.chatId!) ?? 0) + 1);
  expect(Math.max(...delivered.values())).toBe(1);
  const missed = [];
  for (let chat = FIRST_ID; chat < FIRST_ID + CUSTOMERS; chat++) if (!isBlocked(chat) && !delivered.has(chat)) missed.push(chat);
  const view = done.view;
  expect(view.delivered + view.blocked + view.failed).toBe(CUSTOMERS);
  // Messages claimed but unanswered when the process died are never resent (the notifier's at-most-once window):
  // at most one per lane in flight, each counted as failed whether or not it reached the customer.
  expect(claimedAtDeath).toBeLessThanOrEqual(died.inFlight);
  expect(view.failed).toBe(claimedAtDeath);
  expect(missed.length).toBeLessThanOrEqual(view.failed);
  expect(view.blocked).toBeGreaterThanOrEqual(CUSTOMERS / 10 - view.failed);
}, 90_000);

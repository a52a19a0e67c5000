/**
 * The crash window of one notice, with a real SIGKILL: a child process claims the key and calls Telegram through a
 * proxy that kills it either before forwarding the request (claimed, never sent) or after Telegram answered (sent,
 * never confirmed). A fresh notifier on the same store then sends the same notice, as the outbox's replay does at
 * boot. At-least-once: the customer ends up with the message, the extra copy marked as resent. At-most-once: never a
 * second copy, the row reported unconfirmed.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { createLogger } from "../../src/log.ts";
import { createNotifier, type Notification } from "../../src/notify/index.ts";
import { openDatabase } from "../../src/store/db.ts";
import { startFakeTelegram, type FakeBot, type FakePerson, type FakeTelegram } from "../fakes/telegram.ts";

type KillPoint = "after-claim" | "after-call";
type Policy = "at-least-once" | "at-most-once";

let tg: FakeTelegram;
let bot: FakeBot;
let alice: FakePerson;
let dir: string;

beforeEach(async () => {
  tg = await startFakeTelegram();
  bot = tg.addBot({ username: "subkeeper_bot" });
  alice = tg.user({ id: 5101, firstName: "Alice", languageCode: "en" }).open();
  dir = mkdtempSync(join(tmpdir(), "sk-crash-window-"));
});

afterEach(async () => {
  await tg.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the child against a proxy to the fake Telegram and SIGKILLs it at `point`; resolves once it is dead. */
async function crashWhileSending(dbPath: string, key: string, policy: Policy, point: KillPoint): Promise<void> {
  let child: Subprocess | undefined;
  let killed!: () => void;
  const dead = new Promise<void>((resolve) => (killed = resolve));
  const kill = async () => {
    child?.kill("SIGKILL");
    await child?.exited;
    killed();
  };
  const proxy = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      if (!url.pathname.endsWith("/sendMessage")) return fetch(`${tg.apiRoot}${url.pathname}`, { method: request.method, headers: request.headers, body: await request.arrayBuffer() });
      if (point === "after-claim") {
        await kill();
        return new Response(null, { status: 502 });
      }
      const answer = await fetch(`${tg.apiRoot}${url.pathname}`, { method: "POST", headers: request.headers, body: await request.arrayBuffer() });
      await answer.arrayBuffer();
      await kill();
      return new Response(null, { status: 502 });
    },
  });
  child = Bun.spawn([process.execPath, join(import.meta.dir, "fixtures", "send-one.ts")], {
    env: { ...process.env, SEND_DB: dbPath, SEND_API_ROOT: `http://127.0.0.1:${proxy.port}`, SEND_TOKEN: bot.token, SEND_CHAT: String(alice.id), SEND_KEY: key, SEND_POLICY: policy },
    stdout: "ignore",
    stderr: "ignore",
  });
  await Promise.race([dead, child.exited]);
  proxy.stop(true);
  expect(child.signalCode).toBe("SIGKILL");
}

function notice(key: string, policy: Policy): Notification {
  const text = `<b>ready</b> ${key}`;
  return { chatId: alice.id, text, parseMode: "HTML", dedupeKey: key, ...(policy === "at-least-once" ? { atLeastOnce: { resentText: `${text}\n<i>sent again</i>` } } : {}) };
}

describe("a SIGKILL inside one notice's send", () => {
  const cases: { policy: Policy; point: KillPoint; before: number; after: string[]; status: string; resends: number }[] = [
    { policy: "at-least-once", point: "after-claim", before: 0, after: ["ready k\nsent again"], status: "sent", resends: 1 },
    { policy: "at-least-once", point: "after-call", before: 1, after: ["ready k", "ready k\nsent again"], status: "sent", resends: 1 },
    { policy: "at-most-once", point: "after-claim", before: 0, after: [], status: "unconfirmed", resends: 0 },
    { policy: "at-most-once", point: "after-call", before: 1, after: ["ready k"], status: "unconfirmed", resends: 0 },
  ];
  for (const c of cases) {
    test(`${c.policy}, killed ${c.point === "after-claim" ? "between claim and call" : "between call and confirmation"}`, async () => {
      const dbPath = join(dir, "store.sqlite");
      openDatabase(dbPath).close();
      await crashWhileSending(dbPath, "k", c.policy, c.point);
      expect(alice.messages()).toHaveLength(c.before);

      const db = openDatabase(dbPath);
      expect(db.query("SELECT status FROM notifications WHERE dedupe_key = 'k'").get()).toEqual({ status: "sending" });
      const restarted = createNotifier({ db, api: { token: bot.token, apiRoot: tg.apiRoot }, log: createLogger({ level: "silent" }), clock: { now: () => Date.now() } });
      const result = await restarted.send(notice("k", c.policy));
      expect(result === "sent" ? "sent" : "not sent").toBe(c.policy === "at-least-once" ? "sent" : "not sent");
      // The outbox may try again; nothing changes then.
      await restarted.send(notice("k", c.policy));
      expect(alice.messages().map((m) => m.text)).toEqual(c.after);
      expect(restarted.delivery("k")).toMatchObject({ status: c.status, resends: c.resends, policy: c.policy === "at-least-once" ? "at-least-once" : "at-most-once" });
      db.close();
    }, 20_000);
  }
});

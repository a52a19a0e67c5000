/**
 * The notifier against the fake Telegram over real HTTP: one message per dedupe key, 429s waited out within caps,
 * blocked chats remembered, sends paced per chat and overall, and the crash window reported instead of resent.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { Database } from "bun:sqlite";
import QRCode from "qrcode";
import { createLogger } from "../../src/log.ts";
import { createNotifier, RecordingSink, type Notification, type NotifierOptions } from "../../src/notify/index.ts";
import { openDatabase } from "../../src/store/db.ts";
import { startFakeTelegram, type FakeBot, type FakePerson, type FakeTelegram } from "../fakes/telegram.ts";

const log = createLogger({ level: "silent" });
const clock = { now: () => Date.now() };

let tg: FakeTelegram;
let bot: FakeBot;
let db: Database;
let alice: FakePerson;
let bob: FakePerson;

beforeEach(async () => {
  tg = await startFakeTelegram();
  bot = tg.addBot({ username: "subkeeper_bot" });
  db = openDatabase(":memory:");
  alice = tg.user({ id: 5001, firstName: "Alice", languageCode: "fa" }).open();
  bob = tg.user({ id: 5002, firstName: "Bob", languageCode: "en" }).open();
});

afterEach(async () => {
  db.close();
  await tg.stop();
});

function notifier(options: Partial<NotifierOptions> = {}) {
  return createNotifier({ db, api: { token: bot.token, apiRoot: tg.apiRoot }, log, clock, ...options });
}

const note = (chatId: number, dedupeKey: string, text = `<b>note</b> ${dedupeKey}`): Notification => ({
  chatId,
  text,
  parseMode: "HTML",
  dedupeKey,
});

describe("one message per dedupe key", () => {
  test("two concurrent sends of one key deliver one message; a later send and a restarted notifier say duplicate", async () => {
    const sender = notifier();
    const results = await Promise.all([sender.send(note(alice.id, "sub:1:expired:p1")), sender.send(note(alice.id, "sub:1:expired:p1"))]);
    expect(results.sort()).toEqual(["duplicate", "sent"]);
    expect(await sender.send(note(alice.id, "sub:1:expired:p1"))).toBe("duplicate");
    expect(await notifier().send(note(alice.id, "sub:1:expired:p1"))).toBe("duplicate");
    expect(tg.count("sendMessage")).toBe(1);
    expect(alice.messages().map((m) => m.text)).toEqual(["note sub:1:expired:p1"]);
    expect(sender.delivery("sub:1:expired:p1")).toMatchObject({ status: "sent", attempts: 1, messageId: 1 });
  });

  test("a key claimed by a process that died is reported as unconfirmed and not sent again", async () => {
    const longAgo = Date.now() - 60 * 60_000;
    db.run(
      "INSERT INTO notifications (dedupe_key, chat_id, status, attempts, claimed_at) VALUES ('k-crashed', ?, 'sending', 1, ?), ('k-other', ?, 'sending', 1, ?)",
      [alice.id, longAgo, bob.id, longAgo],
    );
    const sender = notifier();
    const result = await sender.send(note(alice.id, "k-crashed"));
    expect(result).toEqual({ failed: expect.objectContaining({ kind: "permanent", reason: "uncertain" }) });
    expect(sender.sweepUnconfirmed().map((row) => row.dedupeKey)).toEqual(["k-other"]);
    expect(sender.sweepUnconfirmed()).toEqual([]);
    expect(tg.count("sendMessage")).toBe(0);
  });

  test("a message Telegram refused may be sent again under the same key once it is fixed", async () => {
    const sender = notifier();
    const refused = await sender.send(note(alice.id, "k-html", "I <3 you"));
    expect(refused).toEqual({ failed: expect.objectContaining({ kind: "permanent", reason: "rejected" }) });
    if (typeof refused === "object") expect(refused.failed.message).toContain("can't parse entities");
    expect(await sender.send(note(alice.id, "k-html", "I &lt;3 you"))).toBe("sent");
    expect(sender.delivery("k-html")).toMatchObject({ status: "sent", attempts: 2 });
  });
});

describe("Telegram's limits", () => {
  test("a 429 is waited out for retry_after seconds, then the message goes through", async () => {
    const seen: number[] = [];
    const sender = notifier({ onRateLimited: (seconds) => seen.push(seconds) });
    tg.injectRateLimit({ times: 1, retryAfter: 1, method: "sendMessage" });
    expect(await sender.send(note(alice.id, "k-429"))).toBe("sent");
    const calls = tg.requests({ method: "sendMessage" });
    expect(calls.map((c) => c.errorCode ?? 200)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(seen).toEqual([1]);
    expect(alice.messages()).toHaveLength(1);
  });

  test("the retry caps stop endless retrying; the key stays sendable later", async () => {
    const sender = notifier({ retry: { maxRetryAttempts: 1, maxDelaySeconds: 5 } });
    tg.injectRateLimit({ times: 100, retryAfter: 1, method: "sendMessage" });
    const capped = await sender.send(note(alice.id, "k-capped"));
    expect(capped).toEqual({ failed: expect.objectContaining({ kind: "transient", reason: "rate-limited", retryAfterMs: 1000 }) });
    expect(tg.count("sendMessage")).toBe(2);

    tg.clearFaults();
    tg.injectRateLimit({ times: 1, retryAfter: 60, method: "sendMessage" });
    const tooLong = await sender.send(note(alice.id, "k-too-long"));
    expect(tooLong).toEqual({ failed: expect.objectContaining({ reason: "rate-limited", retryAfterMs: 60_000 }) });
    expect(tg.count("sendMessage")).toBe(3);

    tg.injectError({ times: 100, errorCode: 500, description: "Internal Server Error", method: "sendMessage" });
    const down = await notifier({ retry: { maxRetryAttempts: 0 } }).send(note(alice.id, "k-500"));
    expect(down).toEqual({ failed: expect.objectContaining({ kind: "transient", reason: "unavailable" }) });

    tg.clearFaults();
    expect(await sender.send(note(alice.id, "k-capped"))).toBe("sent");
  });

  test("one chat gets at most one message a second, in order, without holding up other chats", async () => {
    const sender = notifier();
    const sends = [1, 2, 3].flatMap((n) => [
      sender.send(note(alice.id, `a${n}`, `alice ${n}`)),
      sender.send(note(bob.id, `b${n}`, `bob ${n}`)),
    ]);
    expect(new Set(await Promise.all(sends))).toEqual(new Set(["sent"]));
    const toAlice = tg.requests({ method: "sendMessage", chatId: alice.id });
    const toBob = tg.requests({ method: "sendMessage", chatId: bob.id });
    expect(toAlice.map((r) => r.params.text)).toEqual(["alice 1", "alice 2", "alice 3"]);
    for (const calls of [toAlice, toBob]) {
      for (let i = 1; i < calls.length; i++) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(950);
    }
    expect(toBob[0]!.at).toBeLessThan(toAlice[1]!.at);
  });

  test("the global pace spaces messages to different chats", async () => {
    const people = [6001, 6002, 6003, 6004, 6005, 6006].map((id) => tg.user({ id, firstName: `p${id}` }).open());
    const sender = notifier({ limits: { globalPerSecond: 10 } });
    await Promise.all(people.map((p) => sender.send(note(p.id, `g${p.id}`))));
    const calls = tg.requests({ method: "sendMessage" });
    expect(calls).toHaveLength(6);
    // Sends start 100 ms apart; arrivals carry each request's own latency, so on a busy machine one gap may look
    // shorter while the whole run cannot: six messages at 10 a second span at least 500 ms, less one latency.
    expect(calls.at(-1)!.at - calls[0]!.at).toBeGreaterThanOrEqual(400);
  });
});

describe("blocked chats", () => {
  test("a 403 'blocked by the user' calls onBlocked once, and later sends skip Telegram until the customer is back", async () => {
    const blocked: number[] = [];
    const sender = notifier({ onBlocked: (chatId) => void blocked.push(chatId) });
    tg.block(alice.id);
    expect(await sender.send(note(alice.id, "k1"))).toBe("blocked");
    expect(await sender.send(note(alice.id, "k2"))).toBe("blocked");
    expect(await notifier({ onBlocked: (chatId) => void blocked.push(chatId) }).send(note(alice.id, "k3"))).toBe("blocked");
    expect(blocked).toEqual([alice.id]);
    expect(tg.count("sendMessage")).toBe(1);
    expect(sender.isBlocked(alice.id)).toBe(true);
    expect(await sender.send(note(bob.id, "k-bob"))).toBe("sent");

    await alice.send("/start");
    sender.markReachable(alice.id);
    expect(await sender.send(note(alice.id, "k2"))).toBe("sent");
    expect(alice.messages().map((m) => m.text)).toEqual(["note k2"]);
  });
});

describe("what is sent", () => {
  test("a QR code goes as a photo with the text as its caption and the buttons attached", async () => {
    const png = await QRCode.toBuffer("https://sub.example/sub/abc", { type: "png" });
    const sender = notifier();
    const result = await sender.send({
      ...note(alice.id, "k-qr", "<b>QR</b> for <code>https://sub.example/sub/abc</code>"),
      photo: new Uint8Array(png),
      replyMarkup: { inline_keyboard: [[{ text: "Renew", callback_data: "renew:1" }]] },
    });
    expect(result).toBe("sent");
    const message = alice.lastMessage();
    expect(message?.caption).toBe("QR for https://sub.example/sub/abc");
    expect(message?.buttons).toEqual([{ text: "Renew", data: "renew:1" }]);
    expect(tg.file(message?.photo?.fileId ?? "")?.bytes).toEqual(new Uint8Array(png));
  });

  test("an unreachable Telegram is a transient failure and the key stays sendable", async () => {
    const sender = createNotifier({ db, api: { token: bot.token, apiRoot: "http://127.0.0.1:9" }, log, clock });
    const result = await sender.send(note(alice.id, "k-net"));
    expect(result).toEqual({ failed: expect.objectContaining({ kind: "transient", reason: "network" }) });
    expect(JSON.stringify(sender.delivery("k-net"))).not.toContain(bot.token);
    expect(await notifier().send(note(alice.id, "k-net"))).toBe("sent");
  });
});

describe("the recording sink", () => {
  test("records once per key and answers blocked for blocked chats", async () => {
    const sink = new RecordingSink();
    expect(await sink.send(note(1, "a"))).toBe("sent");
    expect(await sink.send(note(1, "a"))).toBe("duplicate");
    sink.block(2);
    expect(await sink.send(note(2, "b"))).toBe("blocked");
    expect(sink.forChat(1).map((m) => m.dedupeKey)).toEqual(["a"]);
  });
});

/**
 * The pieces both bots share, on their own: callback data that refuses what it did not make, rate limits, state
 * that outlives the process but not its time-to-live, update ids applied once, and TelegramNotices before and
 * after the bots connect.
 */
import { openStore } from "../../../src/store/index.ts";
import { describe, expect, test } from "bun:test";
import { createLogger } from "../../../src/log.ts";
import { openDatabase } from "../../../src/store/db.ts";
import { upsertCustomer } from "../../../src/store/customers.ts";
import {
  BotStateStore,
  CallbackCodec,
  field,
  NoticeError,
  RateLimiter,
  SeenUpdates,
  TelegramNotices,
} from "../../../src/bots/shared/index.ts";
import type { Notification, SendResult } from "../../../src/notify/types.ts";

const log = createLogger({ level: "silent" });

describe("callback data", () => {
  const codec = CallbackCodec.fromToken("123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  const order = codec.define("ord", { orderId: field.int(), action: field.oneOf("approve", "reject") });

  test("packs and unpacks typed values, signed", () => {
    const data = order.pack({ orderId: 1042, action: "approve" });
    expect(data).toMatch(/^ord:1042:approve\.[A-Za-z0-9_-]{8}$/);
    expect(order.unpack(data)).toEqual({ orderId: 1042, action: "approve" });
    expect(order.pattern.test(data)).toBe(true);
    expect(codec.knows(data)).toBe(true);
  });

  test("refuses forged signatures, other bots' data, bad fields and wrong field counts", () => {
    const data = order.pack({ orderId: 7, action: "reject" });
    const other = CallbackCodec.fromToken("999999:ZYXWVUTSRQPONMLKJIHGFEDCBA").define("ord", { orderId: field.int(), action: field.oneOf("approve", "reject") });
    expect(other.check(data)).toEqual({ ok: false, problem: "forged" });
    expect(order.check(data.replace(":7:", ":8:"))).toEqual({ ok: false, problem: "forged" });
    expect(order.check("ord:7:reject")).toEqual({ ok: false, problem: "forged" });
    expect(order.check("pl:7.abcdefgh")).toEqual({ ok: false, problem: "other-prefix" });
    const payload = "ord:07:reject";
    expect(order.check(`${payload}.${codec.sign(payload)}`)).toEqual({ ok: false, problem: "malformed" });
    const extra = "ord:7:reject:1";
    expect(order.check(`${extra}.${codec.sign(extra)}`)).toEqual({ ok: false, problem: "malformed" });
    const word = "ord:7:delete";
    expect(order.check(`${word}.${codec.sign(word)}`)).toEqual({ ok: false, problem: "malformed" });
    expect(order.unpack(undefined)).toBeNull();
  });

  test("refuses to build what Telegram would refuse, and prefixes defined twice", () => {
    const long = codec.define("long", { id: field.id(60) });
    expect(() => long.pack({ id: "x".repeat(60) })).toThrow(/64 bytes/);
    expect(() => order.pack({ orderId: -1, action: "approve" })).toThrow();
    expect(() => codec.define("ord", {})).toThrow(/twice/);
    expect(() => codec.define("Bad:", {})).toThrow();
  });
});

describe("rate limits", () => {
  test("a window allows `limit` actions, refuses the rest (telling once), and opens again", () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 2, windowMs: 1000 }, () => now);
    expect(limiter.take(1)).toEqual({ allowed: true });
    expect(limiter.take(1)).toEqual({ allowed: true });
    expect(limiter.take(1)).toEqual({ allowed: false, firstRefusal: true, retryInMs: 1000 });
    expect(limiter.take(1)).toMatchObject({ allowed: false, firstRefusal: false });
    expect(limiter.take(2)).toEqual({ allowed: true });
    now = 1000;
    expect(limiter.take(1)).toEqual({ allowed: true });
  });
});

describe("state and seen updates in SQLite", () => {
  test("state survives a new store object (a restart) and expires with its TTL", () => {
    const db = openDatabase(":memory:");
    let now = 1_000;
    new BotStateStore(db, "user", { now: () => now }).set(5, "flow", { step: "support" });
    const again = new BotStateStore(db, "user", { ttlMs: 500, now: () => now });
    expect(again.get(5, "flow")).toEqual({ step: "support" });
    expect(new BotStateStore(db, "admin").get(5, "flow")).toBeUndefined();
    now = 2_000;
    expect(again.get(5, "flow")).toBeUndefined();
    expect(again.prune(500)).toBe(1);
    db.close();
  });

  test("an update id is taken once per bot", () => {
    const db = openDatabase(":memory:");
    const user = new SeenUpdates(db, "user");
    expect(user.firstTime(10)).toBe(true);
    expect(user.firstTime(10)).toBe(false);
    expect(new SeenUpdates(db, "user").firstTime(10)).toBe(false);
    expect(new SeenUpdates(db, "admin").firstTime(10)).toBe(true);
    db.close();
  });
});

describe("TelegramNotices", () => {
  const notice = { customerId: 42, kind: "support-reply" as const, vars: { ticket: 3, text: "a <b>reply</b>" }, dedupeKey: "ticket-reply:9" };

  test("before a configured bot connects, sends fail as transient (the outbox retries); without one they are logged", async () => {
    const db = openDatabase(":memory:");
    const waiting = new TelegramNotices({ store: openStore(db), defaultLanguage: "fa", log, expectCustomerChannel: true, expectAdminSink: true });
    await expect(waiting.customer(notice)).rejects.toMatchObject({ kind: "transient" });
    await expect(waiting.admins({ alert: "server-down", dedupeKey: "k" })).rejects.toBeInstanceOf(NoticeError);
    const off = new TelegramNotices({ store: openStore(db), defaultLanguage: "fa", log });
    await off.customer(notice);
    await off.admins({ alert: "server-down", dedupeKey: "k" });
    db.close();
  });

  test("renders in the customer's language, escaped, and maps the sender's answers to the outbox's kinds", async () => {
    const db = openDatabase(":memory:");
    upsertCustomer(db, { telegramId: 42, firstName: "x", language: "en" }, 0);
    const sent: Notification[] = [];
    let answer: SendResult = "sent";
    const notices = new TelegramNotices({ store: openStore(db), defaultLanguage: "fa", log });
    notices.connectCustomers({
      sender: {
        async send(n) {
          sent.push(n);
          return answer;
        },
      },
    });
    await notices.customer(notice);
    expect(sent[0]).toMatchObject({ chatId: 42, parseMode: "HTML", dedupeKey: "ticket-reply:9" });
    expect(sent[0]!.text).toContain("a &lt;b&gt;reply&lt;/b&gt;");
    expect(sent[0]!.text).toContain("Support replied");

    answer = { failed: { kind: "transient", reason: "rejected", message: "try later" } };
    await expect(notices.customer(notice)).rejects.toMatchObject({ kind: "transient" });
    answer = { failed: { kind: "permanent", reason: "rejected", message: "refused" } };
    await notices.customer(notice);

    const alerts: string[] = [];
    notices.setAdminAlertSink(async (alert) => void alerts.push(alert.alert));
    await notices.admins({ alert: "new-receipt", dedupeKey: "receipt:1" });
    expect(alerts).toEqual(["new-receipt"]);
    db.close();
  });
});

/** A broadcast run from the admin bot: audience, text, preview, confirm, progress, pause / resume / cancel, the report. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { MessageEntity } from "grammy/types";
import type { Notification, SendResult } from "../../../src/notify/types.ts";
import { entitiesToHtml } from "../../../src/bots/admin/html.ts";
import { createAdminWorld, type AdminWorld } from "./world.ts";

let world: AdminWorld;
beforeEach(async () => {
  world = await createAdminWorld({ progressIntervalMs: 50 });
});
afterEach(async () => {
  await world.close();
});

const FIRST = 5001;

function customers(count: number): number[] {
  const ids = Array.from({ length: count }, (_, i) => FIRST + i);
  for (const id of ids) world.customer(id);
  return ids;
}

/** Slows every message down, so a broadcast is still running when the admin taps. */
function slowDown(ms: number): void {
  const inner = world.userNotifier;
  world.notices.sender = {
    async send(n: Notification): Promise<SendResult> {
      await Bun.sleep(ms);
      return inner.send(n);
    },
  };
}

async function draft(audienceButton: RegExp, text: string): Promise<void> {
  const { ava } = world;
  await ava.send("/broadcast");
  await ava.waitForMessage("Who should receive the broadcast?");
  await ava.tap(audienceButton);
  await ava.waitForMessage("Send the message to broadcast.");
  await ava.send(text);
  await ava.waitForMessage(/Send this message to \d+ customers\?/);
}

test("audience → text → preview → confirm: every customer of the audience gets it once, the blocked one is marked, the admin sees the report", async () => {
  const { ava } = world;
  const ids = customers(30);
  world.tg.block(ids[4]!, world.userBot);
  for (const id of ids.slice(0, 3)) {
    world.db
      .query("INSERT INTO subscriptions (id, customer_id, token, client_name, state, volume_bytes, created_at, updated_at) VALUES (?, ?, ?, ?, 'active', 0, 0, 0)")
      .run(`b${id}`, id, `t${id}`, `sk-b${id}`);
  }

  await ava.send("/broadcast");
  const ask = await ava.waitForMessage("Who should receive the broadcast?");
  expect(ask.buttons.map((b) => b.text).slice(0, 3)).toEqual([
    "👥 All customers (30)",
    "✅ Customers with an active subscription (3)",
    "⌛ Customers whose subscription expired (0)",
  ]);
  await ava.tap(/All customers/);
  await ava.waitForMessage("Send the message to broadcast.");
  await ava.send("Nowruz sale: 20% off <this week> & next");
  const preview = await ava.waitForMessage("Nowruz sale");
  expect(preview.text).toBe("Nowruz sale: 20% off <this week> & next");
  await ava.waitForMessage("Send this message to 30 customers?");
  expect(world.tg.count("sendMessage", world.userBot)).toBe(0);

  await ava.tap("✅ Send");
  await ava.waitForMessage("Broadcast finished: 29 delivered · 1 blocked · 0 failed.", { timeoutMs: 10_000 });
  const delivered = world.tg.requests({ method: "sendMessage", bot: world.userBot }).filter((r) => r.ok);
  expect(delivered.map((r) => r.chatId).sort()).toEqual(ids.filter((id) => id !== ids[4]).sort());
  expect(delivered[0]!.params.text).toBe("Nowruz sale: 20% off &lt;this week&gt; &amp; next");
  const customer = world.tg.user({ id: ids[0]!, firstName: "x" }, world.userBot);
  expect(customer.lastMessage()?.text).toBe("Nowruz sale: 20% off <this week> & next");
  expect(world.db.query<{ unreachable: number }, [number]>("SELECT unreachable FROM customers WHERE telegram_id = ?").get(ids[4]!)!.unreachable).toBe(1);
  expect(world.audits().map((a) => a.action)).toEqual(["broadcast.draft", "broadcast.confirm"]);
});

test("pause stops it after the batch in flight, resume finishes it, and a second broadcast can be cancelled half way", async () => {
  const { ava } = world;
  customers(120);
  slowDown(15);
  await draft(/All customers/, "First");
  await ava.tap("✅ Send");
  await ava.waitForMessage("to go", { timeoutMs: 5000 });
  await ava.tap("⏸ Pause");
  await ava.waitForMessage("Broadcast paused", { timeoutMs: 10_000 });
  const [first] = world.core.runtime.list("broadcast").items;
  await world.tg.waitFor(() => world.core.runtime.read("broadcast", first!.id)!.state === "paused" && !(world.core.runtime.read("broadcast", first!.id)!.context as { inFlight: boolean }).inFlight, 10_000);
  const sentWhilePaused = world.tg.count("sendMessage", world.userBot);
  expect(sentWhilePaused).toBeLessThan(120);
  await Bun.sleep(300);
  expect(world.tg.count("sendMessage", world.userBot)).toBe(sentWhilePaused);

  await ava.tap("▶️ Resume");
  await ava.waitForMessage("Broadcast finished: 120 delivered", { timeoutMs: 10_000 });

  await draft(/All customers/, "Second");
  await ava.tap("✅ Send");
  await ava.waitForMessage("to go", { timeoutMs: 5000 });
  await ava.tap("⛔ Cancel broadcast");
  await ava.waitForMessage("Broadcast cancelled", { timeoutMs: 10_000 });
  const second = world.tg.requests({ method: "sendMessage", bot: world.userBot }).filter((r) => r.params.text === "Second");
  expect(second.length).toBeLessThan(120);
  expect(world.audits().map((a) => a.action)).toEqual([
    "broadcast.draft",
    "broadcast.confirm",
    "broadcast.pause",
    "broadcast.resume",
    "broadcast.draft",
    "broadcast.confirm",
    "broadcast.cancel",
  ]);
}, 30_000);

test("a draft the admin cancels sends nothing; text Telegram refuses is caught by the preview", async () => {
  const { ava } = world;
  customers(3);
  await draft(/All customers/, "Maybe later");
  await ava.tap("✖️ Cancel");
  await ava.waitForMessage("The broadcast was not sent.");
  expect(world.tg.count("sendMessage", world.userBot)).toBe(0);

  await ava.send("/broadcast");
  await ava.waitForMessage("Who should receive the broadcast?");
  await ava.tap(/All customers/);
  await ava.waitForMessage("Send the message to broadcast.");
  world.tg.injectError({ times: 1, errorCode: 400, description: "Bad Request: can't parse entities", method: "sendMessage", bot: world.adminBotUser });
  await ava.send("broken");
  await ava.waitForMessage("Telegram refused this text");
  expect(world.core.runtime.list("broadcast").items).toHaveLength(1);
});

describe("the admin's formatting becomes HTML", () => {
  const entity = (type: MessageEntity["type"], offset: number, length: number, extra = {}) => ({ type, offset, length, ...extra }) as MessageEntity;

  test("bold, italic, links and code, nested, with the text escaped", () => {
    expect(entitiesToHtml("Sale <now> & later", [entity("bold", 0, 4)])).toBe("<b>Sale</b> &lt;now&gt; &amp; later");
    expect(entitiesToHtml("big bold italic", [entity("bold", 0, 15), entity("italic", 4, 4)])).toBe("<b>big <i>bold</i> italic</b>");
    expect(entitiesToHtml("see site", [entity("text_link", 4, 4, { url: "https://x.example/?a=1&b=2" })])).toBe('see <a href="https://x.example/?a=1&amp;b=2">site</a>');
    expect(entitiesToHtml("ab", [entity("bold", 0, 2), entity("italic", 1, 1)])).toBe("<b>a<i>b</i></b>");
    expect(entitiesToHtml("overlap", [entity("bold", 0, 4), entity("italic", 2, 5)])).toBe("<b>ov<i>er</i></b><i>lap</i>");
    expect(entitiesToHtml("📣 hi", [entity("code", 3, 2)])).toBe("📣 <code>hi</code>");
    expect(entitiesToHtml("/cmd x", [entity("bot_command", 0, 4)])).toBe("/cmd x");
  });
});

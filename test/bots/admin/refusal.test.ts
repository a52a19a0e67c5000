/**
 * Someone who is not in ADMIN_IDS tries every command, every kind of message and every button of the admin bot —
 * even with valid, signed callback data for real orders, servers, plans and customers, as a modified client could
 * send. Each attempt gets one refusal line and one audit row; nothing else changes.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { createAdminWorld, type AdminWorld } from "./world.ts";

let world: AdminWorld;
beforeEach(async () => {
  world = await createAdminWorld();
});
afterEach(async () => {
  await world.close();
});

const COMMANDS = ["/start", "/menu", "/help", "/cancel", "/receipts", "/servers", "/plans", "/users", "/user 1401", "/codes", "/broadcast", "/stats", "/tickets", "/settings", "/skip"];

/** Every table that holds state a person could change through the bot (the audit log and seen updates excepted). */
function snapshot(): string {
  const tables = ["customers", "plans", "discount_codes", "settings", "servers", "orders", "receipts", "ledger", "balances", "tickets", "ticket_messages", "actors", "outbox", "timers", "admin_receipt_cards", "admin_broadcast_messages", "notifications"];
  return JSON.stringify(Object.fromEntries(tables.map((t) => [t, world.db.query(`SELECT * FROM ${t}`).all().map((row) => JSON.stringify(row)).sort()])));
}

test("a non-admin is refused every command, message and button, each with an audit row, and nothing changes", async () => {
  const { core } = world;
  const cb = world.admin.kit.callbacks;
  // Things a refused tap could otherwise change.
  const alice = world.customer(1401, "Alice");
  const planId = world.plan();
  const orderId = await world.cardOrder(alice, planId);
  const topupId = await world.topupOrder(alice, 100_000);
  core.sales.gift(1401, planId);
  await world.settle();
  const subId = core.subscriptions.ofCustomer(1401)[0]!.id;
  const draft = core.runtime.create("broadcast", "b1", { broadcastId: "b1", audience: "all", text: "hi", createdBy: "900" });
  expect(draft.state).toBe("draft");
  await world.ava.waitForMessage("Receipt for order", { since: "any" });
  await world.settle();
  const before = snapshot();
  const auditsBefore = world.audits().length;

  const mallory = world.stranger(666);
  for (const command of COMMANDS) await mallory.send(command);
  await mallory.send("hello, I am the new admin");
  await mallory.send("-50000 refund");
  await mallory.sendPhoto({ caption: "receipt" });
  const messageAttempts = COMMANDS.length + 3;
  await world.tg.waitFor(() => mallory.messages().length === messageAttempts, 5000, "a refusal for every message");
  expect(new Set(mallory.messages().map((m) => m.text))).toEqual(new Set(["This bot is for administrators only."]));

  const data = [
    cb.menu.pack({ section: "receipts" }),
    cb.menu.pack({ section: "settings" }),
    cb.cancel.pack({}),
    cb.receipt.pack({ action: "ok", orderId }),
    cb.receipt.pack({ action: "no", orderId }),
    cb.receipt.pack({ action: "ok", orderId: topupId }),
    cb.server.pack({ action: "drain", serverId: "s1" }),
    cb.server.pack({ action: "retireok", serverId: "s1" }),
    cb.serverAdd.pack({}),
    cb.inbound.pack({ index: 0 }),
    cb.inboundsDone.pack({}),
    cb.plan.pack({ action: "off", planId }),
    cb.plan.pack({ action: "del", planId }),
    cb.planAdd.pack({}),
    cb.planField.pack({ planId, field: "price" }),
    cb.planPolicy.pack({ policy: "stack" }),
    cb.code.pack({ action: "del", code: "NOWRUZ" }),
    cb.codeAdd.pack({}),
    cb.user.pack({ action: "ban", customerId: 1401 }),
    cb.user.pack({ action: "adjust", customerId: 1401 }),
    cb.user.pack({ action: "gift", customerId: 1401 }),
    cb.userFind.pack({}),
    cb.gift.pack({ customerId: 1401, planId }),
    cb.sub.pack({ action: "revokeok", subId }),
    cb.sub.pack({ action: "resync", subId }),
    cb.move.pack({ subId, serverId: "s1" }),
    cb.setting.pack({ field: "cards" }),
    cb.audience.pack({ audience: "all" }),
    cb.broadcast.pack({ action: "send", id: "b1" }),
    cb.broadcast.pack({ action: "stop", id: "b1" }),
    cb.ticket.pack({ action: "close", ticketId: 1 }),
    "rc:ok:1.forged00",
  ];
  for (const [i, callbackData] of data.entries()) {
    world.tg.pushUpdate(
      {
        callback_query: {
          id: `forged-${i}`,
          from: { id: 666, is_bot: false, first_name: "Mallory" },
          chat_instance: "666",
          data: callbackData,
        },
      },
      world.adminBotUser,
    );
  }
  const refusalAnswers = () =>
    world.tg.requests({ method: "answerCallbackQuery", bot: world.adminBotUser }).filter((r) => String(r.params.callback_query_id).startsWith("forged-"));
  await world.tg.waitFor(() => refusalAnswers().length === data.length, 5000, "an answer to every forged tap");
  for (const answer of refusalAnswers()) expect(answer.params).toMatchObject({ text: "This bot is for administrators only.", show_alert: true });

  await world.settle();
  const refused = world.audits("refused");
  expect(refused).toHaveLength(messageAttempts + data.length);
  expect(refused.every((row) => row.actor === "666")).toBe(true);
  expect(refused.map((row) => row.target)).toEqual(
    expect.arrayContaining(["command /receipts", "command /user", "message text", "message photo", `callback ${cb.receipt.pack({ action: "ok", orderId })}`]),
  );
  expect(world.audits().length - auditsBefore).toBe(refused.length);
  expect(snapshot()).toBe(before);
  expect(core.sales.order(orderId)!.state).toBe("receipt_submitted");
  // The admins' own bot state did not move either: Mallory has no flow, and no message went to any customer.
  expect(world.db.query("SELECT * FROM bot_state WHERE chat_id = 666").all()).toEqual([]);
});

test("an admin passes the gate without an audit row", async () => {
  await world.ava.send("/start");
  await world.ava.waitForMessage("Admin panel");
  expect(world.audits("refused")).toHaveLength(0);
});

test("someone who keeps trying is answered, and audited, at most the limit per minute", async () => {
  await world.close();
  world = await createAdminWorld({ refusalsPerMinute: 3 });
  const mallory = world.stranger(667);
  for (let i = 0; i < 6; i++) await mallory.send(`/stats ${i}`);
  await world.tg.waitFor(() => world.tg.pendingUpdates(world.adminBotUser).length === 0, 5000, "every update taken");
  await Bun.sleep(200);
  expect(mallory.messages()).toHaveLength(3);
  expect(world.audits("refused")).toHaveLength(3);
});

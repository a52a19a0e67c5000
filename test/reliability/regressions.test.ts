/**
 * The bugs the reliability runs found, each pinned by a short scenario so it cannot come back unnoticed (the long
 * runs would find it again, but slowly and by chance). Each test names the commit that fixed it.
 */
import { openStore } from "../../src/store/index.ts";
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assign, enqueueActions, setup } from "xstate";
import { Runtime } from "../../actors/runtime.ts";
import { runtimeActions } from "../../machines/runtime-actions.ts";
import { openDatabase, type Database } from "../../src/store/db.ts";
import { createLogger } from "../../src/log.ts";
import { createNotifier } from "../../src/notify/index.ts";
import { TelegramNotices } from "../../src/bots/shared/telegram-notices.ts";
import { upsertCustomer } from "../../src/store/customers.ts";
import { startFakeTelegram } from "../fakes/telegram.ts";
import { createWorld } from "../support/world.ts";
import { createBotWorld } from "../bots/user/harness.ts";
import { syncServerUsage } from "../../src/servers/usage-sync.ts";

const log = createLogger({ level: "silent" });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function store(): Database {
  const dir = mkdtempSync(join(tmpdir(), "sk-regression-"));
  const db = openDatabase(join(dir, "store.sqlite"));
  cleanups.push(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return db;
}

test("a slow effect cannot take every slot: the others run beside it (3e5e2c7)", async () => {
  const db = store();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const machine = setup({
    types: {} as { context: { done: number }; events: { type: "GO"; slow: number } | { type: "DONE" } },
    actions: runtimeActions,
  }).createMachine({
    context: { done: 0 },
    on: {
      GO: {
        actions: enqueueActions(({ event, enqueue }) => {
          if (event.type !== "GO") return;
          for (let i = 0; i < event.slow; i++) enqueue({ type: "effect", params: { name: "slow" } });
          enqueue({ type: "effect", params: { name: "quick" } });
        }),
      },
      DONE: { actions: assign({ done: ({ context }) => context.done + 1 }) },
    },
  });
  const runtime = new Runtime({ db, log, effectConcurrency: 16 }).register({
    kind: "job",
    machine,
    version: 1,
    effects: {
      // Like an alert waiting for its turn in an admin's chat at one message a second.
      slow: { run: async () => void (await gate) },
      quick: { run: async () => ({ type: "DONE" }) },
    },
  });
  await runtime.start();
  cleanups.push(async () => {
    release();
    await runtime.stop(100);
  });
  runtime.create("job", "j1");
  await runtime.send("job", "j1", { type: "GO", slow: 40 });
  const deadline = Date.now() + 2000;
  while ((runtime.read("job", "j1")!.context as { done: number }).done < 1 && Date.now() < deadline) await Bun.sleep(10);
  expect((runtime.read("job", "j1")!.context as { done: number }).done).toBe(1);
});

test("a notice that arrives before its bot has connected waits for it instead of failing (e2dba13)", async () => {
  const db = store();
  upsertCustomer(db, { telegramId: 42, firstName: "x", language: "en" }, Date.now());
  const notices = new TelegramNotices({ store: openStore(db), defaultLanguage: "en", log, expectCustomerChannel: true, expectAdminSink: true, connectWaitMs: 2000 });
  const sent: string[] = [];
  const alerts: string[] = [];
  const notice = notices.customer({ customerId: 42, kind: "support-reply", vars: { ticket: 1, text: "hi" }, dedupeKey: "k1" });
  const alert = notices.admins({ alert: "server-down", dedupeKey: "a1" });
  const batch = notices.customerSender()!.send({ chatId: 42, text: "broadcast", parseMode: "HTML", dedupeKey: "b1" });
  await Bun.sleep(150);
  notices.connectCustomers({ sender: { send: async (n) => (sent.push(n.dedupeKey), "sent") } });
  notices.setAdminAlertSink(async (a) => void alerts.push(a.dedupeKey));
  await notice;
  await alert;
  expect(await batch).toBe("sent");
  expect(sent.sort()).toEqual(["b1", "k1"]);
  expect(alerts).toEqual(["a1"]);
});

test("a claim left by a process that died is settled as unconfirmed at once, not retried as in flight (ddf23a2)", async () => {
  const db = store();
  const tg = await startFakeTelegram();
  cleanups.push(() => tg.stop());
  const bot = tg.addBot();
  tg.user({ id: 42, firstName: "x" }, bot).open();
  db.run("INSERT INTO notifications (dedupe_key, chat_id, status, attempts, claimed_at) VALUES ('k-dead', 42, 'sending', 1, ?)", [Date.now() - 1000]);
  const notifier = createNotifier({ db, api: { token: bot.token, apiRoot: tg.apiRoot }, log, clock: { now: () => Date.now() } });
  const result = await notifier.send({ chatId: 42, text: "x", parseMode: "HTML", dedupeKey: "k-dead" });
  expect(result).toEqual({ failed: expect.objectContaining({ kind: "permanent", reason: "uncertain" }) });
  expect(notifier.delivery("k-dead")?.status).toBe("unconfirmed");
  expect(tg.count("sendMessage")).toBe(0);
});

test("a panel that refused its token while a subscription was provisioned serves it once the token works (b035730)", async () => {
  const world = await createWorld();
  cleanups.push(() => world.close());
  const customer = world.customer(501);
  await world.panel.setFault({ mode: "invalidToken" });
  const order = await world.sales.startOrder({ customerId: customer, kind: "purchase", planId: world.plan(), method: "card" });
  if (!order.ok) throw new Error(order.error.message);
  await world.sales.submitReceipt(order.value.orderId, customer, "photo");
  await world.sales.decide(order.value.orderId, { by: "900", approve: true });
  await world.settle();
  expect(world.runtime.read("subscription", order.value.subscriptionId!)!.state).not.toBe("provision_failed");
  await world.panel.setFault(null);
  await world.elapse(5 * 60_000, 5_000);
  expect(world.subscriptions.get(order.value.subscriptionId!)!.state).toBe("active");
  expect(world.sales.order(order.value.orderId)!.state).toBe("fulfilled");
});

test("a tap Telegram no longer knows (queued during a restart) is applied without 'something went wrong' (ecf4bfc)", async () => {
  const w = await createBotWorld();
  cleanups.push(() => w.close());
  w.plan({ name: "Monthly" });
  const ali = w.person(7301, "en");
  await ali.send("/start");
  await ali.waitForMessage((m) => m.buttons.some((b) => b.text === "English"));
  w.tg.injectError({ times: 1, errorCode: 400, description: "Bad Request: query is too old and response timeout expired or query ID is invalid", method: "answerCallbackQuery" });
  await ali.tap("English");
  await ali.waitForMessage("I'll speak English");
  await Bun.sleep(200);
  expect(ali.messages().some((m) => (m.text ?? "").includes("Something went wrong"))).toBe(false);
});

test("usage the last sync wrote but could not report (the process died) still reaches the subscription (b5b7ef8)", async () => {
  const world = await createWorld();
  cleanups.push(() => world.close());
  const customer = world.customer(601);
  const order = await world.sales.startOrder({ customerId: customer, kind: "purchase", planId: world.plan({ trafficBytes: 10 * 1024 ** 3 }), method: "card" });
  if (!order.ok) throw new Error(order.error.message);
  await world.sales.submitReceipt(order.value.orderId, customer, "photo");
  await world.sales.decide(order.value.orderId, { by: "900", approve: true });
  await world.settle();
  const id = order.value.subscriptionId!;
  const used = Math.round(0.85 * 10 * 1024 ** 3);
  world.panel.addTraffic(`sk-${id}`, 0, used);
  // What a sync leaves when it is killed between its commit and its USAGE events: the counters, no event.
  world.db.query("UPDATE subscriptions SET used_bytes = ? WHERE id = ?").run(used, id);
  const deps = { db: world.db, panels: world.panels, send: (kind: string, actorId: string, event: { type: string }) => world.runtime.send(kind, actorId, event) };
  const result = await syncServerUsage(deps, "s1");
  await world.settle();
  expect(result.stats.eventsSent).toBe(1);
  expect(world.notices.kinds(customer)).toContain("traffic-80");
  // Once the actor has acted, later syncs leave it alone.
  expect((await syncServerUsage(deps, "s1")).stats.eventsSent).toBe(0);
});

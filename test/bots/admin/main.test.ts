/**
 * The whole app (startApp) with ADMIN_BOT_TOKEN and USER_BOT_TOKEN: the admin bot answers admins, refuses others,
 * and receives the actors' alerts — a receipt a customer sends through the user bot arrives as a card.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../src/config.ts";
import { startApp } from "../../../src/main.ts";
import { upsertCustomer } from "../../../src/store/customers.ts";
import { createPlan } from "../../../src/store/plans.ts";
import { startFakeTelegram } from "../../fakes/telegram.ts";

const work = mkdtempSync(join(tmpdir(), "sk-admin-main-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test("startApp with ADMIN_BOT_TOKEN runs the admin bot for ADMIN_IDS and connects it to the actors' alerts", async () => {
  const tg = await startFakeTelegram();
  const userBot = tg.addBot({ username: "shop_bot", firstName: "Shop" });
  const adminBot = tg.addBot({ username: "shop_admin_bot", firstName: "Shop admin" });
  const app = await startApp(
    loadConfig({
      DATABASE_PATH: join(work, "store.sqlite"),
      HTTP_PORT: "0",
      USER_BOT_TOKEN: userBot.token,
      ADMIN_BOT_TOKEN: adminBot.token,
      ADMIN_IDS: "9001",
      TELEGRAM_API_ROOT: tg.apiRoot,
      SECRET_KEY: "a secret key for this test only",
      DEFAULT_LANGUAGE: "en",
      LOG_LEVEL: "silent",
    }),
  );
  try {
    const ava = tg.user({ id: 9001, firstName: "Ava", languageCode: "en" }, adminBot);
    await ava.send("/start");
    await ava.waitForMessage("Admin panel", { timeoutMs: 5000 });
    const eve = tg.user({ id: 9002, firstName: "Eve", languageCode: "en" }, adminBot);
    await eve.send("/stats");
    await eve.waitForMessage("This bot is for administrators only.", { timeoutMs: 5000 });

    const { core } = app;
    upsertCustomer(core.db, { telegramId: 7001, firstName: "Kian", language: "en" }, Date.now());
    const customer = tg.user({ id: 7001, firstName: "Kian", languageCode: "en" }, userBot).open();
    const plan = createPlan(core.db, { name: "Monthly", price: 100_000, trafficBytes: 1024 ** 3, days: 30 }, Date.now());
    const order = await core.sales.startOrder({ customerId: 7001, kind: "purchase", planId: plan.id, method: "card" });
    if (!order.ok) throw new Error(order.error.message);
    const { fileId } = await customer.sendPhoto();
    await core.sales.submitReceipt(order.value.orderId, 7001, fileId);
    const card = await ava.waitForMessage(`Receipt for order #${order.value.number}`, { since: "any", timeoutMs: 10_000 });
    expect(card.photo).toBeDefined();
    expect(card.buttons.map((b) => b.text)).toEqual(["✅ Approve", "❌ Reject"]);
  } finally {
    await app.stop();
    await tg.stop();
  }
}, 30_000);

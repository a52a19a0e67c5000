/**
 * The whole app (startApp) with BOT_MODE=webhook: the user bot sets its webhook to PUBLIC_URL/telegram/user, the
 * fake Telegram posts updates there through the real HTTP app, and the bot answers; a post without the secret is
 * refused.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../src/config.ts";
import { startApp } from "../../../src/main.ts";
import { startFakeTelegram } from "../../fakes/telegram.ts";
import { freePort } from "../../support/processes.ts";

const work = mkdtempSync(join(tmpdir(), "sk-userbot-main-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test("startApp in webhook mode serves the user bot at /telegram/user behind the secret token", async () => {
  const tg = await startFakeTelegram();
  const tgBot = tg.addBot({ username: "hook_bot", firstName: "Hook" });
  const port = await freePort();
  const app = await startApp(
    loadConfig({
      DATABASE_PATH: join(work, "store.sqlite"),
      HTTP_PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      USER_BOT_TOKEN: tgBot.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      BOT_MODE: "webhook",
      WEBHOOK_SECRET: "hook-secret_123",
      SECRET_KEY: "a secret key for this test only",
      LOG_LEVEL: "silent",
    }),
  );
  try {
    const nina = tg.user({ id: 8101, firstName: "Nina", languageCode: "en" }, tgBot);
    await nina.send("/start");
    await nina.waitForMessage("Welcome to Hook");
    await nina.tap("English");
    await nina.waitForMessage("I'll speak English");
    expect(tg.requests({ method: "setWebhook", bot: tgBot })[0]?.params).toMatchObject({ url: `http://127.0.0.1:${port}/telegram/user`, secret_token: "hook-secret_123" });
    expect(tg.requests({ method: "getUpdates", bot: tgBot })).toEqual([]);

    const unsigned = await fetch(`http://127.0.0.1:${port}/telegram/user`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ update_id: 77, message: { message_id: 1, date: 0, chat: { id: nina.id, type: "private" }, from: { id: nina.id, is_bot: false, first_name: "x" }, text: "/wallet" } }),
    });
    expect(unsigned.status).toBe(401);
  } finally {
    await app.stop();
    await tg.stop();
  }
});

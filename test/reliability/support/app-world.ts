/**
 * The whole app in this process, wired exactly as `subkeeper serve` wires it (startApp with a config read from an
 * environment), against the fake Telegram and the S-UI simulator, with everything it writes to stdout captured:
 * pino writes through `process.stdout.write`, which is wrapped here while the app runs.
 *
 *   const w = await startAppWorld();
 *   const alice = await w.customer(6001, "en");
 *   w.logLines  // every log line so far
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../src/config.ts";
import { startApp, type App } from "../../../src/main.ts";
import { log as defaultLog, setLogger } from "../../../src/log.ts";
import { startFakeTelegram, type FakeBot, type FakePerson, type FakeTelegram } from "../../fakes/telegram.ts";
import { startSuiPanel, type SuiPanel } from "../../fakes/sui-panel.ts";
import { PLAN } from "./shop.ts";

export const ADMIN = 900;

export interface AppWorld {
  app: App;
  tg: FakeTelegram;
  userBot: FakeBot;
  adminBot: FakeBot;
  panel: SuiPanel;
  operatorToken: string;
  secretKey: string;
  /** Every line the app wrote to stdout. */
  logLines: string[];
  /** Every HTTP answer the test got from the app. */
  answers: { where: string; text: string }[];
  /** The admin (in ADMIN_IDS) in the admin bot. */
  admin: FakePerson;
  base: string;
  api(method: string, path: string, options?: { body?: unknown; token?: string | null; headers?: Record<string, string> }): Promise<{ status: number; text: string; json: any }>;
  /** A customer who started the user bot and chose a language. */
  customer(id: number, lang: "en" | "fa"): Promise<FakePerson>;
  secrets(): Record<string, string>;
  close(): Promise<void>;
}

export async function startAppWorld(): Promise<AppWorld> {
  const dir = mkdtempSync(join(tmpdir(), "sk-reliability-app-"));
  const tg = await startFakeTelegram();
  const userBot = tg.addBot({ username: "shop_bot", firstName: "Shop" });
  const adminBot = tg.addBot({ username: "shop_admin_bot", firstName: "Shop admin" });
  const panel = await startSuiPanel();
  const operatorToken = `op-${crypto.randomUUID()}`;
  const secretKey = `sk-${crypto.randomUUID()}`;

  const logLines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  let partial = "";
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
    if (text.startsWith('{"level"') || partial) {
      partial += text;
      let newline: number;
      while ((newline = partial.indexOf("\n")) >= 0) {
        logLines.push(partial.slice(0, newline));
        partial = partial.slice(newline + 1);
      }
      return true;
    }
    return write(chunk as never, ...(rest as []));
  }) as typeof process.stdout.write;
  const restore = () => {
    process.stdout.write = write;
  };

  const previousLogger = defaultLog;
  let app: App;
  try {
    app = await startApp(
      loadConfig({
        DATABASE_PATH: join(dir, "store.sqlite"),
        HTTP_PORT: "0",
        PUBLIC_URL: "https://vpn.example.com",
        OPERATOR_TOKEN: operatorToken,
        USER_BOT_TOKEN: userBot.token,
        ADMIN_BOT_TOKEN: adminBot.token,
        ADMIN_IDS: String(ADMIN),
        TELEGRAM_API_ROOT: tg.apiRoot,
        SECRET_KEY: secretKey,
        // The scheduled backup document (test/store/telegram-backup.test.ts) would land among the admin's screens.
        BACKUP_INTERVAL_H: "0",
        LOG_LEVEL: "debug",
        DEFAULT_LANGUAGE: "fa",
        HEALTH_INTERVAL_S: "86400",
        SYNC_INTERVAL_S: "86400",
      }),
    );
  } catch (error) {
    restore();
    throw error;
  }
  const base = `http://127.0.0.1:${app.port}`;
  const answers: AppWorld["answers"] = [];
  const admin = tg.user({ id: ADMIN, firstName: "Ava", languageCode: "en" }, adminBot).open();

  const world: AppWorld = {
    app,
    tg,
    userBot,
    adminBot,
    panel,
    operatorToken,
    secretKey,
    logLines,
    answers,
    admin,
    base,
    async api(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const token = options.token === undefined ? operatorToken : options.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      if (options.body !== undefined) headers["content-type"] ??= "application/json";
      const response = await fetch(`${base}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
      });
      const text = await response.text();
      answers.push({ where: `${method} ${path} → ${response.status}`, text });
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, text, json };
    },
    async customer(id, lang) {
      const person = tg.user({ id, firstName: `Customer${id}`, username: `c${id}`, languageCode: lang }, userBot);
      await person.send("/start");
      await person.waitForMessage((m) => m.buttons.some((b) => b.text === "English"), { timeoutMs: 5000 });
      await person.tap(lang === "en" ? "English" : "فارسی");
      await person.waitForMessage(lang === "en" ? "I'll speak English" : /./, { timeoutMs: 5000 });
      return person;
    },
    secrets: () => ({
      "user bot token": userBot.token,
      "admin bot token": adminBot.token,
      "panel token": panel.token,
      "operator token": operatorToken,
      "secret key": secretKey,
    }),
    async close() {
      try {
        await app.stop();
      } finally {
        restore();
        setLogger(previousLogger);
        await tg.stop();
        await panel.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };

  const server = await world.api("POST", "/api/servers", { body: { name: "fra-1", panelUrl: panel.url, apiToken: panel.token, subUrl: panel.subUrl, inboundIds: [1, 2] } });
  if (server.status !== 201) throw new Error(`adding the server failed: ${server.text}`);
  // Health and usage ticks are a day apart here, so the store stands still unless someone acts: wait for the probe.
  for (let i = 0; i < 100 && app.core.db.query<{ state: string }, []>("SELECT state FROM servers").get()?.state !== "healthy"; i++) await Bun.sleep(50);
  const plan = await world.api("POST", "/api/plans", { body: { ...PLAN, renewalPolicy: "reset" } });
  if (plan.status !== 201) throw new Error(`adding the plan failed: ${plan.text}`);
  await admin.send("/start");
  await admin.waitForMessage(/./, { timeoutMs: 5000 });
  return world;
}

/** Waits until the bots have taken every update and nothing more happens: no Telegram call, no log line for 250 ms. */
export async function quiet(world: AppWorld, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = "";
  let stableSince = Date.now();
  while (Date.now() < end) {
    // Kinds the bots never ask for (allowed_updates) stay queued until a later update's offset drops them.
    const wanted = (u: object) => "message" in u || "callback_query" in u;
    const pending = world.tg.pendingUpdates(world.userBot).filter(wanted).length + world.tg.pendingUpdates(world.adminBot).filter(wanted).length;
    const now = `${pending}:${world.tg.requests().filter((r) => r.method !== "getUpdates").length}:${world.logLines.length}`;
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (pending === 0 && Date.now() - stableSince >= 250) return;
    await Bun.sleep(50);
  }
  throw new Error("the bots did not go quiet");
}

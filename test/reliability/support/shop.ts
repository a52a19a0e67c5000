/**
 * A whole shop for reliability runs: `bun src/cli.ts serve` as a child process (see served-app.ts) with both bots
 * pointed at the fake Telegram and one S-UI simulator added over the operator API, an admin in the admin bot, and a
 * read-only view of the store for checks. Everything the suite sees of the process — its log lines and every HTTP
 * answer — is kept for the secrets check.
 */
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeTelegram, type FakeBot, type FakePerson, type FakeTelegram } from "../../fakes/telegram.ts";
import { startSuiPanel, type SuiPanel } from "../../fakes/sui-panel.ts";
import { ServedApp } from "./served-app.ts";

export const GB = 1024 ** 3;
export const ADMIN_ID = 900;
export const PLAN = { name: "Monthly 10 GB", price: 100_000, trafficBytes: 10 * GB, days: 30 };

export interface ShopOptions {
  /** LOG_LEVEL of the process (default info, so every line a secret could slip into is written and searched). */
  logLevel?: string;
  /** Extra environment for the process. */
  env?: Record<string, string>;
}

export interface HttpAnswer {
  status: number;
  text: string;
  json: any;
}

export class Shop {
  /** Every HTTP answer the suite got from the process, for the secrets check. */
  readonly answers: { path: string; status: number; text: string }[] = [];
  admin!: FakePerson;
  serverId = "";
  planId = 0;
  private reader: Database | undefined;

  private constructor(
    readonly dir: string,
    readonly tg: FakeTelegram,
    readonly userBot: FakeBot,
    readonly adminBot: FakeBot,
    readonly panel: SuiPanel,
    readonly app: ServedApp,
    readonly operatorToken: string,
    readonly secretKey: string,
  ) {}

  static async open(options: ShopOptions = {}): Promise<Shop> {
    const dir = mkdtempSync(join(tmpdir(), "sk-reliability-"));
    const tg = await startFakeTelegram();
    const userBot = tg.addBot({ username: "shop_bot", firstName: "Shop" });
    const adminBot = tg.addBot({ username: "shop_admin_bot", firstName: "Shop admin" });
    const panel = await startSuiPanel();
    const operatorToken = `op-${crypto.randomUUID()}`;
    const secretKey = `sk-${crypto.randomUUID()}`;
    const app = new ServedApp({
      DATABASE_PATH: join(dir, "store.sqlite"),
      HTTP_PORT: "0",
      PUBLIC_URL: "https://vpn.example.com",
      OPERATOR_TOKEN: operatorToken,
      USER_BOT_TOKEN: userBot.token,
      ADMIN_BOT_TOKEN: adminBot.token,
      ADMIN_IDS: String(ADMIN_ID),
      TELEGRAM_API_ROOT: tg.apiRoot,
      SECRET_KEY: secretKey,
      // The scheduled backup document (test/store/telegram-backup.test.ts) would land among the admin's screens.
      BACKUP_INTERVAL_H: "0",
      HEALTH_INTERVAL_S: "1",
      SYNC_INTERVAL_S: "1",
      DEFAULT_LANGUAGE: "fa",
      LOG_LEVEL: options.logLevel ?? "info",
      ...options.env,
    });
    const shop = new Shop(dir, tg, userBot, adminBot, panel, app, operatorToken, secretKey);
    shop.admin = tg.user({ id: ADMIN_ID, firstName: "Ava", languageCode: "en" }, adminBot).open();
    return shop;
  }

  get dbPath(): string {
    return join(this.dir, "store.sqlite");
  }

  /** The secrets nothing may ever show: both bot tokens, the panel's token, the operator token, the secret key. */
  get secrets(): Record<string, string> {
    return {
      "user bot token": this.userBot.token,
      "admin bot token": this.adminBot.token,
      "panel token": this.panel.token,
      "operator token": this.operatorToken,
      "secret key": this.secretKey,
    };
  }

  /** First start: the process, then the operator adds the S-UI server and a plan over HTTP, and the admin says hello. */
  async start(): Promise<void> {
    await this.app.start();
    const server = await this.api("POST", "/api/servers", {
      name: "fra-1",
      panelUrl: this.panel.url,
      apiToken: this.panel.token,
      subUrl: this.panel.subUrl,
      inboundIds: [1, 2],
    });
    if (server.status !== 201) throw new Error(`adding the server failed: ${server.status} ${server.text}`);
    this.serverId = server.json.id;
    const plan = await this.api("POST", "/api/plans", { ...PLAN, renewalPolicy: "reset" });
    if (plan.status !== 201) throw new Error(`adding the plan failed: ${plan.status} ${plan.text}`);
    this.planId = plan.json.id;
    await this.admin.send("/start");
    await this.admin.waitForMessage(/./, { timeoutMs: 10_000 });
  }

  /** A call to the operator API (bearer token unless `token` is given; null sends none). */
  async api(method: string, path: string, body?: unknown, token: string | null = this.operatorToken): Promise<HttpAnswer> {
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${this.app.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    this.answers.push({ path, status: response.status, text });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  }

  /** A read connection to the store (WAL: reads never block the process). */
  get db(): Database {
    if (!this.reader) {
      this.reader = new Database(this.dbPath);
      this.reader.exec("PRAGMA busy_timeout = 10000");
    }
    return this.reader;
  }

  /** A customer talking to the user bot. */
  person(id: number, firstName = `Customer${id}`): FakePerson {
    return this.tg.user({ id, firstName, username: `c${id}`, languageCode: "en" }, this.userBot);
  }

  async close(): Promise<void> {
    if (this.app.running) await this.app.stop();
    this.reader?.close();
    await this.tg.stop();
    await this.panel.stop();
    // RELIABILITY_KEEP=1 keeps the store and the fake Telegram's request log for a look after a failed run.
    if (process.env.RELIABILITY_KEEP === "1") {
      await Bun.write(join(this.dir, "telegram-requests.json"), JSON.stringify(this.tg.requests()));
      console.log(`reliability: store and Telegram request log kept in ${this.dir}`);
    } else rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Resolves true once `probe` holds, false after `timeoutMs`. */
export async function eventually(probe: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return true;
    } catch {
      // a read during a restart may fail; try again
    }
    if (Date.now() >= end) return false;
    await Bun.sleep(everyMs);
  }
}

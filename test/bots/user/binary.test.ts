/**
 * The compiled binary, pointed at the fake Telegram (USER_BOT_TOKEN, TELEGRAM_API_ROOT) and the S-UI simulator:
 * the operator adds the server and a plan over the HTTP API, a customer starts the bot, picks a language and a
 * plan, pays from a wallet an admin credited, and receives the subscription link and its QR code; the panel holds
 * the client.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { postEntry } from "../../../src/store/ledger.ts";
import { startFakeTelegram } from "../../fakes/telegram.ts";
import { startSuiPanel } from "../../fakes/sui-panel.ts";
import { choosePlan, inCode } from "./harness.ts";
import { freePort, buildBinary } from "../../support/processes.ts";

const work = mkdtempSync(join(tmpdir(), "sk-userbot-binary-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test(
  "the binary sells a subscription through the user bot, from /start to the link",
  async () => {
    const binary = join(work, "subkeeper");
    expect(buildBinary(binary)).toBe(0);

    const tg = await startFakeTelegram();
    const tgBot = tg.addBot({ username: "shop_bot", firstName: "Shop" });
    const panel = await startSuiPanel();
    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
    const operatorToken = "operator-token-for-the-binary-test";
    const databasePath = join(work, "data", "store.sqlite");
    const env = {
      PATH: "/usr/bin:/bin",
      DATABASE_PATH: databasePath,
      HTTP_PORT: String(port),
      PUBLIC_URL: "https://vpn.example.com",
      OPERATOR_TOKEN: operatorToken,
      USER_BOT_TOKEN: tgBot.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      SECRET_KEY: "a secret key for the binary test",
      DEFAULT_LANGUAGE: "en",
      LOG_LEVEL: "warn",
    };
    const proc = Bun.spawn([binary], { cwd: work, env, stdout: "pipe", stderr: "pipe" });
    const output = new Response(proc.stdout).text();
    try {
      let healthy = false;
      for (let i = 0; i < 100 && !healthy; i++) {
        await Bun.sleep(100);
        healthy = await fetch(`${api}/healthz`).then((r) => r.ok, () => false);
      }
      expect(healthy).toBe(true);
      const call = (path: string, body: unknown) =>
        fetch(`${api}${path}`, { method: "POST", headers: { authorization: `Bearer ${operatorToken}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      const server = await call("/api/servers", { name: "fra-1", panelUrl: panel.url, apiToken: panel.token, subUrl: panel.subUrl, inboundIds: [1, 2] });
      expect(server.status).toBe(201);
      const plan = await call("/api/plans", { name: "Monthly 50 GB", price: 150_000, trafficBytes: 50 * 1024 ** 3, days: 30 });
      expect(plan.status).toBe(201);

      const alice = tg.user({ id: 8001, firstName: "Alice", languageCode: "en" }, tgBot);
      await alice.send("/start");
      await alice.waitForMessage("Welcome to", { timeoutMs: 10_000 });
      await alice.tap("English");
      await alice.waitForMessage("I'll speak English");
      expect(tg.commands(tgBot, { languageCode: "fa" })?.length).toBe(9);

      // An admin credits her wallet (the admin bot's "adjust balance", straight into the store here).
      const db = new Database(databasePath);
      db.exec("PRAGMA busy_timeout = 5000");
      db.transaction(() => postEntry(db, { customerId: alice.id, amount: 150_000, reason: "adjustment", ref: "binary-test" }, Date.now()))();
      db.close();

      await choosePlan(alice, /^Monthly 50 GB/, "/plans");
      await alice.tap(/^👛 From wallet \(balance: 150,000 Toman\)/);
      await alice.waitForMessage("was paid from your wallet");
      const ready = await alice.waitForMessage("is ready", { since: "any", timeoutMs: 15_000 });
      const link = /https:\/\/vpn\.example\.com\/sub\/[A-Za-z0-9_-]{22}/.exec(ready.caption ?? ready.text ?? "")?.[0];
      expect(link).toBeDefined();
      expect(inCode(ready, link!)).toBe(true);
      expect(ready.photo).toBeDefined();
      expect(panel.clients()).toHaveLength(1);

      await alice.send("/subs");
      const card = await alice.waitForMessage((m) => m.photo !== undefined && (m.caption ?? "").includes("30 days left"));
      expect(inCode(card, link!)).toBe(true);
    } finally {
      proc.kill("SIGTERM");
      await proc.exited;
      await tg.stop();
      panel.stop();
    }
    expect(await proc.exited).toBe(0);
    const lines = (await output).split("\n").filter(Boolean);
    expect(lines.filter((line) => line.includes(tgBot.token))).toEqual([]);
    expect(lines.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  },
  120_000,
);

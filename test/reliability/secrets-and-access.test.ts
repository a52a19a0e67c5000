/**
 * Secrets and access, against the app as `subkeeper serve` wires it (startApp in this process, its stdout captured at
 * debug level, every HTTP answer kept):
 *
 *  - neither bot token, the panel's token, the operator token nor the secret key appears in any log line, HTTP
 *    answer or message to a customer — through a purchase, servers added over HTTP and in the admin bot (with the
 *    wrong token too), a panel that forgets its token, and Telegram unreachable for a while;
 *  - every /api route refuses a caller without the operator token or with a wrong one; every admin command and
 *    button refuses anyone not in ADMIN_IDS (with an audit row), and the admin bot says nothing to an admin in a
 *    group; the user bot knows no admin command;
 *  - subscription tokens carry at least 128 random bits and say nothing about the subscription.
 *
 * The crash and faults runs check the same secrets against the child process's whole stdout.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { newSubscriptionToken } from "../../src/domain/identifiers.ts";
import { ADMIN, quiet, startAppWorld, type AppWorld } from "./support/app-world.ts";
import { secretLeaks } from "./support/invariants.ts";
import { startSuiPanel } from "../fakes/sui-panel.ts";
import { forgeTap } from "../bots/user/harness.ts";

let w: AppWorld;
const figures = { logLines: 0, httpAnswers: 0, routesRefused: 0, adminCommandsRefused: 0, tokensSampled: 0 };

beforeAll(async () => {
  w = await startAppWorld();
}, 30_000);
afterAll(async () => {
  console.log(`RELIABILITY ${JSON.stringify({ reliability: "secrets-and-access", ...figures })}`);
  await w.close();
});

/** A customer buys by card; the admin approves in the admin bot; the customer has the link. */
async function purchase(id: number): Promise<void> {
  const person = await w.customer(id, "en");
  await person.send("/plans");
  await person.waitForMessage("Choose a plan", { timeoutMs: 5000 });
  await person.tap(/^Monthly/);
  await person.waitForMessage("How would you like to pay", { timeoutMs: 5000 });
  await person.tap("💳 Card-to-card");
  await person.waitForMessage("transfer exactly", { timeoutMs: 5000 });
  await person.sendPhoto();
  await person.waitForMessage("waiting for approval", { timeoutMs: 5000 });
  const card = await w.admin.waitForMessage((m) => m.buttons.some((b) => b.text === "✅ Approve"), { since: "any", timeoutMs: 10_000 });
  await w.admin.tap(card.buttons.find((b) => b.text === "✅ Approve")!.data!);
  await person.waitForMessage("is ready", { since: "any", timeoutMs: 10_000 });
}

test("no secret in any log line, HTTP answer or customer's chat, whatever happens", async () => {
  await purchase(7101);

  // Servers over HTTP: a right token, a wrong one, a change of token; then the panel forgets its token.
  const second = await startSuiPanel();
  try {
    const added = await w.api("POST", "/api/servers", { body: { name: "second", panelUrl: second.url, apiToken: second.token, subUrl: second.subUrl, inboundIds: [1] } });
    expect(added.status).toBe(201);
    const wrong = await w.api("POST", "/api/servers", { body: { name: "wrong", panelUrl: second.url, apiToken: `${second.token}x`, subUrl: second.subUrl, inboundIds: [1] } });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    await w.api("PATCH", `/api/servers/${added.json.id}`, { body: { apiToken: second.token } });
    await second.setFault({ mode: "invalidToken" });
    await w.api("POST", `/api/actors/server/${added.json.id}/events`, { body: { type: "PROBE_NOW" } });
    await w.panel.setFault({ mode: "invalidToken" });
    await w.api("POST", "/api/actors/server/s1/events", { body: { type: "PROBE_NOW" } }).catch(() => undefined);
    const servers = await w.api("GET", "/api/servers");
    const serverId = servers.json.find((s: { name: string }) => s.name === "fra-1")?.id ?? "s1";
    await w.api("POST", `/api/actors/server/${serverId}/events`, { body: { type: "PROBE_NOW" } });
    await Bun.sleep(300);
    await w.panel.setFault(null);
    await second.setFault(null);

    // A server added in the admin bot: the token typed in the chat.
    await w.admin.send("/servers");
    await w.admin.waitForMessage(/./, { timeoutMs: 5000 });
    await w.admin.tap("➕ Add server");
    await w.admin.waitForMessage("Which panel runs on this server?", { timeoutMs: 5000 });
    await w.admin.tap("S-UI");
    await w.admin.waitForMessage("Send a name for the server", { timeoutMs: 5000 });
    await w.admin.send("third");
    await w.admin.waitForMessage("Send the panel URL", { timeoutMs: 5000 });
    await w.admin.send(second.url);
    await w.admin.waitForMessage("Send the panel's API token", { timeoutMs: 5000 });
    await w.admin.send(`${second.token}-wrong`);
    await w.admin.waitForMessage(/./, { timeoutMs: 10_000 });
    await w.admin.send("/cancel");
    await quiet(w);

    // Telegram unreachable for a while: polling and sends fail with the API URL (which holds the token) in hand.
    const customer = w.tg.user({ id: 7101, firstName: "Customer7101" }, w.userBot);
    await w.app.core.runtime.send("subscription", w.app.core.db.query<{ id: string }, []>("SELECT id FROM subscriptions LIMIT 1").get()!.id, { type: "SUSPEND" });
    w.tg.injectError({ times: 20, errorCode: 401, description: "Unauthorized" });
    w.tg.injectError({ times: 20, errorCode: 502, description: "Bad Gateway" });
    await Bun.sleep(1500);
    w.tg.clearFaults();
    await customer.send("/subs");
    await customer.waitForMessage(/./, { timeoutMs: 10_000 });
  } finally {
    await second.stop();
  }

  // Read everything an operator can read.
  const subToken = w.app.core.db.query<{ token: string }, []>("SELECT token FROM subscriptions LIMIT 1").get()!.token;
  for (const path of ["/api/servers", "/api/servers/s1", "/api/actors?limit=500", "/api/audit?limit=500", "/api/users/7101", "/api/orders", "/api/stats", "/api/settings", "/metrics", "/openapi/json", "/openapi", "/healthz", "/readyz", `/sub/${subToken}`, `/sub/${subToken}?format=json`, `/sub/${subToken}?format=clash`]) {
    await w.api("GET", path);
  }
  for (const row of w.app.core.db.query<{ kind: string; id: string }, []>("SELECT kind, id FROM actors").all()) {
    await w.api("GET", `/api/actors/${row.kind}/${row.id}`);
    await w.api("GET", `/api/actors/${row.kind}/${row.id}/journal?limit=200`);
  }
  await quiet(w);

  figures.logLines = w.logLines.length;
  figures.httpAnswers = w.answers.length;
  const chats = [...w.tg.requests()].filter((r) => r.ok && (r.method === "sendMessage" || r.method === "sendPhoto" || r.method.startsWith("edit")));
  const leaks = secretLeaks(w.secrets(), [
    ...w.logLines.map((text) => ({ where: "a log line", text })),
    ...w.answers.map((a) => ({ where: `the answer to ${a.where}`, text: a.text })),
    ...chats.map((r) => ({ where: `${r.method} to ${r.chatId} by ${r.bot}`, text: JSON.stringify(r.params) })),
  ]);
  expect(leaks).toEqual([]);
  // The log did see the failures (so the check above had something to look at).
  expect(w.logLines.some((line) => line.includes("invalid") || line.includes("401") || line.includes("Unauthorized"))).toBe(true);
}, 120_000);

test("every /api route refuses a caller without the operator token or with a wrong one", async () => {
  const routes = (w.app as unknown as { core: unknown }) && (await w.api("GET", "/openapi/json")).json;
  const paths = Object.keys(routes.paths as Record<string, unknown>).filter((path) => path.startsWith("/api"));
  expect(paths.length).toBeGreaterThan(10);
  const before = w.app.core.db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM audit_log WHERE actor = 'operator'").get()!.n;
  for (const path of paths) {
    const methods = Object.keys((routes.paths as Record<string, Record<string, unknown>>)[path]!).map((m) => m.toUpperCase());
    const concrete = path.replace(/\{[^}]+\}/g, "1");
    for (const method of methods) {
      for (const token of [null, "wrong-token-of-the-same-kind", `${w.operatorToken}x`, w.operatorToken.slice(0, -1)]) {
        const answer = await w.api(method, concrete, { token, ...(method === "GET" || method === "DELETE" ? {} : { body: { name: "x" } }) });
        expect(answer.status, `${method} ${concrete} with ${JSON.stringify(token)}`).toBe(401);
        expect(answer.json.error.code).toMatch(/^unauthorized$/);
        figures.routesRefused++;
      }
    }
  }
  const after = w.app.core.db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM audit_log WHERE actor = 'operator'").get()!.n;
  expect(after).toBe(before);
  // A bearer token in the query string or a cookie is not a token.
  expect((await w.api("GET", `/api/stats?token=${w.operatorToken}`, { token: null })).status).toBe(401);
  expect((await w.api("GET", "/api/stats", { token: null, headers: { cookie: `token=${w.operatorToken}` } })).status).toBe(401);
}, 60_000);

test("admin commands and buttons refuse everyone not in ADMIN_IDS, with an audit row; nothing leaks to them", async () => {
  const mallory = w.tg.user({ id: 7666, firstName: "Mallory", languageCode: "en" }, w.adminBot).open();
  const commands = ["/start", "/menu", "/help", "/receipts", "/servers", "/plans", "/codes", "/users", "/user 7101", "/settings", "/broadcast", "/stats", "/tickets", "/cancel"];
  const auditsBefore = w.app.core.db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'refused'").get()!.n;
  for (const command of commands) {
    await mallory.send(command);
    const answer = await mallory.waitForMessage(/./, { timeoutMs: 5000 });
    expect(answer.text, command).toContain("for administrators only");
    expect(answer.buttons).toEqual([]);
    figures.adminCommandsRefused++;
  }
  // Buttons copied from an admin's chat (signed for the admin bot) do nothing for Mallory either.
  await w.admin.send("/start");
  const menu = await w.admin.waitForMessage((m) => m.buttons.length > 0, { timeoutMs: 5000 });
  for (const button of menu.buttons.filter((b) => b.data)) {
    const tap = forgeTap(mallory, button.data!);
    const answer = await mallory.waitForAnswer(tap, 5000);
    expect(answer.text, button.text).toContain("for administrators only");
    figures.adminCommandsRefused++;
  }
  await quiet(w);
  const refusals = w.app.core.db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'refused' AND actor = '7666'").get()!.n;
  expect(refusals).toBe(w.app.core.db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'refused'").get()!.n - auditsBefore);
  expect(refusals).toBeGreaterThanOrEqual(commands.length);
  // Nothing Mallory was sent names a customer, an amount or a server.
  for (const message of mallory.messages()) expect(message.text ?? "").not.toMatch(/7101|Customer7101|fra-1|Toman|\d{3},\d{3}/);

  // The user bot has no admin commands.
  const customer = w.tg.user({ id: 7101, firstName: "Customer7101" }, w.userBot);
  for (const command of ["/stats", "/receipts", "/servers", "/broadcast", "/users"]) {
    await customer.send(command);
    await customer.waitForMessage("I don't know that command", { timeoutMs: 5000 });
  }

  // An admin's command in a group gets no answer there: the group's members are not admins.
  const group = { id: -100777, type: "supergroup" as const, title: "Shop staff and friends" };
  const before = w.tg.requests({ chatId: group.id }).length;
  for (const text of ["/stats", "/users 7101", "/receipts"]) {
    w.tg.pushUpdate(
      { message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: group, from: { id: ADMIN, is_bot: false, first_name: "Ava" }, text, entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] } },
      w.adminBot,
    );
  }
  await quiet(w);
  expect(w.tg.requests({ chatId: group.id }).length).toBe(before);
}, 60_000);

test("subscription tokens carry at least 128 random bits and say nothing about the subscription", () => {
  const N = 20_000;
  const tokens = Array.from({ length: N }, () => newSubscriptionToken());
  figures.tokensSampled = N;
  expect(new Set(tokens).size).toBe(N);
  for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
  // 22 base64url characters decode to 16 bytes: 128 bits. Each of them must be a fair coin.
  const ones = new Array<number>(128).fill(0);
  for (const token of tokens) {
    const bytes = Buffer.from(token, "base64url");
    expect(bytes.length).toBe(16);
    for (let bit = 0; bit < 128; bit++) if (bytes[bit >> 3]! & (1 << (bit & 7))) ones[bit]!++;
  }
  // Five standard deviations of a fair coin over N draws: a stuck or biased bit fails, chance does not.
  const slack = 5 * Math.sqrt(N / 4);
  for (const [bit, n] of ones.entries()) expect(Math.abs(n - N / 2), `bit ${bit}`).toBeLessThan(slack);

  // The tokens handed to customers are such tokens, and name neither the subscription, its client nor the customer.
  for (const row of w.app.core.db.query<{ id: string; token: string; client_name: string; customer_id: number }, []>("SELECT id, token, client_name, customer_id FROM subscriptions").all()) {
    expect(row.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(row.token, "base64url").length).toBe(16);
    for (const part of [row.id, row.client_name, String(row.customer_id)]) expect(row.token.includes(part)).toBe(false);
  }
});

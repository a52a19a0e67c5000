/** Servers through the admin bot: the guided add against a live S-UI simulator, the list with health, drain / resume / retire. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { getServer } from "../../../src/store/servers.ts";
import { startSuiPanel, type SuiPanel } from "../../fakes/sui-panel.ts";
import { startXuiPanel } from "../../fakes/xui-panel.ts";
import { ADMIN_A, createAdminWorld, type AdminWorld } from "./world.ts";

let world: AdminWorld;
let second: SuiPanel;
beforeEach(async () => {
  world = await createAdminWorld();
  second = await startSuiPanel();
});
afterEach(async () => {
  await second.stop();
  await world.close();
});

async function addServer(token: string): Promise<void> {
  const { ava } = world;
  await ava.send("/servers");
  await ava.waitForMessage("de-1");
  await ava.tap("➕ Add server");
  const kinds = await ava.waitForMessage("Which panel runs on this server?");
  expect(kinds.buttons.map((b) => b.text)).toEqual(["S-UI", "3x-ui", "Marzban", "PasarGuard", "Remnawave", "✖️ Cancel"]);
  await ava.tap("S-UI");
  await ava.waitForMessage("Send a name for the server");
  await ava.send("de-2");
  await ava.waitForMessage("Send the panel URL");
  await ava.send(second.url);
  await ava.waitForMessage("Send the panel's API token");
  await ava.send(token);
}

test("a guided add: the token's message is deleted, inbounds come from the panel, the connection is tested, and the server is saved", async () => {
  const { ava } = world;
  await addServer(second.token);
  await ava.waitForMessage("Token received; your message with it was deleted");
  const deleted = world.tg.requests({ method: "deleteMessage", chatId: ADMIN_A, bot: world.adminBotUser });
  expect(deleted).toHaveLength(1);
  expect(deleted[0]!.ok).toBe(true);

  await ava.waitForMessage("Send the subscription URL base");
  await ava.send("/skip");
  const picker = await ava.waitForMessage("Pick the inbounds");
  expect(picker.buttons.map((b) => b.text)).toEqual(["▫️ 1 · vless-in (vless)", "▫️ 2 · trojan-in (trojan)", "✅ Done", "✖️ Cancel"]);
  const none = await ava.tap("✅ Done");
  expect((await ava.waitForAnswer(none)).text).toBe("Pick at least one inbound.");
  await ava.tap("▫️ 2 · trojan-in (trojan)");
  await world.tg.waitFor(() => ava.lastMessage()?.buttons.some((b) => b.text === "✅ 2 · trojan-in (trojan)"));
  await ava.tap("✅ Done");
  await ava.waitForMessage("Send the maximum number of clients");
  await ava.send("300");
  await ava.waitForMessage("Server de-2 saved");

  const saved = world.core.servers.list().find((s) => s.name === "de-2")!;
  expect(saved).toMatchObject({ panelUrl: second.url, inboundIds: [2], capacity: 300 });
  expect(getServer(world.db, saved.id)!.api_token_enc).not.toContain(second.token);
  expect(await world.tokens.open(getServer(world.db, saved.id)!.api_token_enc)).toBe(second.token);
  const [row] = world.audits("server.add");
  expect(row).toMatchObject({ actor: String(ADMIN_A), target: `server:${saved.id}` });
  expect(row!.after).not.toContain(second.token);
  // The token is in no message the bot wrote, and the form kept it sealed.
  expect(ava.messages().some((m) => (m.text ?? m.caption ?? "").includes(second.token))).toBe(false);
  expect(JSON.stringify(world.db.query("SELECT * FROM bot_state").all())).not.toContain(second.token);
});

test("a refused token is said plainly and asked again; nothing is saved until the panel answers", async () => {
  const { ava } = world;
  await addServer("not-the-token");
  await ava.waitForMessage("Could not connect");
  expect(world.core.servers.list().map((s) => s.name)).toEqual(["de-1"]);
  await ava.send(second.token);
  await ava.waitForMessage("Send the subscription URL base");
  await ava.send("/cancel");
  await ava.waitForMessage("Cancelled.");
  await ava.send("https://sub.example.com/sub/");
  await ava.waitForMessage("Nothing is waiting for your answer");
  expect(world.core.servers.list().map((s) => s.name)).toEqual(["de-1"]);
});

test("a panel URL that does not answer is reported and nothing is saved", async () => {
  const { ava } = world;
  await ava.send("/servers");
  await ava.waitForMessage("Servers:");
  await ava.tap("➕ Add server");
  await ava.waitForMessage("Which panel runs");
  await ava.tap("S-UI");
  await ava.waitForMessage("Send a name");
  await ava.send("de-3");
  await ava.waitForMessage("Send the panel URL");
  await ava.send("not a url");
  await ava.waitForMessage("absolute http(s) address");
  await ava.send("http://127.0.0.1:9/app/");
  await ava.waitForMessage("Send the panel's API token");
  await ava.send("sometoken");
  await ava.waitForMessage("Could not connect", { timeoutMs: 15_000 });
  expect(world.core.servers.list()).toHaveLength(1);
});

test("the list shows health, clients, latency and the last error; drain, resume and retire (after a confirmation) are audited", async () => {
  const { ava } = world;
  const added = await world.core.servers.add({ name: "fr-1", panelUrl: second.url, apiToken: second.token, inboundIds: [1], capacity: 10 });
  if (!added.ok) throw new Error(added.error.message);
  await world.settle();
  await world.tg.waitFor(() => world.core.servers.get(added.value.id)?.state === "healthy", 5000);
  world.db.query("UPDATE servers SET last_error = 'usage sync failed: the panel was busy' WHERE id = 's1'").run();

  await ava.send("/servers");
  const list = await ava.waitForMessage("Servers:");
  expect(list.text).toContain("de-1 — 0/∞ clients");
  expect(list.text).toContain("Last error: usage sync failed: the panel was busy");
  expect(list.text).toMatch(/🟢 Healthy fr-1 — 0\/10 clients · \d+ ms/);

  await ava.tap("🟢 Healthy fr-1");
  await ava.waitForMessage("Panel:");
  await ava.tap("🟠 Drain");
  await ava.waitForMessage("takes no new clients now");
  expect(world.core.servers.get(added.value.id)!.state).toBe("draining");
  await ava.tap("▶️ Resume");
  await ava.waitForMessage("takes new clients again");
  expect(world.core.servers.get(added.value.id)!.state).toBe("healthy");
  await ava.tap("⚫ Retire");
  await ava.waitForMessage("for good?");
  expect(world.core.servers.get(added.value.id)!.state).toBe("healthy");
  await ava.tap("✅ Yes, do it");
  await ava.waitForMessage("is retired");
  expect(world.core.servers.get(added.value.id)!.state).toBe("retired");
  expect(world.audits().filter((a) => a.action.startsWith("server.")).map((a) => [a.action, JSON.parse(a.before!).state, JSON.parse(a.after!).state])).toEqual([
    ["server.drain", "healthy", "draining"],
    ["server.resume", "draining", "healthy"],
    ["server.retire", "healthy", "retired"],
  ]);
});

test("a 3x-ui server: the kind first, then username and password (deleted from the chat, sealed), no token asked; the version is shown", async () => {
  const { ava } = world;
  const xui = await startXuiPanel({ version: "2.9.4" });
  try {
    await ava.send("/servers");
    await ava.waitForMessage("de-1");
    await ava.tap("➕ Add server");
    await ava.waitForMessage("Which panel runs");
    await ava.tap("3x-ui");
    await ava.waitForMessage("Send a name for the server");
    await ava.send("nl-1");
    await ava.waitForMessage("Send the panel URL");
    await ava.send(`${xui.url}panel/inbounds`);
    const how = await ava.waitForMessage("Which will you send?");
    expect(how.buttons.map((b) => b.text)).toEqual(["🔑 API token", "👤 Username and password", "✖️ Cancel"]);
    await ava.tap("👤 Username and password");
    await ava.waitForMessage("Send the panel admin's username");
    await ava.send(xui.username);
    await ava.waitForMessage("Send that admin's password");
    await ava.send("wrong-password");
    await ava.waitForMessage("Could not connect: the username or password was refused");
    await ava.send(xui.password);
    await ava.waitForMessage("Password received; your message with it was deleted");
    await ava.waitForMessage("Connected: 3x-ui 2.9.4, 0 clients on the panel");
    await ava.waitForMessage("Send the subscription URL base");
    await ava.send(xui.subUrl);
    const picker = await ava.waitForMessage("Pick the inbounds");
    expect(picker.buttons.map((b) => b.text)).toEqual(["▫️ 1 · vless-reality (vless)", "▫️ 2 · trojan-ws (trojan)", "✅ Done", "✖️ Cancel"]);
    await ava.tap("▫️ 1 · vless-reality (vless)");
    await world.tg.waitFor(() => ava.lastMessage()?.buttons.some((b) => b.text === "✅ 1 · vless-reality (vless)"));
    await ava.tap("✅ Done");
    await ava.waitForMessage("Send the maximum number of clients");
    await ava.send("/skip");
    await ava.waitForMessage("Server nl-1 saved");

    const saved = world.core.servers.list().find((s) => s.name === "nl-1")!;
    expect(saved).toMatchObject({ panelKind: "3x-ui", panelUrl: xui.url, subUrl: xui.subUrl, inboundIds: [1] });
    const row = getServer(world.db, saved.id)!;
    expect([row.panel_username, await world.tokens.open(row.api_token_enc)]).toEqual([xui.username, xui.password]);
    expect(world.tg.requests({ method: "deleteMessage", chatId: ADMIN_A, bot: world.adminBotUser })).toHaveLength(2);
    expect(ava.messages().some((m) => (m.text ?? m.caption ?? "").includes(xui.password))).toBe(false);
    expect(JSON.stringify(world.db.query("SELECT * FROM bot_state").all())).not.toContain(xui.password);
    expect(JSON.stringify(world.audits("server.add"))).not.toContain(xui.password);
    // The check, the add and the first probe shared one session: the wrong password, then one good login.
    await world.settle();
    expect(xui.counts().login).toBe(2);
  } finally {
    await xui.stop();
  }
});

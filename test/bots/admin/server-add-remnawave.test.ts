/**
 * The admin bot's guided add for a Remnawave server: the kind first, then only what Remnawave needs — a name, the
 * backend's URL, its API token (deleted from the chat, sealed; no username or password asked), the subscription
 * base (or /skip for the backend's own `api/sub/`), and the internal squads picked from the panel's own list.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { getServer } from "../../../src/store/servers.ts";
import { startRemnawavePanel, type RemnawavePanel } from "../../fakes/remnawave-panel.ts";
import { ADMIN_A, createAdminWorld, type AdminWorld } from "./world.ts";

let world: AdminWorld;
let panel: RemnawavePanel;
beforeEach(async () => {
  world = await createAdminWorld();
  panel = await startRemnawavePanel({ version: "3.3.2" });
});
afterEach(async () => {
  await panel.stop();
  await world.close();
});

test("a Remnawave server: the kind, a name, the URL, the token (deleted, sealed), the squads from the panel; the version shown", async () => {
  const { ava } = world;
  await ava.send("/servers");
  await ava.waitForMessage("de-1");
  await ava.tap("➕ Add server");
  await ava.waitForMessage("Which panel runs");
  await ava.tap("Remnawave");
  await ava.waitForMessage("Send a name for the server");
  await ava.send("fi-1");
  await ava.waitForMessage("Send the panel URL");
  await ava.send(panel.url);
  await ava.waitForMessage("Send the panel's API token");
  await ava.send("eyJhbGciOiJIUzI1NiJ9.wrong.token");
  await ava.waitForMessage("Could not connect: the API token was refused");
  await ava.send(panel.token);
  await ava.waitForMessage("Token received; your message with it was deleted");
  await ava.waitForMessage("Connected: Remnawave 3.3.2, 0 clients on the panel");
  await ava.waitForMessage("Send the subscription URL base");
  await ava.send("/skip");
  const squad = panel.squads()[0]!;
  const picker = await ava.waitForMessage("Pick the inbounds");
  const label = `${squad.uuid} · Default-Squad (squad)`;
  // The panel's only squad comes picked.
  expect(picker.buttons.map((b) => b.text)).toEqual([`✅ ${label}`, "✅ Done", "✖️ Cancel"]);
  await ava.tap("✅ Done");
  await ava.waitForMessage("Send the maximum number of clients");
  await ava.send("/skip");
  await ava.waitForMessage("Server fi-1 saved");

  const saved = world.core.servers.list().find((s) => s.name === "fi-1")!;
  expect(saved).toMatchObject({ panelKind: "remnawave", panelUrl: `${panel.url}/`, subUrl: `${panel.url}/api/sub/`, inboundIds: [squad.uuid] });
  const row = getServer(world.db, saved.id)!;
  expect(await world.tokens.open(row.api_token_enc)).toBe(panel.token);
  expect(row.panel_username).toBeNull();
  expect(world.tg.requests({ method: "deleteMessage", chatId: ADMIN_A, bot: world.adminBotUser })).toHaveLength(2);
  expect(ava.messages().some((m) => (m.text ?? m.caption ?? "").includes(panel.token))).toBe(false);
  expect(JSON.stringify(world.db.query("SELECT * FROM bot_state").all())).not.toContain(panel.token);
  await world.settle();
  expect(panel.counts().login).toBe(0);
});

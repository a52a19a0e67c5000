/**
 * Adding Marzban and PasarGuard servers over HTTP: checked on the live panel (version, password, inbound tags or
 * group ids) before anything is saved, the password sealed and never shown, one login for the add and the watching;
 * an unknown version or the other family's panel is refused at add with a clear message.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { getServer } from "../../src/store/servers.ts";
import { startMarzbanPanel, type MarzbanFlavor, type MarzbanPanel } from "../fakes/marzban-panel.ts";
import { createHttpWorld, type HttpWorld } from "./support.ts";

let h: HttpWorld;
const panels: MarzbanPanel[] = [];
beforeEach(async () => {
  h = await createHttpWorld();
});
afterEach(async () => {
  await Promise.all(panels.splice(0).map((p) => p.stop()));
  await h.close();
});

function start(flavor: MarzbanFlavor, version?: string): MarzbanPanel {
  const panel = startMarzbanPanel({ flavor, ...(version ? { version } : {}) });
  panels.push(panel);
  return panel;
}

for (const flavor of ["marzban", "pasarguard"] as const) {
  describe(`${flavor} servers`, () => {
    const targets = flavor === "marzban" ? ["VLESS TCP REALITY"] : [1];

    test("added by username and password: checked, version shown, the password sealed and never returned, one login", async () => {
      const panel = start(flavor);
      const added = await h.call("POST", "/api/servers", { body: { name: "Tehran", panel: flavor, panelUrl: `${panel.url}/dashboard/`, username: panel.username, password: panel.password, inboundIds: targets } });
      expect(added.status).toBe(201);
      expect(added.json).toMatchObject({ name: "Tehran", panelKind: flavor, panelUrl: `${panel.url}/`, inboundIds: targets });
      expect(added.text).not.toContain(panel.password);
      const row = getServer(h.world.db, added.json.id)!;
      expect(row.panel_username).toBe(panel.username);
      expect(row.api_token_enc).not.toContain(panel.password);
      await h.world.settle();
      expect((await h.call("GET", `/api/servers/${added.json.id}`)).json.state).toBe("healthy");
      expect(panel.counts().login).toBe(1);
      expect(JSON.stringify((await h.call("GET", "/api/audit")).json.items)).not.toContain(panel.password);
    });

    test("a wrong password, an unknown inbound or group, an unknown version and the other family are refused with the reason", async () => {
      const panel = start(flavor);
      const base = { name: "X", panel: flavor, panelUrl: panel.url, username: panel.username, password: panel.password };
      const wrong = await h.call("POST", "/api/servers", { body: { ...base, password: "not-it" } });
      expect(wrong.status).toBe(422);
      const missing = await h.call("POST", "/api/servers", { body: { ...base, inboundIds: flavor === "marzban" ? ["No Such Tag"] : [9] } });
      expect(missing.status).toBe(422);
      const future = start(flavor, flavor === "marzban" ? "0.9.0" : "6.0.0");
      const unknown = await h.call("POST", "/api/servers", { body: { ...base, panelUrl: future.url, password: future.password } });
      expect([unknown.status, unknown.json.error.code]).toEqual([422, "unsupported-version"]);
      expect(unknown.json.error.message).toContain(flavor === "marzban" ? "Marzban 0.9.0 is not supported" : "PasarGuard 6.0.0 is not supported");
      const other = start(flavor === "marzban" ? "pasarguard" : "marzban");
      const mixedUp = await h.call("POST", "/api/servers", { body: { ...base, panelUrl: other.url, password: other.password } });
      expect([mixedUp.status, mixedUp.json.error.code]).toEqual([422, "unsupported-version"]);
      expect(mixedUp.json.error.message).toContain(`add it as a ${flavor === "marzban" ? "pasarguard" : "marzban"} server`);
      expect((await h.call("GET", "/api/servers")).json.map((s: { name: string }) => s.name)).toEqual(["s1"]);
    });
  });
}

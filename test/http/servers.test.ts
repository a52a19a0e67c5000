import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { getServer } from "../../src/store/servers.ts";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";
import { startXuiPanel } from "../fakes/xui-panel.ts";
import { createHttpWorld, type HttpWorld } from "./support.ts";

let h: HttpWorld;
let panel: SuiPanel;
beforeEach(async () => {
  h = await createHttpWorld();
  panel = await startSuiPanel();
});
afterEach(async () => {
  await panel.stop();
  await h.close();
});

const body = () => ({ name: "Frankfurt", panelUrl: panel.url, apiToken: panel.token, subUrl: panel.subUrl, inboundIds: [1, 2], capacity: 500 });

describe("servers", () => {
  test("add probes the panel before saving; the token is write-only; list, read, change, retire", async () => {
    const added = await h.call("POST", "/api/servers", { body: body() });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ name: "Frankfurt", panelUrl: panel.url, inboundIds: [1, 2], capacity: 500, actorState: "probing" });
    expect(added.text).not.toContain(panel.token);
    expect(JSON.stringify(added.json)).not.toMatch(/apiToken|api_token/);
    const id = added.json.id;
    await h.world.settle();

    const list = await h.call("GET", "/api/servers");
    expect(list.json.map((s: any) => s.name).sort()).toEqual(["Frankfurt", "s1"]);
    const one = await h.call("GET", `/api/servers/${id}`);
    expect(one.json.health).toBe("ok");
    expect(one.json.state).toBe("healthy");

    const renamed = await h.call("PATCH", `/api/servers/${id}`, { body: { name: "Frankfurt-2", capacity: 800 } });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ name: "Frankfurt-2", capacity: 800 });

    const retired = await h.call("DELETE", `/api/servers/${id}`);
    expect(retired.status).toBe(200);
    expect(retired.json.actorState).toBe("retired");

    const audit = (await h.call("GET", "/api/audit")).json.items;
    expect(audit.map((a: any) => a.action)).toEqual(["server:retire", "server:update", "server:add"]);
    expect(JSON.stringify(audit)).not.toContain(panel.token);
    expect(audit[2].after.apiToken).toBe("[set]");
  });

  test("a panel that does not answer, a refused token, a missing inbound: 422, nothing saved", async () => {
    const dead = await h.call("POST", "/api/servers", { body: { ...body(), panelUrl: "http://127.0.0.1:9/app/" } });
    expect(dead.status).toBe(422);
    expect(dead.json.error.code).toBe("unreachable");
    const refused = await h.call("POST", "/api/servers", { body: { ...body(), apiToken: "not-the-token-0123456789" } });
    expect(refused.status).toBe(422);
    expect(refused.json.error.code).toBe("auth");
    expect(refused.text).not.toContain("not-the-token-0123456789");
    const missing = await h.call("POST", "/api/servers", { body: { ...body(), inboundIds: [1, 42] } });
    expect(missing.status).toBe(422);
    expect(missing.json.error.code).toBe("unknown-inbound");
    expect((await h.call("GET", "/api/servers")).json).toHaveLength(1);
  });

  test("bad input: schema 400, a taken name 409, unknown id 404", async () => {
    expect((await h.call("POST", "/api/servers", { body: { ...body(), inboundIds: [] } })).status).toBe(400);
    expect((await h.call("POST", "/api/servers", { body: { ...body(), apiToken: undefined } })).status).toBe(400);
    expect((await h.call("POST", "/api/servers", { body: { ...body(), capacity: -1 } })).status).toBe(400);
    expect((await h.call("POST", "/api/servers", { body: { ...body(), panelUrl: "ftp://x" } })).status).toBe(400);
    const taken = await h.call("POST", "/api/servers", { body: { ...body(), name: "s1" } });
    expect(taken.status).toBe(409);
    expect(taken.json.error.code).toBe("duplicate-name");
    expect((await h.call("GET", "/api/servers/nope")).status).toBe(404);
    expect((await h.call("PATCH", "/api/servers/nope", { body: { capacity: 1 } })).status).toBe(404);
    expect((await h.call("DELETE", "/api/servers/nope")).status).toBe(404);
    expect((await h.call("PATCH", "/api/servers/s1", { body: {} })).status).toBe(400);
  });
});

describe("servers of another kind (3x-ui)", () => {
  test("3x-ui by username and password: checked, version found, secrets sealed and never shown; one login for the add and the watching", async () => {
    const xui = await startXuiPanel({ version: "3.6.0" });
    try {
      const added = await h.call("POST", "/api/servers", { body: { name: "Amsterdam", panel: "3x-ui", panelUrl: `${xui.url}panel/`, username: xui.username, password: xui.password, subUrl: xui.subUrl, inboundIds: [1] } });
      expect(added.status).toBe(201);
      expect(added.json).toMatchObject({ name: "Amsterdam", panelKind: "3x-ui", panelUrl: xui.url, subUrl: xui.subUrl, inboundIds: [1] });
      expect(added.text).not.toContain(xui.password);
      const row = getServer(h.world.db, added.json.id)!;
      expect(row.panel_username).toBe(xui.username);
      expect(row.api_token_enc).not.toContain(xui.password);
      await h.world.settle();
      expect((await h.call("GET", `/api/servers/${added.json.id}`)).json.state).toBe("healthy");
      expect(xui.counts().login).toBe(1);
      const audit = (await h.call("GET", "/api/audit")).json.items;
      expect(JSON.stringify(audit)).not.toContain(xui.password);
      expect(audit[0].after).toMatchObject({ panel: "3x-ui", username: xui.username, password: "[set]" });
    } finally {
      await xui.stop();
    }
  });

  test("3x-ui by API token; each kind's fields are checked; an unknown version is refused with its number", async () => {
    const xui = await startXuiPanel({ version: "3.0.2", apiToken: "xui-api-token-0123456789" });
    const odd = await startXuiPanel({ version: "3.6.0", advertisedVersion: "4.0.1" });
    try {
      const base = { panel: "3x-ui", panelUrl: xui.url, subUrl: xui.subUrl, inboundIds: [1, 2] };
      // Before v3.1 a client sits in one inbound: two ids are refused, with the reason.
      const two = await h.call("POST", "/api/servers", { body: { ...base, name: "Paris", apiToken: xui.apiToken } });
      expect([two.status, two.json.error.code, two.json.error.message]).toEqual([400, "invalid-input", expect.stringContaining("give one inbound id")]);
      const byToken = await h.call("POST", "/api/servers", { body: { ...base, name: "Paris", apiToken: xui.apiToken, inboundIds: [2] } });
      expect(byToken.status).toBe(201);
      expect(xui.counts().login).toBeUndefined();
      const nothing = await h.call("POST", "/api/servers", { body: { ...base, name: "Nothing" } });
      expect([nothing.status, nothing.json.error.code, nothing.json.error.message]).toEqual([400, "invalid-input", expect.stringContaining("API token, or a username and password")]);
      const words = await h.call("POST", "/api/servers", { body: { ...base, name: "Words", inboundIds: ["vless-in"], apiToken: xui.apiToken } });
      expect([words.status, words.json.error.code]).toEqual([400, "invalid-input"]);
      const suiLogin = await h.call("POST", "/api/servers", { body: { name: "S", panelUrl: panel.url, username: "admin", password: "x", inboundIds: [1] } });
      expect([suiLogin.status, suiLogin.json.error.message]).toEqual([400, expect.stringContaining("API token")]);
      expect((await h.call("POST", "/api/servers", { body: { ...base, name: "X", panel: "x-ui" } })).status).toBe(400);
      const unknown = await h.call("POST", "/api/servers", { body: { name: "Future", panel: "3x-ui", panelUrl: odd.url, username: odd.username, password: odd.password, inboundIds: [1] } });
      expect([unknown.status, unknown.json.error.code]).toEqual([422, "unsupported-version"]);
      expect(unknown.json.error.message).toContain("3x-ui 4.0.1 is not a version subkeeper drives");
      expect((await h.call("GET", "/api/servers")).json.map((s: any) => s.name).sort()).toEqual(["Paris", "s1"]);
    } finally {
      await xui.stop();
      await odd.stop();
    }
  });
});

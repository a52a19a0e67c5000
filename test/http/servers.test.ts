import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";
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

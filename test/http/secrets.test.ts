import { afterAll, beforeAll, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { errorHandling } from "../../src/http/errors.ts";
import { createLogger } from "../../src/log.ts";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";
import { createHttpWorld, TOKEN, type HttpWorld, type Answer } from "./support.ts";

let h: HttpWorld;
let second: SuiPanel;
beforeAll(async () => {
  h = await createHttpWorld();
  second = await startSuiPanel();
});
afterAll(async () => {
  await second.stop();
  await h.close();
});

test("no response ever contains the operator token or a panel token", async () => {
  const answers: Answer[] = [];
  const call = async (...args: Parameters<HttpWorld["call"]>) => {
    const answer = await h.call(...args);
    answers.push(answer);
    return answer;
  };
  const sub = await h.activeSubscription(101);
  const added = await call("POST", "/api/servers", { body: { name: "second", panelUrl: second.url, apiToken: second.token, subUrl: second.subUrl, inboundIds: [1] } });
  expect(added.status).toBe(201);
  const serverId = added.json.id;
  await h.world.settle();
  await call("POST", "/api/servers", { body: { name: "again", panelUrl: second.url, apiToken: second.token, subUrl: second.subUrl, inboundIds: [99] } });
  await call("POST", "/api/servers", { body: { name: "wrong", panelUrl: second.url, apiToken: `${second.token}x`, subUrl: second.subUrl, inboundIds: [1] } });
  await call("PATCH", `/api/servers/${serverId}`, { body: { apiToken: second.token } });
  await call("POST", `/api/actors/server/${serverId}/events`, { body: { type: "PROBE_NOW" } });
  await call("POST", `/api/actors/subscription/${sub.id}/events`, { body: { type: "MOVE", serverId } });
  await h.world.settle();
  await h.world.panel.setFault({ mode: "invalidToken" });
  await call("POST", "/api/actors/server/s1/events", { body: { type: "PROBE_NOW" } });

  for (const path of [
    "/api/servers",
    `/api/servers/${serverId}`,
    "/api/servers/s1",
    `/api/actors/server/${serverId}`,
    `/api/actors/server/${serverId}/journal`,
    `/api/actors/subscription/${sub.id}`,
    `/api/actors/subscription/${sub.id}/journal`,
    "/api/actors?limit=500",
    "/api/audit?limit=500",
    "/api/users/101",
    "/api/orders",
    "/api/stats",
    "/api/settings",
    `/sub/${sub.token}`,
    `/sub/${sub.token}?format=json`,
    `/sub/${sub.token}?format=clash`,
    "/metrics",
    "/openapi/json",
    "/openapi",
    "/readyz",
  ]) {
    await call("GET", path);
  }
  await call("GET", "/api/stats", { token: null, headers: { authorization: `Bearer ${TOKEN.slice(0, -1)}` } });
  await call("GET", `/sub/${sub.token}`, { token: null, headers: { accept: "text/html", "user-agent": "Mozilla/5.0 Chrome/131" } });

  expect(answers.length).toBeGreaterThan(25);
  for (const answer of answers) {
    const everything = answer.text + JSON.stringify(Object.fromEntries(answer.headers as unknown as Iterable<[string, string]>));
    for (const secret of [TOKEN, h.world.panel.token, second.token]) expect(everything).not.toContain(secret);
  }
});

test("an unexpected failure is a plain 500: no message, no stack, no secret", async () => {
  const app = new Elysia()
    .use(errorHandling({ log: createLogger({ level: "silent" }) }))
    .get("/boom", () => {
      throw new Error(`panel refused token ${TOKEN} at /app/api/v2 (database/sql: near "FROM")`);
    });
  const response = await app.handle(new Request("http://localhost/boom"));
  expect(response.status).toBe(500);
  const text = await response.text();
  expect(JSON.parse(text)).toEqual({ error: { code: "internal", message: "something went wrong on our side; the log has the details" } });
  expect(text).not.toContain(TOKEN);
});

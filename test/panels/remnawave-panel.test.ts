/**
 * Pins the Remnawave simulator to the backend's contract at 2.8.1 and 3.3.2 (docs/panels/remnawave.md) over real
 * HTTP with plain fetch, so the driver's contract suites mean something.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { type RemnawavePanel, startRemnawavePanel } from "../fakes/remnawave-panel.ts";

let panel: RemnawavePanel;

afterEach(async () => {
  await panel.stop();
});

const PROXY = { "X-Forwarded-For": "127.0.0.1", "X-Forwarded-Proto": "https" };

async function call(method: string, path: string, body?: unknown, token: string | null = panel.token) {
  const headers: Record<string, string> = { ...PROXY };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${panel.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const isJson = response.headers.get("content-type")?.startsWith("application/json");
  return { status: response.status, body: isJson ? JSON.parse(text) : text || null, headers: response.headers };
}

const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

describe("both majors", () => {
  for (const version of ["2.8.1", "3.3.2"]) {
    test(`${version}: create, read by username, list pages id descending, the {response} envelope`, async () => {
      panel = await startRemnawavePanel({ version });
      const squad = panel.squads()[0]!.uuid;
      for (const name of ["sk_a", "sk_b", "sk_c"]) {
        const created = await call("POST", "/api/users", { username: name, trafficLimitBytes: 20 * 2 ** 30, expireAt: inAMonth(), activeInternalSquads: [squad] });
        expect(created.status).toBe(201);
        expect(created.body.response.username).toBe(name);
        expect(created.body.response.userTraffic.usedTrafficBytes).toBe(0);
        expect(created.body.response.activeInternalSquads).toEqual([{ uuid: squad, name: "Default-Squad" }]);
        expect(created.body.response.subscriptionUrl).toBe(`https://sub.example.test/${created.body.response.shortUuid}`);
        expect("uuid" in created.body.response).toBe(version.startsWith("2."));
      }
      const page = await call("GET", "/api/users?start=1&size=1");
      expect(page.body.response.total).toBe(3);
      expect(page.body.response.users.map((u: { username: string }) => u.username)).toEqual(["sk_b"]);
      expect((await call("GET", "/api/users?size=1001")).status).toBe(400);
      const found = await call("GET", "/api/users/by-username/sk_c");
      expect(found.body.response.trafficLimitBytes).toBe(20 * 2 ** 30);
      const missing = await call("GET", "/api/users/by-username/nobody");
      expect(missing.status).toBe(404);
      expect(missing.body.errorCode).toBe("A063");
      const taken = await call("POST", "/api/users", { username: "sk_a", expireAt: inAMonth() });
      expect(taken.status).toBe(400);
      expect(taken.body.errorCode).toBe("A019");
    });

    test(`${version}: PATCH changes only what it is sent; traffic survives; a past expiry is refused`, async () => {
      panel = await startRemnawavePanel({ version });
      const user = panel.addUserByHand({ username: "sk_p", trafficLimitBytes: 1000 });
      panel.addTraffic("sk_p", 1000);
      expect(panel.runJobs()).toEqual(["sk_p"]);
      const key = version.startsWith("2.") ? { uuid: user.uuid } : { id: user.id };
      const raised = await call("PATCH", "/api/users", { ...key, trafficLimitBytes: 5000 });
      expect(raised.status).toBe(200);
      expect(raised.body.response.status).toBe("ACTIVE");
      expect(raised.body.response.userTraffic.usedTrafficBytes).toBe(1000);
      const past = await call("PATCH", "/api/users", { ...key, expireAt: new Date(Date.now() - 1000).toISOString() });
      expect(past.status).toBe(400);
      expect(past.body.message).toBe("Validation failed");
    });

    test(`${version}: the subscription and its Subscription-Userinfo`, async () => {
      panel = await startRemnawavePanel({ version });
      const expireAtMs = Date.UTC(2030, 0, 1);
      const user = panel.addUserByHand({ username: "sk_s", trafficLimitBytes: 5000, expireAtMs });
      panel.addTraffic("sk_s", 1234);
      const response = await fetch(`${panel.subUrl}${user.shortUuid}`, { headers: PROXY });
      expect(response.status).toBe(200);
      expect(response.headers.get("subscription-userinfo")).toBe(`upload=0; download=1234; total=5000; expire=${expireAtMs / 1000}`);
      const links = Buffer.from(await response.text(), "base64").toString().split("\n");
      expect(links[0]).toStartWith(`vless://${user.vlessUuid}@`);
      expect(response.headers.has("profile-title")).toBe(version.startsWith("2."));
      expect((await fetch(`${panel.subUrl}nope`, { headers: PROXY })).status).toBe(404);
      const never = panel.addUserByHand({ username: "sk_n" });
      expect((await fetch(`${panel.subUrl}${never.shortUuid}`, { headers: PROXY })).headers.get("subscription-userinfo")).toEndWith("expire=0");
    });

    test(`${version}: tokens: wrong or expired 401, deleted 403; no proxy headers, no answer`, async () => {
      panel = await startRemnawavePanel({ version });
      expect((await call("GET", "/api/users", undefined, "nope")).status).toBe(401);
      expect((await call("GET", "/api/users", undefined, null)).body).toEqual({ message: "Unauthorized", statusCode: 401 });
      const old = panel.token;
      panel.rotateToken();
      expect((await call("GET", "/api/users", undefined, old)).status).toBe(401);
      panel.revokeToken();
      expect((await call("GET", "/api/users")).status).toBe(403);
      panel.rotateToken();
      panel.expireToken();
      expect((await call("GET", "/api/users")).status).toBe(401);
      await expect(fetch(`${panel.url}/api/users`)).rejects.toThrow();
      expect(panel.counts().login).toBe(0);
    });
  }
});

describe("2.x by uuid, 3.x by id", () => {
  test("2.8.1: routes take the uuid; a numeric id is a 400; DELETE answers {isDeleted}", async () => {
    panel = await startRemnawavePanel({ version: "2.8.1" });
    const user = panel.addUserByHand({ username: "sk_u" });
    expect((await call("GET", `/api/users/${user.uuid}`)).body.response.id).toBe(user.id);
    expect((await call("GET", `/api/users/${user.id}`)).status).toBe(400);
    expect((await call("POST", `/api/users/${user.uuid}/actions/enable`)).body.errorCode).toBe("A030");
    expect((await call("POST", `/api/users/${user.uuid}/actions/disable`)).body.response.status).toBe("DISABLED");
    const deleted = await call("DELETE", `/api/users/${user.uuid}`);
    expect(deleted).toMatchObject({ status: 200, body: { response: { isDeleted: true } } });
    const again = await call("DELETE", `/api/users/${user.uuid}`);
    expect(again.status).toBe(404);
    expect(again.body.errorCode).toBe("A025");
    expect((await call("GET", "/api/system/metadata")).body.response.version).toBe("2.8.1");
  });

  test("3.3.2: routes take the id; a stale 2.x uuid is a 400, PATCH by uuid a 400; DELETE answers 204", async () => {
    panel = await startRemnawavePanel({ version: "3.3.2" });
    const user = panel.addUserByHand({ username: "sk_i" });
    expect((await call("GET", `/api/users/${user.id}`)).body.response.username).toBe("sk_i");
    const stale = await call("GET", `/api/users/${user.uuid}`);
    expect(stale.status).toBe(400);
    expect((await call("PATCH", "/api/users", { uuid: user.uuid, trafficLimitBytes: 1 })).status).toBe(400);
    expect((await call("GET", "/api/users/by-telegram-id/1")).body.message).toBe("Cannot GET /api/users/by-telegram-id/1");
    expect((await call("POST", `/api/users/${user.id}/actions/extend`, { days: 3 })).status).toBe(200);
    expect((await call("DELETE", `/api/users/${user.id}`)).status).toBe(204);
    expect((await call("GET", `/api/users/${user.id}`)).body.errorCode).toBe("A063");
    expect((await call("PATCH", "/api/users", { id: user.id, trafficLimitBytes: 1 })).body.errorCode).toBe("A025");
  });

  test("before 2.5 there is no metadata route: Nest's 404", async () => {
    panel = await startRemnawavePanel({ version: "2.4.4" });
    const response = await call("GET", "/api/system/metadata");
    expect(response.status).toBe(404);
    expect(response.body.errorCode).toBeUndefined();
  });
});

describe("faults", () => {
  test("down, 5xx, slow, a deleted token, limited to actions and times; the request log", async () => {
    panel = await startRemnawavePanel({ version: "3.3.2" });
    await panel.setFault({ mode: "http500", actions: ["users:list"], times: 1 });
    expect((await call("GET", "/api/users")).status).toBe(500);
    expect((await call("GET", "/api/users")).status).toBe(200);
    await panel.setFault({ mode: "http502" });
    expect((await call("GET", "/api/internal-squads")).status).toBe(502);
    await panel.setFault({ mode: "revokedToken", times: 1 });
    expect((await call("GET", "/api/internal-squads")).status).toBe(403);
    await panel.setFault({ mode: "slow", delayMs: 50 });
    const started = performance.now();
    expect((await call("GET", "/api/internal-squads")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    await panel.setFault({ mode: "down" });
    await expect(call("GET", "/api/users")).rejects.toThrow();
    await panel.restart();
    expect((await call("GET", "/api/users")).status).toBe(200);
    expect(panel.counts()["users:list"]).toBe(3);
    expect(panel.requests().map((r) => r.status)).toEqual([500, 200, 502, 403, 200, 200]);
  });
});

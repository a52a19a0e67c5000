/**
 * Pins the Marzban-family simulator to Marzban v0.8.4 and PasarGuard v5.2.1 over real HTTP with plain fetch, quirk
 * by quirk: if it drifts from the real panels, the driver's contract suites stop meaning anything.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { startMarzbanPanel, type MarzbanFlavor, type MarzbanPanel } from "../fakes/marzban-panel.ts";

let panel: MarzbanPanel;
let clock = 1_800_000_000;

afterEach(async () => {
  await panel.stop();
});

function start(flavor: MarzbanFlavor, extra: Parameters<typeof startMarzbanPanel>[0] = {}): MarzbanPanel {
  clock = 1_800_000_000.25;
  panel = startMarzbanPanel({ flavor, now: () => clock, ...extra });
  return panel;
}

async function token(p = panel): Promise<string> {
  const response = await fetch(`${p.url}/api/admin/token`, { method: "POST", body: new URLSearchParams({ username: p.username, password: p.password }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function call(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${panel.url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  const isJson = response.headers.get("content-type")?.includes("json");
  return { status: response.status, body: text && isJson ? JSON.parse(text) : text || null, headers: response.headers };
}

describe("login and the admin JWT", () => {
  for (const flavor of ["marzban", "pasarguard"] as const) {
    test(`${flavor}: form login gives a bearer JWT that expires after the lifetime; wrong words are 401`, async () => {
      start(flavor, { tokenLifetimeMinutes: 60 });
      const jwt = await token();
      const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString());
      expect(payload).toMatchObject({ sub: "admin", iat: 1_800_000_000, exp: 1_800_003_600 });
      expect((await call("GET", "/api/admin", { token: jwt })).status).toBe(200);
      clock += 3600;
      const expired = await call("GET", "/api/admin", { token: jwt });
      // PasarGuard decodes with a 5 s leeway.
      expect(expired.status).toBe(flavor === "marzban" ? 401 : 200);
      clock += 6;
      expect((await call("GET", "/api/admin", { token: jwt })).body).toEqual({ detail: "Could not validate credentials" });
      const wrong = await fetch(`${panel.url}/api/admin/token`, { method: "POST", body: new URLSearchParams({ username: "admin", password: "nope" }) });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get("www-authenticate")).toBe("Bearer");
      expect(await wrong.json()).toEqual({ detail: "Incorrect username or password" });
      expect(panel.counts().login).toBe(2);
    });
  }

  test("a JSON login is 422 (the form fields are missing); no header is 'Not authenticated' on Marzban", async () => {
    start("marzban");
    const response = await fetch(`${panel.url}/api/admin/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "admin", password: panel.password }) });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ detail: { username: "Field required" } });
    expect((await call("GET", "/api/users")).body).toEqual({ detail: "Not authenticated" });
  });

  test("a password change revokes every earlier token, even one issued in the same second", async () => {
    start("marzban");
    const jwt = await token();
    clock += 0.5;
    panel.setPassword("n3w-Passw0rd!");
    expect((await call("GET", "/api/admin", { token: jwt })).status).toBe(401);
    const sameSecond = await token();
    expect((await call("GET", "/api/admin", { token: sameSecond })).status).toBe(401);
    clock += 1;
    expect((await call("GET", "/api/admin", { token: await token() })).status).toBe(200);
  });
});

describe("Marzban users", () => {
  test("create: bytes and unix seconds; 0 limit is stored as null; links only for the inbounds given", async () => {
    start("marzban");
    const jwt = await token();
    const created = await call("POST", "/api/user", { token: jwt, body: { username: "cust_1", proxies: { vless: {} }, inbounds: { vless: ["VLESS TCP REALITY"] }, data_limit: 0, expire: 1_900_000_000 } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ username: "cust_1", status: "active", data_limit: null, expire: 1_900_000_000, used_traffic: 0, inbounds: { vless: ["VLESS TCP REALITY"] } });
    expect(created.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$/);
    expect(created.body.links).toHaveLength(1);
    expect(created.body.subscription_url).toMatch(/^\/sub\/[A-Za-z0-9_-]+$/);
    const again = await call("GET", "/api/user/cust_1", { token: jwt });
    clock += 1;
    expect((await call("GET", "/api/user/cust_1", { token: jwt })).body.subscription_url).not.toBe(again.body.subscription_url);
  });

  test("omitting inbounds gives a user with no links; {} means every inbound of the protocol", async () => {
    start("marzban");
    const jwt = await token();
    const none = await call("POST", "/api/user", { token: jwt, body: { username: "nolinks", proxies: { vless: {} } } });
    expect(none.body.links).toEqual([]);
    const all = await call("POST", "/api/user", { token: jwt, body: { username: "alllinks", proxies: { vless: {}, vmess: {} }, inbounds: {} } });
    expect(all.body.links).toHaveLength(2);
  });

  test("422 keyed by field, 409 on a duplicate whatever the case, 404 'User not found'", async () => {
    start("marzban");
    const jwt = await token();
    const bad = await call("POST", "/api/user", { token: jwt, body: { username: "sk-123", proxies: { vless: {} } } });
    expect(bad.status).toBe(422);
    expect(bad.body.detail.username).toStartWith("Value error, Username only can be 3 to 32 characters");
    expect((await call("POST", "/api/user", { token: jwt, body: { username: "abc", proxies: {} } })).body).toEqual({ detail: { proxies: "Value error, Each user needs at least one proxy" } });
    expect((await call("POST", "/api/user", { token: jwt, body: { username: "abc", proxies: { vless: {} }, expire: "2030-01-01T00:00:00Z" } })).status).toBe(422);
    expect((await call("POST", "/api/user", { token: jwt, body: { username: "Alice", proxies: { vless: {} } } })).status).toBe(200);
    expect((await call("POST", "/api/user", { token: jwt, body: { username: "alice", proxies: { vless: {} } } })).body).toEqual({ detail: "User already exists" });
    expect((await call("GET", "/api/user/ALICE", { token: jwt })).body.username).toBe("Alice");
    expect((await call("GET", "/api/user/bob", { token: jwt })).body).toEqual({ detail: "User not found" });
    // The user is looked up before the body is read.
    expect((await call("PUT", "/api/user/bob", { token: jwt, body: { data_limit: "x" } })).status).toBe(404);
  });

  test("modify keeps counted traffic, re-activates a limited user on a bigger limit, drops next_plan when left out", async () => {
    start("marzban");
    const jwt = await token();
    await call("POST", "/api/user", { token: jwt, body: { username: "cust_2", proxies: { vless: {} }, data_limit: 100, next_plan: { data_limit: 5 } } });
    panel.addTraffic("cust_2", 100);
    expect(panel.review()).toEqual(["cust_2"]);
    const raised = await call("PUT", "/api/user/cust_2", { token: jwt, body: { data_limit: 300 } });
    expect(raised.body).toMatchObject({ status: "active", used_traffic: 100, data_limit: 300, next_plan: null });
  });

  test("reset zeroes usage and re-activates even a disabled user (the `expired or disabled` slip)", async () => {
    start("marzban");
    const jwt = await token();
    await call("POST", "/api/user", { token: jwt, body: { username: "cust_3", proxies: { vless: {} } } });
    panel.addTraffic("cust_3", 7);
    await call("PUT", "/api/user/cust_3", { token: jwt, body: { status: "disabled" } });
    const reset = await call("POST", "/api/user/cust_3/reset", { token: jwt });
    expect(reset.body).toMatchObject({ status: "active", used_traffic: 0, lifetime_used_traffic: 7 });
    expect((await call("DELETE", "/api/user/cust_3", { token: jwt })).body).toEqual({ detail: "User successfully deleted" });
  });

  test("listing pages with offset/limit and says the total; a bad sort is 400", async () => {
    start("marzban");
    const jwt = await token();
    for (let i = 0; i < 5; i++) panel.addUserByHand({ username: `user_${i}`, usedTraffic: i });
    const page = await call("GET", "/api/users?offset=2&limit=2&sort=created_at", { token: jwt });
    expect(page.body.total).toBe(5);
    expect(page.body.users.map((u: { username: string }) => u.username)).toEqual(["user_2", "user_3"]);
    expect((await call("GET", "/api/users?sort=id", { token: jwt })).body).toEqual({ detail: '"id" is not a valid sort option' });
  });
});

describe("PasarGuard users", () => {
  test("create is 201 with an id, ISO expire with Z, group ids; an int expire is read as seconds", async () => {
    start("pasarguard");
    const jwt = await token();
    const created = await call("POST", "/api/user", { token: jwt, body: { username: "Cust-1", group_ids: [1], data_limit: 5, expire: 1_900_000_000 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 1, username: "Cust-1", expire: "2030-03-17T17:46:40Z", group_ids: [1], data_limit: 5 });
    expect(created.body.created_at).toEndWith("Z");
    expect(created.body.links).toBeUndefined();
    expect(Object.keys(created.body.proxy_settings)).toEqual(["vmess", "vless", "trojan", "shadowsocks", "wireguard", "hysteria"]);
    // Case-sensitive: a second user differing only in case is fine.
    expect((await call("POST", "/api/user", { token: jwt, body: { username: "cust-1", group_ids: [1] } })).status).toBe(201);
    expect((await call("GET", "/api/user/by-id/1", { token: jwt })).body.username).toBe("Cust-1");
  });

  test("an unknown group is 404 'Group not found' on create; [] is 422; the body is checked before the lookup", async () => {
    start("pasarguard");
    const jwt = await token();
    expect((await call("POST", "/api/user", { token: jwt, body: { username: "abc", group_ids: [9] } })).body).toEqual({ detail: "Group not found" });
    expect((await call("POST", "/api/user", { token: jwt, body: { username: "abc", group_ids: [] } })).status).toBe(422);
    expect((await call("PUT", "/api/user/ghost", { token: jwt, body: { data_limit: -1 } })).status).toBe(422);
    expect((await call("PUT", "/api/user/ghost", { token: jwt, body: { data_limit: 1 } })).status).toBe(404);
  });

  test("delete is 204 with no body; listing gives subscription_url only with load_sub", async () => {
    start("pasarguard");
    const jwt = await token();
    panel.addUserByHand({ username: "abc" });
    expect((await call("GET", "/api/users", { token: jwt })).body.users[0].subscription_url).toBe("");
    expect((await call("GET", "/api/users?load_sub=true", { token: jwt })).body.users[0].subscription_url).toStartWith("/sub/");
    const gone = await call("DELETE", "/api/user/abc", { token: jwt });
    expect(gone.status).toBe(204);
    expect(gone.body).toBeNull();
    expect((await call("GET", "/api/groups", { token: jwt })).body).toMatchObject({ total: 1, groups: [{ id: 1, name: "default", total_users: 0 }] });
  });
});

describe("the subscription endpoint", () => {
  for (const flavor of ["marzban", "pasarguard"] as const) {
    test(`${flavor}: base64 links and Subscription-Userinfo with all traffic as download; a forged token is 404`, async () => {
      start(flavor);
      const jwt = await token();
      const body = flavor === "marzban" ? { username: "subber", proxies: { vless: {} }, inbounds: {} } : { username: "subber", group_ids: [1] };
      const created = await call("POST", "/api/user", { token: jwt, body: { ...body, data_limit: 1000, expire: 1_900_000_000 } });
      panel.addTraffic("subber", 250);
      const response = await fetch(`${panel.url}${created.body.subscription_url}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("subscription-userinfo")).toBe("upload=0; download=250; total=1000; expire=1900000000");
      const links = Buffer.from(await response.text(), "base64").toString().split("\n");
      expect(links[0]).toStartWith("vless://");
      const forged = await fetch(`${panel.url}/sub/${"A".repeat(30)}`);
      expect(forged.status).toBe(404);
      expect(panel.counts().sub).toBe(2);
    });
  }
});

describe("faults", () => {
  test("down, 500, unavailable database, rejected tokens, slow — each on the routes asked for", async () => {
    start("pasarguard");
    const jwt = await token();
    await panel.setFault({ mode: "dbUnavailable", actions: ["users"], times: 1 });
    expect((await call("GET", "/api/users", { token: jwt })).body).toEqual({ detail: "Database temporarily unavailable" });
    expect((await call("GET", "/api/users", { token: jwt })).status).toBe(200);
    await panel.setFault({ mode: "rejectToken", times: 1 });
    expect((await call("GET", "/api/users", { token: jwt })).status).toBe(401);
    await panel.setFault({ mode: "http500", actions: ["user:create"] });
    expect((await call("POST", "/api/user", { token: jwt, body: { username: "abc", group_ids: [1] } })).status).toBe(500);
    await panel.setFault({ mode: "down" });
    expect(fetch(`${panel.url}/api/users`)).rejects.toThrow();
    await panel.restart();
    expect((await call("GET", "/api/users", { token: jwt })).status).toBe(200);
    expect(panel.requests().every((r) => !r.path.includes("Bearer"))).toBe(true);
  });
});

/**
 * The contract both Marzban-family drivers keep, run against the simulator of each panel version over real HTTP:
 * every call, each error class, the idempotent create, the update that keeps counted traffic, token reuse
 * (logins counted on the panel) and paging. The per-version files add what only their panel does.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createLogger, log, setLogger } from "../../src/log.ts";
import { MarzbanFamilyDriver, type MarzbanFlavor } from "../../src/panels/marzban-family.ts";
import { PanelDrivers } from "../../src/panels/kinds.ts";
import { ensureClient, isPanelError, type ClientSpec, type PanelError } from "../../src/panels/panel.ts";
import { startMarzbanPanel, type MarzbanPanel, type MarzbanPanelOptions } from "../fakes/marzban-panel.ts";
import { failure } from "./failure.ts";

export interface FamilyWorld {
  panel: MarzbanPanel;
  driver: MarzbanFamilyDriver;
  /** Moves both clocks (the panel's and the driver's) forward. */
  advance(seconds: number): void;
  connect(extra?: { password?: string; pageSize?: number; timeoutMs?: number }): MarzbanFamilyDriver;
}

export function spec(name: string, extra: Partial<ClientSpec> = {}): ClientSpec {
  return { name, inboundIds: [], volumeBytes: 20 * 2 ** 30, expiryUnixS: 1_900_000_000, enable: true, ...extra };
}

/** Sets up a fresh panel and driver around each test of the suite it is called in. */
export function familyWorld(flavor: MarzbanFlavor, options: MarzbanPanelOptions = {}): FamilyWorld {
  let clockS = 1_800_000_000;
  const world = {
    advance(seconds: number) {
      clockS += seconds;
    },
    connect(extra: { password?: string; pageSize?: number; timeoutMs?: number } = {}) {
      return new MarzbanFamilyDriver(flavor, {
        panelUrl: `${world.panel.url}/`,
        username: world.panel.username,
        password: extra.password ?? world.panel.password,
        now: () => clockS * 1000,
        ...(extra.pageSize ? { pageSize: extra.pageSize } : {}),
        ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}),
      });
    },
  } as FamilyWorld;
  beforeEach(() => {
    clockS = 1_800_000_000;
    world.panel = startMarzbanPanel({ flavor: flavor.kind, now: () => clockS, ...options });
    world.driver = world.connect();
  });
  afterEach(async () => {
    await world.panel.stop();
  });
  return world;
}

export function familyContract(flavor: MarzbanFlavor, label: string): FamilyWorld {
  const world = familyWorld(flavor);
  const name = "sk-101";

  describe(`${label}: reads`, () => {
    test("probe reports the version, the core and the user count", async () => {
      world.panel.addUserByHand({ username: "someone" });
      const probe = await world.driver.probe();
      expect(probe).toMatchObject({ version: flavor.kind === "marzban" ? "0.8.4" : "5.2.1", coreRunning: true, clients: 1 });
      expect(world.panel.counts().login).toBe(1);
    });

    test("listClients pages through every user, one request per page, in bytes and unix seconds", async () => {
      for (let i = 0; i < 7; i++) world.panel.addUserByHand({ username: `user_${i}`, usedTraffic: i * 10, dataLimit: 1000, expire: 1_900_000_000 });
      const paged = world.connect({ pageSize: 3 });
      world.panel.resetCounts();
      const clients = await paged.listClients();
      expect(clients.map((c) => c.name)).toEqual(["user_0", "user_1", "user_2", "user_3", "user_4", "user_5", "user_6"]);
      expect(clients[4]).toMatchObject({ enable: true, upBytes: 0, downBytes: 40, volumeBytes: 1000, expiryUnixS: 1_900_000_000 });
      expect(world.panel.counts()).toEqual({ login: 1, users: 3 });
    });

    test("getClient gives credentials and links; a missing user is null; a wrong URL is an error, not 'gone'", async () => {
      const { client } = await ensureClient(world.driver, spec(name));
      const read = await world.driver.getClient(client.id);
      expect(read?.name).toBe(name);
      expect(read?.credentials.vless?.uuid).toMatch(/^[0-9a-f-]{36}$/);
      // PasarGuard's user answer carries no links (its subscription does).
      expect((read?.links.length ?? 0) > 0).toBe(flavor.kind === "marzban");
      expect(await world.driver.getClient(flavor.kind === "marzban" ? "nobody_here" : "999")).toBeNull();
      const lost = new MarzbanFamilyDriver(flavor, { panelUrl: `${world.panel.url}/elsewhere/`, username: world.panel.username, password: world.panel.password });
      const error = await failure(lost.getClient(client.id));
      expect(error).toMatchObject({ kind: "permanent", status: 404 });
    });

    test("findClientByName is one request, and [] for a name the panel does not have", async () => {
      await ensureClient(world.driver, spec(name));
      world.panel.resetCounts();
      expect((await world.driver.findClientByName(name)).map((c) => c.name)).toEqual([name]);
      expect(await world.driver.findClientByName("sk-999")).toEqual([]);
      expect(world.panel.counts()).toEqual({ "user:get": 2 });
    });

    test("listInbounds names what new users can be put on", async () => {
      const targets = await world.driver.listInbounds();
      if (flavor.kind === "marzban") expect(targets.map((t) => t.id)).toEqual(["VLESS TCP REALITY", "VMess TCP", "Trojan Websocket TLS", "Shadowsocks TCP"]);
      else expect(targets).toEqual([{ id: "1", tag: "default", type: "group" }]);
    });
  });

  describe(`${label}: writes`, () => {
    test("createClient sets volume in bytes and expiry in seconds, keeps the given credentials, and is active", async () => {
      const uuid = crypto.randomUUID();
      const client = await world.driver.createClient(spec(name, { credentials: { vless: { uuid }, trojan: { password: "trojan-secret-1234" } } }));
      expect(client).toMatchObject({ name, enable: true, volumeBytes: 20 * 2 ** 30, expiryUnixS: 1_900_000_000, downBytes: 0 });
      expect(client.credentials.vless?.uuid).toBe(uuid);
      const stored = world.panel.users()[0];
      expect(stored).toMatchObject({ status: "active", dataLimit: 20 * 2 ** 30, expire: 1_900_000_000 });
    });

    test("ensureClient after an answer that never came finds the user instead of making a second one", async () => {
      await world.panel.setFault({ mode: "slow", actions: ["user:create"], delayMs: 400, times: 1 });
      const error = await failure(world.driver.createClient(spec(name), { timeoutMs: 100 }));
      expect(error).toMatchObject({ kind: "transient", reason: "timeout" });
      const { created } = await ensureClient(world.driver, spec(name));
      expect(created).toBe(false);
      expect(world.panel.users()).toHaveLength(1);
    });

    test("a second create of the same name is a permanent refusal in the panel's words (409)", async () => {
      await world.driver.createClient(spec(name));
      const error = await failure(world.driver.createClient(spec(name)));
      expect(error).toMatchObject({ kind: "permanent", reason: "rejected", status: 409, panelMessage: "User already exists" });
    });

    test("updateClient reads fresh and keeps traffic counted since anyone's read; a renewal re-activates a limited user", async () => {
      const client = await world.driver.createClient(spec(name, { volumeBytes: 1000 }));
      const stale = await world.driver.getClient(client.id);
      world.panel.addTraffic(flavor.panelName(name), 1000);
      world.panel.review();
      expect(world.panel.users()[0]?.status).toBe("limited");
      const renewed = await world.driver.updateClient(stale!.id, { volumeBytes: 5000, expiryUnixS: 1_950_000_000 });
      expect(renewed).toMatchObject({ enable: true, downBytes: 1000, volumeBytes: 5000, expiryUnixS: 1_950_000_000 });
    });

    test("a reset is a reset (upBytes/downBytes 0); any other figure is refused before anything is sent", async () => {
      const client = await world.driver.createClient(spec(name));
      world.panel.addTraffic(flavor.panelName(name), 777);
      const reset = await world.driver.updateClient(client.id, { upBytes: 0, downBytes: 0 });
      expect(reset.downBytes).toBe(0);
      world.panel.resetCounts();
      const error = await failure(world.driver.updateClient(client.id, { downBytes: 5 }));
      expect(error).toMatchObject({ kind: "permanent", reason: "invalid-input" });
      expect(world.panel.counts()).toEqual({});
    });

    test("suspend and resume; a suspended user stays suspended through a usage reset", async () => {
      const client = await world.driver.createClient(spec(name));
      expect((await world.driver.updateClient(client.id, { enable: false })).enable).toBe(false);
      expect((await world.driver.updateClient(client.id, { upBytes: 0, downBytes: 0 })).enable).toBe(false);
      expect((await world.driver.updateClient(client.id, { enable: true })).enable).toBe(true);
    });

    test("an admin's next_plan survives our updates (a modify without it deletes it)", async () => {
      const client = await world.driver.createClient(spec(name));
      const stored = world.panel.users()[0]!;
      // Set by "an admin" through the API itself.
      await adminPut(world, flavor.userPath(client.id), { next_plan: { data_limit: 5, expire: 0, add_remaining_traffic: false } });
      await world.driver.updateClient(client.id, { volumeBytes: 9999 });
      expect(world.panel.user(stored.username)?.nextPlan).toMatchObject({ data_limit: 5 });
    });

    test("updating a user that is gone is permanent not-found and writes nothing", async () => {
      world.panel.resetCounts();
      const error = await failure(world.driver.updateClient(flavor.kind === "marzban" ? "gone_user" : "42", { enable: false }));
      expect(error).toMatchObject({ kind: "permanent", reason: "not-found" });
      expect(world.panel.counts()["user:modify"]).toBeUndefined();
    });

    test("deleteClient is true once, then false: a replayed delete is harmless", async () => {
      const client = await world.driver.createClient(spec(name));
      expect(await world.driver.deleteClient(client.id)).toBe(true);
      expect(await world.driver.deleteClient(client.id)).toBe(false);
    });

    test("writes to one panel go one at a time", async () => {
      const names = Array.from({ length: 6 }, (_, i) => `sk-${200 + i}`);
      await Promise.all(names.map((n) => world.driver.createClient(spec(n))));
      expect(world.panel.users()).toHaveLength(6);
      expect(world.panel.maxConcurrentWrites()).toBe(1);
    });
  });

  describe(`${label}: the session`, () => {
    test("one login for many calls, in parallel too; one more only once the token's lifetime is over", async () => {
      await Promise.all(Array.from({ length: 10 }, () => world.driver.listClients()));
      await world.driver.probe();
      expect(world.panel.counts().login).toBe(1);
      world.advance(world.panel.tokenLifetimeS - 120);
      await world.driver.listClients();
      expect(world.panel.counts().login).toBe(1);
      world.advance(100);
      await Promise.all([world.driver.listClients(), world.driver.listInbounds()]);
      expect(world.panel.counts().login).toBe(2);
    });

    test("drivers the factory hands out for one panel and account share one session", async () => {
      const drivers = new PanelDrivers();
      const connection = { panelUrl: world.panel.url, auth: { type: "login" as const, username: world.panel.username, password: world.panel.password } };
      await drivers.connect(flavor.kind, { ...connection, subUrl: "https://a.example/" }).listClients();
      await drivers.connect(flavor.kind, { ...connection, subUrl: "https://b.example/", timeoutMs: 5000 }).listClients();
      expect(world.panel.counts().login).toBe(1);
      const wrong = drivers.connect(flavor.kind, { ...connection, auth: { ...connection.auth, password: "another-password" } });
      expect((await failure(wrong.probe())).kind).toBe("auth");
    });

    test("a token the panel stops accepting: one login and one retry, and the call succeeds", async () => {
      await world.driver.listClients();
      await world.panel.setFault({ mode: "rejectToken", times: 1 });
      await world.driver.listClients();
      expect(world.panel.counts().login).toBe(2);
    });

    test("a panel that rejects every token: auth error, and no login storm afterwards", async () => {
      await world.panel.setFault({ mode: "rejectToken" });
      expect(await failure(world.driver.listClients())).toMatchObject({ kind: "auth" });
      for (let i = 0; i < 5; i++) expect((await failure(world.driver.listClients())).kind).toBe("auth");
      expect(world.panel.counts().login).toBe(2);
    });

    test("a wrong password is auth, asked once: the next calls in the cool-down do not log in again", async () => {
      const wrong = world.connect({ password: "not-the-password" });
      const error = await failure(wrong.probe());
      expect(error).toMatchObject({ kind: "auth", status: 401 });
      await failure(wrong.listClients());
      await failure(wrong.listClients());
      expect(world.panel.counts().login).toBe(1);
    });

    test("after the password is changed on the panel the old token stops; one login tells us (auth)", async () => {
      await world.driver.listClients();
      world.advance(1);
      world.panel.setPassword("Chang3d-Passw0rd!");
      expect((await failure(world.driver.listClients())).kind).toBe("auth");
      expect(world.panel.counts().login).toBe(2);
    });

    test("the password and the token never reach a log line", async () => {
      const lines: string[] = [];
      const previous = log;
      setLogger(createLogger({ level: "trace", sink: { write: (line: string) => lines.push(line) } }));
      try {
        await world.driver.listClients();
        await world.panel.setFault({ mode: "rejectToken", times: 1 });
        await world.driver.createClient(spec(name));
        await failure(world.connect({ password: "wrong-password-xyz" }).probe());
      } finally {
        setLogger(previous);
      }
      const all = lines.join("\n");
      expect(lines.length).toBeGreaterThan(0);
      expect(all).not.toContain(world.panel.password);
      expect(all).not.toContain("wrong-password-xyz");
      expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/);
    });
  });

  describe(`${label}: failures are classified`, () => {
    test("500 and an unavailable database are transient", async () => {
      await world.panel.setFault({ mode: "http500", actions: ["users"], times: 1 });
      expect(await failure(world.driver.listClients())).toMatchObject({ kind: "transient", status: 500 });
      await world.panel.setFault({ mode: "dbUnavailable", actions: ["user:create"], times: 1 });
      expect((await failure(world.driver.createClient(spec(name)))).kind).toBe("transient");
    });

    test("down is transient network; back up, calls work again", async () => {
      await world.panel.setFault({ mode: "down" });
      expect(await failure(world.driver.listClients())).toMatchObject({ kind: "transient", reason: "network" });
      await world.panel.restart();
      expect(await world.driver.listClients()).toEqual([]);
    });

    test("slow is a transient timeout; the caller's signal cancels", async () => {
      await world.panel.setFault({ mode: "slow", delayMs: 300 });
      expect(await failure(world.driver.listClients({ timeoutMs: 50 }))).toMatchObject({ kind: "transient", reason: "timeout" });
      const controller = new AbortController();
      const call = world.driver.listInbounds({ signal: controller.signal });
      controller.abort();
      expect(await failure(call)).toMatchObject({ kind: "transient", reason: "aborted" });
    });

    test("a 422 is permanent invalid-input with the panel's field words", async () => {
      await world.panel.setFault({ mode: "refuse", status: 422, actions: ["user:create"], times: 1 });
      expect(await failure(world.driver.createClient(spec(name)))).toMatchObject({ kind: "permanent", reason: "invalid-input", status: 422 });
    });

    test("a version this driver does not speak is refused by probe", async () => {
      await world.panel.stop();
      world.panel = startMarzbanPanel({ flavor: flavor.kind, version: flavor.kind === "marzban" ? "0.7.0" : "4.0.2" });
      world.driver = world.connect();
      expect(await failure(world.driver.probe())).toMatchObject({ kind: "permanent", reason: "unsupported-version" });
    });
  });

  describe(`${label}: subscriptions`, () => {
    test("fetchSubscription serves the panel's links with usage read from Subscription-Userinfo", async () => {
      await world.driver.createClient(spec(name, { volumeBytes: 5000 }));
      world.panel.addTraffic(flavor.panelName(name), 1234);
      const sub = await world.driver.fetchSubscription(name);
      expect(Buffer.from(sub.body, "base64").toString()).toContain("vless://");
      expect(sub.usage).toEqual({ uploadBytes: 0, downloadBytes: 1234, totalBytes: 5000, expireUnixS: 1_900_000_000 });
      expect(sub.profileTitle).toBe("Subscription");
    });

    test("json and clash come from the panel's own format routes", async () => {
      await world.driver.createClient(spec(name));
      const json = await world.driver.fetchSubscription(name, "json");
      expect(JSON.parse(json.body).outbounds.length).toBeGreaterThan(2);
      expect(json.contentType).toContain("application/json");
      const clash = await world.driver.fetchSubscription(name, "clash");
      expect(clash.body).toContain("proxies:");
      expect(world.panel.requests().filter((r) => r.action === "sub").map((r) => r.path.split("/").at(-1))).toEqual(
        flavor.kind === "marzban" ? ["sing-box", "clash-meta"] : ["sing_box", "clash_meta"],
      );
    });

    test("the signed link is remembered: a second fetch is one request, to /sub only", async () => {
      await world.driver.createClient(spec(name));
      await world.driver.fetchSubscription(name);
      world.panel.resetCounts();
      await world.driver.fetchSubscription(name);
      expect(world.panel.counts()).toEqual({ sub: 1 });
    });

    test("a subscription URL prefix naming another host is fetched from the panel itself, never from that host", async () => {
      await world.panel.stop();
      world.panel = startMarzbanPanel({ flavor: flavor.kind, subUrlPrefix: "http://192.0.2.1:9" });
      world.driver = world.connect();
      await world.driver.createClient(spec(name));
      const sub = await world.driver.fetchSubscription(name);
      expect(sub.usage?.totalBytes).toBe(20 * 2 ** 30);
      expect(world.panel.counts().sub).toBe(1);
    });

    test("a revoked link is asked for again once; an unknown user is permanent not-found", async () => {
      const client = await world.driver.createClient(spec(name));
      await world.driver.fetchSubscription(name);
      world.advance(2);
      await adminPost(world, `${flavor.userPath(client.id)}/revoke_sub`);
      world.advance(2);
      const sub = await world.driver.fetchSubscription(name);
      expect(sub.body.length).toBeGreaterThan(0);
      expect(await failure(world.driver.fetchSubscription("sk-777"))).toMatchObject({ kind: "permanent", reason: "not-found" });
    });
  });

  return world;
}

async function adminToken(world: FamilyWorld): Promise<string> {
  const response = await fetch(`${world.panel.url}/api/admin/token`, { method: "POST", body: new URLSearchParams({ username: world.panel.username, password: world.panel.password }) });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** What an admin does in the dashboard, through the same API. */
export async function adminPut(world: FamilyWorld, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${world.panel.url}${path}`, { method: "PUT", headers: { Authorization: `Bearer ${await adminToken(world)}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
}

export async function adminPost(world: FamilyWorld, path: string): Promise<void> {
  const response = await fetch(`${world.panel.url}${path}`, { method: "POST", headers: { Authorization: `Bearer ${await adminToken(world)}` } });
  expect(response.status).toBe(200);
}

/**
 * The 3x-ui driver's contract, run against the simulator at each version it speaks (xui-2.9.test.ts,
 * xui-3.0.test.ts, xui-3.6.test.ts): every call, each error class, the idempotent create, the update that keeps
 * counted traffic, the version probe choosing the routes, one login per session and one retry after it is lost.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ensureClient, isPanelError, type ClientSpec, type PanelAuth } from "../../src/panels/panel.ts";
import { XuiDriver } from "../../src/panels/xui-driver.ts";
import { startXuiPanel, type XuiPanel, type XuiVersion } from "../fakes/xui-panel.ts";
import { failure } from "./failure.ts";

const GB = 2 ** 30;
const EXPIRY_S = 1_900_000_000;

/** A client spec whose uuid and password are its own (the tests read the uuid back as `uuidOf(name)`). */
export function spec(name: string, extra: Partial<ClientSpec> = {}): ClientSpec {
  return { name, inboundIds: ["1"], volumeBytes: 10 * GB, expiryUnixS: EXPIRY_S, enable: true, credentials: { vless: { uuid: uuidOf(name) }, trojan: { password: `trojan-${name}` } }, ...extra };
}

export function uuidOf(name: string): string {
  const hex = Buffer.from(name.padEnd(16, "_").slice(0, 16)).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function xuiContract(version: XuiVersion, family: "inbounds" | "clients", options: { auth: "login" | "token" }) {
  let panel: XuiPanel;
  let driver: XuiDriver;
  const authOf = (p: XuiPanel): PanelAuth => (options.auth === "token" ? { type: "token", token: p.apiToken! } : { type: "login", username: p.username, password: p.password });
  const connect = (p: XuiPanel, extra: { timeoutMs?: number; auth?: PanelAuth } = {}) =>
    new XuiDriver({ panelUrl: p.url, auth: extra.auth ?? authOf(p), subUrl: p.subUrl, ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}) });
  const logins = () => panel.counts().login ?? 0;

  beforeEach(async () => {
    panel = await startXuiPanel({ version, ...(options.auth === "token" ? { apiToken: "api-token-0123456789abcdef" } : {}) });
    driver = connect(panel);
  });
  afterEach(async () => {
    await panel.stop();
  });

  describe(`3x-ui ${version} (${options.auth})`, () => {
    test("the probe finds the version once, and the routes follow it", async () => {
      const probe = await driver.probe();
      // v3.0 tells its version only on its pages, which a token cannot open: it is known as "3.0" then.
      const found = options.auth === "token" && family === "inbounds" ? "3.0" : version;
      expect(probe).toMatchObject({ version: found, coreRunning: true, clients: 0 });
      await driver.createClient(spec("sk-a"));
      await driver.listClients();
      await driver.probe();
      const counts = panel.counts();
      if (family === "clients") {
        expect(counts["clients/add"]).toBe(1);
        expect(counts.addClient).toBeUndefined();
      } else {
        expect(counts.addClient).toBe(1);
        expect(Object.keys(counts).some((k) => k.startsWith("clients/"))).toBe(false);
      }
      // The version came from the first probe only: the page (v2, v3.0 with a password) was read once at most.
      expect(counts.panel ?? 0).toBeLessThanOrEqual(1);
      expect(logins()).toBe(options.auth === "token" ? 0 : 1);
    });

    test("create writes bytes, milliseconds and our name as email and subId; get and find read it back", async () => {
      const created = await driver.createClient(spec("sk-b"));
      expect(created).toMatchObject({ id: "sk-b", name: "sk-b", enable: true, volumeBytes: 10 * GB, expiryUnixS: EXPIRY_S, upBytes: 0, inboundIds: ["1"] });
      const stored = panel.client("sk-b")!;
      expect(stored.entry).toMatchObject({ email: "sk-b", subId: "sk-b", totalGB: 10 * GB, expiryTime: EXPIRY_S * 1000, uuid: uuidOf("sk-b") });
      expect((await driver.getClient("sk-b"))?.credentials.vless?.uuid).toBe(uuidOf("sk-b"));
      expect(await driver.getClient("sk-none")).toBeNull();
      expect((await driver.findClientByName("sk-b")).map((c) => c.id)).toEqual(["sk-b"]);
      expect(await driver.findClientByName("sk-none")).toEqual([]);
      expect((await driver.listInbounds()).map((i) => [i.id, i.type])).toEqual([["1", "vless"], ["2", "trojan"]]);
    });

    test("a disabled client is created disabled", async () => {
      expect((await driver.createClient(spec("sk-off", { enable: false }))).enable).toBe(false);
      expect(panel.client("sk-off")!.entry.enable).toBe(false);
    });

    test("listClients reads every client and its counters in one request", async () => {
      for (const name of ["sk-1", "sk-2", "sk-3"]) await driver.createClient(spec(name));
      panel.addTraffic("sk-2", 100, 250);
      panel.resetCounts();
      const clients = await driver.listClients();
      expect(clients.map((c) => [c.id, c.upBytes + c.downBytes])).toEqual([["sk-1", 0], ["sk-2", 350], ["sk-3", 0]]);
      expect(panel.counts()).toEqual(family === "clients" ? { "clients/list": 1 } : { "inbounds/list": 1 });
    });

    test("an update reads fresh and writes the whole client: counted traffic and the fields left out survive", async () => {
      await driver.createClient(spec("sk-u"));
      panel.addTraffic("sk-u", 1_000, 2_000);
      const updated = await driver.updateClient("sk-u", { volumeBytes: 20 * GB });
      expect(updated).toMatchObject({ volumeBytes: 20 * GB, expiryUnixS: EXPIRY_S, enable: true, upBytes: 1_000, downBytes: 2_000 });
      expect(panel.client("sk-u")!.entry).toMatchObject({ totalGB: 20 * GB, expiryTime: EXPIRY_S * 1000, enable: true, subId: "sk-u", uuid: uuidOf("sk-u"), password: "trojan-sk-u" });
      expect((await driver.updateClient("sk-u", { enable: false })).enable).toBe(false);
      expect((await driver.updateClient("sk-u", { upBytes: 0, downBytes: 0, enable: true })).upBytes).toBe(0);
      expect((await failure(driver.updateClient("sk-u", { upBytes: 5 }))).reason).toBe("invalid-input");
      expect(driver.capabilities.setUsedTraffic).toBe(false);
      const gone = await failure(driver.updateClient("sk-none", { enable: false }));
      expect([gone.kind, gone.reason]).toEqual(["permanent", "not-found"]);
    });

    test("parallel updates of one client both land (the read is inside the write queue)", async () => {
      await driver.createClient(spec("sk-p"));
      await Promise.all([driver.updateClient("sk-p", { volumeBytes: 5 * GB }), driver.updateClient("sk-p", { expiryUnixS: EXPIRY_S + 86_400 })]);
      expect(panel.client("sk-p")!.entry).toMatchObject({ totalGB: 5 * GB, expiryTime: (EXPIRY_S + 86_400) * 1000 });
    });

    test("the create that answered too late is found by ensureClient, not made twice", async () => {
      await driver.createClient(spec("sk-first"));
      await panel.setFault({ mode: "slow", delayMs: 1_500, actions: [family === "clients" ? "clients/add" : "addClient"], times: 1 });
      // The driver is signed in and knows the version: the create reaches the panel well within its 500 ms.
      const lost = await failure(driver.createClient(spec("sk-late"), { timeoutMs: 500 }));
      expect([lost.kind, lost.reason]).toEqual(["transient", "timeout"]);
      expect(panel.client("sk-late")).toBeDefined();
      const again = await ensureClient(driver, spec("sk-late"));
      expect(again.created).toBe(false);
      expect(panel.clients().filter((c) => c.entry.email === "sk-late")).toHaveLength(1);
      expect((await ensureClient(driver, spec("sk-new"))).created).toBe(true);
    });

    test("delete is true once, then false", async () => {
      await driver.createClient(spec("sk-keep"));
      await driver.createClient(spec("sk-del"));
      expect(await driver.deleteClient("sk-del")).toBe(true);
      expect(await driver.deleteClient("sk-del")).toBe(false);
      expect(panel.client("sk-del")).toBeUndefined();
    });

    test("the subscription server: base64 links named by our client, Subscription-Userinfo in bytes and seconds", async () => {
      await driver.createClient(spec("sk-s"));
      panel.addTraffic("sk-s", 10, 20);
      const sub = await driver.fetchSubscription("sk-s");
      expect(Buffer.from(sub.body, "base64").toString()).toStartWith(`vless://${uuidOf("sk-s")}@127.0.0.1:443`);
      expect(sub.usage).toEqual({ uploadBytes: 10, downloadBytes: 20, totalBytes: 10 * GB, expireUnixS: EXPIRY_S });
      expect((await driver.fetchSubscription("sk-s", "json")).contentType).toContain("application/json");
      const missing = await failure(driver.fetchSubscription("sk-nobody"));
      expect([missing.kind, missing.reason]).toEqual(["permanent", "not-found"]);
    });

    test("each error class: down and slow and 5xx are transient, a busy database transient, a refusal permanent with the panel's words", async () => {
      await driver.probe();
      await panel.setFault({ mode: "dbLocked", times: 1 });
      expect((await failure(driver.listClients())).reason).toBe("database-locked");
      await panel.setFault({ mode: "refuse", message: "UNIQUE constraint failed: client_traffics.email", times: 1, actions: [family === "clients" ? "clients/add" : "addClient"] });
      const refused = await failure(driver.createClient(spec("sk-r")));
      expect([refused.kind, refused.reason]).toEqual(["permanent", "rejected"]);
      expect(refused.panelMessage).toBe("Something went wrong (UNIQUE constraint failed: client_traffics.email)");
      await panel.setFault({ mode: "http500", times: 1 });
      expect((await failure(driver.listClients())).kind).toBe("transient");
      await panel.setFault({ mode: "slow", delayMs: 300 });
      expect((await failure(driver.listClients({ timeoutMs: 100 }))).reason).toBe("timeout");
      await panel.setFault({ mode: "down" });
      expect((await failure(driver.listClients())).reason).toBe("network");
      await panel.setFault(null);
      expect(await driver.listClients()).toEqual([]);
    });

    test("one session for many calls; a lost session costs one login and the call is retried once", async () => {
      const fresh = connect(panel);
      await Promise.all([fresh.listClients(), fresh.listInbounds(), fresh.probe(), fresh.getClient("sk-x")]);
      for (let i = 0; i < 5; i++) await fresh.listClients();
      expect(logins()).toBe(options.auth === "token" ? 0 : 1);
      panel.expireSessions();
      expect(await fresh.listClients()).toEqual([]);
      expect(logins()).toBe(options.auth === "token" ? 0 : 2);
    });

    test("wrong credentials are an auth error, found by the probe", async () => {
      const wrong: PanelAuth = options.auth === "token" ? { type: "token", token: "not-the-token-000000" } : { type: "login", username: panel.username, password: "wrong" };
      const error = await failure(connect(panel, { auth: wrong }).probe());
      expect(error.kind).toBe("auth");
      if (options.auth === "login") {
        // A password changed while a session is held: one new login, refused, and no loop.
        await driver.probe();
        panel.setPassword("changed-on-the-panel");
        const before = logins();
        expect((await failure(driver.listClients())).kind).toBe("auth");
        expect(logins() - before).toBe(1);
      }
    });

    test("a version the driver does not speak is refused at the probe with the version in the words", async () => {
      const odd = await startXuiPanel({ version, advertisedVersion: "4.0.1", ...(options.auth === "token" ? { apiToken: "api-token-0123456789abcdef" } : {}) });
      try {
        if (options.auth === "token" && family === "inbounds") {
          // A token on v3.0 cannot read the version: what answers like v3.0 is driven as v3.0.
          expect((await connect(odd).probe()).version).toBe("3.0");
          return;
        }
        const error = await failure(connect(odd).probe());
        expect([error.kind, error.reason]).toEqual(["permanent", "unsupported-version"]);
        expect(error.message).toContain("4.0.1");
      } finally {
        await odd.stop();
      }
    });
  });
}

/**
 * The Remnawave driver's contract, run against the simulator at one version (remnawave-2.test.ts at 2.8.1,
 * remnawave-3.test.ts at 3.3.2): every call, each error class, the idempotent create, the update that keeps counted
 * traffic, paging, the version probe. Version-only behaviour lives in the two test files.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ensureClient, PanelError, type PanelDriver } from "../../src/panels/panel.ts";
import { RemnawaveDriver } from "../../src/panels/remnawave-driver.ts";
import { type RemnawavePanel, startRemnawavePanel } from "../fakes/remnawave-panel.ts";
import { failure } from "./failure.ts";

export const GB = 2 ** 30;

export interface ContractWorld {
  panel: RemnawavePanel;
  driver: PanelDriver;
  squad: string;
}

export function connect(panel: RemnawavePanel, options: { timeoutMs?: number; token?: string } = {}): RemnawaveDriver {
  return new RemnawaveDriver({ panelUrl: panel.url, auth: { type: "token", token: options.token ?? panel.token }, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
}

const inDays = (days: number) => Math.floor(Date.now() / 1000) + days * 86_400;

export function remnawaveContract(version: string, world: ContractWorld): void {
  beforeEach(async () => {
    world.panel = await startRemnawavePanel({ version });
    world.driver = connect(world.panel);
    world.squad = world.panel.squads()[0]!.uuid;
  });
  afterEach(async () => {
    await world.panel.stop();
  });

  const spec = (name: string, extra: Partial<Parameters<PanelDriver["createClient"]>[0]> = {}) => ({
    name,
    inboundIds: [world.squad],
    volumeBytes: 20 * GB,
    expiryUnixS: inDays(30),
    enable: true,
    ...extra,
  });

  describe("the version probe", () => {
    test("probe reports the version, the users and the nodes; the version is asked once for every call after", async () => {
      world.panel.addUserByHand({ username: "by_hand" });
      const probe = await world.driver.probe();
      expect(probe).toMatchObject({ version, coreRunning: true, clients: 1 });
      await world.driver.listClients();
      await world.driver.findClientByName("by_hand");
      await world.driver.listInbounds();
      world.panel.setNodesOnline(0);
      expect((await world.driver.probe()).coreRunning).toBe(false);
      expect(world.panel.counts().metadata).toBe(1);
      expect(world.panel.counts().login).toBe(0);
    });

    test("a version subkeeper does not speak is refused for good, with the version in the words", async () => {
      const other = await startRemnawavePanel({ version: "4.0.0" });
      try {
        const error = await failure(connect(other).probe());
        expect(error).toMatchObject({ kind: "permanent", reason: "unsupported-version" });
        expect(error.message).toContain("4.0.0");
      } finally {
        await other.stop();
      }
    });
  });

  describe("users", () => {
    test("create: bytes, an ISO expiry, squads, the customer's vless uuid and trojan password kept", async () => {
      const uuid = crypto.randomUUID();
      const client = await world.driver.createClient(spec("sk_create", { credentials: { vless: { uuid }, trojan: { password: "abcdefgh12345678" } } }));
      const stored = world.panel.user("sk_create")!;
      expect(stored).toMatchObject({ trafficLimitBytes: 20 * GB, status: "ACTIVE", squads: [world.squad], vlessUuid: uuid, trojanPassword: "abcdefgh12345678" });
      expect(Math.floor(stored.expireAtMs / 1000)).toBe(spec("x").expiryUnixS);
      expect(client).toMatchObject({ name: "sk_create", volumeBytes: 20 * GB, expiryUnixS: spec("x").expiryUnixS, inboundIds: [world.squad], upBytes: 0, downBytes: 0 });
      expect(client.credentials.vless?.uuid).toBe(uuid);
      const never = await world.driver.createClient(spec("sk_never", { expiryUnixS: 0, volumeBytes: 0 }));
      expect(never).toMatchObject({ expiryUnixS: 0, volumeBytes: 0 });
      expect(new Date(world.panel.user("sk_never")!.expireAtMs).getUTCFullYear()).toBe(2099);
    });

    test("idempotent create: ensureClient twice, and a create repeated after a lost answer, leave one user", async () => {
      const first = await ensureClient(world.driver, spec("sk_once"));
      const second = await ensureClient(world.driver, spec("sk_once"));
      expect(first.created).toBe(true);
      expect(second).toMatchObject({ created: false, client: { id: first.client.id } });
      // The answer was lost: the user exists, the caller asks again without looking first.
      await world.panel.setFault({ mode: "slow", delayMs: 300, actions: ["users:create"], times: 1 });
      const lost = await failure(world.driver.createClient(spec("sk_lost"), { timeoutMs: 50 }));
      expect(lost).toMatchObject({ kind: "transient", reason: "timeout" });
      await Bun.sleep(300);
      const again = await world.driver.createClient(spec("sk_lost"));
      expect(again.name).toBe("sk_lost");
      expect(world.panel.users().map((u) => u.username)).toEqual(["sk_once", "sk_lost"]);
    });

    test("a body the panel refuses is a permanent error with the panel's words; a bad name never leaves", async () => {
      const refused = await failure(world.driver.createClient(spec("sk_bad", { volumeBytes: -1 })));
      expect(refused).toMatchObject({ kind: "permanent", status: 400 });
      expect(refused.panelMessage).toContain("trafficLimitBytes");
      world.panel.resetCounts();
      expect(await failure(world.driver.createClient(spec("sk 1")))).toMatchObject({ kind: "permanent", reason: "invalid-input" });
      expect(world.panel.counts()["users:create"]).toBeUndefined();
    });

    test("get and find by name; a user that is gone is null or empty, only on the panel's own not-found", async () => {
      const created = await world.driver.createClient(spec("sk_get"));
      expect((await world.driver.getClient(created.id))?.name).toBe("sk_get");
      expect((await world.driver.findClientByName("sk_get")).map((c) => c.id)).toEqual([created.id]);
      expect(await world.driver.findClientByName("sk_nobody")).toEqual([]);
      expect(await world.driver.deleteClient(created.id)).toBe(true);
      expect(await world.driver.getClient(created.id)).toBeNull();
      expect(await world.driver.deleteClient(created.id)).toBe(false);
    });

    test("update keeps the counted traffic and changes only what it is told", async () => {
      const created = await world.driver.createClient(spec("sk_upd", { volumeBytes: 1 * GB }));
      world.panel.addTraffic("sk_upd", 1 * GB);
      expect(world.panel.runJobs()).toEqual(["sk_upd"]);
      const raised = await world.driver.updateClient(created.id, { volumeBytes: 5 * GB, enable: true, expiryUnixS: inDays(60) });
      expect(raised).toMatchObject({ downBytes: 1 * GB, volumeBytes: 5 * GB, enable: true, expiryUnixS: inDays(60) });
      expect(world.panel.user("sk_upd")).toMatchObject({ usedTrafficBytes: 1 * GB, status: "ACTIVE", squads: [world.squad] });
      const disabled = await world.driver.updateClient(created.id, { enable: false });
      expect(disabled).toMatchObject({ enable: false, volumeBytes: 5 * GB, downBytes: 1 * GB });
      // An expiry in the past is refused by the panel: it is left as it was, the rest still applies.
      const past = await world.driver.updateClient(created.id, { expiryUnixS: inDays(-1), volumeBytes: 6 * GB });
      expect(past).toMatchObject({ expiryUnixS: inDays(60), volumeBytes: 6 * GB });
      const reset = await world.driver.updateClient(created.id, { upBytes: 0, downBytes: 0 });
      expect(reset.downBytes).toBe(0);
      expect(world.panel.user("sk_upd")!.lifetimeUsedTrafficBytes).toBe(1 * GB);
      expect(await failure(world.driver.updateClient(created.id, { downBytes: 5 }))).toMatchObject({ reason: "invalid-input" });
      expect(driverCapabilities(world.driver)).toEqual({ setUsedTraffic: false });
    });

    test("updating a user that is gone is a permanent not-found, never a create", async () => {
      const created = await world.driver.createClient(spec("sk_gone"));
      await world.driver.deleteClient(created.id);
      expect(await failure(world.driver.updateClient(created.id, { enable: false }))).toMatchObject({ kind: "permanent", reason: "not-found" });
      expect(world.panel.users()).toEqual([]);
    });

    test("the list pages by 1000: one request per page, every user once", async () => {
      for (let i = 0; i < 2100; i++) world.panel.addUserByHand({ username: `sk_${i}` });
      world.panel.addTraffic("sk_7", 777);
      world.panel.resetCounts();
      const clients = await world.driver.listClients();
      expect(clients).toHaveLength(2100);
      expect(new Set(clients.map((c) => c.id)).size).toBe(2100);
      expect(clients.find((c) => c.name === "sk_7")?.downBytes).toBe(777);
      expect(world.panel.counts()["users:list"]).toBe(3);
    });

    test("squads are the inbounds", async () => {
      expect(await world.driver.listInbounds()).toEqual([{ id: world.squad, tag: "Default-Squad", type: "squad" }]);
    });
  });

  describe("the subscription", () => {
    test("links, sing-box and Clash, the usage header, no token sent, a revoked link followed", async () => {
      await world.driver.createClient(spec("sk_sub", { expiryUnixS: 1_900_000_000 }));
      world.panel.addTraffic("sk_sub", 3 * GB);
      const links = await world.driver.fetchSubscription("sk_sub");
      expect(Buffer.from(links.body, "base64").toString()).toContain(`vless://${world.panel.user("sk_sub")!.vlessUuid}@`);
      expect(links.usage).toEqual({ uploadBytes: 0, downloadBytes: 3 * GB, totalBytes: 20 * GB, expireUnixS: 1_900_000_000 });
      expect(JSON.parse((await world.driver.fetchSubscription("sk_sub", "json")).body).outbounds.length).toBeGreaterThan(1);
      expect((await world.driver.fetchSubscription("sk_sub", "clash")).body).toContain("proxies:");
      world.panel.resetCounts();
      await world.driver.fetchSubscription("sk_sub");
      expect(world.panel.counts()).toEqual({ login: 0, sub: 1 });
      expect(world.panel.requests().filter((r) => r.action === "sub").every((r) => !r.bearer)).toBe(true);
      const user = world.panel.user("sk_sub")!;
      const revokeKey = world.panel.major === 2 ? user.uuid : String(user.id);
      await fetch(`${world.panel.url}/api/users/${revokeKey}/actions/revoke`, {
        method: "POST",
        headers: { Authorization: `Bearer ${world.panel.token}`, "X-Forwarded-For": "1.1.1.1", "X-Forwarded-Proto": "https", "Content-Type": "application/json" },
        body: "{}",
      });
      expect(Buffer.from((await world.driver.fetchSubscription("sk_sub")).body, "base64").toString()).toContain(world.panel.user("sk_sub")!.vlessUuid);
      expect((await failure(world.driver.fetchSubscription("sk_none"))).reason).toBe("not-found");
    });
  });

  describe("errors, classified", () => {
    test("down, slow, 5xx and a gateway's 502 are transient", async () => {
      await world.driver.probe();
      await world.panel.setFault({ mode: "down" });
      expect(await failure(world.driver.listClients())).toMatchObject({ kind: "transient", reason: "network" });
      await world.panel.restart();
      await world.panel.setFault({ mode: "slow", delayMs: 200, times: 1 });
      expect(await failure(world.driver.listClients({ timeoutMs: 50 }))).toMatchObject({ kind: "transient", reason: "timeout" });
      await world.panel.setFault({ mode: "http500", times: 1 });
      expect(await failure(world.driver.listInbounds())).toMatchObject({ kind: "transient", status: 500 });
      await world.panel.setFault({ mode: "http502", times: 1 });
      expect(await failure(world.driver.findClientByName("x"))).toMatchObject({ kind: "transient", status: 502 });
      await world.panel.setFault(null);
      expect(await world.driver.listClients()).toEqual([]);
    });

    test("a wrong, replaced, expired or deleted token is an auth error that never shows the token", async () => {
      const wrong = connect(world.panel, { token: "not-the-token" });
      const error = await failure(wrong.listClients());
      expect(error).toMatchObject({ kind: "auth", status: 401 });
      await world.driver.probe();
      const old = world.panel.token;
      world.panel.rotateToken();
      const replaced = await failure(world.driver.listClients());
      expect(replaced).toMatchObject({ kind: "auth", status: 401 });
      expect(replaced.message).not.toContain(old);
      world.panel.revokeToken();
      expect(await failure(connect(world.panel).listClients())).toMatchObject({ kind: "auth", status: 403 });
      world.panel.rotateToken();
      world.panel.expireToken();
      expect(await failure(connect(world.panel).probe())).toMatchObject({ kind: "auth", status: 401 });
      await world.panel.setFault({ mode: "invalidToken", times: 1 });
      world.panel.rotateToken();
      expect(await failure(connect(world.panel).listInbounds())).toMatchObject({ kind: "auth" });
    });
  });
}

function driverCapabilities(driver: PanelDriver): unknown {
  return driver.capabilities;
}

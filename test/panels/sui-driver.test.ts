/**
 * The S-UI driver against the simulator over real HTTP: every call, every error class, every fault mode, and the
 * three properties the design leans on — idempotent create, no lost traffic on update, serialised writes.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createLogger, log, scrubSecrets, setLogger } from "../../src/log.ts";
import { ensureClient, isPanelError, PanelError, type ClientCredentials, type ClientSpec } from "../../src/panels/panel.ts";
import type { SuiClientExtras } from "../../src/panels/sui-rows.ts";
import {
  classifyPanelMessage,
  createSuiDriver,
  defaultSubscriptionUrl,
  normalizePanelUrl,
  type SuiDriver,
} from "../../src/panels/sui-driver.ts";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";
import { failure } from "./failure.ts";

let panel: SuiPanel;
let driver: SuiDriver;

beforeEach(async () => {
  panel = await startSuiPanel();
  driver = createSuiDriver({ panelUrl: panel.url, token: panel.token, subUrl: panel.subUrl });
});

afterEach(async () => {
  await panel.stop();
});

function spec(name: string, extra: Partial<ClientSpec & SuiClientExtras> = {}): ClientSpec & SuiClientExtras {
  return { name, inboundIds: ["1", "2"], volumeBytes: 10 * 2 ** 30, expiryUnixS: 1_900_000_000, enable: true, ...extra };
}

describe("panel URLs", () => {
  test("the web path always ends in a slash; pasted API paths, queries and fragments are dropped", () => {
    expect(normalizePanelUrl("http://host:2095/app")).toBe("http://host:2095/app/");
    expect(normalizePanelUrl(" https://host/secret/app/apiv2/ ")).toBe("https://host/secret/app/");
    expect(normalizePanelUrl("http://host:2095/app//?x=1#y")).toBe("http://host:2095/app/");
    expect(normalizePanelUrl("http://host:2095")).toBe("http://host:2095/");
  });

  test("a URL that is not http(s) is invalid input", () => {
    for (const bad of ["host:2095/app", "ftp://host/app", ""]) {
      expect(() => normalizePanelUrl(bad)).toThrow(PanelError);
    }
  });

  test("the subscription base defaults to the panel host on port 2096 under /sub/", () => {
    expect(defaultSubscriptionUrl("https://panel.example.com:2095/app/")).toBe("https://panel.example.com:2096/sub/");
    const derived = createSuiDriver({ panelUrl: "http://[::1]:2095/app", token: "t0ken-t0ken" });
    expect(derived.subscriptionUrl("a b")).toBe("http://[::1]:2096/sub/a%20b");
  });
});

describe("reads", () => {
  test("probe: latency, core state and counts from one status request", async () => {
    panel.addClientByHand({ name: "a", up: 5, down: 6 });
    const probe = await driver.probe();
    expect(probe).toMatchObject({ coreRunning: true, clients: 1, inbounds: 2, clientUpBytes: 5, clientDownBytes: 6 });
    expect(probe.latencyMs).toBeGreaterThanOrEqual(0);
    panel.setCoreRunning(false);
    expect((await driver.probe()).coreRunning).toBe(false);
    expect(panel.counts()).toEqual({ status: 2 });
  });

  test("listClients reads every client in ONE request, as summary rows in explicit units", async () => {
    for (let i = 0; i < 50; i++) panel.addClientByHand({ name: `c${i}`, up: i, down: 2 * i, volume: 1000, expiry: 77, inbounds: [1] });
    const clients = await driver.listClients();
    expect(clients).toHaveLength(50);
    expect(clients[3]).toMatchObject({ id: "4", name: "c3", enable: true, upBytes: 3, downBytes: 6, volumeBytes: 1000, expiryUnixS: 77, inboundIds: ["1"] });
    expect(panel.counts()).toEqual({ clients: 1 });
  });

  test("getClient gives the full client with credentials and links, or null", async () => {
    await driver.createClient(spec("full"));
    const client = await driver.getClient("1");
    expect(client?.credentials.vless?.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(client?.links.map((l) => l.remark)).toEqual(["vless-in", "trojan-in"]);
    expect(await driver.getClient("99")).toBeNull();
  });

  test("findClientByName returns every match, oldest first", async () => {
    panel.addClientByHand({ name: "dup" });
    panel.addClientByHand({ name: "other" });
    panel.addClientByHand({ name: "dup" });
    expect((await driver.findClientByName("dup")).map((c) => c.id)).toEqual(["1", "3"]);
    expect(await driver.findClientByName("none")).toEqual([]);
  });

  test("listInbounds", async () => {
    panel.addClientByHand({ name: "a", inbounds: [2] });
    expect(await driver.listInbounds()).toEqual([
      { id: "1", type: "vless", tag: "vless-in", listen: "::", listenPort: 443, tlsId: 0, clientNames: [] },
      { id: "2", type: "trojan", tag: "trojan-in", listen: "::", listenPort: 8443, tlsId: 0, clientNames: ["a"] },
    ]);
  });

  test("listInbounds on a panel with none is []", async () => {
    const empty = await startSuiPanel({ inbounds: [] });
    try {
      expect(await createSuiDriver({ panelUrl: empty.url, token: empty.token }).listInbounds()).toEqual([]);
    } finally {
      await empty.stop();
    }
  });
});

describe("writes", () => {
  test("createClient saves form-encoded, fills every protocol's credentials, and returns the full client", async () => {
    const client = await driver.createClient(spec("sk-1", { remark: "Gold" }));
    expect(client).toMatchObject({ id: "1", name: "sk-1", enable: true, volumeBytes: 10 * 2 ** 30, expiryUnixS: 1_900_000_000, upBytes: 0, remark: "Gold" });
    expect(Object.keys(client.credentials).sort()).toEqual(
      ["anytls", "http", "hysteria", "hysteria2", "mixed", "naive", "shadowsocks", "shadowsocks16", "shadowtls", "socks", "trojan", "tuic", "vless", "vmess"],
    );
    expect(client.credentials.trojan?.name).toBe("sk-1");
    expect(Buffer.from(String(client.credentials.shadowsocks?.password), "base64")).toHaveLength(32);
    expect(client.links[0]?.uri).toStartWith(`vless://${String(client.credentials.vless?.uuid)}@127.0.0.1:443`);
    expect(panel.counts()["save:clients:new"]).toBe(1);
  });

  test("createClient keeps credentials it is given", async () => {
    const credentials: ClientCredentials = { vless: { name: "x", uuid: "0b8e5a4c-0000-4000-8000-000000000001", flow: "" } };
    const client = await driver.createClient(spec("given", { credentials, inboundIds: ["1"] }));
    expect(client.credentials).toEqual({ vless: { name: "given", uuid: "0b8e5a4c-0000-4000-8000-000000000001", flow: "" } });
  });

  test("a bad spec is refused before anything is sent", async () => {
    for (const bad of [spec(""), spec("a/b"), spec("x", { volumeBytes: -1 }), spec("x", { expiryUnixS: 1.5 })]) {
      const error = await failure(driver.createClient(bad));
      expect([error.kind, error.reason]).toEqual(["permanent", "invalid-input"]);
    }
    expect(panel.counts()).toEqual({});
  });

  test("updateClient reads fresh and writes at once: traffic counted after someone else's read is kept", async () => {
    const created = await driver.createClient(spec("busy"));
    const seenByTheSync = await driver.getClient(created.id);
    panel.addTraffic("busy", 1_000, 2_000);
    const updated = await driver.updateClient(created.id, { volumeBytes: 20 * 2 ** 30 });
    expect(seenByTheSync?.upBytes).toBe(0);
    expect([updated.upBytes, updated.downBytes, updated.volumeBytes]).toEqual([1_000, 2_000, 20 * 2 ** 30]);
    expect(panel.client(Number(created.id))).toMatchObject({ up: 1_000, down: 2_000, volume: 20 * 2 ** 30 });
    expect(updated.credentials).toEqual(created.credentials);
    expect(panel.counts()).toMatchObject({ clients: 3, "save:clients:edit": 1 });
  });

  test("updateClient resets usage when told to, and can disable", async () => {
    const created = await driver.createClient(spec("reset"));
    panel.addTraffic("reset", 10, 20);
    const updated = await driver.updateClient(created.id, { upBytes: 0, downBytes: 0, enable: false });
    expect([updated.upBytes, updated.downBytes, updated.enable]).toEqual([0, 0, false]);
  });

  test("updateClient of a client that is gone is permanent not-found, and writes nothing", async () => {
    const error = await failure(driver.updateClient("5", { enable: false }));
    expect([error.kind, error.reason, error.action]).toEqual(["permanent", "not-found", "save:clients:edit"]);
    expect(panel.counts().save).toBeUndefined();
  });

  test("deleteClient is true once, then false: a replayed delete is harmless", async () => {
    const created = await driver.createClient(spec("bye"));
    expect(await driver.deleteClient(created.id)).toBe(true);
    expect(await driver.deleteClient(created.id)).toBe(false);
    expect(panel.clients()).toEqual([]);
  });

  test("a panel refusal is permanent and carries the panel's own words, trimmed", async () => {
    const broken = { vless: "not an object" } as unknown as ClientCredentials;
    const error = await failure(driver.createClient(spec("bad", { credentials: broken })));
    expect(error.kind).toBe("permanent");
    expect(error.reason).toBe("rejected");
    expect(error.message).toBe("save: json: cannot unmarshal string into Go value of type map[string]interface {}");
    expect(error.panelMessage).toBe(error.message);
  });
});

describe("idempotent create", () => {
  test("the panel created the client but answered too late: ensureClient finds it and creates none", async () => {
    await panel.setFault({ mode: "slow", delayMs: 400, actions: ["save:clients:new"], times: 1 });
    const timedOut = await failure(driver.createClient(spec("sk-42"), { timeoutMs: 100 }));
    expect([timedOut.kind, timedOut.reason]).toEqual(["transient", "timeout"]);
    expect(panel.clients().map((c) => c.name)).toEqual(["sk-42"]);

    const retry = await ensureClient(driver, spec("sk-42"));
    expect(retry.created).toBe(false);
    expect(retry.client.id).toBe("1");
    expect(panel.clients()).toHaveLength(1);
    expect(panel.counts()["save:clients:new"]).toBe(1);
  });

  test("ensureClient creates when the name is new", async () => {
    const first = await ensureClient(driver, spec("fresh"));
    const second = await ensureClient(driver, spec("fresh"));
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.client.id).toBe(first.client.id);
    expect(panel.counts()["save:clients:new"]).toBe(1);
  });
});

describe("writes are serialised per panel", () => {
  test("parallel updates never overlap on the panel, and all land", async () => {
    for (let i = 0; i < 5; i++) panel.addClientByHand({ name: `p${i}` });
    await panel.setFault({ mode: "slow", delayMs: 30, actions: ["save"] });
    panel.resetCounts();
    const results = await Promise.all([1, 2, 3, 4, 5].map((id) => driver.updateClient(String(id), { volumeBytes: id * 100 })));
    expect(results.map((c) => c.volumeBytes)).toEqual([100, 200, 300, 400, 500]);
    expect(panel.counts()["save:clients:edit"]).toBe(5);
    expect(panel.maxConcurrentSaves()).toBe(1);
  });

  test("two parallel patches of one client both survive (the read is inside the queue)", async () => {
    panel.addClientByHand({ name: "one" });
    await Promise.all([driver.updateClient("1", { volumeBytes: 500 }), driver.updateClient("1", { expiryUnixS: 123 })]);
    expect(panel.client(1)).toMatchObject({ volume: 500, expiry: 123 });
  });

  test("a failed write does not block the next", async () => {
    panel.addClientByHand({ name: "q" });
    await panel.setFault({ mode: "dbLocked", actions: ["save"], times: 1 });
    const [first, second] = await Promise.allSettled([driver.updateClient("1", { volumeBytes: 1 }), driver.updateClient("1", { volumeBytes: 2 })]);
    expect(first.status).toBe("rejected");
    expect(second.status).toBe("fulfilled");
    expect(panel.client(1)?.volume).toBe(2);
  });

  test("reads are not queued behind a slow write", async () => {
    panel.addClientByHand({ name: "r" });
    await panel.setFault({ mode: "slow", delayMs: 300, actions: ["save"] });
    const write = driver.updateClient("1", { volumeBytes: 9 });
    const started = performance.now();
    await driver.listClients();
    expect(performance.now() - started).toBeLessThan(250);
    await write;
  });
});

describe("subscriptions", () => {
  test("fetchSubscription returns the body and the headers, usage read into numbers", async () => {
    await driver.createClient(spec("sub-1", { volumeBytes: 4096, expiryUnixS: 1_800_000_000 }));
    panel.addTraffic("sub-1", 100, 200);
    const sub = await driver.fetchSubscription("sub-1");
    expect(Buffer.from(sub.body, "base64").toString()).toContain("vless://");
    expect(sub).toMatchObject({
      contentType: "text/plain; charset=utf-8",
      subscriptionUserinfo: "upload=100; download=200; total=4096; expire=1800000000",
      usage: { uploadBytes: 100, downloadBytes: 200, totalBytes: 4096, expireUnixS: 1_800_000_000 },
      profileTitle: "sub-1",
      profileUpdateInterval: "12",
    });
    expect(sub.contentDisposition).toContain('filename="sub-1"');
    expect(driver.subscriptionUrl("sub-1")).toBe(`${panel.subUrl}sub-1`);
  });

  test("json and clash formats, and a non-ASCII title read back as UTF-8", async () => {
    await driver.createClient(spec("sub-2", { remark: "طلایی" }));
    expect(JSON.parse((await driver.fetchSubscription("sub-2", "json")).body)).toHaveProperty("outbounds");
    const clash = await driver.fetchSubscription("sub-2", "clash");
    expect(clash.body).toContain("proxies:");
    expect(clash.profileTitle).toBe("طلایی");
  });

  test("400 'Error!' (unknown or disabled client) is a permanent failure", async () => {
    const error = await failure(driver.fetchSubscription("nobody"));
    expect([error.kind, error.reason, error.status, error.panelMessage]).toEqual(["permanent", "not-found", 400, "Error!"]);
  });

  test("the token is never sent to the subscription server", async () => {
    let seen: string | null = "unset";
    const spy = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch(request) {
        seen = request.headers.get("token");
        return new Response("x", { headers: { "Subscription-Userinfo": "upload=1; download=2; total=3; expire=4" } });
      },
    });
    try {
      const spied = createSuiDriver({ panelUrl: panel.url, token: panel.token, subUrl: `http://127.0.0.1:${spy.port}/sub` });
      expect((await spied.fetchSubscription("n")).usage).toEqual({ uploadBytes: 1, downloadBytes: 2, totalBytes: 3, expireUnixS: 4 });
      expect(seen).toBeNull();
    } finally {
      await spy.stop(true);
    }
  });
});

describe("failures are classified", () => {
  test("invalid token → auth", async () => {
    const stale = createSuiDriver({ panelUrl: panel.url, token: "stale-token-123" });
    const error = await failure(stale.listClients());
    expect([error.kind, error.reason, error.action, error.panelMessage]).toEqual(["auth", "invalid-token", "clients", ": invalid token"]);
    await panel.setFault({ mode: "invalidToken", actions: ["save"] });
    expect((await failure(driver.createClient(spec("t")))).kind).toBe("auth");
  });

  test("database is locked → transient, on saves and reads", async () => {
    await panel.setFault({ mode: "dbLocked" });
    const onSave = await failure(driver.createClient(spec("l")));
    expect([onSave.kind, onSave.reason, onSave.action, onSave.panelMessage]).toEqual(["transient", "database-locked", "save:clients:new", "save: database is locked"]);
    const onRead = await failure(driver.listClients());
    expect([onRead.kind, onRead.reason]).toEqual(["transient", "database-locked"]);
  });

  test("HTTP 500 → transient, with the status", async () => {
    await panel.setFault({ mode: "http500" });
    const error = await failure(driver.probe());
    expect([error.kind, error.reason, error.status]).toEqual(["transient", "http-status", 500]);
  });

  test("panel down → transient network; back up → calls work again", async () => {
    await panel.setFault({ mode: "down" });
    const error = await failure(driver.probe());
    expect([error.kind, error.reason, error.action]).toEqual(["transient", "network", "status"]);
    expect((await failure(driver.fetchSubscription("x"))).reason).toBe("network");
    await panel.restart();
    expect((await driver.probe()).coreRunning).toBe(true);
  });

  test("slow → transient timeout after the call's timeout; the driver default applies too", async () => {
    await panel.setFault({ mode: "slow", delayMs: 300 });
    const started = performance.now();
    const error = await failure(driver.listClients({ timeoutMs: 50 }));
    expect([error.kind, error.reason]).toEqual(["transient", "timeout"]);
    expect(performance.now() - started).toBeLessThan(250);
    const impatient = createSuiDriver({ panelUrl: panel.url, token: panel.token, timeoutMs: 50 });
    expect((await failure(impatient.probe())).reason).toBe("timeout");
  });

  test("the caller's abort signal cancels the call", async () => {
    await panel.setFault({ mode: "slow", delayMs: 300 });
    const controller = new AbortController();
    const pending = failure(driver.listClients({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    const error = await pending;
    expect([error.kind, error.reason]).toEqual(["transient", "aborted"]);
  });

  test("a wrong web path (404) is permanent and says where to look", async () => {
    const lost = createSuiDriver({ panelUrl: panel.url.replace("/app/", "/"), token: panel.token });
    const error = await failure(lost.probe());
    expect([error.kind, error.reason, error.status]).toEqual(["permanent", "http-status", 404]);
    expect(error.message).toContain("web path");
  });

  test("an answer that is not S-UI's envelope is a permanent bad-response", async () => {
    const impostor = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("<html>hello</html>") });
    try {
      const confused = createSuiDriver({ panelUrl: `http://127.0.0.1:${impostor.port}/app/`, token: "t0ken-t0ken" });
      const error = await failure(confused.listClients());
      expect([error.kind, error.reason]).toEqual(["permanent", "bad-response"]);
    } finally {
      await impostor.stop(true);
    }
  });

  test("message classification", () => {
    expect(classifyPanelMessage("save:clients:new", "save: database is locked").kind).toBe("transient");
    expect(classifyPanelMessage("clients", ": invalid token\n").kind).toBe("auth");
    const refusal = classifyPanelMessage("save:clients:del", "save: record not found");
    expect([refusal.kind, refusal.reason, refusal.message]).toEqual(["permanent", "not-found", "save: record not found"]);
    expect(classifyPanelMessage("save:x:y", "save: unknown object:  x\n").message).toBe("save: unknown object:  x");
  });
});

describe("secrets", () => {
  test("the token is registered as a secret and never reaches a log line", async () => {
    const lines: string[] = [];
    const previous = log;
    setLogger(createLogger({ level: "trace", sink: { write: (line) => lines.push(line) } }));
    try {
      await driver.listClients();
      await panel.setFault({ mode: "invalidToken" });
      await failure(driver.listClients());
      log.error({ err: new Error(`boom ${panel.token}`) }, `token was ${panel.token}`);
    } finally {
      setLogger(previous);
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(panel.token);
    expect(scrubSecrets(panel.token)).toBe("[Redacted]");
  });
});

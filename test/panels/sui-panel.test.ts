/**
 * Pins the simulator to the S-UI v1.5.1 contract (docs/panels/s-ui.md), quirk by quirk, over real HTTP
 * with plain fetch: if the simulator drifts from the real panel, the driver tests stop meaning anything.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";

let panel: SuiPanel;

beforeEach(async () => {
  panel = await startSuiPanel();
});

afterEach(async () => {
  await panel.stop();
});

interface Envelope {
  success: boolean;
  msg: string;
  obj: unknown;
}

type Row = Record<string, unknown>;

async function get(action: string, options: { token?: string | null } = {}): Promise<{ status: number; body: Envelope }> {
  const token = options.token === undefined ? panel.token : options.token;
  const response = await fetch(`${panel.url}apiv2/${action}`, { headers: token === null ? {} : { Token: token } });
  return { status: response.status, body: (await response.json()) as Envelope };
}

async function save(
  object: string,
  action: string,
  data: unknown,
  options: { query?: string; encoding?: "urlencoded" | "multipart" | "json"; host?: string } = {},
): Promise<Envelope> {
  const fields = { object, action, data: typeof data === "string" ? data : JSON.stringify(data) };
  const headers: Record<string, string> = { Token: panel.token };
  if (options.host) headers.Host = options.host;
  let body: BodyInit;
  if (options.encoding === "json") {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(fields);
  } else if (options.encoding === "multipart") {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    body = form;
  } else body = new URLSearchParams(fields);
  const response = await fetch(`${panel.url}apiv2/save${options.query ?? ""}`, { method: "POST", headers, body });
  expect(response.status).toBe(200);
  return (await response.json()) as Envelope;
}

function newClient(name: string, extra: Row = {}): Row {
  return {
    name,
    enable: true,
    inbounds: [1, 2],
    links: [],
    config: { vless: { name: "", uuid: "11111111-2222-4333-8444-555555555555", flow: "xtls-rprx-vision" }, trojan: { name: "", password: "pw" } },
    volume: 1000,
    expiry: 0,
    ...extra,
  };
}

function clientsOf(envelope: Envelope): Row[] {
  return (envelope.obj as { clients: Row[] }).clients;
}

describe("API v2 envelope and routing", () => {
  test("a bad or missing token is an HTTP 200 failure envelope with S-UI's exact words", async () => {
    for (const token of ["wrong", null]) {
      const { status, body } = await get("clients", { token });
      expect(status).toBe(200);
      expect(body).toEqual({ success: false, msg: ": invalid token\n", obj: null });
    }
  });

  test("unknown actions fail with the doubled space and trailing newline of Go's Sprintln", async () => {
    expect((await get("foo")).body).toEqual({ success: false, msg: "failed: unknown action:  foo\n", obj: null });
    const post = await fetch(`${panel.url}apiv2/clients`, { method: "POST", headers: { Token: panel.token } });
    expect(((await post.json()) as Envelope).msg).toBe("failed: unknown action:  clients\n");
  });

  test("paths outside the web path are 404 with an empty body; /app redirects; other paths serve the SPA", async () => {
    const outside = await fetch(panel.url.replace("/app/", "/other"));
    expect(outside.status).toBe(404);
    expect(await outside.text()).toBe("");
    const bare = await fetch(panel.url.replace(/\/$/, ""), { redirect: "manual" });
    expect(bare.status).toBe(307);
    expect(bare.headers.get("location")).toBe("/app/");
    const spa = await fetch(`${panel.url}clients`);
    expect(spa.status).toBe(200);
    expect(spa.headers.get("content-type")).toContain("text/html");
  });

  test("API v1 without a session: JSON 'Invalid login' for XHR, else a 307 to /login", async () => {
    const xhr = await fetch(`${panel.url}api/clients`, { headers: { "X-Requested-With": "XMLHttpRequest" } });
    expect(await xhr.json()).toEqual({ success: false, msg: "Invalid login", obj: null });
    const plain = await fetch(`${panel.url}api/clients`, { redirect: "manual" });
    expect(plain.status).toBe(307);
    expect(plain.headers.get("location")).toBe("/login");
  });
});

describe("save is form-encoded only", () => {
  test("urlencoded and multipart both work", async () => {
    expect((await save("clients", "new", newClient("a"))).success).toBe(true);
    expect((await save("clients", "new", newClient("b"), { encoding: "multipart" })).success).toBe(true);
    expect(panel.clients().map((c) => c.name)).toEqual(["a", "b"]);
  });

  test("a JSON body is ignored: the fields read empty and the object is unknown", async () => {
    const answer = await save("clients", "new", newClient("a"), { encoding: "json" });
    expect(answer).toEqual({ success: false, msg: "save: unknown object:  \n", obj: null });
    expect(panel.clients()).toEqual([]);
  });

  test("an unknown object and an unknown client action fail with their own formats", async () => {
    expect((await save("nope", "new", {})).msg).toBe("save: unknown object:  nope\n");
    expect((await save("clients", "frob", {})).msg).toBe("save: unknown action: frob");
  });
});

describe("clients: new, edit, del and the bulk actions", () => {
  test("new needs inbounds and links present (null is fine)", async () => {
    const { inbounds: _i, ...noInbounds } = newClient("a");
    const { links: _l, ...noLinks } = newClient("a");
    expect((await save("clients", "new", noInbounds)).msg).toBe("save: unexpected end of JSON input");
    expect((await save("clients", "new", noLinks)).msg).toBe("save: unexpected end of JSON input");
    expect((await save("clients", "new", newClient("a", { links: null, inbounds: null }))).success).toBe(true);
    expect(panel.clients()).toHaveLength(1);
  });

  test("names are not unique: a second new with the same name is a second client", async () => {
    await save("clients", "new", newClient("same"));
    await save("clients", "new", newClient("same"));
    expect(panel.clients().map((c) => [c.id, c.name])).toEqual([
      [1, "same"],
      [2, "same"],
    ]);
  });

  test("new answers with every client as summary rows, and the touched inbounds", async () => {
    await save("clients", "new", newClient("first"));
    const answer = await save("clients", "new", newClient("second"));
    expect(clientsOf(answer).map((c) => c.name)).toEqual(["first", "second"]);
    expect(clientsOf(answer)[1]).not.toHaveProperty("config");
    expect((answer.obj as { inbounds: Row[] }).inbounds.map((i) => i.tag)).toEqual(["vless-in", "trojan-in"]);
  });

  test("?id= on the save URL filters the answer to those full rows", async () => {
    await save("clients", "new", newClient("a"));
    const answer = await save("clients", "new", newClient("b"), { query: "?id=2" });
    expect(clientsOf(answer).map((c) => c.id)).toEqual([2]);
    expect(clientsOf(answer)[0]).toHaveProperty("config");
  });

  test("the server rewrites each credential's name to the client's, and builds local links from the Host", async () => {
    await save("clients", "new", newClient("alice"), { host: "panel.example.com:2095" });
    const [alice] = panel.clients();
    expect(alice?.config?.vless?.name).toBe("alice");
    expect(alice?.createdAt).toBeGreaterThan(0);
    expect(alice?.links).toEqual([
      { remark: "vless-in", type: "local", uri: "vless://11111111-2222-4333-8444-555555555555@panel.example.com:443?type=tcp#vless-in" },
      { remark: "trojan-in", type: "local", uri: "trojan://pw@panel.example.com:8443?type=tcp#trojan-in" },
    ]);
  });

  test("edit of an unknown id is 'record not found'", async () => {
    const answer = await save("clients", "edit", newClient("ghost", { id: 42 }));
    expect(answer).toEqual({ success: false, msg: "save: record not found", obj: null });
  });

  test("edit is a full replacement: traffic counted since the read is lost, createdAt is kept", async () => {
    await save("clients", "new", newClient("bob"));
    const stale = clientsOf(await get("clients?id=1").then((r) => r.body))[0] as Row;
    panel.addTraffic("bob", 300, 400);
    const answer = await save("clients", "edit", { ...stale, volume: 5000 });
    expect(answer.success).toBe(true);
    const bob = panel.client(1);
    expect([bob?.up, bob?.down, bob?.volume]).toEqual([0, 0, 5000]);
    expect(bob?.createdAt).toBe(stale.createdAt as number);
  });

  test("del takes the bare id; an unknown id is 'record not found'", async () => {
    await save("clients", "new", newClient("a"));
    expect((await save("clients", "del", 1)).success).toBe(true);
    expect((await save("clients", "del", 1)).msg).toBe("save: record not found");
  });

  test("delbulk fails whole when one id is unknown; [] succeeds; addbulk [] fails", async () => {
    await save("clients", "addbulk", [newClient("a"), newClient("b")]);
    expect((await save("clients", "delbulk", [1, 99])).msg).toBe("save: record not found");
    expect(panel.clients()).toHaveLength(2);
    expect((await save("clients", "delbulk", [])).success).toBe(true);
    expect((await save("clients", "addbulk", [])).success).toBe(false);
    expect((await save("clients", "delbulk", [1, 2])).success).toBe(true);
    expect(panel.clients()).toEqual([]);
  });

  test("editbulk takes config and links from the database, everything else from the payload", async () => {
    await save("clients", "new", newClient("a"));
    const before = panel.client(1);
    const answer = await save("clients", "editbulk", [{ ...newClient("a", { id: 1, volume: 7 }), config: {}, links: [] }]);
    expect(answer.success).toBe(true);
    const after = panel.client(1);
    expect(after?.volume).toBe(7);
    expect(after?.config).toEqual(before?.config ?? null);
    expect(after?.links).toEqual(before?.links ?? null);
  });

  test("a failed save changes nothing (one transaction)", async () => {
    await save("clients", "new", newClient("a"));
    const answer = await save("clients", "editbulk", [newClient("a", { id: 1, volume: 9 }), newClient("x", { id: 77 })]);
    expect(answer.msg).toBe("save: record not found");
    expect(panel.client(1)?.volume).toBe(1000);
  });
});

describe("clients reads", () => {
  test("the list is summary rows: no config or links, and the reset fields read zero whatever is stored", async () => {
    panel.addClientByHand({ name: "hand", config: { vless: { name: "", uuid: "u" } }, inbounds: [1], autoReset: true, resetDays: 30, totalUp: 5, totalDown: 6, nextReset: 99, delayStart: true });
    const [row] = clientsOf((await get("clients")).body);
    expect(row).not.toHaveProperty("config");
    expect(row).not.toHaveProperty("links");
    expect(row).toMatchObject({ name: "hand", inbounds: [1], delayStart: false, autoReset: false, resetDays: 0, nextReset: 0, totalUp: 0, totalDown: 0 });
    const [full] = clientsOf((await get("clients?id=1")).body);
    expect(full).toMatchObject({ autoReset: true, resetDays: 30, totalUp: 5, totalDown: 6, nextReset: 99, delayStart: true });
    expect(full).toHaveProperty("config");
    expect(full).toHaveProperty("links");
  });

  test("?id=a,b gives full rows id ascending; unknown ids are simply missing; no match is []", async () => {
    for (const name of ["a", "b", "c"]) panel.addClientByHand({ name });
    expect(clientsOf((await get("clients?id=3,1,99")).body).map((c) => c.id)).toEqual([1, 3]);
    expect(clientsOf((await get("clients?id=99")).body)).toEqual([]);
  });

  test("inbounds lists id, type, tag, tls_id, listen, listen_port and the linked client names", async () => {
    panel.addClientByHand({ name: "a", inbounds: [1] });
    const { inbounds } = (await get("inbounds")).body.obj as { inbounds: Row[] };
    expect(inbounds).toEqual([
      { id: 1, type: "vless", tag: "vless-in", tls_id: 0, listen: "::", listen_port: 443, users: ["a"] },
      { id: 2, type: "trojan", tag: "trojan-in", tls_id: 0, listen: "::", listen_port: 8443, users: [] },
    ]);
  });

  test("status answers only the requested keys; none requested gives {}", async () => {
    panel.addClientByHand({ name: "a", up: 10, down: 20, totalUp: 1 });
    const { obj } = (await get("status?r=sbd,db")).body;
    expect(Object.keys(obj as Row).sort()).toEqual(["db", "sbd"]);
    expect(obj).toMatchObject({ sbd: { running: true }, db: { clients: 1, inbounds: 2, clientUp: 11, clientDown: 20 } });
    expect((await get("status")).body.obj).toEqual({});
    expect(Object.keys((await get("status?r=cpu,mem")).body.obj as Row).sort()).toEqual(["cpu", "mem"]);
  });

  test("onlines is {} when idle and names the clients that moved traffic", async () => {
    expect((await get("onlines")).body.obj).toEqual({});
    panel.addClientByHand({ name: "a", inbounds: [1] });
    panel.addTraffic("a", 1, 1);
    expect((await get("onlines")).body.obj).toEqual({ user: ["a"], inbound: ["vless-in"] });
  });

  test("load without lu returns everything; with a recent lu only onlines", async () => {
    const full = (await get("load")).body.obj as Row;
    expect(full).toHaveProperty("clients");
    expect(full.outbounds).toBeNull();
    const later = (await get(`load?lu=${Math.floor(Date.now() / 1000) + 60}`)).body.obj;
    expect(later).toEqual({ onlines: {} });
    expect((await get("load?lu=abc")).body.success).toBe(false);
  });
});

describe("the stats and deplete jobs", () => {
  test("traffic goes to every client of that name", async () => {
    panel.addClientByHand({ name: "dup" });
    panel.addClientByHand({ name: "dup" });
    expect(panel.addTraffic("dup", 5, 7)).toBe(2);
    expect(panel.clients().map((c) => [c.up, c.down])).toEqual([
      [5, 7],
      [5, 7],
    ]);
    expect(panel.client(1)?.onlineAt).toBeGreaterThan(0);
  });

  test("deplete disables strictly over volume or past expiry, and nothing at the limit", async () => {
    panel.addClientByHand({ name: "at-limit", volume: 100, up: 50, down: 50 });
    panel.addClientByHand({ name: "over", volume: 100, up: 50, down: 51 });
    panel.addClientByHand({ name: "expired", expiry: 1000 });
    panel.addClientByHand({ name: "expires-now", expiry: 2000 });
    panel.addClientByHand({ name: "unlimited", up: 10 ** 12 });
    expect(panel.deplete(2000)).toEqual(["over", "expired"]);
    expect(panel.clients().map((c) => c.enable)).toEqual([true, false, false, true, true]);
  });
});

describe("the subscription server", () => {
  async function sub(path: string, init?: RequestInit): Promise<Response> {
    return fetch(`${panel.subUrl}${path}`, init);
  }

  test("an enabled client gets its links, base64 padded, with the headers clients read", async () => {
    await save("clients", "new", newClient("carol", { volume: 2048, expiry: 1_900_000_000, remark: "" }));
    panel.addTraffic("carol", 10, 20);
    const response = await sub("carol");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("subscription-userinfo")).toBe("upload=10; download=20; total=2048; expire=1900000000");
    expect(response.headers.get("profile-update-interval")).toBe("12");
    expect(response.headers.get("profile-title")).toBe("carol");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="carol"; filename*=UTF-8''carol`);
    const body = await response.text();
    expect(body).toBe(Buffer.from((panel.client(1)?.links ?? []).map((l) => l.uri).join("\n")).toString("base64"));
    expect(body.length % 4).toBe(0);
  });

  test("Profile-Title is the remark when set; Content-Disposition keeps an ASCII fallback and a UTF-8 form", async () => {
    panel.addClientByHand({ name: "d", remark: "پلن \"طلایی\" Gold" });
    const response = await sub("d");
    // Raw UTF-8 bytes on the wire, as Go sends them: fetch reads them as latin1.
    const wire = response.headers.get("profile-title") ?? "";
    expect(Buffer.from(wire, "latin1").toString("utf8")).toBe("پلن \"طلایی\" Gold");
    expect(response.headers.get("content-disposition")).toStartWith(`attachment; filename="__ Gold"; filename*=UTF-8''%D9%BE`);
  });

  test("HEAD gives the headers only", async () => {
    panel.addClientByHand({ name: "e", volume: 5 });
    const response = await sub("e", { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("subscription-userinfo")).toBe("upload=0; download=0; total=5; expire=0");
    expect(await response.text()).toBe("");
  });

  test("json and clash formats; any other format, unknown or disabled client is 400 'Error!'", async () => {
    await save("clients", "new", newClient("f"));
    const json = await sub("f?format=json");
    expect(json.status).toBe(200);
    expect((JSON.parse(await json.text()) as { outbounds: Row[] }).outbounds.map((o) => o.type)).toContain("vless");
    const clash = await sub("f?format=clash");
    expect(await clash.text()).toContain("proxies:");
    expect(clash.headers.get("subscription-userinfo")).not.toBeNull();
    for (const path of ["f?format=v2ray", "f?format=", "nobody"]) {
      const refused = await sub(path);
      expect([refused.status, await refused.text()]).toEqual([400, "Error!"]);
    }
    panel.deplete(Number.MAX_SAFE_INTEGER);
    await save("clients", "edit", { ...(clientsOf((await get("clients?id=1")).body)[0] as Row), enable: false });
    expect((await sub("f")).status).toBe(400);
  });

  test("with duplicate names the first enabled client answers", async () => {
    panel.addClientByHand({ name: "dup", volume: 1, enable: false });
    panel.addClientByHand({ name: "dup", volume: 2 });
    panel.addClientByHand({ name: "dup", volume: 3 });
    expect((await sub("dup")).headers.get("subscription-userinfo")).toContain("total=2");
  });

  test("paths outside the subscription path are 404", async () => {
    expect((await fetch(panel.subUrl.replace("/sub/", "/other/x"))).status).toBe(404);
  });
});

describe("fault injection and counters", () => {
  test("down refuses connections until restart, on the same ports", async () => {
    await panel.setFault({ mode: "down" });
    await expect(fetch(`${panel.url}apiv2/status`)).rejects.toThrow();
    await expect(fetch(`${panel.subUrl}x`)).rejects.toThrow();
    await panel.restart();
    expect((await get("status?r=sbd")).body.success).toBe(true);
  });

  test("slow answers late but has already done the work", async () => {
    await panel.setFault({ mode: "slow", delayMs: 150, actions: ["save"] });
    const pending = save("clients", "new", newClient("late"));
    await Bun.sleep(50);
    expect(panel.clients().map((c) => c.name)).toEqual(["late"]);
    const started = performance.now();
    await pending;
    expect(performance.now() - started).toBeGreaterThan(50);
  });

  test("http500 answers an empty 500; times limits it to the next N requests", async () => {
    await panel.setFault({ mode: "http500", times: 1 });
    const first = await fetch(`${panel.url}apiv2/status`, { headers: { Token: panel.token } });
    expect([first.status, await first.text()]).toEqual([500, ""]);
    expect((await get("status")).status).toBe(200);
  });

  test("invalidToken answers like a revoked token; dbLocked like a busy SQLite", async () => {
    await panel.setFault({ mode: "invalidToken", times: 1 });
    expect((await get("clients")).body.msg).toBe(": invalid token\n");
    await panel.setFault({ mode: "dbLocked" });
    expect(await save("clients", "new", newClient("x"))).toEqual({ success: false, msg: "save: database is locked", obj: null });
    expect((await get("clients")).body.msg).toBe("clients: database is locked");
    expect(panel.clients()).toEqual([]);
  });

  test("actions limits a fault to some requests, including a save key", async () => {
    await panel.setFault({ mode: "dbLocked", actions: ["save:clients:edit"] });
    expect((await save("clients", "new", newClient("a"))).success).toBe(true);
    expect((await save("clients", "edit", newClient("a", { id: 1 }))).msg).toBe("save: database is locked");
    expect((await get("clients")).body.success).toBe(true);
  });

  test("counts per action and per save key, resettable", async () => {
    await get("clients");
    await get("status?r=db");
    await save("clients", "new", newClient("a"));
    await fetch(`${panel.subUrl}a`);
    expect(panel.counts()).toEqual({ clients: 1, status: 1, save: 1, "save:clients:new": 1, sub: 1 });
    panel.resetCounts();
    expect(panel.counts()).toEqual({});
  });

  test("the token can be rotated", async () => {
    const old = panel.token;
    panel.setToken("N3wTokenN3wTokenN3wTokenN3wToken");
    expect((await get("clients", { token: old })).body.msg).toBe(": invalid token\n");
    expect((await get("clients")).body.success).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";
import { GB } from "../support/world.ts";
import { createHttpWorld, type HttpWorld } from "./support.ts";

let h: HttpWorld;
let second: SuiPanel | undefined;
beforeEach(async () => {
  h = await createHttpWorld();
});
afterEach(async () => {
  await second?.stop();
  second = undefined;
  await h.close();
});

const APP = { "user-agent": "v2rayNG/1.9.5" };
const userinfo = (value: string | null) => Object.fromEntries((value ?? "").split(";").map((part) => part.trim().split("=")).map(([k, v]) => [k, Number(v)]));

async function useTraffic(id: string, up: number, down: number) {
  h.world.panel.addTraffic(`sk-${id}`, up, down);
  await h.world.subscriptions.resync(id);
  await h.world.settle();
}

describe("GET /sub/:token while the panel answers", () => {
  test("the panel's subscription with the customer's headers", async () => {
    const sub = await h.activeSubscription(101, { trafficBytes: 10 * GB });
    const answer = await h.call("GET", `/sub/${sub.token}`, { token: null, headers: APP });
    expect(answer.status).toBe(200);
    const links = Buffer.from(answer.text, "base64").toString();
    expect(links).toContain("vless://");
    expect(links).toContain("trojan://");
    const info = userinfo(answer.headers.get("subscription-userinfo"));
    expect(info).toEqual({ upload: 0, download: 0, total: 10 * GB, expire: Math.floor(h.world.subscriptions.get(sub.id)!.expiresAt! / 1000) });
    expect(answer.headers.get("profile-title")).toBe("Monthly 50 GB");
    expect(answer.headers.get("profile-update-interval")).toBe("12");
    expect(answer.headers.get("content-disposition")).toContain('filename="Monthly 50 GB"');
    expect(answer.headers.get("x-subkeeper-stale")).toBeNull();
  });

  test("?format=json and ?format=clash pass through; another format is 400; unknown tokens are a plain 404", async () => {
    const sub = await h.activeSubscription(101);
    const json = await h.call("GET", `/sub/${sub.token}?format=json`, { token: null, headers: APP });
    expect(json.status).toBe(200);
    expect(JSON.parse(json.text).outbounds.length).toBeGreaterThan(1);
    expect(json.headers.get("content-disposition")).toContain(".json");
    const clash = await h.call("GET", `/sub/${sub.token}?format=clash`, { token: null, headers: APP });
    expect(clash.text).toContain("proxies:");
    const xml = await h.call("GET", `/sub/${sub.token}?format=xml`, { token: null, headers: APP });
    expect(xml.status).toBe(400);
    expect(xml.json.error.code).toBe("invalid-input");
    for (const token of ["AAAAAAAAAAAAAAAAAAAAAA", "short", "../../etc/passwd", sub.id]) {
      const unknown = await h.call("GET", `/sub/${encodeURIComponent(token)}`, { token: null, headers: APP });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get("content-type")).toContain("text/plain");
      expect(unknown.text).toBe("Not found\n");
    }
  });

  test("usage is the customer's period: after a reset renewal the panel's counters are not shown as used", async () => {
    const sub = await h.activeSubscription(101, { trafficBytes: 10 * GB });
    await useTraffic(sub.id, 1 * GB, 3 * GB);
    let info = userinfo((await h.call("GET", `/sub/${sub.token}`, { token: null, headers: APP })).headers.get("subscription-userinfo"));
    expect(info.upload + info.download).toBe(4 * GB);
    expect(info.upload).toBe(1 * GB);
    expect(info.total).toBe(10 * GB);

    h.world.credit(101, 1_000_000);
    const plan = h.world.plan({ name: "Monthly 10 GB", trafficBytes: 10 * GB, renewalPolicy: "reset" });
    const renewal = await h.world.sales.startOrder({ customerId: 101, kind: "renewal", planId: plan, method: "wallet", subscriptionId: sub.id });
    expect(renewal.ok).toBe(true);
    await h.world.settle();
    await useTraffic(sub.id, 1 * GB, 1 * GB);
    h.world.clock.advance(10_000);
    info = userinfo((await h.call("GET", `/sub/${sub.token}`, { token: null, headers: APP })).headers.get("subscription-userinfo"));
    // The panel counts 6 GB on the client; this period began at 4 GB.
    expect(info.upload + info.download).toBe(2 * GB);
    expect(info.upload).toBe(Math.round((2 * GB * 2) / 6));
    expect(info.total).toBe(10 * GB);
  });

  test("a hot token is served from memory for a few seconds; concurrent misses make one panel request", async () => {
    const sub = await h.activeSubscription(101);
    h.world.panel.resetCounts();
    await Promise.all(Array.from({ length: 10 }, () => h.call("GET", `/sub/${sub.token}`, { token: null, headers: APP })));
    expect(h.world.panel.counts().sub).toBe(1);
    await h.call("GET", `/sub/${sub.token}`, { token: null, headers: APP });
    expect(h.world.panel.counts().sub).toBe(1);
    h.world.clock.advance(5_001);
    await h.call("GET", `/sub/${sub.token}`, { token: null, headers: APP });
    expect(h.world.panel.counts().sub).toBe(2);
    const metrics = (await h.call("GET", "/metrics", { token: null })).text;
    // The ten that shared one panel request all got a fresh answer.
    expect(metrics).toContain('subkeeper_subscription_requests_total{outcome="fresh"} 11');
    expect(metrics).toContain('subkeeper_subscription_requests_total{outcome="cached"} 1');
  });
});

describe("GET /sub/:token while the panel fails", () => {
  test("the last good copy is served with its age; 503 only when there is no copy", async () => {
    const sub = await h.activeSubscription(101);
    const never = await h.activeSubscription(102);
    const good = await h.call("GET", `/sub/${sub.token}`, { token: null, headers: APP });
    expect(good.status).toBe(200);

    await h.world.panel.setFault({ mode: "down" });
    h.world.clock.advance(90_000);
    const stale = await h.call("GET", `/sub/${sub.token}`, { token: null, headers: APP });
    expect(stale.status).toBe(200);
    expect(stale.text).toBe(good.text);
    expect(stale.headers.get("x-subkeeper-stale")).toBe("90");
    expect(stale.headers.get("warning")).toContain("110");
    expect(stale.headers.get("subscription-userinfo")).toBe(good.headers.get("subscription-userinfo"));

    const none = await h.call("GET", `/sub/${never.token}`, { token: null, headers: APP });
    expect(none.status).toBe(503);
    expect(none.headers.get("retry-after")).toBe("60");
    expect(none.text).not.toContain("127.0.0.1");

    // Back up: once the short back-off has passed, fresh answers again.
    await h.world.panel.setFault(null);
    h.world.clock.advance(11_000);
    const fresh = await h.call("GET", `/sub/${never.token}`, { token: null, headers: APP });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("x-subkeeper-stale")).toBeNull();
  });

  test("a client missing on the panel falls back alone: the server's other subscriptions stay fresh", async () => {
    const lost = await h.activeSubscription(101);
    const fine = await h.activeSubscription(102);
    await h.call("GET", `/sub/${lost.token}`, { token: null, headers: APP });
    // The panel no longer serves this client (its subscription server answers 400 for it).
    h.world.db.query("UPDATE subscriptions SET client_name = 'sk-gone' WHERE id = ?").run(lost.id);
    h.world.clock.advance(10_000);
    const stale = await h.call("GET", `/sub/${lost.token}`, { token: null, headers: APP });
    expect(stale.headers.get("x-subkeeper-stale")).toBe("10");
    const fresh = await h.call("GET", `/sub/${fine.token}`, { token: null, headers: APP });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("x-subkeeper-stale")).toBeNull();
  });

  test("the copy survives a restart of the app: it lives in subscription_cache", async () => {
    const sub = await h.activeSubscription(101);
    await h.call("GET", `/sub/${sub.token}?format=json`, { token: null, headers: APP });
    const row = h.world.db.query<{ format: string; fetched_at: number }, [string]>("SELECT format, fetched_at FROM subscription_cache WHERE subscription_id = ?").get(sub.id);
    expect(row).toMatchObject({ format: "json", fetched_at: h.world.clock.now() });
    const restarted = await import("../../src/http/app.ts").then(({ createHttpApp }) =>
      createHttpApp({ core: h.world, metrics: h.metrics, operatorToken: undefined, publicUrl: "https://sub.example.com", log: h.world.runtime.log }),
    );
    await h.world.panel.setFault({ mode: "http500", actions: ["sub"] });
    const response = await restarted.handle(new Request(`http://localhost/sub/${sub.token}?format=json`, { headers: APP }));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-subkeeper-stale")).toBe("0");
    expect(JSON.parse(await response.text()).outbounds.length).toBeGreaterThan(1);
  });

  test("a client the panel keeps disabled is served its stored copy without asking the panel", async () => {
    const sub = await h.activeSubscription(101, { trafficBytes: 1 * GB });
    await h.call("GET", `/sub/${sub.token}`, { token: null, headers: APP });
    await useTraffic(sub.id, 0, 1 * GB + 1);
    expect(h.world.subscriptions.get(sub.id)!.state).toBe("limited");
    h.world.panel.resetCounts();
    h.world.clock.advance(10_000);
    const answer = await h.call("GET", `/sub/${sub.token}`, { token: null, headers: APP });
    expect(answer.status).toBe(200);
    expect(h.world.panel.counts().sub ?? 0).toBe(0);
    const info = userinfo(answer.headers.get("subscription-userinfo"));
    expect(info.upload + info.download).toBe(1 * GB + 1);
  });
});

describe("after a move to another server", () => {
  test("the same link follows the subscription to the new panel, usage unchanged", async () => {
    const sub = await h.activeSubscription(101, { trafficBytes: 10 * GB });
    await useTraffic(sub.id, 1 * GB, 1 * GB);
    const before = await h.call("GET", `/sub/${sub.token}`, { token: null, headers: APP });
    second = await startSuiPanel();
    await h.world.addPanel("s2", second);

    const moved = await h.call("POST", `/api/actors/subscription/${sub.id}/events`, { body: { type: "MOVE", serverId: "s2" } });
    expect(moved.status).toBe(202);
    await h.world.settle();
    expect(h.world.subscriptions.get(sub.id)!.serverId).toBe("s2");
    expect(h.world.panel.clients().filter((c) => c.name === `sk-${sub.id}`)).toHaveLength(0);

    second.resetCounts();
    const after = await h.call("GET", `/sub/${sub.token}`, { token: null, headers: APP });
    expect(after.status).toBe(200);
    expect(second.counts().sub).toBe(1);
    expect(Buffer.from(after.text, "base64").toString()).toContain("vless://");
    const info = userinfo(after.headers.get("subscription-userinfo"));
    expect(info.upload + info.download).toBe(2 * GB);
    expect(info.total).toBe(10 * GB);
    expect(userinfo(before.headers.get("subscription-userinfo")).total).toBe(10 * GB);

    // New traffic on the new panel adds to what was used before the move.
    second.addTraffic(`sk-${sub.id}`, 0, 1 * GB);
    h.world.clock.advance(10_000);
    const later = userinfo((await h.call("GET", `/sub/${sub.token}`, { token: null, headers: APP })).headers.get("subscription-userinfo"));
    expect(later.upload + later.download).toBe(3 * GB);
  });
});

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCore, type Core } from "../../src/core.ts";
import { RecordingNotices } from "../../src/kinds/notices.ts";
import { openTokenBox } from "../../src/panels/token-box.ts";
import { openDatabase } from "../../src/store/db.ts";
import { upsertCustomer } from "../../src/store/customers.ts";
import { createMetrics } from "../../src/http/metrics/index.ts";
import { ManualClock } from "../support/world.ts";
import { createHttpWorld, type HttpWorld } from "./support.ts";

let h: HttpWorld;
beforeEach(async () => {
  h = await createHttpWorld();
});
afterEach(async () => {
  await h.close();
});

const METRIC_NAMES = [
  "subkeeper_actor_events_total",
  "subkeeper_actor_transitions_total",
  "subkeeper_effect_failures_total",
  "subkeeper_provisioning_duration_seconds",
  "subkeeper_panel_request_duration_seconds",
  "subkeeper_panel_errors_total",
  "subkeeper_telegram_rate_limited_total",
  "subkeeper_pending_receipts",
  "subkeeper_active_subscriptions",
  "subkeeper_quarantined_actors",
  "subkeeper_subscription_requests_total",
];

describe("/metrics", () => {
  test("every metric the operator spec lists is exposed, on our own registry", async () => {
    const answer = await h.call("GET", "/metrics", { token: null });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("text/plain");
    for (const name of METRIC_NAMES) expect(answer.text).toContain(`# TYPE ${name} `);
  });

  test("runtime counters come from the observer; provisioning latency from the journal; panel calls per server; gauges from the store", async () => {
    const sub = await h.activeSubscription(101);
    h.metrics.telegramRateLimited.inc();
    await h.call("GET", `/sub/${sub.token}`, { token: null, headers: { "user-agent": "Hiddify/2" } });
    await h.world.panel.setFault({ mode: "http500", actions: ["sub"] });
    h.world.clock.advance(60_000);
    await h.call("GET", `/sub/${sub.token}`, { token: null, headers: { "user-agent": "Hiddify/2" } });

    const text = await h.metrics.registry.metrics();
    expect(text).toContain("subkeeper_provisioning_duration_seconds_count 1");
    expect(text).toContain("subkeeper_active_subscriptions 1");
    expect(text).toContain("subkeeper_telegram_rate_limited_total 1");
    expect(text).toMatch(/subkeeper_panel_request_duration_seconds_count\{server="s1",call="fetchSubscription"\} 2/);
    expect(text).toMatch(/subkeeper_panel_errors_total\{server="s1",call="fetchSubscription",kind="transient"\} 1/);
    expect(text).toContain('subkeeper_subscription_requests_total{outcome="stale"} 1');
  });

  test("a core built with the metrics' observer counts events, transitions and effect failures", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sk-metrics-"));
    const db = openDatabase(join(dir, "store.sqlite"));
    const clock = new ManualClock();
    const metrics = createMetrics({ db, defaultMetrics: false });
    let core: Core | undefined;
    try {
      core = buildCore({ db, tokens: await openTokenBox("a test key that is long enough"), notices: new RecordingNotices(), publicUrl: "https://x", clock, observer: metrics.observer, autoSchedule: false });
      await core.runtime.start();
      upsertCustomer(db, { telegramId: 7, language: "en" }, clock.now());
      // A trial with no server to place it on: the order fulfils, the subscription's placement fails and waits.
      expect(core.sales.startTrial(7).ok).toBe(true);
      for (let i = 0; i < 5; i++) {
        await core.runtime.runDue();
        await core.runtime.idle();
      }
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/subkeeper_actor_events_total\{kind="order"\} [1-9]/);
      expect(text).toMatch(/subkeeper_actor_transitions_total\{kind="order",from="none",to="fulfilling"\} 1/);
      expect(text).toMatch(/subkeeper_actor_transitions_total\{kind="subscription",from="provisioning.placing",to="provisioning.retry_wait"\} 1/);
      expect(text).toMatch(/subkeeper_effect_failures_total\{kind="subscription",effect="place",final="true"\} 1/);
    } finally {
      await core?.runtime.stop(100);
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("OpenAPI", () => {
  test("/openapi/json lists every route of the app with its params, body schema and responses", async () => {
    const answer = await h.call("GET", "/openapi/json", { token: null });
    expect(answer.status).toBe(200);
    const document = answer.json;
    expect(document.openapi).toBe("3.0.3");
    const documented = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      for (const method of Object.keys(operations)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    // The /api catch-all (ALL, hidden) only answers 404 behind the guard, and the console's pages are hidden: neither
    // is an operation of the API to document.
    const operations = h.app.routes.filter((r) => r.method !== "ALL" && (r.hooks as { detail?: { hide?: boolean } } | undefined)?.detail?.hide !== true);
    const routes = operations.map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`);
    expect([...documented].sort()).toEqual([...new Set(routes)].sort());
    expect(routes.length).toBeGreaterThanOrEqual(25);

    for (const route of operations) {
      const op = document.paths[route.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")][route.method.toLowerCase()];
      expect(op.summary).toBeString();
      expect(Object.keys(op.responses).length).toBeGreaterThan(0);
      const pathParams = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
      for (const name of pathParams) expect(op.parameters.some((p: any) => p.name === name && p.in === "path")).toBe(true);
      if ((route.hooks as any)?.body) expect(op.requestBody.content["application/json"].schema.type).toBe("object");
      if (route.path.startsWith("/api/")) {
        expect(op.security).toEqual([{ bearer: [] }]);
        expect(op.responses["401"]).toBeDefined();
      }
    }
    const events = document.paths["/api/actors/{kind}/{id}/events"].post;
    expect(Object.keys(events.responses).sort()).toEqual(["202", "400", "401", "404", "409", "413", "415", "422"]);
    expect(events.requestBody.content["application/json"].schema.properties.type.type).toBe("string");
    expect(events.parameters.map((p: any) => p.name)).toEqual(["kind", "id", "Idempotency-Key"]);
    const addServer = document.paths["/api/servers"].post.requestBody.content["application/json"].schema;
    expect(addServer.required).toEqual(["name", "panelUrl"]);
    expect(Object.keys(addServer.properties)).toEqual(expect.arrayContaining(["panel", "apiToken", "username", "password", "inboundIds"]));
    expect(document.paths["/api/actors"].get.parameters.find((p: any) => p.name === "limit").schema).toMatchObject({ type: "number", minimum: 1, maximum: 500 });
  });

  test("/openapi is a page listing the same routes", async () => {
    const page = await h.call("GET", "/openapi", { token: null });
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.text).toContain("/api/actors/{kind}/{id}/events");
    expect(page.text).toContain("/sub/{token}");
    expect(page.text).not.toContain("<script src=");
  });
});

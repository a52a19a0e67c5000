/**
 * Bad input at the HTTP API, thrown by fast-check: every route the app has, with junk in its path parameters, junk
 * query strings, malformed or ill-typed bodies, odd content types and Idempotency-Keys; and paths that are no route
 * at all. Whatever comes in: never a 5xx, every refusal is `{"error": {"code", "message"}}` with a 4xx (the
 * customer-facing /sub/:token answers a plain-text 404 by design), and no refusal changes a row of state.
 *
 * Mutating requests are invalid by construction (ids that do not exist, or bodies that cannot pass: not JSON, not an
 * object, or carrying a field no route takes), so a 2xx to one of them is a finding too.
 *
 *   RELIABILITY_SEED=… RELIABILITY_RUNS=2000 npx bun test test/reliability/bad-input-http.test.ts
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import fc from "fast-check";
import { createHttpWorld, TOKEN, type HttpWorld } from "../http/support.ts";
import { changedTables, STATE_TABLES, tableDigests } from "./support/digest.ts";
import { envInt, seedFromEnv } from "./support/prng.ts";

const SEED = seedFromEnv();
const RUNS = envInt("RELIABILITY_RUNS", 400);
export const tried = { requests: 0, byStatus: {} as Record<number, number> };

let h: HttpWorld;
let existing: { planId: string; serverId: string; subscriptionId: string; orderId: string; token: string; customerId: string };
let routes: { method: string; path: string }[];

beforeAll(async () => {
  h = await createHttpWorld();
  const sub = await h.activeSubscription(101);
  const plan = h.world.db.query<{ id: number }, []>("SELECT id FROM plans LIMIT 1").get()!;
  existing = { planId: String(plan.id), serverId: "s1", subscriptionId: sub.id, orderId: sub.orderId, token: sub.token, customerId: "101" };
  routes = (h.app.routes as { method: string; path: string }[]).filter((r) => r.method !== "ALL").map((r) => ({ method: r.method, path: r.path }));
  console.log(`reliability bad-input-http: seed ${SEED}, ${RUNS} runs per property`);
});
afterAll(async () => {
  console.log(`RELIABILITY ${JSON.stringify({ reliability: "bad-input-http", seed: SEED, requests: tried.requests, byStatus: tried.byStatus })}`);
  await h.close();
});

// ---- what junk looks like

const tricky = fc.constantFrom(
  "", " ", "0", "-1", "1.5", "1e3", "NaN", "null", "undefined", "true", "[]", "{}", "99999999999999999999", "9007199254740993",
  "%00", "..%2F..%2Fetc%2Fpasswd", "' OR 1=1 --", "\"; DROP TABLE plans; --", "<script>alert(1)</script>", "${7*7}", "{{7*7}}",
  "٣", "۱۲۳", "𝟙𝟚𝟛", "\u0000", "\u202e", "a".repeat(300), "subscription", "order", "server", "broadcast", "s1",
);
const junkText = fc.oneof(tricky, fc.string({ maxLength: 60 }), fc.string({ unit: "binary", maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 30 }));
const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  tricky,
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, [], {}, [[[]]], { type: null }, Number.MAX_SAFE_INTEGER + 2),
);

/** Path parameter values that name nothing that exists. */
const missingId = junkText.filter((value) => !Object.values(existing).includes(value));
/** Bodies that no route can accept. */
const invalidBody = fc.oneof(
  // not JSON at all, or JSON cut short
  junkText.map((text) => ({ raw: text.length > 0 && !isJson(text) ? text : `${text}{` })),
  fc.json({ maxDepth: 2 }).map((text) => ({ raw: text.slice(0, Math.max(1, text.length - 1)) + (isJson(text.slice(0, -1)) ? "]" : "") })),
  // JSON that is not an object
  fc.oneof(fc.array(junkValue, { maxLength: 4 }), fc.string(), fc.double(), fc.boolean(), fc.constant(null)).map((value) => ({ json: value })),
  // an object carrying a field nobody takes, beside known names with junk values
  fc
    .record({
      known: fc.dictionary(
        fc.constantFrom("name", "price", "trafficBytes", "days", "type", "serverId", "by", "panelUrl", "apiToken", "inboundIds", "capacity", "cards", "paymentWindowHours", "trialDays", "active", "kind"),
        junkValue,
        { maxKeys: 4 },
      ),
      unknown: fc.string({ minLength: 1, maxLength: 12 }).map((key) => `x_${key}`),
      value: junkValue,
    })
    .map(({ known, unknown, value }) => ({ json: { ...known, [unknown]: value } })),
);
const anyBody = fc.oneof(invalidBody, fc.constant(undefined), fc.jsonValue({ maxDepth: 3 }).map((value) => ({ json: value })));
const contentType = fc.constantFrom("application/json", "application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "", "application/json; charset=utf-16", "application/vnd.api+json");
const headerSafe = fc.string({ unit: "binary-ascii", maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, ""));
const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom("limit", "cursor", "state", "kind", "before", "active", "format", "lang", "quarantined", "id", "__proto__", "constructor", "limit[]"), fc.string({ maxLength: 10 })),
      fc.oneof(junkText, fc.constant("")),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&"));

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

interface Junk {
  method: string;
  path: string;
  body: { raw: string } | { json: unknown } | undefined;
  contentType: string;
  idempotencyKey: string | undefined;
  token: "right" | "none" | "wrong";
}

const MUTATING = new Set(["POST", "PATCH", "DELETE", "PUT"]);

/** A request at a real route, with junk where a caller controls something. */
function routeRequest(): fc.Arbitrary<Junk> {
  return fc
    .record({
      route: fc.constantFrom(...routes),
      params: fc.array(fc.oneof(missingId, fc.constantFrom(...Object.values(existing))), { minLength: 3, maxLength: 3 }),
      missing: fc.array(missingId, { minLength: 3, maxLength: 3 }),
      query: queryString,
      body: invalidBody,
      anyBody,
      contentType,
      idempotencyKey: fc.option(fc.oneof(headerSafe, fc.uuid()), { nil: undefined }),
    })
    .map(({ route, params, missing, query, body, anyBody: loose, contentType: type, idempotencyKey }) => {
      const mutating = MUTATING.has(route.method);
      // A DELETE takes no body: only an id that names nothing makes it invalid.
      const values = route.method === "DELETE" ? missing : params;
      let i = 0;
      const path = route.path.replace(/:[A-Za-z]+/g, () => encodeURIComponent(values[i++]!));
      return {
        method: route.method,
        path: `${path}${query ? `?${query}` : ""}`,
        // A mutating request always carries a body no route accepts; a read may carry anything.
        body: mutating ? body : loose,
        contentType: mutating && "json" in body && type !== "application/json" && type !== "application/vnd.api+json" ? "application/json" : type,
        idempotencyKey,
        token: "right" as const,
      };
    });
}

/** A path that is no route, with any method. */
function strayRequest(): fc.Arbitrary<Junk> {
  return fc
    .record({
      method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"),
      prefix: fc.constantFrom("/api/", "/api", "/", "/sub/", "/api/actors/", "/api/plans/1/x/", "/openapi/", "/telegram/"),
      rest: fc.oneof(fc.webPath(), junkText.map(encodeURIComponent)).filter((rest) => rest.replace(/^\/+/, "").length > 0),
      body: anyBody,
      contentType,
      token: fc.constantFrom("right" as const, "none" as const, "wrong" as const),
    })
    .map(({ method, prefix, rest, body, contentType: type, token }) => ({
      method,
      path: `${prefix}${rest.replace(/^\/+/, "")}`,
      body: method === "GET" || method === "HEAD" ? undefined : body,
      contentType: type,
      idempotencyKey: undefined,
      token,
    }));
}

async function send(junk: Junk): Promise<{ status: number; text: string; type: string; location: string | null }> {
  const headers: Record<string, string> = {};
  if (junk.token === "right") headers.authorization = `Bearer ${TOKEN}`;
  if (junk.token === "wrong") headers.authorization = `Bearer ${TOKEN}x`;
  if (junk.contentType) headers["content-type"] = junk.contentType;
  if (junk.idempotencyKey !== undefined) headers["idempotency-key"] = junk.idempotencyKey;
  const body = junk.body === undefined ? undefined : "raw" in junk.body ? junk.body.raw : JSON.stringify(junk.body.json);
  const response = await h.app.handle(new Request(`http://localhost${junk.path}`, { method: junk.method, headers, body }));
  const text = await response.text();
  tried.requests++;
  tried.byStatus[response.status] = (tried.byStatus[response.status] ?? 0) + 1;
  return { status: response.status, text, type: response.headers.get("content-type") ?? "", location: response.headers.get("location") };
}

/** The answer is a clear refusal or a plain read, and state is as it was. */
async function holds(junk: Junk): Promise<void> {
  const before = tableDigests(h.world.db, STATE_TABLES);
  const answer = await send(junk);
  const changed = changedTables(before, tableDigests(h.world.db, STATE_TABLES));
  const where = `${junk.method} ${junk.path} → ${answer.status} ${answer.text.slice(0, 200)}`;
  expect(answer.status, where).toBeLessThan(500);
  if (new URL(junk.path, "http://x").pathname.startsWith("/console")) {
    // The console is a browser's: without its session cookie a change is sent to the login page and a refusal is an
    // HTML page; the operator's bearer token opens nothing there.
    if (MUTATING.has(junk.method)) {
      const toLogin = answer.status === 303 && (answer.location ?? "").startsWith("/console/login");
      expect(toLogin || (answer.status >= 400 && answer.status < 500) ? "" : `accepted: ${where}`, where).toBe("");
    }
    expect(changed, where).toEqual([]);
  } else if (answer.status >= 400) {
    if (junk.method === "HEAD" && answer.text === "") {
      // A HEAD answer may carry no body (a server strips it anyway).
    } else if (junk.method === "GET" && junk.path.startsWith("/sub/") && answer.status === 404 && !answer.type.includes("json")) {
      expect(answer.text.trim(), where).toBe("Not found");
    } else {
      expect(answer.type, where).toContain("application/json");
      const error = (JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } }).error;
      expect(typeof error?.code === "string" && error.code.length > 0, where).toBe(true);
      expect(typeof error?.message === "string" && error.message.length > 0, where).toBe(true);
    }
    expect(changed, where).toEqual([]);
  } else {
    // Only reads may succeed: every mutating request here is invalid by construction.
    expect(MUTATING.has(junk.method) && junk.token === "right" ? `accepted: ${where}` : "", where).toBe("");
    expect(changed, where).toEqual([]);
  }
}

test("junk at every route: never a 5xx, refusals in the one error shape, no state changed", async () => {
  await fc.assert(fc.asyncProperty(routeRequest(), holds), { numRuns: RUNS, seed: SEED, endOnFailure: true });
}, 120_000);

test("paths that are no route, with or without the operator token: 401 or 404 in the error shape, nothing changed", async () => {
  await fc.assert(fc.asyncProperty(strayRequest(), holds), { numRuns: Math.ceil(RUNS / 2), seed: SEED + 1, endOnFailure: true });
}, 120_000);

test("oversized bodies are refused before they are read whole", async () => {
  const before = tableDigests(h.world.db);
  for (const [method, path] of [["POST", "/api/plans"], ["PATCH", "/api/settings"], ["POST", `/api/actors/subscription/${existing.subscriptionId}/events`], ["POST", "/api/servers"]] as const) {
    const huge = JSON.stringify({ name: "x".repeat(200_000) });
    const declared = await h.app.handle(new Request(`http://localhost${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: huge }));
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe("body-too-large");
    // Streamed without a Content-Length: cut off once it passes the limit.
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode("x".repeat(16_384)));
      },
    });
    const streamed = await h.app.handle(new Request(`http://localhost${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit));
    expect(streamed.status).toBe(413);
    tried.requests += 2;
  }
  expect(changedTables(before, tableDigests(h.world.db))).toEqual([]);
});

test("a panel URL that does not answer: the server is refused with the reason, nothing is stored", async () => {
  const dead = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = dead.port;
  await dead.stop(true);
  const before = tableDigests(h.world.db);
  for (const panelUrl of [`http://127.0.0.1:${port}/app/`, "http://127.0.0.1:1/", "ftp://example.com/", "not a url", "http://[::1"]) {
    const answer = await h.call("POST", "/api/servers", { body: { name: `dead-${port}`, panelUrl, apiToken: "a".repeat(32), subUrl: "http://127.0.0.1:1/sub/", inboundIds: [1] } });
    tried.requests++;
    expect(answer.status, `${panelUrl}: ${answer.text}`).toBeGreaterThanOrEqual(400);
    expect(answer.status, `${panelUrl}: ${answer.text}`).toBeLessThan(500);
    expect(answer.json.error.message.length).toBeGreaterThan(0);
  }
  expect(changedTables(before, tableDigests(h.world.db))).toEqual([]);
}, 30_000);

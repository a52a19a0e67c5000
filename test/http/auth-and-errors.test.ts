import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bearerMatches } from "../../src/http/auth.ts";
import { createHash } from "node:crypto";
import { createHttpWorld, TOKEN, type HttpWorld } from "./support.ts";

let h: HttpWorld;
beforeAll(async () => {
  h = await createHttpWorld();
});
afterAll(async () => {
  await h.close();
});

describe("operator auth", () => {
  test("no token, a wrong token, a wrong scheme: 401 in the one error shape, before any body is validated", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer wrong-token" }, { authorization: `Basic ${TOKEN}` }, { authorization: `Bearer ${TOKEN}x` }];
    for (const headers of attempts) {
      const answer = await h.call("GET", "/api/stats", { token: null, headers });
      expect(answer.status).toBe(401);
      expect(answer.json.error.code).toBe("unauthorized");
      expect(answer.headers.get("www-authenticate")).toContain("Bearer");
    }
    // A body no route accepts, to an unknown route or a real one, still says 401, not 400 or 404: without the token
    // nothing tells which routes exist or what a body should hold.
    for (const path of ["/api/nothing-here", "/api/settings", "/api"]) {
      const blind = await h.call("POST", path, { token: null, body: { oops: true } });
      expect(blind.status).toBe(401);
    }
    expect((await h.call("PATCH", "/api/settings", { token: null, body: { cards: "nope" } })).status).toBe(401);
  });

  test("the right token opens /api/*; /healthz, /metrics, /openapi and /sub need none", async () => {
    expect((await h.call("GET", "/api/stats")).status).toBe(200);
    expect((await h.call("GET", `/api/stats`, { token: null, headers: { authorization: `bearer   ${TOKEN}` } })).status).toBe(200);
    for (const path of ["/healthz", "/metrics", "/openapi/json", "/openapi"]) expect((await h.call("GET", path, { token: null })).status).toBe(200);
  });

  test("OPERATOR_TOKEN unset: every /api/* answers 401 saying the API is off, even with some token", async () => {
    const off = await createHttpWorld({ operatorToken: null });
    try {
      for (const path of ["/api/stats", "/api/actors", "/api/plans", "/api"]) {
        const answer = await off.call("GET", path, { token: "anything-at-all" });
        expect(answer.status).toBe(401);
        expect(answer.json.error.code).toBe("api-off");
        expect(answer.json.error.message).toContain("OPERATOR_TOKEN is not set");
      }
      expect((await off.call("GET", "/healthz")).status).toBe(200);
    } finally {
      await off.close();
    }
  });

  test("the comparison works on digests of equal length, whatever was sent", () => {
    const expected = createHash("sha256").update("s3cret-token-value").digest();
    expect(bearerMatches("Bearer s3cret-token-value", expected)).toBe(true);
    expect(bearerMatches("Bearer s3cret-token-valu", expected)).toBe(false);
    expect(bearerMatches("Bearer " + "x".repeat(10_000), expected)).toBe(false);
    expect(bearerMatches(null, expected)).toBe(false);
    expect(bearerMatches("Bearer", expected)).toBe(false);
  });
});

describe("errors are one shape with a fitting status", () => {
  test("malformed JSON is 400 malformed-body", async () => {
    const answer = await h.call("POST", "/api/plans", { body: '{"name": "x", ' });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: { code: "malformed-body", message: "the body is not valid JSON" } });
  });

  test("a body nested 30,000 deep is 400 body-too-deep on every route, at once; strings full of brackets are fine", async () => {
    const arrays = "[".repeat(30_000) + "]".repeat(30_000);
    const objects = '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000);
    for (const body of [arrays, objects]) {
      for (const [method, path] of [["PATCH", "/api/settings"], ["POST", "/api/plans"], ["POST", "/api/actors/server/s1/events"]] as const) {
        const answer = await h.call(method, path, { body });
        expect(answer.status).toBe(400);
        expect(answer.json.error.code).toBe("body-too-deep");
      }
    }
    const brackets = await h.call("PATCH", "/api/settings", { body: { supportHours: "[".repeat(90) } });
    expect(brackets.status).toBe(200);
  });

  test("/readyz answers 503 while the store refuses writes, and 200 again once it takes them", async () => {
    expect((await h.call("GET", "/readyz", { token: null })).status).toBe(200);
    // SQLite refusing every write on the connection, as it does for a store gone read-only or a full disk.
    h.world.db.exec("PRAGMA query_only = ON");
    try {
      const refused = await h.call("GET", "/readyz", { token: null });
      expect(refused.status).toBe(503);
      expect(refused.json).toEqual({ ok: false, store: false, runtime: true });
      expect((await h.call("GET", "/healthz", { token: null })).status).toBe(200);
    } finally {
      h.world.db.exec("PRAGMA query_only = OFF");
    }
    expect((await h.call("GET", "/readyz", { token: null })).status).toBe(200);
  });

  test("a body that is not JSON is 415", async () => {
    const answer = await h.call("POST", "/api/plans", { body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(answer.status).toBe(415);
    expect(answer.json.error.code).toBe("unsupported-media-type");
  });

  test("an oversized body is 413, declared or streamed", async () => {
    const big = JSON.stringify({ name: "x".repeat(70 * 1024) });
    const declared = await h.call("POST", "/api/plans", { body: big, headers: { "content-length": String(big.length) } });
    expect(declared.status).toBe(413);
    expect(declared.json.error.code).toBe("body-too-large");
    // No Content-Length: the stream is cut off once it passes the limit.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 100; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
        controller.close();
      },
    });
    const response = await h.app.handle(
      new Request("http://localhost/api/plans", { method: "POST", body: stream, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" } }),
    );
    expect(response.status).toBe(413);
    expect(((await response.json()) as any).error.code).toBe("body-too-large");
  });

  test("schema violations are 400 invalid-input naming the field, with no stack and no schema dump", async () => {
    const answer = await h.call("POST", "/api/plans", { body: { name: "Plan", price: -5, trafficBytes: 1, days: 30 } });
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe("invalid-input");
    expect(answer.json.error.message).toBe("body /price: expected a whole number (at least 0)");
    expect(answer.text).not.toMatch(/\sat \S+:\d+/);
    expect(answer.text).not.toContain('"schema"');
    const extra = await h.call("POST", "/api/plans", { body: { name: "Plan", price: 5, trafficBytes: 1, days: 30, hacker: true } });
    expect(extra.status).toBe(400);
    expect(extra.json.error.message).toContain("/hacker");
    const choice = await h.call("GET", "/api/actors?kind=robot");
    expect(choice.status).toBe(400);
    expect(choice.json.error.message).toContain('expected one of "subscription", "order", "server"');
    expect((await h.call("GET", "/api/actors?limit=0")).json.error.message).toContain("(got 0)");
  });

  test("an unknown route is 404 in the same shape", async () => {
    const answer = await h.call("GET", "/api/nowhere");
    expect(answer.status).toBe(404);
    expect(answer.json.error.code).toBe("not-found");
    expect((await h.call("GET", "/nowhere", { token: null })).json.error.code).toBe("not-found");
  });
});

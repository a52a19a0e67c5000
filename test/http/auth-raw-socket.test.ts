/**
 * Operator auth probed over a real socket, the request bytes written by hand: `app.handle` gets a URL we built and
 * normalised, but a listening server gets whatever an attacker sends, and the router and the guard must agree on it.
 * Every /api route (taken from the app's own route table, so a new route is covered without editing this file) is
 * tried without a token under short and odd Host headers, absolute-form targets and path tricks; each answer must
 * be the guard's 401 or the router's own 404/400, never a handler's.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { createHttpWorld, TOKEN, type HttpWorld } from "./support.ts";

let h: HttpWorld;
let port = 0;
const CARD = "6037-9911-2233-4455";

beforeAll(async () => {
  h = await createHttpWorld();
  h.app.listen({ hostname: "127.0.0.1", port: 0 });
  port = h.app.server!.port!;
  const set = await h.call("PATCH", "/api/settings", { body: { cards: [{ number: CARD, holder: "Owner" }] } });
  expect(set.status).toBe(200);
});
afterAll(async () => {
  await h.app.stop(true);
  await h.close();
});

interface RawAnswer {
  status: number;
  body: string;
}

/** One request on its own connection, exactly these bytes; the answer's status line and body. */
function raw(bytes: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(bytes));
    let text = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk) => (text += chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf("\r\n\r\n") + 4) });
    });
  });
}

function request(method: string, target: string, host: string | null, extra: string[] = []): string {
  const hasBody = method !== "GET" && method !== "HEAD";
  const body = hasBody ? JSON.stringify({ cards: [{ number: "6666-6666-6666-6666", holder: "Attacker" }] }) : "";
  const lines = [`${method} ${target} HTTP/1.1`, ...(host === null ? [] : [`Host: ${host}`]), ...extra, "Connection: close"];
  if (hasBody) lines.push("Content-Type: application/json", `Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

const HOSTS = ["", "a", "ab", "abc", "abcd", "localhost", "a/b", "a@b", "a?b", "a#b", "[::1]", "a:1", "x".repeat(300)];

/** The same route reached through other spellings of its path. */
function spellings(path: string): string[] {
  const rest = path.slice("/api".length);
  return [
    path,
    `http://x${path}`,
    `http://localhost:1${path}`,
    `/${path}`,
    `/.${path}`,
    `/./${path.slice(1)}`,
    `/x${path}`,
    `/xx${path}`,
    `/xxx${path}`,
    `/xxxxxxxxxxx${path}`,
    `/sub${path}`,
    `/%2f${path.slice(1)}`,
    `/api%2f${rest.slice(1)}`,
    `/a/..${path}`,
    `${path}?x=/api`,
    `${path}#frag`,
  ];
}

/**
 * An answer that did not come from an /api handler: the guard's 401, the router's 404 (or the subscription route's
 * plain "Not found" for `/sub/api`), or the server's own 400 for a request it could not read.
 */
function refused(answer: RawAnswer): boolean {
  if (answer.status === 401) return answer.body.includes('"unauthorized"');
  if (answer.status === 404) return answer.body.includes('"code":"not-found"') || !answer.body.includes("{");
  if (answer.status === 400) return !answer.body.includes("{");
  return false;
}

describe("operator auth over a raw socket", () => {
  test("every /api route without a token, under every Host and spelling of its path, is refused before its handler", async () => {
    const routes = (h.app.routes as { method: string; path: string }[]).filter((r) => r.path === "/api" || r.path.startsWith("/api/"));
    expect(routes.length).toBeGreaterThan(15);
    const leaks: string[] = [];
    let guarded = 0;
    for (const route of routes) {
      const method = route.method === "ALL" ? "GET" : route.method;
      const path = route.path.replace(/:[A-Za-z0-9_]+/g, "1").replace(/\*$/, "anything");
      for (const target of spellings(path)) {
        for (const host of HOSTS) {
          const answer = await raw(request(method, target, host));
          if (!refused(answer)) leaks.push(`${method} ${target} Host:${JSON.stringify(host.slice(0, 8))} -> ${answer.status} ${answer.body.slice(0, 80)}`);
          if (answer.status === 401) guarded++;
        }
      }
      // The plain request under a normal Host must be the guard's answer, not a 404: the guard sits on the route.
      const plain = await raw(request(method, path, "localhost"));
      if (plain.status !== 401) leaks.push(`${method} ${path} (plain) -> ${plain.status}`);
      const missingHost = await raw(request(method, path, null));
      if (!refused(missingHost)) leaks.push(`${method} ${path} (no Host) -> ${missingHost.status}`);
    }
    expect(leaks).toEqual([]);
    expect(guarded).toBeGreaterThan(routes.length);
    // Nothing was changed: customers are still told to pay to the owner's card.
    const settings = await h.call("GET", "/api/settings");
    expect(settings.json.cards).toEqual([{ number: CARD, holder: "Owner" }]);
  });

  test("a wrong or malformed token under a short Host is refused too; the right one works over the socket", async () => {
    for (const host of ["", "a", "ab", "abc"]) {
      for (const auth of ["Authorization: Bearer wrong", "Authorization: Basic x", `Authorization: Bearer ${TOKEN}x`]) {
        expect((await raw(request("GET", "/xx/api/settings", host, [auth]))).status).not.toBe(200);
        expect((await raw(request("GET", "/api/settings", host, [auth]))).status).toBe(401);
      }
    }
    const allowed = await raw(request("GET", "/api/settings", "localhost", [`Authorization: Bearer ${TOKEN}`]));
    expect(allowed.status).toBe(200);
    expect(allowed.body).toContain(CARD);
  });

  test("the public routes stay public and never answer with operator data, whatever the Host", async () => {
    const publicRoutes = (h.app.routes as { method: string; path: string }[]).filter((r) => r.method === "GET" && !r.path.startsWith("/api"));
    expect(publicRoutes.map((r) => r.path)).toContain("/healthz");
    for (const route of publicRoutes) {
      const path = route.path.replace(/:[A-Za-z0-9_]+/g, "1").replace(/\*$/, "anything");
      for (const host of HOSTS) {
        const answer = await raw(request("GET", path, host));
        expect(answer.body).not.toContain(CARD);
        expect(answer.status).not.toBe(500);
      }
    }
    expect((await raw(request("GET", "/healthz", "localhost"))).status).toBe(200);
    expect((await raw(request("GET", "/healthz", "a"))).status).toBe(200);
  });
});

/**
 * The console's gate, in process (app.handle): login by form, the throttle, the session cookie, fixation, open
 * redirects, CSRF, logout and expiry. The browser scenarios are in console-browser.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHttpWorld, TOKEN, type HttpWorld } from "../support.ts";
import { consoleClient } from "./support.ts";

let h: HttpWorld;
beforeAll(async () => {
  h = await createHttpWorld({ deps: { consoleSessionLimits: { idleMs: 30 * 60_000, absoluteMs: 8 * 3600_000, max: 64 } } });
});
afterAll(() => h.close());

describe("console login", () => {
  test("a page without a session sends the browser to the login form, which posts the token (never in a URL)", async () => {
    const c = consoleClient(h);
    const first = await c.get("/console/receipts?after=1-2");
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/console/login?next=%2Fconsole%2Freceipts%3Fafter%3D1-2");
    const form = await c.get("/console/login");
    expect(form.status).toBe(200);
    expect(form.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(form.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    expect(form.headers.get("x-frame-options")).toBe("DENY");
    expect(form.text).toContain('<form method="post" action="/console/login">');
    expect(form.text).toContain('type="password" name="token"');
    expect(form.text).not.toMatch(/<script>|<style>| on[a-z]+=/);
    const live = await c.get("/console/live?parts=servers");
    expect(live.status).toBe(401);
  });

  test("the right token opens a session: HttpOnly, SameSite=Strict, Secure, scoped to /console, expiring", async () => {
    const c = consoleClient(h);
    const answer = await c.login(TOKEN);
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe("/console");
    const cookie = answer.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^sk_console=[A-Za-z0-9_-]{43}; /);
    for (const part of ["Path=/console", "HttpOnly", "SameSite=Strict", "Secure", "Max-Age=28800"]) expect(cookie).toContain(part);
    const overview = await c.get("/console");
    expect(overview.status).toBe(200);
    expect(overview.text).toContain('<html lang="fa" dir="rtl">');
    // The console's cookie is no key to the operator API.
    const api = await h.call("GET", "/api/stats", { token: null, headers: { cookie: c.cookie } });
    expect(api.status).toBe(401);
  });

  test("a planted session id is never adopted: login issues a new one and the planted one stays dead", async () => {
    const planted = "A".repeat(43);
    const c = consoleClient(h);
    c.cookie = `sk_console=${planted}`;
    expect((await c.get("/console")).status).toBe(303);
    const answer = await c.login(TOKEN);
    expect(answer.headers.get("set-cookie")).not.toContain(planted);
    const again = consoleClient(h);
    again.cookie = `sk_console=${planted}`;
    expect((await again.get("/console")).status).toBe(303);
  });

  test("after login only a console path is a destination: no other host, no scheme, no way out of /console", async () => {
    for (const next of ["//evil.example/x", "https://evil.example/", "/console/../api/stats", "/console//evil.example", "/\\evil.example", "/console/login", "javascript:alert(1)"]) {
      const c = consoleClient(h);
      const answer = await c.login(TOKEN, next);
      expect(answer.headers.get("location")).toBe("/console");
    }
    const c = consoleClient(h);
    expect((await c.login(TOKEN, "/console/receipts?after=1-2")).headers.get("location")).toBe("/console/receipts?after=1-2");
    // A Host header of the attacker's choosing changes nothing we write: redirects are paths.
    const hosted = await h.app.handle(new Request("http://evil.example/console", { headers: { host: "evil.example" } }));
    expect(hosted.headers.get("location")).toBe("/console/login?next=%2Fconsole");
  });

  test("a change without this session's CSRF token, or from another site, is refused and changes nothing", async () => {
    const c = consoleClient(h);
    await c.login(TOKEN);
    const noToken = await c.post("/console/logout", {});
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain("این تغییر پذیرفته نشد");
    expect((await c.get("/console")).status).toBe(200);
    const wrong = await c.post("/console/logout", { csrf: "x".repeat(43) });
    expect(wrong.status).toBe(403);
    const csrf = await c.csrf();
    const crossSite = await c.post("/console/logout", { csrf }, { "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    const otherOrigin = await c.post("/console/logout", { csrf }, { origin: "https://evil.example", host: "localhost" });
    expect(otherOrigin.status).toBe(403);
    expect((await c.get("/console")).status).toBe(200);
    const out = await c.post("/console/logout", { csrf });
    expect(out.status).toBe(303);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await c.get("/console")).status).toBe(303);
  });

  test("a session ends after 30 idle minutes", async () => {
    const c = consoleClient(h);
    await c.login(TOKEN);
    h.world.clock.advance(29 * 60_000);
    expect((await c.get("/console")).status).toBe(200);
    h.world.clock.advance(31 * 60_000);
    expect((await c.get("/console")).status).toBe(303);
  });
});

describe("console login throttle", () => {
  test("wrong tokens are refused, and past five from one address even the right one waits", async () => {
    const t = await createHttpWorld();
    try {
      const c = consoleClient(t);
      for (let i = 0; i < 5; i++) {
        const wrong = await c.login(`wrong-token-${i}-0123456789`);
        expect(wrong.status).toBe(401);
        expect(wrong.headers.get("set-cookie")).toBeNull();
      }
      const blocked = await c.login(TOKEN);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(blocked.headers.get("set-cookie")).toBeNull();
      t.world.clock.advance(11 * 60_000);
      expect((await c.login(TOKEN)).status).toBe(303);
    } finally {
      await t.close();
    }
  });

  test("with no OPERATOR_TOKEN the console is off and says so", async () => {
    const t = await createHttpWorld({ operatorToken: null });
    try {
      const c = consoleClient(t);
      expect((await c.get("/console/login")).text).toContain("OPERATOR_TOKEN");
      expect((await c.login("")).status).toBe(503);
    } finally {
      await t.close();
    }
  });
});

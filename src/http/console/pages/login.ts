/**
 * Logging in and out. The operator token is typed into a POST form (never a URL), compared in constant time, and a
 * success issues a brand-new session (any cookie sent along is dropped, so a planted id is never adopted). Failed
 * attempts are counted per client address; past the limit the address waits, whatever it sends.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { html } from "../html.ts";
import { page, type ConsoleKit } from "../kit.ts";
import { clearedSessionCookie, redirect, safeNext, sameOrigin, sessionCookie, type Visit } from "../visit.ts";
import { w } from "../words.ts";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

function loginForm(kit: ConsoleKit, visit: Visit, problem: string | null, status = 200): Response {
  const { lang } = visit;
  const next = safeNext(visit.url.searchParams.get("next") ?? visit.form.next) ?? "";
  const off = !kit.deps.operatorToken;
  const content = html`<div class="login card">
${off ? html`<p class="notice bad">${w(lang, "login-off")}</p>` : ""}
${problem ? html`<p class="notice bad" role="alert" id="login-problem">${problem}</p>` : ""}
<form method="post" action="/console/login">
<input type="hidden" name="next" value="${next}">
<label><span>${w(lang, "login-token")}</span><input type="password" name="token" autocomplete="current-password" required maxlength="512" autofocus></label>
<button type="submit">${w(lang, "login-submit")}</button>
</form>
</div>`;
  return page(kit, visit, { title: w(lang, "login-title") }, content, status);
}

export function showLogin(kit: ConsoleKit, visit: Visit): Response {
  if (visit.session) return redirect(safeNext(visit.url.searchParams.get("next")) ?? "/console");
  return loginForm(kit, visit, null);
}

export function submitLogin(kit: ConsoleKit, visit: Visit): Response {
  const { lang } = visit;
  const expected = kit.deps.operatorToken;
  if (!expected) return loginForm(kit, visit, w(lang, "login-off"), 503);
  if (!sameOrigin(visit.request)) return loginForm(kit, visit, w(lang, "csrf-refused"), 403);
  const waitMs = kit.throttle.waitMs(visit.address);
  if (waitMs > 0) {
    kit.deps.log.warn({ address: visit.address }, "console login throttled");
    const response = loginForm(kit, visit, w(lang, "login-throttled", { minutes: Math.ceil(waitMs / 60_000) }), 429);
    response.headers.set("retry-after", String(Math.ceil(waitMs / 1000)));
    return response;
  }
  const sent = visit.form.token ?? "";
  const matches = timingSafeEqual(digest(sent), digest(expected)) && sent.length > 0;
  if (!matches) {
    kit.throttle.fail(visit.address);
    kit.deps.log.warn({ address: visit.address }, "console login refused: wrong token");
    return loginForm(kit, visit, w(lang, "login-wrong"), 401);
  }
  kit.sessions.destroy(visit.sessionId);
  const { id } = kit.sessions.create();
  kit.deps.log.info({ address: visit.address }, "console login");
  const cookie = sessionCookie(id, { secure: kit.secure, maxAgeS: Math.floor(kit.sessions.limits.absoluteMs / 1000) });
  return redirect(safeNext(visit.form.next) ?? "/console", [cookie]);
}

export function logout(kit: ConsoleKit, visit: Visit): Response {
  kit.sessions.destroy(visit.sessionId);
  return redirect("/console/login", [clearedSessionCookie(kit.secure)]);
}

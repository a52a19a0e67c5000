/**
 * Signing in to a 3x-ui panel, once per session lifetime. Three ways, found by asking the panel, not configured:
 *
 * - v2.x: `POST {base}login` (form `username`, `password`) answers the `3x-ui` session cookie; an API call without a
 *   live session answers a bare 404 (the same as an unknown route).
 * - v3.x with a password: the login itself is CSRF-protected. `GET {base}csrf-token` mints the token in a fresh
 *   session; the login sends it as `X-CSRF-Token` with that session's cookie, and its answer's cookie is the logged-in
 *   one to keep. Every POST sends the token again. With `X-Requested-With: XMLHttpRequest` a missing session is a 401.
 * - v3.x with an API token: `Authorization: Bearer <token>` on every call; no session, no CSRF.
 *
 * One login at a time (single-flight); the session is kept until its cookie's Max-Age runs out, and a 401 (a 404 or
 * 403 on a session that should be live) logs in again once and retries the call once. The panel locks an account
 * after five failed logins, so a refused password is an auth error at once, never retried here.
 */
import { registerSecret } from "../log.ts";
import { PanelError, type PanelAuth } from "./panel.ts";
import { badResponse, classifyStatus, isRow, parseJson, str, type Deadline, type PanelWire, type WireRequest, type WireResponse } from "./wire.ts";

const COOKIE = "3x-ui";
/** Renew this long before the cookie's stated expiry. */
const RENEW_MARGIN_MS = 60_000;

export type XuiLoginStyle = "plain" | "csrf" | "bearer";

interface Session {
  cookie: string | null;
  csrf: string | null;
  expiresAt: number;
}

/** The `3x-ui` cookie's value and Max-Age (seconds, null when the cookie gives none) from a response. */
function sessionCookie(headers: Headers): { value: string; maxAgeS: number | null } | null {
  for (const line of headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(";");
    const eq = pair!.indexOf("=");
    if (eq < 0 || pair!.slice(0, eq).trim() !== COOKIE) continue;
    const value = pair!.slice(eq + 1).trim();
    let maxAgeS: number | null = null;
    for (const attribute of attributes) {
      const [key, v] = attribute.split("=").map((s) => s.trim());
      if (key?.toLowerCase() === "max-age" && v !== undefined && /^-?\d+$/.test(v)) maxAgeS = Number(v);
      if (key?.toLowerCase() === "expires" && v !== undefined && maxAgeS === null) {
        const at = Date.parse(v);
        if (Number.isFinite(at)) maxAgeS = Math.floor((at - Date.now()) / 1000);
      }
    }
    if (value === "" || (maxAgeS !== null && maxAgeS <= 0)) return null;
    return { value, maxAgeS };
  }
  return null;
}

export class XuiSession {
  /** How this panel signs in, known after the first login (or from the credentials: a token is `bearer`). */
  style: XuiLoginStyle | null;
  private session: Session | null = null;
  private pending: Promise<Session> | null = null;
  private readonly host: string;

  constructor(
    private readonly panelUrl: string,
    private readonly auth: PanelAuth,
    private readonly wire: PanelWire,
  ) {
    if (auth.type === "token") registerSecret(auth.token);
    else registerSecret(auth.password);
    this.style = auth.type === "token" ? "bearer" : null;
    this.host = new URL(panelUrl).host;
  }

  /**
   * Sends one API request (path relative to the panel base) with the session's credentials. A 401, and a 404 or 403
   * while a session is held, end the session; the request is sent once more after one new login.
   */
  async request(action: string, path: string, init: WireRequest, due: Deadline): Promise<WireResponse> {
    const first = await this.send(action, path, init, due);
    if (!this.stale(first)) return first;
    if (this.auth.type === "token") {
      if (first.status === 401) throw this.refused(action, first.status);
      return first;
    }
    this.session = null;
    const second = await this.send(action, path, init, due);
    if (second.status === 401 || second.status === 403) throw this.refused(action, second.status);
    return second;
  }

  /** Logs in now unless a live session is held: the version probe starts here, so a wrong password is found first. */
  async ensure(due: Deadline): Promise<void> {
    if (this.auth.type === "login") await this.current(due);
  }

  private stale(response: WireResponse): boolean {
    if (response.status === 401) return true;
    // A v2 panel answers 404 for a lost session; a v3 panel 403 for a CSRF token its session no longer holds.
    return this.auth.type === "login" && (response.status === 404 || response.status === 403);
  }

  private async send(action: string, path: string, init: WireRequest, due: Deadline): Promise<WireResponse> {
    const headers: Record<string, string> = { Accept: "application/json", "X-Requested-With": "XMLHttpRequest", ...init.headers };
    if (this.auth.type === "token") headers.Authorization = `Bearer ${this.auth.token}`;
    else {
      const session = await this.current(due);
      if (session.cookie) headers.Cookie = `${COOKIE}=${session.cookie}`;
      if (session.csrf && init.method !== "GET") headers["X-CSRF-Token"] = session.csrf;
    }
    return this.wire.send(action, `${this.panelUrl}${path}`, { ...init, headers, redirect: "manual" }, due);
  }

  private current(due: Deadline): Promise<Session> {
    if (this.session && Date.now() < this.session.expiresAt) return Promise.resolve(this.session);
    if (!this.pending) {
      this.pending = this.login(due).then(
        (session) => {
          this.session = session;
          this.pending = null;
          return session;
        },
        (error: unknown) => {
          this.pending = null;
          throw error;
        },
      );
    }
    return this.pending;
  }

  private async login(due: Deadline): Promise<Session> {
    if (this.auth.type !== "login") throw new PanelError("permanent", "invalid-input", "login", "this panel signs in with an API token");
    const { username, password } = this.auth;
    // v3 mints a CSRF token in a fresh session first; v2 has no such route.
    let csrf: string | null = null;
    let preCookie: string | null = null;
    const minted = await this.wire.send("csrf-token", `${this.panelUrl}csrf-token`, { method: "GET", headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" }, redirect: "manual" }, due);
    if (minted.status === 200 && minted.body.trimStart().startsWith("{")) {
      const parsed = parseJson("csrf-token", this.host, minted.body);
      if (isRow(parsed) && parsed.success === true && str(parsed.obj) !== "") {
        csrf = str(parsed.obj);
        preCookie = sessionCookie(minted.headers)?.value ?? null;
      }
    } else if (minted.status >= 500 || minted.status === 429) {
      throw classifyStatus("csrf-token", this.host, minted.status);
    }
    this.style = csrf === null ? "plain" : "csrf";

    const headers: Record<string, string> = { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" };
    if (csrf !== null) headers["X-CSRF-Token"] = csrf;
    if (preCookie !== null) headers.Cookie = `${COOKIE}=${preCookie}`;
    const body = new URLSearchParams({ username, password });
    const answer = await this.wire.send("login", `${this.panelUrl}login`, { method: "POST", headers, body, redirect: "manual" }, due);
    if (answer.status !== 200) {
      throw classifyStatus("login", this.host, answer.status, {
        auth: "the panel refused the login request (a CSRF check failed)",
        notFound: "check the panel URL and its web base path (Panel settings → Web base path)",
      });
    }
    const parsed = parseJson("login", this.host, answer.body);
    if (!isRow(parsed) || typeof parsed.success !== "boolean") throw badResponse("login", this.host, "no 3x-ui envelope");
    if (!parsed.success) {
      const panelMessage = str(parsed.msg).trim();
      throw new PanelError(
        "auth",
        "invalid-token",
        "login",
        "the panel refused the username or password (after five failures in a row 3x-ui also locks the account for 15 minutes)",
        { panelMessage },
      );
    }
    const cookie = sessionCookie(answer.headers);
    if (!cookie) throw badResponse("login", this.host, "the login succeeded but set no session cookie");
    const lifetimeMs = cookie.maxAgeS === null ? Number.POSITIVE_INFINITY : cookie.maxAgeS * 1000;
    return { cookie: cookie.value, csrf, expiresAt: Date.now() + Math.max(0, lifetimeMs - RENEW_MARGIN_MS) };
  }

  private refused(action: string, status: number): PanelError {
    const what = this.auth.type === "token" ? "the API token" : "the session after a fresh login";
    return new PanelError("auth", "invalid-token", action, `the panel at ${this.host} refused ${what} (HTTP ${status})`, { status });
  }
}

/**
 * One admin JWT per panel, as Marzban and PasarGuard hand them out from a form-encoded `POST /api/admin/token`.
 *
 * Every login notifies the panel's admins (Marzban #1184: bots that logged in every few seconds flooded them), so
 * the token is obtained once (single-flight: concurrent callers share one login) and reused until shortly before
 * its `exp`; a 401 drops it, logs in once more and retries once. A panel that refuses our password, or rejects a
 * token it has just issued, is not asked again for a cool-down: each try would be one more notification, and a
 * wrong password does not get righter by repetition.
 */
import { registerSecret } from "../log.ts";
import { PanelError } from "./panel.ts";
import { classifyStatus, isRow, str, type Deadline, type PanelWire, type WireResponse } from "./wire.ts";

/** How long a refused login (or a token refused right after login) keeps us from logging in again. */
const LOGIN_COOLDOWN_MS = 60_000;

export interface JwtSessionOptions {
  /** The panel base without a trailing slash, e.g. `https://panel.example.com:8000`. */
  baseUrl: string;
  username: string;
  password: string;
  wire: PanelWire;
  /** Our clock in epoch ms (tests move it). */
  now?: () => number;
}

/** When a JWT stops being worth sending: its lifetime (`exp - iat`) measured on our clock, less a margin. */
function usableUntil(token: string, issuedAtMs: number): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as unknown;
    if (!isRow(payload) || typeof payload.exp !== "number") return Number.POSITIVE_INFINITY;
    const lifetimeMs = (payload.exp - (typeof payload.iat === "number" ? payload.iat : payload.exp)) * 1000;
    if (lifetimeMs <= 0) return issuedAtMs;
    return issuedAtMs + lifetimeMs - Math.min(60_000, lifetimeMs / 10);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export class JwtSession {
  private token: string | null = null;
  private expiresAtMs = 0;
  private pending: Promise<string> | null = null;
  private refused: { untilMs: number; error: PanelError } | null = null;
  private readonly host: string;
  private readonly now: () => number;

  constructor(private readonly options: JwtSessionOptions) {
    registerSecret(options.password);
    this.host = new URL(options.baseUrl).host;
    this.now = options.now ?? Date.now;
  }

  /**
   * Sends an authorised request: with the cached token, or after one login. On a 401 the token is dropped, one
   * fresh token is obtained (or taken from whoever got one meanwhile) and the request is sent once more.
   */
  async send(action: string, path: string, init: { method: "GET" | "POST" | "PUT" | "DELETE"; json?: unknown }, due: Deadline): Promise<WireResponse> {
    const attempt = async (token: string) => {
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: "application/json" };
      if (init.json !== undefined) headers["Content-Type"] = "application/json";
      const request = { method: init.method, headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}) };
      return this.options.wire.send(action, `${this.options.baseUrl}${path}`, request, due);
    };
    const first = await this.bearer(due);
    const response = await attempt(first);
    if (response.status !== 401) return response;
    this.drop(first);
    const second = await this.bearer(due);
    const retried = await attempt(second);
    if (retried.status === 401) {
      this.drop(second);
      this.refuse(classifyStatus(action, this.host, 401, { auth: "the panel refused a token it had just issued: check the admin account and the panel's clock" }));
    }
    return retried;
  }

  /** The cached token, or one login shared by every caller waiting for it. */
  private async bearer(due: Deadline): Promise<string> {
    if (this.token !== null && this.now() < this.expiresAtMs) return this.token;
    if (this.refused && this.now() < this.refused.untilMs) throw this.refused.error;
    this.pending ??= this.login(due).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private drop(token: string): void {
    if (this.token === token) this.token = null;
  }

  private refuse(error: PanelError): never {
    this.refused = { untilMs: this.now() + LOGIN_COOLDOWN_MS, error };
    throw error;
  }

  private async login(due: Deadline): Promise<string> {
    const body = new URLSearchParams({ username: this.options.username, password: this.options.password });
    const response = await this.options.wire.send(
      "login",
      `${this.options.baseUrl}/api/admin/token`,
      { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" }, body },
      due,
    );
    if (response.status === 401 || response.status === 403) {
      this.refuse(classifyStatus("login", this.host, response.status, { auth: "the panel refused the admin username or password (or the admin is disabled)" }));
    }
    if (response.status !== 200) {
      throw classifyStatus("login", this.host, response.status, { notFound: "no login route here: check the panel URL (the panel's own address, without /dashboard)" });
    }
    let token = "";
    try {
      const parsed = JSON.parse(response.body) as unknown;
      token = isRow(parsed) ? str(parsed.access_token) : "";
    } catch {
      // Not JSON: a proxy's page, or another app at this address.
    }
    if (token.split(".").length !== 3) {
      throw new PanelError("permanent", "bad-response", "login", `the panel at ${this.host} answered the login without an access token`);
    }
    registerSecret(token);
    this.token = token;
    this.expiresAtMs = usableUntil(token, this.now());
    this.refused = null;
    return token;
  }
}

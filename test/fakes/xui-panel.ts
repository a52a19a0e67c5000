/**
 * A 3x-ui simulator at the wire, read from MHSanaei/3x-ui at v2.9.4 (50603fd4), v3.0.2 (e7035b56) and v3.6.0
 * (c377dca2): the panel under its web base path and the separate subscription server, each a Bun.serve on
 * 127.0.0.1, port 0. Kept as the panel has them (docs/panels/3x-ui.md):
 *
 * - sign-in: v2 `POST login` gives the `3x-ui` cookie; v3 needs a CSRF token minted by `GET csrf-token` in a fresh
 *   session for the login and every POST (403 without), answers 401 to an XHR without a session (v2: a bare 404,
 *   as for an unknown route), takes `Authorization: Bearer` API tokens, and locks an account for 15 minutes after
 *   five failed logins in 5 minutes; the session lives `sessionMaxAge` minutes (360 by default);
 * - routes: v2.9.4 and v3.0.2 keep client routes under `panel/api/inbounds/`; v3.6.0 has `panel/api/clients/` and
 *   no inbound client routes; `server/status` reports `panelVersion` from v3.1; the pages carry the version (v2
 *   `…css?2.9.4`, v3 `window.X_UI_CUR_VER`);
 * - envelopes `{success, msg, obj}` at HTTP 200 with Go-style messages; `settings` a JSON string (an object fails
 *   with a success-sounding message); the last client of an inbound cannot be deleted before v3.1; a v3.1+ update
 *   replaces the whole client (fields left out become zero, `enable` false);
 * - the subscription server: `/sub/:subId` base64 links with `Subscription-Userinfo` (expire in seconds), 400
 *   `Error!` for an unknown subId; `/json/` and `/clash/` beside it.
 *
 * Faults: down, slow, http500, dbLocked, refuse; sessions can be expired and the password changed. A request log
 * counts every route and every login.
 */
import type { Server } from "bun";
import { DEFAULT_XUI_INBOUNDS, GoError, XuiStore, type Row, type XuiClient, type XuiInbound } from "./xui/store.ts";
import { subscriptionAnswer } from "./xui/subscription.ts";
import { xuiApi } from "./xui/api.ts";

export type XuiVersion = "2.9.4" | "3.0.2" | "3.6.0";
export type XuiFaultMode = "down" | "slow" | "http500" | "dbLocked" | "refuse";

export interface XuiFault {
  mode: XuiFaultMode;
  /** Route keys (`login`, `inbounds/list`, `addClient`, `clients/update`, `sub`…); all when left out. */
  actions?: string[];
  times?: number;
  delayMs?: number;
  message?: string;
}

export interface XuiPanelOptions {
  version: XuiVersion;
  /** Default "/xui/" (3x-ui installs draw a random one). */
  basePath?: string;
  username?: string;
  password?: string;
  /** An API token (v3 only). */
  apiToken?: string;
  /** Minutes; default 360. */
  sessionMaxAge?: number;
  inbounds?: XuiInbound[];
  now?: () => number;
  /** The version the pages and status claim, when it must differ from `version` (an unknown release). */
  advertisedVersion?: string;
}

export interface XuiPanel {
  readonly version: XuiVersion;
  /** Panel base with the web base path, e.g. `http://127.0.0.1:40123/xui/`. */
  readonly url: string;
  /** Subscription base, e.g. `http://127.0.0.1:40124/sub/`. */
  readonly subUrl: string;
  readonly username: string;
  readonly password: string;
  readonly apiToken: string | undefined;
  stop(): Promise<void>;
  setFault(fault: XuiFault | null): Promise<void>;
  /** Requests per route key since start or the last reset; `login` counts every login attempt. */
  counts(): Record<string, number>;
  resetCounts(): void;
  /** Every client by email (copies): settings entry, inbounds, counters. */
  clients(): XuiClient[];
  client(email: string): XuiClient | undefined;
  addTraffic(email: string, up: number, down: number): void;
  /** Inserts a client as an admin would in the panel's form (benchmarks seed thousands this way): `entry` is the
   *  client's settings JSON (`email` required; `id` the uuid), on inbound 1 unless told otherwise. */
  addClientByHand(entry: Row & { email: string }, inboundIds?: number[]): XuiClient;
  /** The depletion job: cuts off clients over volume or past expiry. */
  deplete(nowMs?: number): string[];
  /** Forgets every session, as a panel restart with a new secret or the sessions' expiry would. */
  expireSessions(): void;
  /** A new password: sessions of the old one end (the user's epoch changes). */
  setPassword(password: string): void;
  setCoreRunning(running: boolean): void;
}

interface Session {
  csrf: string;
  loggedIn: boolean;
  expiresAt: number;
}

const WRONG_LOGIN = "Invalid username or password or two-factor code.";

function randomText(bytes = 24): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("base64url");
}

export async function startXuiPanel(options: XuiPanelOptions): Promise<XuiPanel> {
  const version = options.version;
  const v3 = version !== "2.9.4";
  const clientsFamily = version === "3.6.0";
  const basePath = options.basePath ?? "/xui/";
  const username = options.username ?? "admin";
  let password = options.password ?? "admin-password";
  const apiToken = v3 ? options.apiToken : undefined;
  const maxAgeS = (options.sessionMaxAge ?? 360) * 60;
  const now = options.now ?? (() => Date.now());
  const advertised = options.advertisedVersion ?? version;
  const store = new XuiStore(options.inbounds ?? DEFAULT_XUI_INBOUNDS);
  const sessions = new Map<string, Session>();
  const failures: number[] = [];
  let blockedUntil = 0;
  let coreRunning = true;
  let fault: (XuiFault & { remaining: number }) | null = null;
  let counts: Record<string, number> = {};
  const count = (key: string) => void (counts[key] = (counts[key] ?? 0) + 1);

  function faultFor(key: string): XuiFault | null {
    if (!fault || fault.mode === "down" || fault.remaining <= 0) return null;
    if (fault.actions && !fault.actions.includes(key)) return null;
    fault.remaining -= 1;
    return fault;
  }

  const envelope = (success: boolean, msg: string, obj: unknown = null) => Response.json({ success, msg, obj });
  const ok = (obj: unknown, msg = "") => envelope(true, msg, obj);
  /** jsonMsg(c, msg, err): the message, then the error in brackets. */
  const failed = (msg: string, error: unknown) => envelope(false, `${msg} (${error instanceof Error ? error.message : String(error)})`);

  function sessionOf(request: Request): { id: string; session: Session } | null {
    const cookie = request.headers.get("cookie") ?? "";
    const match = /(?:^|;\s*)3x-ui=([^;]+)/.exec(cookie);
    const session = match ? sessions.get(match[1]!) : undefined;
    if (!match || !session || session.expiresAt <= now()) return null;
    return { id: match[1]!, session };
  }

  function newSession(loggedIn: boolean, csrf = randomText(32)): { id: string; cookie: string } {
    const id = randomText();
    sessions.set(id, { csrf, loggedIn, expiresAt: now() + maxAgeS * 1000 });
    return { id, cookie: `3x-ui=${id}; Path=${basePath}; Max-Age=${maxAgeS}; HttpOnly; SameSite=Lax` };
  }

  async function form(request: Request): Promise<Row> {
    const type = request.headers.get("content-type") ?? "";
    const text = await request.text();
    if (type.includes("application/json")) {
      const parsed = JSON.parse(text || "{}") as unknown;
      return typeof parsed === "object" && parsed !== null ? (parsed as Row) : {};
    }
    return Object.fromEntries(new URLSearchParams(text));
  }

  function page(loggedIn: boolean): Response {
    const assets = v3 ? "" : `<link rel="stylesheet" href="${basePath}assets/css/custom.min.css?${advertised}">`;
    const script = v3 ? `<script>window.X_UI_BASE_PATH="${basePath}"${loggedIn ? `;window.X_UI_CUR_VER="${advertised}"` : ""};</script>` : "";
    return new Response(`<!doctype html><html><head><title>3x-ui</title>${assets}${script}</head><body></body></html>`, { headers: { "content-type": "text/html; charset=utf-8" } });
  }

  // --- sign-in ----------------------------------------------------------------------------------------------------

  async function login(request: Request): Promise<Response> {
    const held = sessionOf(request);
    if (v3 && (!held || request.headers.get("x-csrf-token") !== held.session.csrf)) return new Response(null, { status: 403 });
    let body: Row;
    try {
      body = await form(request);
    } catch {
      return envelope(false, "Invalid form data.");
    }
    if (!body.username) return envelope(false, "Username is required.");
    if (!body.password) return envelope(false, "Password is required.");
    const at = now();
    if (v3 && at < blockedUntil) return envelope(false, WRONG_LOGIN);
    if (body.username !== username || body.password !== password) {
      if (v3) {
        failures.push(at);
        while (failures.length > 0 && failures[0]! < at - 5 * 60_000) failures.shift();
        if (failures.length >= 5) blockedUntil = at + 15 * 60_000;
      }
      return envelope(false, WRONG_LOGIN);
    }
    failures.length = 0;
    // The logged-in session is saved as a new cookie; the CSRF token stays in it.
    const { cookie } = newSession(true, held?.session.csrf);
    const response = envelope(true, " You have successfully logged into your account.");
    response.headers.set("set-cookie", cookie);
    return response;
  }

  /** null when the call may go on; else the answer (401/404/403) the panel gives. */
  function gate(request: Request, post: boolean): Response | null {
    const auth = request.headers.get("authorization") ?? "";
    if (apiToken !== undefined && auth === `Bearer ${apiToken}`) return null;
    const held = sessionOf(request);
    if (!held?.session.loggedIn) {
      return new Response(null, { status: v3 && request.headers.get("x-requested-with") === "XMLHttpRequest" ? 401 : 404 });
    }
    if (v3 && post && request.headers.get("x-csrf-token") !== held.session.csrf) return new Response(null, { status: 403 });
    return null;
  }

  // --- the API ----------------------------------------------------------------------------------------------------

  function status(): Response {
    const obj: Row = { cpu: 3.5, mem: { current: 1 << 28, total: 1 << 30 }, xray: { state: coreRunning ? "running" : "stop", errorMsg: "", version: "25.10.15" }, uptime: 86_400 };
    if (clientsFamily) obj.panelVersion = advertised;
    return ok(obj);
  }

  const api = xuiApi({ store, now, clientsFamily, ok, failed, form, status });

  /** The route key counted and matched by faults. */
  function routeKey(rest: string): string {
    if (rest.startsWith("inbounds/")) {
      const tail = rest.slice("inbounds/".length);
      return /^\d+\/(\w+)/.exec(tail)?.[1] ?? (tail.startsWith("get/") ? "inbounds/get" : tail.split("/")[0] === "list" ? "inbounds/list" : tail.split("/")[0]!);
    }
    const [group, action] = rest.split("/");
    return `${group}/${action ?? ""}`;
  }

  async function panelFetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(basePath)) return new Response(null, { status: 404 });
    const rest = url.pathname.slice(basePath.length);
    const apiRest = rest.startsWith("panel/api/") ? rest.slice("panel/api/".length) : null;
    const key = apiRest !== null ? routeKey(apiRest) : rest === "" ? "page" : rest.replace(/\/$/, "");
    count(key);
    const injected = faultFor(key);
    if (injected?.mode === "http500") return new Response("", { status: 500 });
    let response: Response;
    if (injected?.mode === "dbLocked") response = failed("Something went wrong", new GoError("database is locked"));
    else if (injected?.mode === "refuse") response = failed("Something went wrong", new GoError(injected.message ?? "FOREIGN KEY constraint failed"));
    else if (rest === "login" && request.method === "POST") response = await login(request);
    else if (rest === "csrf-token" && request.method === "GET" && v3) {
      const held = sessionOf(request);
      if (held) response = ok(held.session.csrf);
      else {
        const fresh = newSession(false);
        response = ok(sessions.get(fresh.id)!.csrf);
        response.headers.set("set-cookie", fresh.cookie);
      }
    } else if (rest === "" && request.method === "GET") {
      response = sessionOf(request)?.session.loggedIn ? Response.redirect(`${url.origin}${basePath}panel/`, 307) : page(false);
    } else if (rest === "panel/" && request.method === "GET") {
      response = sessionOf(request)?.session.loggedIn ? page(true) : Response.redirect(`${url.origin}${basePath}`, 307);
    } else if (apiRest !== null) {
      response = gate(request, request.method === "POST") ?? (await api(request, apiRest));
    } else response = new Response(null, { status: 404 });
    if (injected?.mode === "slow") await Bun.sleep(injected.delayMs ?? 1000);
    return response;
  }

  // --- the subscription server ------------------------------------------------------------------------------------

  async function subFetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const match = /^\/(sub|json|clash)\/([^/]+)$/.exec(url.pathname);
    if (!match) return new Response(null, { status: 404 });
    count("sub");
    const injected = faultFor("sub");
    if (injected?.mode === "http500") return new Response("", { status: 500 });
    const response = subscriptionAnswer(store, match[1] as "sub" | "json" | "clash", decodeURIComponent(match[2]!), url);
    if (injected?.mode === "slow") await Bun.sleep(injected.delayMs ?? 1000);
    return response;
  }

  // --- lifecycle and controls -------------------------------------------------------------------------------------

  let panelServer: Server<undefined> | null = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: panelFetch });
  let subServer: Server<undefined> | null = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: subFetch });
  const port = panelServer.port ?? 0;
  const subPort = subServer.port ?? 0;
  const goDown = async () => {
    await Promise.all([panelServer?.stop(true), subServer?.stop(true)]);
    panelServer = null;
    subServer = null;
  };

  return {
    version,
    url: `http://127.0.0.1:${port}${basePath}`,
    subUrl: `http://127.0.0.1:${subPort}/sub/`,
    username,
    get password() {
      return password;
    },
    apiToken,
    stop: goDown,
    async setFault(next) {
      fault = next ? { ...next, remaining: next.times ?? Number.POSITIVE_INFINITY } : null;
      if (next?.mode === "down") await goDown();
      else {
        panelServer ??= Bun.serve({ hostname: "127.0.0.1", port, fetch: panelFetch });
        subServer ??= Bun.serve({ hostname: "127.0.0.1", port: subPort, fetch: subFetch });
      }
    },
    counts: () => ({ ...counts }),
    resetCounts() {
      counts = {};
    },
    clients: () => [...store.clients.values()].map((c) => structuredClone(c)),
    client(email) {
      const c = store.clients.get(email);
      return c ? structuredClone(c) : undefined;
    },
    addClientByHand(entry, inboundIds = [1]) {
      return structuredClone(store.add({ enable: true, ...entry }, inboundIds, now()));
    },
    addTraffic(email, up, down) {
      const c = store.clients.get(email);
      if (!c) throw new Error(`no client ${email}`);
      c.up += up;
      c.down += down;
      c.lastOnline = now();
    },
    deplete: (nowMs = now()) => store.deplete(nowMs),
    expireSessions: () => sessions.clear(),
    setPassword(next) {
      password = next;
      sessions.clear();
    },
    setCoreRunning(running) {
      coreRunning = running;
    },
  };
}

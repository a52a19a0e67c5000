/**
 * A faithful simulator of the Marzban family for tests and benchmarks: Marzban v0.8.4 (Gozargah/Marzban 7f396db3)
 * and, with `flavor: "pasarguard"`, PasarGuard v5.2.1 (PasarGuard/panel e81877c0). One Bun.serve on 127.0.0.1,
 * port 0, serving the API and the subscription path together, as both FastAPI apps do.
 *
 * Kept from the sources: the admin JWT from a form-encoded `POST /api/admin/token` (HS256, `exp` = lifetime, a
 * password change revokes every earlier token, to the second), 401/403/404/409/422 with `{"detail": ...}` bodies
 * (422 keyed by field, both panels' own handler), Marzban's case-insensitive usernames and 404-before-422 on a
 * modify, PasarGuard's 201/204, its body-before-lookup and "Group not found" 404 on create, paging by
 * offset/limit with `total`, the signed `/sub/{token}` links with `Subscription-Userinfo` (`upload=0`, all traffic
 * in `download`), a `subscription_url` that differs on every read. The model, tokens, JSON shapes, validation and the user store are in test/fakes/marzban/.
 */
import type { Server } from "bun";
import { invalid, Refusal, type MarzbanFlavor, type SimGroup, type SimInbound, type SimUser, type UserStatus } from "./marzban/model.ts";
import { userConfig, userJson, userLinks } from "./marzban/shapes.ts";
import { MarzbanStore } from "./marzban/store.ts";
import { readSubscriptionToken, signJwt, subscriptionToken, verifyJwt } from "./marzban/tokens.ts";
import { readProxies } from "./marzban/validation.ts";

export type { MarzbanFlavor, SimGroup, SimInbound, SimUser, UserStatus } from "./marzban/model.ts";

/**
 * Fault modes: the machine is gone, answers late, crashes (500), its database is unavailable (Marzban 500,
 * PasarGuard 503 "Database temporarily unavailable"), it rejects every bearer token (secret rotated), or it refuses
 * with a status and its own words ("refuse", default 400).
 */
export type MarzbanFaultMode = "down" | "slow" | "http500" | "dbUnavailable" | "rejectToken" | "refuse";

/**
 * A fault to inject. `actions` limits it to some routes: `login`, `users`, `user:get`, `user:create`, `user:modify`,
 * `user:delete`, `user:reset`, `sub`, `system`, `inbounds`, `groups`, `core`, `admin`. `times` limits it to the next
 * N matching requests. "slow" does the work at once and answers `delayMs` later (default 1000).
 */
export interface MarzbanFault {
  mode: MarzbanFaultMode;
  actions?: string[];
  times?: number;
  delayMs?: number;
  status?: number;
  detail?: string;
}

export interface MarzbanPanelOptions {
  flavor?: MarzbanFlavor;
  /** The sudo admin. Default "admin" and a random password. */
  username?: string;
  password?: string;
  /** JWT_ACCESS_TOKEN_EXPIRE_MINUTES; default 1440 (a day); 0 issues tokens that never expire. */
  tokenLifetimeMinutes?: number;
  /** XRAY_SUBSCRIPTION_PATH, default "sub". */
  subPath?: string;
  /** XRAY_SUBSCRIPTION_URL_PREFIX (PasarGuard: the url_prefix setting); default "" → relative `/sub/<token>`. */
  subUrlPrefix?: string;
  /** The core's inbounds; by default VLESS, VMess, Trojan and Shadowsocks ones. */
  inbounds?: SimInbound[];
  /** PasarGuard's groups; by default group 1 "default" holding every inbound. */
  groups?: SimGroup[];
  /** The panel's clock in unix seconds (fractions kept). */
  now?: () => number;
  /** The version `/api/system` reports; by default the one simulated (0.8.4 or 5.2.1). */
  version?: string;
}

/** One request as the log keeps it: no headers, no body, no query (they may carry secrets). */
export interface LoggedRequest {
  method: string;
  path: string;
  action: string;
  status: number;
}

export interface MarzbanPanel {
  readonly flavor: MarzbanFlavor;
  /** The panel's base, e.g. `http://127.0.0.1:40123` (API under /api, subscriptions under /sub). */
  readonly url: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** The token lifetime in seconds (0: never expires). */
  readonly tokenLifetimeS: number;
  stop(): Promise<void>;
  /** Listens again on the same port after "down" (and clears the fault). */
  restart(): Promise<void>;
  setFault(fault: MarzbanFault | null): Promise<void>;
  /** Requests per action since start or the last reset; `counts().login` is the number of logins. */
  counts(): Record<string, number>;
  requests(): LoggedRequest[];
  resetCounts(): void;
  /** The most user writes that were in flight at once. */
  maxConcurrentWrites(): number;
  users(): SimUser[];
  user(username: string): SimUser | undefined;
  /** Inserts a user as an admin would in the dashboard (with every inbound / group 1 unless told otherwise). */
  addUserByHand(user: Partial<SimUser> & { username: string }): SimUser;
  /** The core's stats job: counts traffic for a user; false when there is no such user. */
  addTraffic(username: string, bytes: number): boolean;
  /** The review job: active users at or over their limit become limited, past expiry expired; returns their names. */
  review(nowS?: number): string[];
  /** Changes the admin password; every token issued before now stops working (password_reset_at). */
  setPassword(password: string): void;
  setCoreStarted(started: boolean): void;
  inbounds(): SimInbound[];
  groups(): SimGroup[];
}

const DEFAULT_INBOUNDS: SimInbound[] = [
  { tag: "VLESS TCP REALITY", protocol: "vless", network: "tcp", tls: "reality", port: 443 },
  { tag: "VMess TCP", protocol: "vmess", network: "tcp", tls: "none", port: 8081 },
  { tag: "Trojan Websocket TLS", protocol: "trojan", network: "ws", tls: "tls", port: 2083 },
  { tag: "Shadowsocks TCP", protocol: "shadowsocks", network: "tcp", tls: "none", port: 1080 },
];

const WRITES = new Set(["user:create", "user:modify", "user:delete", "user:reset"]);
const SORTS = ["username", "used_traffic", "data_limit", "expire", "created_at"];

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const detail = (status: number, text: unknown, headers?: Record<string, string>) => json(status, { detail: text }, headers);
const UNAUTHORIZED = { "WWW-Authenticate": "Bearer" };

function hostOf(request: Request): string {
  const host = request.headers.get("host") ?? "127.0.0.1";
  return host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
}

export function startMarzbanPanel(options: MarzbanPanelOptions = {}): MarzbanPanel {
  const flavor = options.flavor ?? "marzban";
  const username = options.username ?? "admin";
  let password = options.password ?? Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString("base64url");
  const tokenLifetimeS = (options.tokenLifetimeMinutes ?? 1440) * 60;
  const subPath = (options.subPath ?? "sub").replace(/^\/+|\/+$/g, "");
  const subUrlPrefix = (options.subUrlPrefix ?? "").replace(/\/+$/, "");
  const now = options.now ?? (() => Date.now() / 1000);
  const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");
  const inbounds = structuredClone(options.inbounds ?? DEFAULT_INBOUNDS);
  const groups = new Map<number, SimGroup>(
    (options.groups ?? [{ id: 1, name: "default", inbound_tags: inbounds.map((i) => i.tag), is_disabled: false }]).map((g) => [g.id, structuredClone(g)]),
  );

  let passwordResetAt: number | null = null;
  let coreStarted = true;
  let fault: (MarzbanFault & { remaining: number }) | null = null;
  let counts: Record<string, number> = {};
  let log: LoggedRequest[] = [];
  let writesInFlight = 0;
  let maxWrites = 0;

  // --- the store ------------------------------------------------------------------------------------------------

  const store = new MarzbanStore(flavor, inbounds, groups, now);
  const users = store.users;
  const byName = (name: string) => store.byName(name);
  const sameName = (a: string, b: string) => store.sameName(a, b);

  /** A user's JSON, serialised at once by the caller (so it may share the stored objects). */
  function render(user: SimUser, host: string, withSubUrl = true): Record<string, unknown> {
    let subscriptionUrl = "";
    if (withSubUrl) {
      const prefix = subUrlPrefix.includes("*") ? subUrlPrefix.replace("*", Buffer.from(crypto.getRandomValues(new Uint8Array(8))).toString("hex")) : subUrlPrefix;
      subscriptionUrl = `${prefix}/${subPath}/${subscriptionToken(flavor, user, now(), secret)}`;
    }
    return userJson(flavor, user, { subscriptionUrl, links: store.linksOf(user, host), inbounds, admin: username });
  }

  // --- auth -----------------------------------------------------------------------------------------------------

  function issueToken(): string {
    const iat = Math.floor(now());
    const payload: Record<string, unknown> = flavor === "marzban" ? { sub: username, access: "sudo", iat } : { sub: username, access: "admin", iat, aid: 1 };
    if (tokenLifetimeS > 0) payload.exp = iat + tokenLifetimeS;
    return signJwt(payload, secret);
  }

  /** Admin.get_current: null when the bearer token is missing, forged, expired or older than a password change. */
  function authorised(request: Request): boolean {
    const header = request.headers.get("authorization") ?? "";
    const match = /^bearer\s+(.+)$/i.exec(header);
    const payload = match?.[1] ? verifyJwt(match[1].trim(), secret) : null;
    if (!payload || payload.sub !== username) return false;
    const leeway = flavor === "pasarguard" ? 5 : 0;
    if (typeof payload.exp === "number" && payload.exp <= now() - leeway) return false;
    return !(passwordResetAt !== null && typeof payload.iat === "number" && passwordResetAt > payload.iat);
  }

  async function login(request: Request): Promise<Response> {
    const type = request.headers.get("content-type") ?? "";
    const form = type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data") ? await request.formData() : null;
    const user = form?.get("username");
    const pass = form?.get("password");
    if (typeof user !== "string" || typeof pass !== "string") return detail(422, { [typeof user !== "string" ? "username" : "password"]: "Field required" });
    if (user !== username || pass !== password) return detail(401, "Incorrect username or password", UNAUTHORIZED);
    return json(200, { access_token: issueToken(), token_type: "bearer" });
  }

  // --- routes ---------------------------------------------------------------------------------------------------

  async function readBody(request: Request): Promise<Record<string, unknown>> {
    const type = request.headers.get("content-type");
    const text = await request.text();
    if (type !== null && !type.includes("json")) throw invalid("body", "Input should be a valid dictionary or object to extract fields from");
    if (text.trim() === "") throw invalid("body", "Field required");
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalid("1", "JSON decode error");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalid("body", "Input should be a valid dictionary or object to extract fields from");
    return parsed as Record<string, unknown>;
  }

  function listUsers(url: URL, host: string): Response {
    const q = url.searchParams;
    const int = (key: string) => {
      const raw = q.get(key);
      if (raw === null || raw === "") return undefined;
      if (!/^-?\d+$/.test(raw)) throw invalid(key, "Input should be a valid integer, unable to parse string as an integer");
      return Number(raw);
    };
    const offset = int("offset");
    const limit = int("limit");
    let rows = [...users.values()].sort((a, b) => a.id - b.id);
    const names = [...q.getAll("username"), ...(flavor === "pasarguard" ? q.getAll("usernames") : [])];
    if (names.length) rows = rows.filter((u) => names.some((n) => sameName(n, u.username)));
    const search = q.get("search");
    if (search) rows = rows.filter((u) => u.username.toLowerCase().includes(search.toLowerCase()) || (u.note ?? "").toLowerCase().includes(search.toLowerCase()));
    const status = q.get("status");
    if (status) rows = rows.filter((u) => u.status === status);
    const sort = q.get("sort");
    if (sort) {
      const keys = sort.replace(/^,+|,+$/g, "").split(",");
      for (const key of keys) {
        if (!SORTS.includes(key.replace(/^-/, ""))) {
          if (flavor === "marzban") throw new Refusal(400, `"${key}" is not a valid sort option`);
          throw invalid("sort", `Value error, '${key}' is not a valid UserSortOption`);
        }
      }
      const field = (u: SimUser, key: string): number | string => {
        const f = key.replace(/^-/, "");
        if (f === "username") return u.username.toLowerCase();
        if (f === "used_traffic") return u.usedTraffic;
        if (f === "data_limit") return u.dataLimit ?? -1;
        if (f === "expire") return u.expire ?? -1;
        return u.createdAt;
      };
      const inOrder = (a: SimUser, b: SimUser) => {
        for (const key of keys) {
          const [x, y] = [field(a, key), field(b, key)];
          if (x !== y) return (x < y ? -1 : 1) * (key.startsWith("-") ? -1 : 1);
        }
        return a.id - b.id;
      };
      if (rows.some((row, i) => i > 0 && inOrder(rows[i - 1]!, row) > 0)) rows.sort(inOrder);
    }
    const total = rows.length;
    if (offset) rows = rows.slice(Math.max(0, offset));
    if (limit) rows = rows.slice(0, Math.max(0, limit));
    const withSub = flavor === "marzban" || q.get("load_sub") === "true";
    return json(200, { users: rows.map((u) => render(u, host, withSub)), total });
  }

  /** The user a `/api/user/...` path names: by username (case-insensitive on Marzban), or PasarGuard's by-id. */
  function target(rest: string[]): SimUser | undefined {
    if (flavor === "pasarguard" && rest[0] === "by-id") return users.get(Number(rest[1]));
    const name = decodeURIComponent((flavor === "pasarguard" && rest[0] === "by-username" ? rest[1] : rest[0]) ?? "");
    return byName(name);
  }

  async function userRoute(request: Request, rest: string[], host: string): Promise<Response> {
    const method = request.method;
    const keyed = flavor === "pasarguard" && (rest[0] === "by-id" || rest[0] === "by-username") ? 2 : 1;
    const sub = rest.slice(keyed).join("/");
    const found = () => {
      const user = target(rest);
      if (!user) throw new Refusal(404, "User not found");
      return user;
    };
    if (sub === "" && method === "GET") return json(200, render(found(), host));
    if (sub === "" && method === "PUT") {
      // Marzban resolves the user (a dependency) before the body; PasarGuard validates the body first.
      const user = flavor === "marzban" ? found() : undefined;
      const apply = store.prepareModify(await readBody(request));
      const subject = user ?? found();
      apply(subject);
      return json(200, render(subject, host));
    }
    if (sub === "" && method === "DELETE") {
      users.delete(found().id);
      return flavor === "marzban" ? json(200, { detail: "User successfully deleted" }) : json(204, null);
    }
    if (sub === "reset" && method === "POST") {
      const user = found();
      store.reset(user);
      return json(200, render(user, host));
    }
    if (sub === "revoke_sub" && method === "POST") {
      const user = found();
      user.subRevokedAt = now();
      user.proxies = readProxies(flavor, Object.fromEntries(Object.keys(user.proxies).map((p) => [p, {}])), false) ?? {};
      return json(200, render(user, host));
    }
    return detail(method === "GET" || method === "PUT" || method === "DELETE" || method === "POST" ? 404 : 405, method === "GET" ? "Not Found" : "Method Not Allowed");
  }

  function actionOf(method: string, parts: string[]): string {
    const [area, second, third] = parts;
    if (area === "admin") return second === "token" ? "login" : "admin";
    if (area === "users") return "users";
    if (area === "user") {
      if (second === undefined) return method === "POST" ? "user:create" : "other";
      const keyed = flavor === "pasarguard" && (second === "by-id" || second === "by-username");
      const tail = keyed ? parts[3] : third;
      if (tail === "reset") return "user:reset";
      if (tail !== undefined) return "other";
      return method === "GET" ? "user:get" : method === "PUT" ? "user:modify" : method === "DELETE" ? "user:delete" : "other";
    }
    return area ?? "other";
  }

  async function api(request: Request, url: URL, parts: string[], action: string): Promise<Response> {
    const method = request.method;
    if (action === "login") return method === "POST" ? login(request) : detail(405, "Method Not Allowed");
    if (!authorised(request)) {
      const missing = !request.headers.get("authorization") && flavor === "marzban";
      return detail(401, missing ? "Not authenticated" : "Could not validate credentials", UNAUTHORIZED);
    }
    const host = hostOf(request);
    const [area, ...rest] = parts;
    if (area === "admin" && method === "GET" && rest.length === 0) return json(200, { username, is_sudo: true, telegram_id: null, discord_webhook: null, users_usage: 0 });
    if (area === "users" && method === "GET" && rest.length === 0) return listUsers(url, host);
    if (area === "user" && rest.length === 0 && method === "POST") {
      const created = store.create(await readBody(request));
      return json(flavor === "pasarguard" ? 201 : 200, render(created, host));
    }
    if (area === "user" && rest.length > 0) return userRoute(request, rest, host);
    if (area === "inbounds" && method === "GET") {
      if (flavor === "pasarguard") return json(200, inbounds.map((i) => i.tag));
      const byProtocol: Record<string, SimInbound[]> = {};
      for (const inbound of inbounds) (byProtocol[inbound.protocol] ??= []).push(structuredClone(inbound));
      return json(200, byProtocol);
    }
    if (area === "groups" && method === "GET" && flavor === "pasarguard") {
      const rows = [...groups.values()].map((g) => ({ ...structuredClone(g), total_users: [...users.values()].filter((u) => u.groupIds.includes(g.id)).length }));
      return json(200, { groups: rows, total: rows.length });
    }
    if (area === "core" && method === "GET" && flavor === "marzban") return json(200, { version: "25.1.30", started: coreStarted, logs_websocket: "/api/core/logs" });
    if (area === "system" && method === "GET") return json(200, systemStats());
    return detail(404, "Not Found");
  }

  function systemStats(): Record<string, unknown> {
    const count = (s?: UserStatus) => [...users.values()].filter((u) => s === undefined || u.status === s).length;
    const online = [...users.values()].filter((u) => u.onlineAt !== null && u.onlineAt > now() - 86_400).length;
    const base = { mem_total: 2 * 2 ** 30, mem_used: 2 ** 29, cpu_cores: 2, cpu_usage: 3.5, total_user: count(), online_users: online, incoming_bandwidth: 0, outgoing_bandwidth: 0 };
    if (flavor === "marzban") {
      return { version: options.version ?? "0.8.4", ...base, users_active: count("active"), users_disabled: count("disabled"), users_expired: count("expired"), users_limited: count("limited"), users_on_hold: count("on_hold"), incoming_bandwidth_speed: 0, outgoing_bandwidth_speed: 0 };
    }
    return { version: options.version ?? "5.2.1", uptime_seconds: 3600, disk_total: null, disk_used: null, ...base, active_users: count("active"), on_hold_users: count("on_hold"), disabled_users: count("disabled"), expired_users: count("expired"), limited_users: count("limited") };
  }

  function subscription(request: Request, parts: string[]): Response {
    const [token = "", kind] = parts;
    const claim = readSubscriptionToken(flavor, token, secret);
    const user = claim ? (claim.id !== undefined ? users.get(claim.id) : byName(claim.username ?? "")) : undefined;
    if (!claim || !user || user.createdAt > claim.issuedS || (user.subRevokedAt !== null && user.subRevokedAt > claim.issuedS)) return detail(404, "Not Found");
    const host = hostOf(request);
    const headers: Record<string, string> = {
      "content-disposition": `attachment; filename="${user.username}"`,
      "profile-web-page-url": request.url,
      "support-url": "https://t.me/",
      "profile-title": `base64:${Buffer.from("Subscription").toString("base64")}`,
      "profile-update-interval": "12",
      "subscription-userinfo": `upload=0; download=${user.usedTraffic}; total=${user.dataLimit ?? 0}; expire=${user.expire === null ? 0 : Math.floor(user.expire)}`,
    };
    if (kind === "info") return json(200, render(user, host));
    if ((request.headers.get("accept") ?? "").includes("text/html") && kind === undefined) {
      return new Response(`<!DOCTYPE html><html><body><h1>${user.username}</h1></body></html>`, { headers: { "content-type": "text/html; charset=utf-8" } });
    }
    user.subUpdatedAt = now();
    user.subLastUserAgent = request.headers.get("user-agent") ?? "";
    // Marzban's client types and PasarGuard's formats; the links list (base64) is both panels' default.
    const JSON_TYPES = flavor === "marzban" ? ["sing-box", "outline", "v2ray-json"] : ["sing_box", "outline", "xray"];
    const CLASH_TYPES = flavor === "marzban" ? ["clash", "clash-meta"] : ["clash", "clash_meta"];
    const LINK_TYPES = flavor === "marzban" ? ["v2ray"] : ["links", "links_base64"];
    let body: string;
    let type = "text/plain; charset=utf-8";
    if (kind === undefined || LINK_TYPES.includes(kind)) {
      const links = userLinks(flavor, user, inbounds, groups, host).join("\n");
      body = kind === "links" ? links : Buffer.from(links).toString("base64");
    } else if (JSON_TYPES.includes(kind)) {
      body = userConfig("json", flavor, user, inbounds, groups, host);
      type = "application/json";
    } else if (CLASH_TYPES.includes(kind)) {
      body = userConfig("clash", flavor, user, inbounds, groups, host);
      type = "text/yaml";
    } else if (flavor === "marzban") {
      return detail(422, { client_type: "String should match pattern 'sing-box|clash-meta|clash|outline|v2ray|v2ray-json'" });
    } else return detail(422, { client_type: "Input should be 'links', 'links_base64', 'xray', 'sing_box', 'clash', 'clash_meta', 'outline' or 'wireguard'" });
    return new Response(request.method === "HEAD" ? null : body, { headers: { "content-type": type, ...headers } });
  }

  const count = (key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };

  function faultFor(action: string): MarzbanFault | null {
    if (!fault || fault.mode === "down" || fault.remaining <= 0) return null;
    if (fault.actions && !fault.actions.includes(action)) return null;
    fault.remaining -= 1;
    return fault;
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const parts = url.pathname.split("/").filter((p) => p !== "");
    const isApi = parts[0] === "api";
    const isSub = parts[0] === subPath && parts.length >= 2 && (request.method === "GET" || (request.method === "HEAD" && flavor === "pasarguard"));
    if (!isApi && !isSub) return detail(404, "Not Found");
    if (isApi && url.pathname.endsWith("/") && parts.length > 1) {
      return new Response(null, { status: 307, headers: { location: url.pathname.replace(/\/+$/, "") + url.search } });
    }
    const action = isSub ? "sub" : actionOf(request.method, parts.slice(1));
    count(action);
    const injected = faultFor(action);
    if (injected?.mode === "http500") return new Response("Internal Server Error", { status: 500, headers: { "content-type": "text/plain; charset=utf-8" } });
    if (injected?.mode === "dbUnavailable") {
      return flavor === "pasarguard" ? detail(503, "Database temporarily unavailable") : new Response("Internal Server Error", { status: 500 });
    }
    if (injected?.mode === "rejectToken" && action !== "login" && !isSub) return detail(401, "Could not validate credentials", UNAUTHORIZED);
    if (injected?.mode === "refuse") return detail(injected.status ?? 400, injected.detail ?? "Bad request");
    const isWrite = WRITES.has(action) || action === "other";
    if (isWrite) {
      maxWrites = Math.max(maxWrites, ++writesInFlight);
      store.touched();
    }
    try {
      let response: Response;
      try {
        response = isSub ? subscription(request, parts.slice(1)) : await api(request, url, parts.slice(1), action);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        response = detail(error.status, error.detail);
      }
      if (injected?.mode === "slow") await Bun.sleep(injected.delayMs ?? 1000);
      log.push({ method: request.method, path: url.pathname, action, status: response.status });
      return response;
    } finally {
      if (isWrite) writesInFlight -= 1;
    }
  }

  // --- lifecycle ------------------------------------------------------------------------------------------------

  let server: Server<undefined> | null = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handle });
  const port = server.port ?? 0;
  const goDown = async () => {
    await server?.stop(true);
    server = null;
  };
  const comeUp = () => {
    server ??= Bun.serve({ hostname: "127.0.0.1", port, fetch: handle });
  };

  return {
    flavor,
    url: `http://127.0.0.1:${port}`,
    port,
    username,
    get password() {
      return password;
    },
    tokenLifetimeS,
    stop: goDown,
    async restart() {
      fault = null;
      comeUp();
    },
    async setFault(next) {
      fault = next ? { ...next, remaining: next.times ?? Number.POSITIVE_INFINITY } : null;
      if (next?.mode === "down") await goDown();
      else comeUp();
    },
    counts: () => ({ ...counts }),
    requests: () => log.map((r) => ({ ...r })),
    resetCounts() {
      counts = {};
      log = [];
      maxWrites = writesInFlight;
    },
    maxConcurrentWrites: () => maxWrites,
    users: () => [...users.values()].sort((a, b) => a.id - b.id).map((u) => structuredClone(u)),
    user: (name) => {
      const u = byName(name);
      return u ? structuredClone(u) : undefined;
    },
    addUserByHand(partial) {
      const user: SimUser = { ...store.blankUser(partial.username), ...structuredClone(partial) };
      if (!partial.proxies) {
        user.proxies = flavor === "marzban" ? { vless: { id: crypto.randomUUID(), flow: "" } } : (readProxies(flavor, {}, true) ?? {});
      }
      if (!partial.groupIds && flavor === "pasarguard") user.groupIds = [1];
      users.set(user.id, user);
      store.touched();
      return structuredClone(user);
    },
    addTraffic(name, bytes) {
      const user = byName(name);
      if (!user) return false;
      user.usedTraffic += bytes;
      user.onlineAt = now();
      return true;
    },
    review(nowS = now()) {
      const changed: string[] = [];
      for (const user of users.values()) {
        if (user.status !== "active") continue;
        if (user.dataLimit && user.usedTraffic >= user.dataLimit) user.status = "limited";
        else if (user.expire && user.expire <= nowS) user.status = "expired";
        else continue;
        changed.push(user.username);
      }
      return changed;
    },
    setPassword(next) {
      password = next;
      passwordResetAt = now();
    },
    setCoreStarted(started) {
      coreStarted = started;
    },
    inbounds: () => structuredClone(inbounds),
    groups: () => [...groups.values()].map((g) => structuredClone(g)),
  };
}

/** The PasarGuard flavour of the same simulator. */
export function startPasarGuardPanel(options: Omit<MarzbanPanelOptions, "flavor"> = {}): MarzbanPanel {
  return startMarzbanPanel({ ...options, flavor: "pasarguard" });
}

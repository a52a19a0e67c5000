/**
 * A Remnawave backend simulator (remnawave/backend at 2.8.1, commit ba518681, and 3.3.2, commit 347e6de1; 3.0.0 has
 * the same user routes as 3.3.2) for tests: one Bun.serve on 127.0.0.1, port 0, serving the REST API under `/api`
 * and the subscription under `/api/sub/:shortUuid`, as the real backend does behind its reverse proxy.
 *
 * What it keeps from the source (see docs/panels/remnawave.md):
 * - Bearer API tokens (JWTs). A bad, replaced or expired token answers 401 `{message: "Unauthorized", statusCode:
 *   401}`; a deleted token (a valid JWT whose row is gone) answers 403 `Forbidden resource`.
 * - Without `X-Forwarded-For` and `X-Forwarded-Proto: https` the production backend destroys the socket of every
 *   request, the subscription's included (`proxyCheckMiddleware`); `requireProxyHeaders: false` is development mode.
 * - Every answer is `{response: …}`; failures are `{timestamp, path, message, errorCode}` with the code's HTTP
 *   status (A019 username taken is 400, A025/A063 not found are 404), validation failures the nestjs-zod 400 and an
 *   unknown route Nest's `Cannot GET /…` 404 — two different 404s, only the coded one means "no such user".
 * - 2.x: users carry `uuid` and `id`, routes take the uuid, DELETE answers 200 `{response: {isDeleted: true}}`.
 *   3.x: no `uuid`; routes take the numeric id, DELETE answers 204; a 2.x uuid (or a PATCH by `uuid`) answers 400.
 * - Units: `trafficLimitBytes` and `userTraffic.usedTrafficBytes` bytes, `expireAt` an ISO date (2099 = never),
 *   internal squads (UUIDs) where other panels have inbounds; the users list pages by `start`/`size` (≤ 1000), id
 *   descending. PATCH changes only the fields sent; the counters live apart and no user write touches them.
 */
import type { Server } from "bun";
import { CLIENT_TYPES, subscriptionAnswer } from "./remnawave/subscription.ts";
import {
  createUserBody,
  extendBody,
  isUuid,
  type Major,
  pageQuery,
  type ResetPeriod,
  updateUserBody,
  userParam,
  type UserStatus,
  ValidationFailed,
} from "./remnawave/requests.ts";

export type { UserStatus } from "./remnawave/requests.ts";

/** A config-profile inbound inside an internal squad. */
export interface RwInbound {
  uuid: string;
  profileUuid: string;
  tag: string;
  type: "vless" | "trojan" | "shadowsocks";
  network: string | null;
  security: string | null;
  port: number | null;
}

export interface RwSquad {
  uuid: string;
  name: string;
  inbounds: RwInbound[];
}

/** A user as the panel stores it; instants in epoch ms. */
export interface RwUser {
  id: number;
  uuid: string;
  shortUuid: string;
  username: string;
  status: UserStatus;
  trafficLimitBytes: number;
  trafficLimitStrategy: ResetPeriod;
  expireAtMs: number;
  telegramId: number | null;
  email: string | null;
  description: string | null;
  tag: string | null;
  hwidDeviceLimit: number | null;
  externalSquadUuid: string | null;
  trojanPassword: string;
  vlessUuid: string;
  ssPassword: string;
  lastTriggeredThreshold: number;
  subRevokedAtMs: number | null;
  lastTrafficResetAtMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
  squads: string[];
  usedTrafficBytes: number;
  lifetimeUsedTrafficBytes: number;
  onlineAtMs: number | null;
  firstConnectedAtMs: number | null;
}

/**
 * Fault modes: the machine is gone, answers late, crashes (500), a gateway in front of it fails (502), our token is
 * wrong or expired (401), or it was deleted in the dashboard (403).
 */
export type FaultMode = "down" | "slow" | "http500" | "http502" | "invalidToken" | "revokedToken";

/**
 * `actions` limits a fault to some requests: `users:list`, `users:create`, `users:update`, `users:get`,
 * `users:by-username`, `users:delete`, `users:action`, `squads`, `metadata`, `stats`, `sub`. `times` limits it to the
 * next N matching requests. "slow" does the work and answers `delayMs` (default 1000) later.
 */
export interface Fault {
  mode: FaultMode;
  delayMs?: number;
  actions?: string[];
  times?: number;
}

export interface RemnawavePanelOptions {
  /** "2.8.1" (the default) or "3.3.2"; any x.y.z, the major picks the API. Before 2.5.0 there is no metadata route. */
  version?: string;
  /** Seeded squads; by default one "Default-Squad" with a vless reality inbound (443) and a trojan one (8443). */
  squads?: RwSquad[];
  /** SUB_PUBLIC_DOMAIN: users' `subscriptionUrl` is `https://{it}/{shortUuid}`. Default `sub.example.test`. */
  subPublicDomain?: string;
  /** Production mode: drop requests without the reverse proxy's headers. Default true. */
  requireProxyHeaders?: boolean;
  /** The panel's clock in epoch ms. */
  now?: () => number;
  /** The API token to accept (an upgrade in place keeps its tokens); a freshly signed one by default. */
  token?: string;
  /** Listen on this port (an upgrade in place: a new version where the old one stood); a free one by default. */
  port?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  action: string;
  status: number;
  /** Whether the request carried an Authorization header. */
  bearer: boolean;
}

export interface RemnawavePanel {
  /** Panel base, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Where the backend serves subscriptions: `{url}/api/sub/`. */
  readonly subUrl: string;
  readonly token: string;
  readonly version: string;
  readonly major: Major;
  readonly port: number;
  stop(): Promise<void>;
  /** Listens again on the same port after "down" (and clears the fault). */
  restart(): Promise<void>;
  setFault(fault: Fault | null): Promise<void>;
  /** Requests per action since start or the last reset (`login` stays 0: API tokens never log in). */
  counts(): Record<string, number>;
  /** Every request answered, in order. */
  requests(): LoggedRequest[];
  resetCounts(): void;
  users(): RwUser[];
  user(username: string): RwUser | undefined;
  squads(): RwSquad[];
  /** The nodes' traffic report: adds bytes to a user's counters; false when there is no such user. */
  addTraffic(username: string, bytes: number): boolean;
  /** The scheduler's jobs: ACTIVE users over their limit become LIMITED, past expiry EXPIRED. Returns usernames. */
  runJobs(nowMs?: number): string[];
  /** A new token; the old one stops working (401). */
  rotateToken(): string;
  /** Makes the current token's JWT expired (401). */
  expireToken(): void;
  /** Deletes the token's row in the dashboard: the JWT still verifies, the guard refuses it (403). */
  revokeToken(): void;
  /** Creates a user the way an admin would in the dashboard. */
  addUserByHand(user: { username: string; trafficLimitBytes?: number; expireAtMs?: number; squads?: string[] }): RwUser;
  /** The nodes' state: with none online the probe reports the core down. */
  setNodesOnline(count: number): void;
}

const NEVER_MS = Date.UTC(2099, 0, 1);

function defaultSquads(): RwSquad[] {
  const profileUuid = crypto.randomUUID();
  return [
    {
      uuid: crypto.randomUUID(),
      name: "Default-Squad",
      inbounds: [
        { uuid: crypto.randomUUID(), profileUuid, tag: "VLESS_REALITY", type: "vless", network: "tcp", security: "reality", port: 443 },
        { uuid: crypto.randomUUID(), profileUuid, tag: "TROJAN_TCP", type: "trojan", network: "tcp", security: "tls", port: 8443 },
      ],
    },
  ];
}

function base64url(value: string): string {
  return Buffer.from(value).toString("base64url");
}

function randomString(length: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"): string {
  let out = "";
  for (const byte of crypto.getRandomValues(new Uint8Array(length))) out += alphabet[byte % alphabet.length];
  return out;
}

/** An API token as the panel signs one: a JWT with role API and the token row's uuid. */
function signApiToken(tokenUuid: string, expSeconds: number): string {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify({ uuid: tokenUuid, username: null, role: "API", iat: Math.floor(Date.now() / 1000), exp: expSeconds }));
  return `${header}.${payload}.${randomString(43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")}`;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8" } });
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function startRemnawavePanel(options: RemnawavePanelOptions = {}): Promise<RemnawavePanel> {
  const version = options.version ?? "2.8.1";
  const [maj = 2, min = 0] = version.split(".").map(Number);
  const major: Major = maj >= 3 ? 3 : 2;
  const hasMetadata = maj >= 3 || (maj === 2 && min >= 5);
  const now = options.now ?? (() => Date.now());
  const subPublicDomain = options.subPublicDomain ?? "sub.example.test";
  const requireProxyHeaders = options.requireProxyHeaders ?? true;
  const squads = new Map((options.squads ?? defaultSquads()).map((s) => [s.uuid, structuredClone(s)]));
  const users = new Map<number, RwUser>();
  // Indexes, so a benchmark can seed 10,000 users: usernames are unique, uuids too.
  const byName = new Map<string, RwUser>();
  const uuids = new Set<string>();
  let nextId = 1;
  let nodesOnline = 1;
  const startedAt = now();

  let tokenUuid = crypto.randomUUID();
  let tokenExpMs = now() + 365 * 86_400_000;
  let token = options.token ?? signApiToken(tokenUuid, Math.floor(tokenExpMs / 1000));
  let tokenRevoked = false;

  let fault: (Fault & { remaining: number }) | null = null;
  let counts: Record<string, number> = {};
  let log: LoggedRequest[] = [];

  function faultFor(action: string): Fault | null {
    if (!fault || fault.mode === "down") return null;
    if (fault.actions && !fault.actions.includes(action)) return null;
    if (fault.remaining <= 0) return null;
    fault.remaining -= 1;
    return fault;
  }

  // --- rendering ---------------------------------------------------------------------------------------------------

  function render(u: RwUser): Record<string, unknown> {
    const body: Record<string, unknown> = {
      ...(major === 2 ? { uuid: u.uuid } : {}),
      id: u.id,
      shortUuid: u.shortUuid,
      username: u.username,
      status: u.status,
      trafficLimitBytes: u.trafficLimitBytes,
      trafficLimitStrategy: u.trafficLimitStrategy,
      expireAt: iso(u.expireAtMs),
      telegramId: u.telegramId,
      email: u.email,
      description: u.description,
      tag: u.tag,
      hwidDeviceLimit: u.hwidDeviceLimit,
      externalSquadUuid: u.externalSquadUuid,
      trojanPassword: u.trojanPassword,
      vlessUuid: u.vlessUuid,
      ssPassword: u.ssPassword,
      lastTriggeredThreshold: u.lastTriggeredThreshold,
      subRevokedAt: iso(u.subRevokedAtMs),
      lastTrafficResetAt: iso(u.lastTrafficResetAtMs),
      createdAt: iso(u.createdAtMs),
      updatedAt: iso(u.updatedAtMs),
      subscriptionUrl: `https://${subPublicDomain}/${u.shortUuid}`,
      activeInternalSquads: u.squads.map((uuid) => ({ uuid, name: squads.get(uuid)?.name ?? "" })),
      userTraffic: {
        usedTrafficBytes: u.usedTrafficBytes,
        lifetimeUsedTrafficBytes: u.lifetimeUsedTrafficBytes,
        onlineAt: iso(u.onlineAtMs),
        firstConnectedAt: iso(u.firstConnectedAtMs),
        lastConnectedNodeUuid: null,
      },
    };
    return body;
  }

  function renderSquad(s: RwSquad): Record<string, unknown> {
    const members = [...users.values()].filter((u) => u.squads.includes(s.uuid)).length;
    return {
      uuid: s.uuid,
      viewPosition: [...squads.keys()].indexOf(s.uuid) + 1,
      name: s.name,
      info: { membersCount: members, inboundsCount: s.inbounds.length },
      inbounds: s.inbounds.map((i) => ({ ...i, rawInbound: null })),
      createdAt: iso(startedAt),
      updatedAt: iso(startedAt),
    };
  }

  // --- failures as the panel words them -------------------------------------------------------------------------

  class Coded extends Error {
    constructor(readonly status: number, readonly code: string, message: string) {
      super(message);
    }
  }
  class Answered extends Error {
    constructor(readonly response: Response) {
      super("answered");
    }
  }
  const USER_NOT_FOUND = () => new Coded(404, "A025", "User not found");
  const NOT_FOUND_BY_FIELDS = () => new Coded(404, "A063", "User with specified params not found");

  function coded(error: Coded, path: string): Response {
    return json(error.status, { timestamp: new Date(now()).toISOString(), path, message: error.message, errorCode: error.code });
  }

  // --- the user service -------------------------------------------------------------------------------------------

  function sortedDesc(): RwUser[] {
    // Ids only grow and a Map keeps insertion order: reversed, that is id descending.
    return [...users.values()].reverse();
  }

  function byKey(key: string | number): RwUser | undefined {
    if (typeof key === "number") return users.get(key);
    return [...users.values()].find((u) => u.uuid === key);
  }

  function byUsername(username: string): RwUser | undefined {
    return byName.get(username);
  }

  function insert(body: Record<string, unknown>): RwUser {
    const username = body.username as string;
    if (byUsername(username)) throw new Coded(400, "A019", "User username already exists");
    const squadList = (body.activeInternalSquads as string[] | undefined) ?? [];
    // The squad membership insert fails its foreign key; the service answers its generic create error.
    if (squadList.some((uuid) => !squads.has(uuid))) throw new Coded(500, "A018", "Failed to create user");
    const uuid = (body.uuid as string | undefined) ?? crypto.randomUUID();
    if (uuids.has(uuid)) throw new Coded(500, "A018", "Failed to create user");
    const at = now();
    const user: RwUser = {
      id: nextId++,
      uuid,
      shortUuid: (body.shortUuid as string | undefined) ?? randomString(16),
      username,
      status: (body.status as UserStatus | undefined) ?? "ACTIVE",
      trafficLimitBytes: (body.trafficLimitBytes as number | undefined) ?? 0,
      trafficLimitStrategy: (body.trafficLimitStrategy as ResetPeriod | undefined) ?? "NO_RESET",
      expireAtMs: body.expireAt as number,
      telegramId: (body.telegramId as number | null | undefined) ?? null,
      email: (body.email as string | null | undefined) ?? null,
      description: (body.description as string | undefined) ?? null,
      tag: (body.tag as string | null | undefined) ?? null,
      hwidDeviceLimit: (body.hwidDeviceLimit as number | undefined) ?? null,
      externalSquadUuid: (body.externalSquadUuid as string | null | undefined) ?? null,
      trojanPassword: (body.trojanPassword as string | undefined) ?? randomString(30),
      vlessUuid: (body.vlessUuid as string | undefined) ?? crypto.randomUUID(),
      ssPassword: (body.ssPassword as string | undefined) ?? randomString(32),
      lastTriggeredThreshold: 0,
      subRevokedAtMs: null,
      lastTrafficResetAtMs: (body.lastTrafficResetAt as number | undefined) ?? null,
      createdAtMs: (body.createdAt as number | undefined) ?? at,
      updatedAtMs: at,
      squads: [...new Set(squadList)],
      usedTrafficBytes: 0,
      lifetimeUsedTrafficBytes: 0,
      onlineAtMs: null,
      firstConnectedAtMs: null,
    };
    users.set(user.id, user);
    byName.set(user.username, user);
    uuids.add(user.uuid);
    return user;
  }

  /** `UsersService.updateUser`: only the fields sent change; the status follows the service's rules. */
  function update(body: Record<string, unknown>): RwUser {
    const user =
      major === 2
        ? body.uuid !== undefined
          ? byKey(body.uuid as string)
          : byUsername(body.username as string)
        : [...users.values()].find(
            (u) => (body.id === undefined || u.id === body.id) && (body.username === undefined || u.username === body.username),
          );
    if (!user) throw USER_NOT_FOUND();
    const old = { ...user };
    const status = body.status as UserStatus | undefined;
    for (const field of ["trafficLimitStrategy", "description", "tag", "telegramId", "email", "hwidDeviceLimit", "externalSquadUuid"] as const) {
      if (body[field] !== undefined) (user as unknown as Record<string, unknown>)[field] = body[field];
    }
    if (body.expireAt !== undefined) user.expireAtMs = body.expireAt as number;
    if (body.trafficLimitBytes !== undefined) {
      user.trafficLimitBytes = body.trafficLimitBytes as number;
      user.lastTriggeredThreshold = 0;
    }
    if (old.status !== "ACTIVE" && status === "ACTIVE") user.status = "ACTIVE";
    if (old.status === "ACTIVE" && status === "DISABLED") user.status = "DISABLED";
    const limit = body.trafficLimitBytes as number | undefined;
    if (limit !== undefined && old.status === "LIMITED" && (limit > old.trafficLimitBytes || limit === 0)) user.status = "ACTIVE";
    if (old.status === "EXPIRED" && body.expireAt !== undefined && status === undefined) {
      if (body.expireAt !== old.expireAtMs && (body.expireAt as number) > now()) user.status = "ACTIVE";
    }
    if (body.activeInternalSquads !== undefined) user.squads = [...new Set(body.activeInternalSquads as string[])];
    user.updatedAtMs = now();
    return user;
  }

  function action(user: RwUser, name: string, body: unknown): RwUser {
    const at = now();
    switch (name) {
      case "enable":
        if (user.status === "ACTIVE") throw new Coded(400, "A030", "User already enabled");
        user.status = "ACTIVE";
        break;
      case "disable":
        if (user.status === "DISABLED") throw new Coded(400, "A029", "User already disabled");
        user.status = "DISABLED";
        break;
      case "reset-traffic":
        user.usedTrafficBytes = 0;
        user.lastTrafficResetAtMs = at;
        if (user.status === "LIMITED") user.status = "ACTIVE";
        break;
      case "revoke":
        user.shortUuid = randomString(16);
        user.vlessUuid = crypto.randomUUID();
        user.trojanPassword = randomString(30);
        user.ssPassword = randomString(32);
        user.subRevokedAtMs = at;
        break;
      case "extend": {
        const days = extendBody(body);
        user.expireAtMs += days * 86_400_000;
        if (user.status === "EXPIRED" && user.expireAtMs > at) user.status = "ACTIVE";
        break;
      }
    }
    user.updatedAtMs = at;
    return user;
  }

  // --- routing ----------------------------------------------------------------------------------------------------

  async function readJson(request: Request): Promise<unknown> {
    const text = await request.text();
    if (text.trim() === "") return {};
    try {
      return JSON.parse(text);
    } catch {
      // Express's body parser, before any Nest filter: Nest's own 400 shape.
      throw new Answered(json(400, { message: "Unexpected token in JSON at position 0", error: "Bad Request", statusCode: 400 }));
    }
  }

  /** The route's action name and handler, or null for Nest's 404. */
  function route(method: string, path: string): { action: string; run: (request: Request, url: URL) => Promise<Response> } | null {
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== "api") return null;
    const [, controller, a, b, c] = parts;
    const ok = (status: number, response: unknown) => json(status, { response });
    if (method === "GET" && controller === "system" && a === "metadata" && !b && hasMetadata) {
      return {
        action: "metadata",
        run: async () =>
          ok(200, {
            version,
            build: { time: new Date(startedAt).toUTCString(), number: "1" },
            git: {
              backend: { commitSha: major === 2 ? "ba518681" : "347e6de1", branch: "main", commitUrl: "https://github.com/remnawave/backend" },
              frontend: { commitSha: "0000000", commitUrl: "https://github.com/remnawave/frontend" },
            },
          }),
      };
    }
    if (method === "GET" && controller === "system" && a === "stats" && !b) {
      return {
        action: "stats",
        run: async () => {
          const all = [...users.values()];
          const statusCounts = Object.fromEntries(["ACTIVE", "DISABLED", "LIMITED", "EXPIRED"].map((s) => [s, all.filter((u) => u.status === s).length]));
          const lifetime = all.reduce((sum, u) => sum + u.lifetimeUsedTrafficBytes, 0);
          return ok(200, {
            cpu: { cores: 2 },
            memory: { total: 4e9, free: 2e9, used: 2e9 },
            uptime: Math.floor((now() - startedAt) / 1000),
            timestamp: now(),
            users: { statusCounts, totalUsers: all.length },
            onlineStats: { lastDay: 0, lastWeek: 0, neverOnline: all.filter((u) => u.onlineAtMs === null).length, onlineNow: 0 },
            nodes: { totalOnline: nodesOnline, totalBytesLifetime: String(lifetime) },
          });
        },
      };
    }
    if (method === "GET" && controller === "internal-squads" && !a) {
      return { action: "squads", run: async () => ok(200, { total: squads.size, internalSquads: [...squads.values()].map(renderSquad) }) };
    }
    if (controller !== "users") return null;
    if (!a) {
      if (method === "GET") {
        return {
          action: "users:list",
          run: async (_request, url) => {
            const { start, size } = pageQuery(url.searchParams);
            const all = sortedDesc();
            return ok(200, { users: all.slice(start, start + size).map(render), total: all.length });
          },
        };
      }
      if (method === "POST") return { action: "users:create", run: async (request) => ok(201, render(insert(createUserBody(await readJson(request), major)))) };
      if (method === "PATCH") return { action: "users:update", run: async (request) => ok(200, render(update(updateUserBody(await readJson(request), major, now)))) };
      return null;
    }
    if (method === "GET" && a === "by-username" && b && !c) {
      return {
        action: "users:by-username",
        run: async () => {
          const user = byUsername(b);
          if (!user) throw NOT_FOUND_BY_FIELDS();
          return ok(200, render(user));
        },
      };
    }
    if (method === "GET" && a === "by-id" && b && !c && major === 2) {
      return {
        action: "users:get",
        run: async () => {
          const user = users.get(Number(b));
          if (!user) throw NOT_FOUND_BY_FIELDS();
          return ok(200, render(user));
        },
      };
    }
    if (a.startsWith("by-") || a === "bulk" || a === "tags" || a === "stream" || a === "resolve") return null;
    if (!b && (method === "GET" || method === "DELETE")) {
      return {
        action: method === "GET" ? "users:get" : "users:delete",
        run: async () => {
          const user = byKey(userParam(a, major));
          if (method === "GET") {
            if (!user) throw NOT_FOUND_BY_FIELDS();
            return ok(200, render(user));
          }
          if (!user) throw USER_NOT_FOUND();
          users.delete(user.id);
          byName.delete(user.username);
          uuids.delete(user.uuid);
          return major === 2 ? ok(200, { isDeleted: true }) : new Response(null, { status: 204 });
        },
      };
    }
    const actions = major === 2 ? ["enable", "disable", "reset-traffic", "revoke"] : ["enable", "disable", "reset-traffic", "revoke", "extend"];
    if (method === "POST" && b === "actions" && c && actions.includes(c)) {
      return {
        action: "users:action",
        run: async (request) => {
          const key = userParam(a, major);
          const body = c === "extend" || c === "revoke" ? await readJson(request) : undefined;
          const user = byKey(key);
          if (!user) throw USER_NOT_FOUND();
          return ok(200, render(action(user, c, body)));
        },
      };
    }
    return null;
  }

  function authorised(request: Request): Response | null {
    const header = request.headers.get("authorization") ?? "";
    const bearer = /^Bearer (.+)$/.exec(header)?.[1];
    if (bearer !== token || now() >= tokenExpMs) return json(401, { message: "Unauthorized", statusCode: 401 });
    if (tokenRevoked) return json(403, { message: "Forbidden resource", error: "Forbidden", statusCode: 403 });
    return null;
  }

  async function answer(request: Request, url: URL): Promise<{ action: string; response: Response }> {
    const path = url.pathname;
    const sub = /^\/api\/sub\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (sub && request.method === "GET" && (sub[2] === undefined || CLIENT_TYPES.includes(sub[2]))) {
      return { action: "sub", response: subscription(decodeURIComponent(sub[1] ?? ""), sub[2]) };
    }
    const found = route(request.method, path);
    if (!found) {
      return { action: "unknown", response: json(404, { message: `Cannot ${request.method} ${path}`, error: "Not Found", statusCode: 404 }) };
    }
    const denied = authorised(request);
    if (denied) return { action: found.action, response: denied };
    try {
      return { action: found.action, response: await found.run(request, url) };
    } catch (error) {
      if (error instanceof ValidationFailed) return { action: found.action, response: json(400, { statusCode: 400, message: "Validation failed", errors: error.issues }) };
      if (error instanceof Coded) return { action: found.action, response: coded(error, path + url.search) };
      if (error instanceof Answered) return { action: found.action, response: error.response };
      throw error;
    }
  }

  function actionOf(method: string, path: string): string {
    if (/^\/api\/sub\/[^/]+(\/[^/]+)?$/.test(path)) return "sub";
    return route(method, path)?.action ?? "unknown";
  }

  async function panelFetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const action = actionOf(request.method, url.pathname);
    counts[action] = (counts[action] ?? 0) + 1;
    if (requireProxyHeaders && (!request.headers.get("x-forwarded-for") || request.headers.get("x-forwarded-proto") !== "https")) {
      log.push({ method: request.method, path: url.pathname, action, status: 0, bearer: request.headers.has("authorization") });
      // proxyCheckMiddleware: `res.socket.destroy()` — the client sees the connection reset, no HTTP answer.
      return new Response(new ReadableStream({ pull: (controller) => controller.error() }));
    }
    const injected = faultFor(action);
    let response: Response;
    if (injected?.mode === "http500") response = json(500, { statusCode: 500, message: "Internal server error" });
    else if (injected?.mode === "http502") response = new Response("<html><body><h1>502 Bad Gateway</h1></body></html>", { status: 502, headers: { "Content-Type": "text/html" } });
    else if (injected?.mode === "invalidToken") response = json(401, { message: "Unauthorized", statusCode: 401 });
    else if (injected?.mode === "revokedToken") response = json(403, { message: "Forbidden resource", error: "Forbidden", statusCode: 403 });
    else response = (await answer(request, url)).response;
    if (injected?.mode === "slow") await Bun.sleep(injected.delayMs ?? 1000);
    log.push({ method: request.method, path: url.pathname, action, status: response.status, bearer: request.headers.has("authorization") });
    return response;
  }

  function subscription(shortUuid: string, clientType?: string): Response {
    const user = [...users.values()].find((u) => u.shortUuid === shortUuid);
    if (!user) return json(404, { isFound: false, statusCode: 404, message: "Resource not found" });
    return subscriptionAnswer(user, [...squads.values()], major, clientType);
  }

  // --- lifecycle and controls -------------------------------------------------------------------------------------

  let server: Server<undefined> | null = Bun.serve({ hostname: "127.0.0.1", port: options.port ?? 0, fetch: panelFetch });
  const port = server.port ?? 0;
  const url = `http://127.0.0.1:${port}`;

  async function goDown(): Promise<void> {
    await server?.stop(true);
    server = null;
  }

  return {
    url,
    subUrl: `${url}/api/sub/`,
    get token() {
      return token;
    },
    version,
    major,
    port,
    async stop() {
      await goDown();
    },
    async restart() {
      fault = null;
      server ??= Bun.serve({ hostname: "127.0.0.1", port, fetch: panelFetch });
    },
    async setFault(next) {
      fault = next ? { ...next, remaining: next.times ?? Number.POSITIVE_INFINITY } : null;
      if (next?.mode === "down") await goDown();
      else server ??= Bun.serve({ hostname: "127.0.0.1", port, fetch: panelFetch });
    },
    counts: () => ({ login: 0, ...counts }),
    requests: () => log.map((entry) => ({ ...entry })),
    resetCounts() {
      counts = {};
      log = [];
    },
    users: () => [...users.values()].sort((a, b) => a.id - b.id).map((u) => structuredClone(u)),
    user: (username) => {
      const found = byUsername(username);
      return found ? structuredClone(found) : undefined;
    },
    squads: () => [...squads.values()].map((s) => structuredClone(s)),
    addTraffic(username, bytes) {
      const user = byUsername(username);
      if (!user) return false;
      user.usedTrafficBytes += bytes;
      user.lifetimeUsedTrafficBytes += bytes;
      user.onlineAtMs = now();
      user.firstConnectedAtMs ??= now();
      return true;
    },
    runJobs(nowMs = now()) {
      const changed: string[] = [];
      for (const user of users.values()) {
        if (user.status !== "ACTIVE") continue;
        if (user.trafficLimitBytes !== 0 && user.usedTrafficBytes >= user.trafficLimitBytes) user.status = "LIMITED";
        else if (user.expireAtMs < nowMs) user.status = "EXPIRED";
        else continue;
        changed.push(user.username);
      }
      return changed;
    },
    rotateToken() {
      tokenUuid = crypto.randomUUID();
      tokenExpMs = now() + 365 * 86_400_000;
      tokenRevoked = false;
      token = signApiToken(tokenUuid, Math.floor(tokenExpMs / 1000));
      return token;
    },
    expireToken() {
      tokenExpMs = now();
    },
    revokeToken() {
      tokenRevoked = true;
    },
    addUserByHand(spec) {
      return structuredClone(
        insert({
          username: spec.username,
          trafficLimitBytes: spec.trafficLimitBytes ?? 0,
          expireAt: spec.expireAtMs ?? NEVER_MS,
          activeInternalSquads: spec.squads ?? [...squads.keys()],
        }),
      );
    },
    setNodesOnline(count) {
      nodesOnline = count;
    },
  };
}

export { isUuid };

/**
 * The Remnawave driver (backend 2.x and 3.x): `{panelUrl}api/...` with a Bearer API token, every answer
 * `{response: …}`. The API generation is probed once (`GET /api/system/metadata`; a backend before 2.5 has no such
 * route and is 2.x) and picks the user key: the uuid in 2.x, the numeric id in 3.x. The contract, quirks included,
 * is docs/panels/remnawave.md; the simulator is test/fakes/remnawave-panel.ts.
 */
import { registerSecret } from "../log.ts";
import {
  PanelError,
  type CallOptions,
  type ClientPatch,
  type ClientSpec,
  type PanelClient,
  type PanelClientSummary,
  type PanelConnection,
  type PanelDriver,
  type PanelInbound,
  type PanelKindModule,
  type PanelProbe,
  type PanelSubscription,
  type SubscriptionFormat,
} from "./panel.ts";
import { checkUserKey, createBody, patchBody, resetsTraffic, toClient, toSquad, toSummary, type RemnawaveMajor } from "./remnawave-users.ts";
import {
  PanelWire,
  WriteQueue,
  badResponse,
  baseUrl,
  classifyStatus,
  invalidInput,
  isRow,
  num,
  parseJson,
  rows,
  str,
  subscriptionFrom,
  unlessNotFound,
  within,
  type Deadline,
  type Row,
  type WireResponse,
} from "./wire.ts";

const DEFAULT_TIMEOUT_MS = 10_000;
/** The users list's largest page (`size` ≤ 1000 in both generations). */
const PAGE_SIZE = 1000;
/** Error codes that mean "no such user" (USER_NOT_FOUND, GET_USER_BY_UNIQUE_FIELDS_NOT_FOUND); any other 404 does not. */
const NOT_FOUND_CODES = new Set(["A025", "A063"]);
const USERNAME_TAKEN = "A019";
/** subkeeper's formats on Remnawave's client-type routes (`json` there is Xray's JSON, not sing-box's). */
const CLIENT_TYPES: Record<SubscriptionFormat, string | null> = { links: null, json: "singbox", clash: "clash" };

const AUTH_ADVICE = "the API token is wrong, replaced, expired or deleted (create one under API tokens in the dashboard)";
const ROUTE_ADVICE = "the route does not exist: is this a Remnawave 2.x or 3.x backend?";

export function normalizePanelUrl(raw: string): string {
  return baseUrl(raw, "the panel URL", /\/api$/);
}

/** The backend serves subscriptions under `api/sub/`; a separate subscription page (SUB_PUBLIC_DOMAIN) may be given. */
export function subscriptionUrl(panelUrl: string, raw?: string): string {
  return raw ? baseUrl(raw, "the subscription URL") : `${normalizePanelUrl(panelUrl)}api/sub/`;
}

interface Api {
  major: RemnawaveMajor;
  version: string | null;
}

/** A Remnawave failure body: `{message, errorCode}` from the panel's filters, Nest's own `{message, statusCode}`. */
interface Failure {
  status: number;
  code: string | null;
  message: string;
}

function failureOf(response: WireResponse): Failure {
  let body: unknown = null;
  try {
    body = JSON.parse(response.body);
  } catch {
    // an HTML page from a proxy in front of the panel
  }
  const row = isRow(body) ? body : {};
  const message = Array.isArray(row.errors)
    ? rows(row.errors).map((issue) => `${(Array.isArray(issue.path) ? issue.path.join(".") : "") || "body"}: ${str(issue.message)}`).join("; ")
    : str(row.message);
  return { status: response.status, code: typeof row.errorCode === "string" ? row.errorCode : null, message: message.slice(0, 300) };
}

export class RemnawaveDriver implements PanelDriver {
  readonly kind = "remnawave" as const;
  readonly capabilities = { setUsedTraffic: false };
  private readonly panelUrl: string;
  private readonly subUrl: string;
  private readonly host: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly wire = new PanelWire();
  private readonly writes = new WriteQueue();
  private api: Promise<Api> | null = null;
  /** username → shortUuid, so serving a subscription costs one request; refreshed when the panel forgets it. */
  private readonly shortUuids = new Map<string, string>();

  constructor(connection: PanelConnection) {
    if (connection.auth.type !== "token" || connection.auth.token.trim() === "") {
      throw invalidInput("config", "a Remnawave server needs an API token");
    }
    this.panelUrl = normalizePanelUrl(connection.panelUrl);
    this.subUrl = subscriptionUrl(this.panelUrl, connection.subUrl);
    this.host = new URL(this.panelUrl).host;
    this.token = connection.auth.token.trim();
    registerSecret(this.token);
    this.timeoutMs = connection.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  // --- the wire ---------------------------------------------------------------------------------------------------

  /**
   * One API call. The production backend drops every request that did not come through its HTTPS reverse proxy
   * (`proxyCheckMiddleware`), so the proxy's two headers are always sent: they change nothing behind a real proxy.
   */
  private async call(action: string, method: "GET" | "POST" | "PATCH" | "DELETE", path: string, due: Deadline, body?: Row): Promise<{ response: WireResponse; data: unknown }> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.token}`,
      Accept: "application/json",
      "X-Forwarded-For": "127.0.0.1",
      "X-Forwarded-Proto": "https",
    };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await this.wire.send(action, `${this.panelUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }, due);
    if (response.status < 200 || response.status >= 300) return { response, data: undefined };
    if (response.status === 204 || response.body === "") return { response, data: null };
    const parsed = parseJson(action, this.host, response.body);
    if (!isRow(parsed) || !("response" in parsed)) throw badResponse(action, this.host, "no `response` in the answer");
    return { response, data: parsed.response };
  }

  /** A non-2xx answer as a PanelError: a coded 400 keeps the panel's words and is never a "not found". */
  private failed(action: string, failure: Failure): PanelError {
    if (failure.status === 404 && failure.code !== null && NOT_FOUND_CODES.has(failure.code)) {
      return new PanelError("permanent", "not-found", action, `the panel at ${this.host} has no such user (${action})`, { status: 404, panelMessage: failure.message });
    }
    if (failure.status === 400) {
      // An uncoded 400 on a keyed route is how a backend upgraded under us refuses the old generation's key: the
      // version is probed again (`keyed`), and the stale key is then refused before it is sent.
      if (failure.code === null) this.api = null;
      const reason = failure.code === null ? "invalid-input" : "rejected";
      return new PanelError("permanent", reason, action, `the panel at ${this.host} refused ${action}: ${failure.message}`, { status: 400, panelMessage: failure.message });
    }
    return classifyStatus(action, this.host, failure.status, { auth: AUTH_ADVICE, notFound: ROUTE_ADVICE });
  }

  private async request(action: string, method: "GET" | "POST" | "PATCH" | "DELETE", path: string, due: Deadline, body?: Row): Promise<unknown> {
    const { response, data } = await this.call(action, method, path, due, body);
    if (data === undefined) throw this.failed(action, failureOf(response));
    return data;
  }

  private user(action: string, data: unknown): Row {
    if (!isRow(data) || typeof data.username !== "string") throw badResponse(action, this.host, "no user in the answer");
    return data;
  }

  /** The API generation, probed once (single-flight); a failed probe is not kept, so the next call asks again. */
  private generation(due: Deadline): Promise<Api> {
    this.api ??= this.probeVersion(due).catch((error: unknown) => {
      this.api = null;
      throw error;
    });
    return this.api;
  }

  private async probeVersion(due: Deadline): Promise<Api> {
    const action = "metadata";
    const { response, data } = await this.call(action, "GET", "api/system/metadata", due);
    if (data === undefined) {
      const failure = failureOf(response);
      // Nest's own 404 for a route that does not exist: a backend before 2.5, which is 2.x.
      if (failure.status === 404 && failure.code === null && failure.message.startsWith("Cannot GET")) return { major: 2, version: null };
      throw this.failed(action, failure);
    }
    const version = isRow(data) ? str(data.version) : "";
    const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
    if (major !== 2 && major !== 3) {
      throw new PanelError("permanent", "unsupported-version", action, `the panel at ${this.host} runs Remnawave ${version || "of an unknown version"}; subkeeper speaks 2.x and 3.x`);
    }
    return { major, version };
  }

  // --- the calls --------------------------------------------------------------------------------------------------

  async probe(options: CallOptions = {}): Promise<PanelProbe> {
    return within(options, this.timeoutMs, async (due) => {
      const started = performance.now();
      const api = await this.generation(due);
      const stats = await this.request("stats", "GET", "api/system/stats", due);
      const row = isRow(stats) ? stats : {};
      return {
        latencyMs: Math.round(performance.now() - started),
        version: api.version,
        coreRunning: num(isRow(row.nodes) ? row.nodes.totalOnline : 0) > 0,
        clients: num(isRow(row.users) ? row.users.totalUsers : 0),
      };
    });
  }

  /**
   * Every user, one request per page of 1000. Pages are offsets over id-descending order: a user created meanwhile
   * repeats one (dropped here), a user deleted meanwhile may hide one until the next sync.
   */
  async listClients(options: CallOptions = {}): Promise<PanelClientSummary[]> {
    return within(options, this.timeoutMs, async (due) => {
      const { major } = await this.generation(due);
      const seen = new Map<string, PanelClientSummary>();
      for (let start = 0; ; start += PAGE_SIZE) {
        const page = await this.request("users:list", "GET", `api/users?start=${start}&size=${PAGE_SIZE}`, due);
        if (!isRow(page) || !Array.isArray(page.users)) throw badResponse("users:list", this.host, "no users list in the answer");
        for (const user of rows(page.users)) {
          const summary = toSummary(user, major);
          if (summary.name) seen.set(summary.id, summary);
        }
        if (page.users.length < PAGE_SIZE || start + PAGE_SIZE >= num(page.total)) break;
      }
      return [...seen.values()];
    });
  }

  /**
   * A call on one user by its stored key, checked against the probed generation first. Should the backend have been
   * upgraded under this driver, its uncoded 400 makes the driver probe again at once, so the stale key comes back as
   * `stale-key`, never as a missing user.
   */
  private async keyed<T>(action: string, id: string, due: Deadline, run: (key: string, major: RemnawaveMajor) => Promise<T>): Promise<T> {
    const { major } = await this.generation(due);
    try {
      return await run(checkUserKey(action, id, major), major);
    } catch (error) {
      if (!(error instanceof PanelError && error.status === 400 && error.reason === "invalid-input")) throw error;
      const now = await this.generation(due);
      if (now.major !== major) checkUserKey(action, id, now.major);
      throw error;
    }
  }

  async getClient(id: string, options: CallOptions = {}): Promise<PanelClient | null> {
    return within(options, this.timeoutMs, (due) =>
      this.keyed("users:get", id, due, (key, major) =>
        unlessNotFound(async () => toClient(this.user("users:get", await this.request("users:get", "GET", `api/users/${key}`, due)), major), null),
      ),
    );
  }

  async findClientByName(name: string, options: CallOptions = {}): Promise<PanelClientSummary[]> {
    return within(options, this.timeoutMs, async (due) => {
      const { major } = await this.generation(due);
      const user = await this.byUsername(name, due);
      return user ? [toSummary(user, major)] : [];
    });
  }

  /** The user of that username, or null only when the panel said so with its "not found" code. */
  private async byUsername(name: string, due: Deadline): Promise<Row | null> {
    return unlessNotFound(async () => {
      const user = this.user("users:by-username", await this.request("users:by-username", "GET", `api/users/by-username/${encodeURIComponent(name)}`, due));
      this.shortUuids.set(name, str(user.shortUuid));
      return user;
    }, null);
  }

  /**
   * Creates the user. Usernames are unique on Remnawave, so a create repeated after a lost answer is refused with
   * A019 (400) and cannot make a second user; that refusal is answered with the user that holds the name.
   */
  async createClient(spec: ClientSpec, options: CallOptions = {}): Promise<PanelClient> {
    const action = "users:create";
    const body = createBody(action, spec);
    return this.writes.run(() =>
      within(options, this.timeoutMs, async (due) => {
        const { major } = await this.generation(due);
        const { response, data } = await this.call(action, "POST", "api/users", due, body);
        if (data !== undefined) return toClient(this.user(action, data), major);
        const failure = failureOf(response);
        if (failure.status === 400 && failure.code === USERNAME_TAKEN) {
          const existing = await this.byUsername(spec.name, due);
          if (existing) return toClient(existing, major);
        }
        throw this.failed(action, failure);
      }),
    );
  }

  /** PATCH changes only the fields sent and never the counter: no fresh read is needed to keep counted traffic. */
  async updateClient(id: string, patch: ClientPatch, options: CallOptions = {}): Promise<PanelClient> {
    const action = "users:update";
    return this.writes.run(() =>
      within(options, this.timeoutMs, (due) =>
        this.keyed(action, id, due, async (key, major) => {
          const reset = resetsTraffic(action, patch);
          const body = patchBody(action, key, major, patch, Date.now());
          let user = this.user(action, await this.request(action, "PATCH", "api/users", due, body));
          if (reset) user = this.user("users:reset-traffic", await this.request("users:reset-traffic", "POST", `api/users/${key}/actions/reset-traffic`, due));
          return toClient(user, major);
        }),
      ),
    );
  }

  /** Deletes the user; false only when the panel says, with its code, that no such user exists. */
  async deleteClient(id: string, options: CallOptions = {}): Promise<boolean> {
    const action = "users:delete";
    return this.writes.run(() =>
      within(options, this.timeoutMs, (due) =>
        this.keyed(action, id, due, (key) =>
          unlessNotFound(async () => {
            await this.request(action, "DELETE", `api/users/${key}`, due);
            return true;
          }, false),
        ),
      ),
    );
  }

  /** The internal squads: where other panels attach clients to inbounds, Remnawave adds users to squads. */
  async listInbounds(options: CallOptions = {}): Promise<PanelInbound[]> {
    return within(options, this.timeoutMs, async (due) => {
      const data = await this.request("squads", "GET", "api/internal-squads", due);
      if (!isRow(data) || !Array.isArray(data.internalSquads)) throw badResponse("squads", this.host, "no internalSquads in the answer");
      return rows(data.internalSquads).map(toSquad);
    });
  }

  /**
   * The subscription of the user named `name`, by its shortUuid (looked up once, then remembered). The token is
   * never sent to the subscription server, which may be another host.
   */
  async fetchSubscription(name: string, format: SubscriptionFormat = "links", options: CallOptions = {}): Promise<PanelSubscription> {
    const action = "sub";
    return within(options, this.timeoutMs, async (due) => {
      for (let attempt = 0; attempt < 2; attempt++) {
        let shortUuid = this.shortUuids.get(name);
        if (shortUuid === undefined) {
          if (!(await this.byUsername(name, due))) throw new PanelError("permanent", "not-found", action, `the panel at ${this.host} has no user ${name}`);
          shortUuid = this.shortUuids.get(name) ?? "";
        }
        const type = CLIENT_TYPES[format];
        const url = `${this.subUrl}${encodeURIComponent(shortUuid)}${type ? `/${type}` : ""}`;
        const response = await this.wire.send(action, url, { method: "GET", headers: { "X-Forwarded-For": "127.0.0.1", "X-Forwarded-Proto": "https" } }, due);
        if (response.status === 200) return subscriptionFrom(response);
        // A revoked subscription has a new shortUuid: forget the old one and look the user up once more.
        if (response.status === 404 && attempt === 0 && this.shortUuids.delete(name)) continue;
        throw classifyStatus(action, new URL(url).host, response.status);
      }
      throw new PanelError("permanent", "not-found", action, `the panel at ${this.host} serves no subscription for ${name}`);
    });
  }
}

export const remnawavePanel: PanelKindModule = {
  kind: "remnawave",
  auth: ["token"],
  inboundIdType: "string",
  inboundsRequired: true,
  hasSubUrl: true,
  normalizePanelUrl,
  subscriptionUrl,
  connect: (connection) => new RemnawaveDriver(connection),
};

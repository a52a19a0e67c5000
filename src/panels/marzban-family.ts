/**
 * What Marzban (0.8.x) and PasarGuard (5.x, its fork) share, written once: the admin JWT session, `{"detail": …}`
 * errors, the paged user listing, read-fresh-then-write updates, usage resets, and subscriptions fetched from the
 * `subscription_url` the panel hands out. Each panel's own shapes (names, ids, units, inbounds or groups) come in
 * a `MarzbanFlavor` from marzban-driver.ts or pasarguard-driver.ts. The contract is docs/panels/marzban.md and
 * docs/panels/pasarguard.md; the simulator is test/fakes/marzban-panel.ts.
 */
import { log } from "../log.ts";
import { generateCredentials } from "./credentials.ts";
import { JwtSession } from "./jwt-session.ts";
import {
  PanelError,
  type CallOptions,
  type ClientCredentials,
  type ClientPatch,
  type ClientSpec,
  type PanelCapabilities,
  type PanelClient,
  type PanelClientSummary,
  type PanelConnection,
  type PanelDriver,
  type PanelInbound,
  type PanelKind,
  type PanelProbe,
  type PanelSubscription,
  type SubscriptionFormat,
} from "./panel.ts";
import {
  badResponse,
  baseUrl,
  checkCount,
  classifyStatus,
  invalidInput,
  isRow,
  num,
  parseJson,
  PanelWire,
  rows,
  str,
  subscriptionFrom,
  within,
  WriteQueue,
  type Deadline,
  type Row,
  type WireResponse,
} from "./wire.ts";

const DEFAULT_TIMEOUT_MS = 10_000;
/** Users per listing page: bounded answers on big panels (both build every user's links and token per row). */
const DEFAULT_PAGE_SIZE = 1000;

/** Whether a user's status is one the panel serves: active, or on hold until its first connection. */
export const servesStatus = (status: string) => status === "active" || status === "on_hold";

/** A password protocol's (trojan, shadowsocks) settings as credentials; both panels keep them the same way. */
export function passwordCredentials(settings: Row): Record<string, string> {
  return { password: str(settings.password), ...(settings.method ? { method: str(settings.method) } : {}) };
}

/** Everything one panel of the family does its own way. */
export interface MarzbanFlavor {
  readonly kind: Extract<PanelKind, "marzban" | "pasarguard">;
  readonly label: string;
  /** Does this driver speak the version `/api/system` reports? `stats` is the rest of that answer. */
  checkVersion(version: string, stats: Row): string | null;
  /** The panel's username for subkeeper's client name; throws invalid-input for a name the panel would refuse. */
  panelName(name: string): string;
  /** subkeeper's client name for a panel username. */
  ourName(username: string): string;
  /** The path of one user by the driver's key for it (`PanelClientSummary.id`). */
  userPath(id: string): string;
  /** The path of one user by panel username. */
  namePath(username: string): string;
  toSummary(row: Row): PanelClientSummary;
  credentials(row: Row): ClientCredentials;
  /** The create body: `targets` are the operator's inbound ids (tags or group ids); [] means all. */
  createBody(spec: ClientSpec, username: string, credentials: ClientCredentials, driver: MarzbanFamilyDriver, due: Deadline): Promise<Row>;
  /** The modify body for a patch, from the user as just read (fields the panel would drop are sent back). */
  modifyBody(fresh: Row, patch: ClientPatch, driver: MarzbanFamilyDriver, due: Deadline): Promise<Row>;
  /** What to send after a usage reset to put back what the reset changed (Marzban re-activates disabled users). */
  afterReset(fresh: Row, patch: ClientPatch): Row | null;
  listTargets(driver: MarzbanFamilyDriver, due: Deadline): Promise<PanelInbound[]>;
  /** The path under a subscription URL for a format (`/sing-box`…); "" for the links list. */
  formatPath(format: SubscriptionFormat): string;
  /** Marzban's /api/core says whether xray runs; PasarGuard's cores run on its nodes. */
  coreRunning(driver: MarzbanFamilyDriver, due: Deadline): Promise<boolean>;
}

export interface MarzbanFamilyOptions {
  panelUrl: string;
  username: string;
  password: string;
  timeoutMs?: number;
  pageSize?: number;
  /** Our clock in epoch ms, for the token's lifetime (tests move it). */
  now?: () => number;
  /** State shared by every driver of this panel and account (`PanelConnection.shared`): the session lives here. */
  shared?: Map<string, unknown>;
}

/** The panel's `detail`: a string, or the 422 handler's `{field: message}` read as `field: message; …`. */
function detailOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (!isRow(parsed)) return "";
    if (typeof parsed.detail === "string") return parsed.detail;
    if (isRow(parsed.detail)) return Object.entries(parsed.detail).map(([k, v]) => `${k}: ${str(v)}`).join("; ");
  } catch {
    // A proxy's HTML page or plain "Internal Server Error".
  }
  return "";
}

export const USER_NOT_FOUND = "User not found";

export class MarzbanFamilyDriver implements PanelDriver {
  readonly kind: PanelKind;
  readonly capabilities: PanelCapabilities = { setUsedTraffic: false };
  readonly panelUrl: string;
  readonly host: string;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly wire = new PanelWire();
  private readonly session: JwtSession;
  private readonly writes = new WriteQueue();
  /** subscription_url per panel username: the panel signs it, it stays valid until the user is revoked or remade. */
  private readonly subUrls = new Map<string, string>();
  private targets: PanelInbound[] | null = null;

  constructor(
    readonly flavor: MarzbanFlavor,
    options: MarzbanFamilyOptions,
  ) {
    if (options.username.trim() === "" || options.password === "") throw invalidInput("config", `${flavor.label} needs the admin username and password`);
    this.kind = flavor.kind;
    this.panelUrl = options.panelUrl;
    this.baseUrl = options.panelUrl.replace(/\/+$/, "");
    this.host = new URL(this.panelUrl).host;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const shared = options.shared?.get("jwt-session");
    this.session =
      shared instanceof JwtSession
        ? shared
        : new JwtSession({ baseUrl: this.baseUrl, username: options.username, password: options.password, wire: this.wire, ...(options.now ? { now: options.now } : {}) });
    options.shared?.set("jwt-session", this.session);
  }

  async probe(options: CallOptions = {}): Promise<PanelProbe> {
    return within(options, this.timeoutMs, async (due) => {
      const started = performance.now();
      const stats = await this.api("system", "GET", "/api/system", undefined, due);
      const latencyMs = Math.round(performance.now() - started);
      if (!isRow(stats)) throw badResponse("system", this.host, "no system stats");
      const version = str(stats.version);
      const refusal = this.flavor.checkVersion(version, stats);
      if (refusal) throw new PanelError("permanent", "unsupported-version", "system", refusal);
      return { latencyMs, version, coreRunning: await this.flavor.coreRunning(this, due), clients: num(stats.total_user) };
    });
  }

  /** Every user, one request per page of `pageSize`, oldest first; a user seen twice (pages shifted) counts once. */
  async listClients(options: CallOptions = {}): Promise<PanelClientSummary[]> {
    return within(options, this.timeoutMs, async (due) => {
      const seen = new Map<string, PanelClientSummary>();
      for (let offset = 0; ; offset += this.pageSize) {
        const query = new URLSearchParams({ offset: String(offset), limit: String(this.pageSize), sort: "created_at" });
        const page = await this.api("users", "GET", `/api/users?${query}`, undefined, due);
        if (!isRow(page) || !Array.isArray(page.users)) throw badResponse("users", this.host, "no users list");
        const users = rows(page.users);
        for (const row of users) {
          const summary = this.flavor.toSummary(row);
          seen.set(summary.id, summary);
        }
        if (users.length < this.pageSize || offset + users.length >= num(page.total)) break;
      }
      return [...seen.values()];
    });
  }

  async getClient(id: string, options: CallOptions = {}): Promise<PanelClient | null> {
    return within(options, this.timeoutMs, async (due) => {
      const row = await this.readUser(this.flavor.userPath(id), due);
      return row ? this.toClient(row) : null;
    });
  }

  /** One request: the user of that name, or none (usernames are unique on both panels). */
  async findClientByName(name: string, options: CallOptions = {}): Promise<PanelClientSummary[]> {
    const username = this.flavor.panelName(name);
    return within(options, this.timeoutMs, async (due) => {
      const row = await this.readUser(this.flavor.namePath(username), due);
      return row ? [this.flavor.toSummary(row)] : [];
    });
  }

  async createClient(spec: ClientSpec, options: CallOptions = {}): Promise<PanelClient> {
    const action = "user:create";
    const username = this.flavor.panelName(spec.name);
    checkCount(action, "volumeBytes", spec.volumeBytes);
    checkCount(action, "expiryUnixS", spec.expiryUnixS);
    const credentials = spec.credentials ?? generateCredentials(spec.name);
    return within(options, this.timeoutMs, (due) =>
      this.writes.run(async () => {
        const body = await this.flavor.createBody(spec, username, credentials, this, due);
        let row = await this.api(action, "POST", "/api/user", body, due);
        if (!isRow(row)) throw badResponse(action, this.host, "no user in the answer");
        if (!spec.enable) row = await this.api("user:modify", "PUT", this.flavor.userPath(this.flavor.toSummary(row).id), { status: "disabled" }, due);
        return this.toClient(row as Row);
      }),
    );
  }

  async updateClient(id: string, patch: ClientPatch, options: CallOptions = {}): Promise<PanelClient> {
    const action = "user:modify";
    for (const field of ["volumeBytes", "expiryUnixS", "upBytes", "downBytes"] as const) {
      const value = patch[field];
      if (value !== undefined) checkCount(action, field, value);
    }
    if ((patch.upBytes ?? 0) !== 0 || (patch.downBytes ?? 0) !== 0) {
      throw invalidInput(action, `${this.flavor.label} can only reset a user's traffic to 0, not set it`);
    }
    const path = this.flavor.userPath(id);
    return within(options, this.timeoutMs, (due) =>
      this.writes.run(async () => {
        const fresh = await this.readUser(path, due);
        if (!fresh) throw new PanelError("permanent", "not-found", action, `the panel has no user ${id}`);
        if (patch.name !== undefined && this.flavor.panelName(patch.name) !== str(fresh.username)) {
          throw invalidInput(action, `${this.flavor.label} cannot rename a user`);
        }
        let restore: Row | null = null;
        if (patch.upBytes === 0 || patch.downBytes === 0) {
          await this.api("user:reset", "POST", `${path}/reset`, undefined, due);
          restore = this.flavor.afterReset(fresh, patch);
        }
        const body = { ...(restore ?? {}), ...(await this.flavor.modifyBody(fresh, patch, this, due)) };
        const saved = await this.api(action, "PUT", path, body, due);
        if (!isRow(saved)) throw badResponse(action, this.host, "no user in the answer");
        return this.toClient(saved);
      }),
    );
  }

  async deleteClient(id: string, options: CallOptions = {}): Promise<boolean> {
    return within(options, this.timeoutMs, (due) =>
      this.writes.run(async () => {
        const response = await this.session.send("user:delete", this.flavor.userPath(id), { method: "DELETE" }, due);
        if (response.status === 404 && detailOf(response.body) === USER_NOT_FOUND) return false;
        this.check("user:delete", response);
        return true;
      }),
    );
  }

  async listInbounds(options: CallOptions = {}): Promise<PanelInbound[]> {
    return within(options, this.timeoutMs, async (due) => {
      this.targets = await this.flavor.listTargets(this, due);
      return this.targets.map((t) => ({ ...t }));
    });
  }

  async fetchSubscription(name: string, format: SubscriptionFormat = "links", options: CallOptions = {}): Promise<PanelSubscription> {
    const username = this.flavor.panelName(name);
    return within(options, this.timeoutMs, async (due) => {
      const cached = this.subUrls.get(username);
      if (cached) {
        const response = await this.wire.send("sub", cached + this.flavor.formatPath(format), { method: "GET" }, due);
        // 404: the user was revoked or made again since; ask the panel for its current link once.
        if (response.status !== 404) return this.subscription(response);
        this.subUrls.delete(username);
      }
      const row = await this.readUser(this.flavor.namePath(username), due);
      const url = row ? this.subUrls.get(username) : undefined;
      if (!url) throw new PanelError("permanent", "not-found", "sub", `the panel has no user ${username}`);
      return this.subscription(await this.wire.send("sub", url + this.flavor.formatPath(format), { method: "GET" }, due));
    });
  }

  // -------------------------------------------------------------------------------------------------------------

  /** The cached inbounds or groups, read once when first needed. */
  async knownTargets(due: Deadline): Promise<PanelInbound[]> {
    this.targets ??= await this.flavor.listTargets(this, due);
    return this.targets;
  }

  /** An authorised API call: the parsed JSON of a 2xx answer, or the classified failure. */
  async api(action: string, method: "GET" | "POST" | "PUT" | "DELETE", path: string, json: unknown, due: Deadline): Promise<unknown> {
    const response = await this.session.send(action, path, { method, ...(json !== undefined ? { json } : {}) }, due);
    this.check(action, response);
    return response.status === 204 || response.body === "" ? null : parseJson(action, this.host, response.body);
  }

  /** A user by path, or null only on the panel's own "User not found" (a bare 404 is a wrong URL, not a gone user). */
  private async readUser(path: string, due: Deadline): Promise<Row | null> {
    const response = await this.session.send("user:get", path, { method: "GET" }, due);
    if (response.status === 404 && detailOf(response.body) === USER_NOT_FOUND) return null;
    this.check("user:get", response);
    const row = parseJson("user:get", this.host, response.body);
    if (!isRow(row) || typeof row.username !== "string") throw badResponse("user:get", this.host, "no user in the answer");
    this.remember(row);
    return row;
  }

  /**
   * Keeps a user's subscription link as a path on the panel itself. The panel's URL prefix may name another host (a
   * CDN domain); the same app serves the path, and an answer never sends our server to an address of its choosing.
   */
  private remember(row: Row): void {
    const raw = str(row.subscription_url);
    if (raw === "") return;
    let path: string;
    try {
      path = new URL(raw, "http://panel.invalid").pathname;
    } catch {
      return;
    }
    const segments = path.split("/").filter((part) => part !== "");
    if (segments.length < 2 || segments.some((part) => part === "." || part === "..")) return;
    this.subUrls.set(str(row.username), `${this.baseUrl}/${segments.join("/")}`);
  }

  private toClient(row: Row): PanelClient {
    this.remember(row);
    return { ...this.flavor.toSummary(row), credentials: this.flavor.credentials(row), links: rowLinks(row) };
  }

  private subscription(response: WireResponse): PanelSubscription {
    if (response.status === 404) throw new PanelError("permanent", "not-found", "sub", `the panel at ${this.host} does not know this subscription (revoked?)`, { status: 404 });
    if (response.status !== 200) throw classifyStatus("sub", this.host, response.status);
    const sub = subscriptionFrom(response);
    // Both panels send `base64:<title>` so any UTF-8 title survives the header.
    const title = sub.profileTitle?.startsWith("base64:") ? Buffer.from(sub.profileTitle.slice(7), "base64").toString("utf8") : sub.profileTitle;
    return { ...sub, profileTitle: title };
  }

  /** Throws the classified failure for a non-2xx answer, with the panel's own words. */
  private check(action: string, response: WireResponse): void {
    const status = response.status;
    if (status >= 200 && status < 300) return;
    const words = detailOf(response.body);
    if (status === 422) throw new PanelError("permanent", "invalid-input", action, `${this.flavor.label} refused the request (${words || "422"})`, { status, panelMessage: words });
    if (status === 400 || status === 409 || (status === 404 && words !== "" && words !== "Not Found")) {
      // 409 "User already exists", 400 "Protocol vless is disabled on your server", 404 "Group not found".
      throw new PanelError("permanent", "rejected", action, words || `${this.flavor.label} refused (${status})`, { status, panelMessage: words });
    }
    const error = classifyStatus(action, this.host, status, {
      auth: `${this.flavor.label} refused the admin account (${words || status}): check its username, password and role`,
      notFound: `no such route: is this a ${this.flavor.label} panel, and is the URL its own address?`,
    });
    log.debug({ panel: this.host, action, status, kind: error.kind }, "panel call refused");
    throw error;
  }
}

function rowLinks(row: Row) {
  return Array.isArray(row.links) ? row.links.filter((l): l is string => typeof l === "string").map((uri) => ({ type: "local" as const, uri })) : [];
}

/** A family panel's own address; a pasted `/dashboard` or `/api` tail is dropped. */
export function normalizeFamilyUrl(raw: string): string {
  return baseUrl(raw, "the panel URL", /\/(dashboard|api|docs)$/);
}

export function connectFamily(flavor: MarzbanFlavor, connection: PanelConnection): MarzbanFamilyDriver {
  if (connection.auth.type !== "login") throw invalidInput("config", `${flavor.label} signs in with the admin username and password`);
  return new MarzbanFamilyDriver(flavor, {
    panelUrl: connection.panelUrl,
    username: connection.auth.username,
    password: connection.auth.password,
    ...(connection.timeoutMs !== undefined ? { timeoutMs: connection.timeoutMs } : {}),
    ...(connection.shared ? { shared: connection.shared } : {}),
  });
}

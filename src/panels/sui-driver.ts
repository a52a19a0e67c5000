/**
 * The S-UI (v1.5) panel driver over API v2: `{panelUrl}apiv2/<action>` with a `Token` header, every answer an HTTP
 * 200 envelope `{success, msg, obj}` that is checked each time. The contract, quirks included, is
 * docs/panels/s-ui.md; the faithful simulator is test/fakes/sui-panel.ts.
 */
import { ofetch, type $Fetch } from "ofetch";
import { log, registerSecret } from "../log.ts";
import { generateCredentials } from "./credentials.ts";
import {
  PanelError,
  type CallOptions,
  type ClientCredentials,
  type ClientPatch,
  type ClientSpec,
  type PanelClient,
  type PanelClientSummary,
  type PanelDriver,
  type PanelErrorKind,
  type PanelErrorReason,
  type PanelInbound,
  type PanelLink,
  type PanelProbe,
  type PanelSubscription,
  type SubscriptionFormat,
  type SubscriptionUsage,
} from "./panel.ts";

/** How to reach one S-UI panel. */
export interface SuiDriverOptions {
  /** The panel's base URL including its web path, e.g. `http://host:2095/app/` (normalised here). */
  panelUrl: string;
  /** An API v2 token, decrypted. */
  token: string;
  /** The subscription server's base, e.g. `http://host:2096/sub/`; derived from the panel URL when left out. */
  subUrl?: string;
  /** Per-call timeout in milliseconds when the call does not give its own; 10 s by default. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_SUB_PORT = 2096;
const DEFAULT_SUB_PATH = "/sub/";

type Row = Record<string, unknown>;

function invalidInput(action: string, message: string): PanelError {
  return new PanelError("permanent", "invalid-input", action, message);
}

function parseHttpUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalidInput("config", `${what} must be an absolute http(s) URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw invalidInput("config", `${what} must be an absolute http(s) URL`);
  }
  url.search = "";
  url.hash = "";
  return url;
}

/**
 * The panel base URL as the driver uses it: query and fragment dropped, a pasted `apiv2/` or `api/` tail removed,
 * and the web path ending in "/" (`http://host:2095/app` → `http://host:2095/app/`).
 */
export function normalizePanelUrl(raw: string): string {
  const url = parseHttpUrl(raw, "the panel URL");
  let path = url.pathname.replace(/\/+$/, "");
  path = path.replace(/\/(apiv2|api)$/, "");
  url.pathname = `${path}/`;
  return url.toString();
}

/** A subscription base URL with its path ending in "/". */
export function normalizeSubscriptionUrl(raw: string): string {
  const url = parseHttpUrl(raw, "the subscription URL");
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/`;
  return url.toString();
}

/** S-UI's default subscription base for a panel URL: same host, port 2096, path /sub/. */
export function defaultSubscriptionUrl(panelUrl: string): string {
  const url = parseHttpUrl(panelUrl, "the panel URL");
  // WHATWG keeps IPv6 hostnames in brackets.
  return `${url.protocol}//${url.hostname}:${DEFAULT_SUB_PORT}${DEFAULT_SUB_PATH}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading S-UI's JSON: panels are outside our control, so every field is read defensively.

function isRow(value: unknown): value is Row {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function ids(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((id): id is number => typeof id === "number") : [];
}

function credentials(value: unknown): ClientCredentials {
  if (!isRow(value)) return {};
  const out: Record<string, Record<string, string | number | boolean>> = {};
  for (const [protocol, entry] of Object.entries(value)) {
    if (!isRow(entry)) continue;
    const fields: Record<string, string | number | boolean> = {};
    for (const [field, v] of Object.entries(entry)) {
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") fields[field] = v;
    }
    out[protocol] = fields;
  }
  return out;
}

function links(value: unknown): PanelLink[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRow).map((link) => {
    const type = link.type === "external" || link.type === "sub" ? link.type : "local";
    return typeof link.remark === "string"
      ? { type, remark: link.remark, uri: str(link.uri) }
      : { type, uri: str(link.uri) };
  });
}

function toSummary(row: Row): PanelClientSummary {
  return {
    id: num(row.id),
    name: str(row.name),
    enable: row.enable === true,
    upBytes: num(row.up),
    downBytes: num(row.down),
    volumeBytes: num(row.volume),
    expiryUnixS: num(row.expiry),
    inboundIds: ids(row.inbounds),
    remark: str(row.remark),
    desc: str(row.desc),
    group: str(row.group),
    createdAtUnixS: num(row.createdAt),
    onlineAtUnixS: num(row.onlineAt),
  };
}

function toClient(row: Row): PanelClient {
  return {
    ...toSummary(row),
    credentials: credentials(row.config),
    links: links(row.links),
    delayStart: row.delayStart === true,
    autoReset: row.autoReset === true,
    resetDays: num(row.resetDays),
    nextResetUnixS: num(row.nextReset),
    totalUpBytes: num(row.totalUp),
    totalDownBytes: num(row.totalDown),
  };
}

function toInbound(row: Row): PanelInbound {
  return {
    id: num(row.id),
    type: str(row.type),
    tag: str(row.tag),
    listen: str(row.listen),
    listenPort: num(row.listen_port),
    tlsId: num(row.tls_id),
    clientNames: Array.isArray(row.users) ? row.users.filter((u): u is string => typeof u === "string") : [],
  };
}

/** The panel's full client row with a patch applied; fields we do not model pass through untouched. */
function patchedRow(row: Row, patch: ClientPatch): Row {
  const next: Row = { ...row };
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.enable !== undefined) next.enable = patch.enable;
  if (patch.volumeBytes !== undefined) next.volume = patch.volumeBytes;
  if (patch.expiryUnixS !== undefined) next.expiry = patch.expiryUnixS;
  if (patch.upBytes !== undefined) next.up = patch.upBytes;
  if (patch.downBytes !== undefined) next.down = patch.downBytes;
  if (patch.inboundIds !== undefined) next.inbounds = patch.inboundIds;
  if (patch.credentials !== undefined) next.config = patch.credentials;
  if (patch.remark !== undefined) next.remark = patch.remark;
  if (patch.desc !== undefined) next.desc = patch.desc;
  if (patch.group !== undefined) next.group = patch.group;
  // S-UI's edit fails with "unexpected end of JSON input" when either key is absent.
  next.inbounds ??= [];
  next.links ??= [];
  return next;
}

function parseUsage(header: string | null): SubscriptionUsage | null {
  if (header === null) return null;
  const fields = new Map<string, number>();
  for (const part of header.split(";")) {
    const [key, value] = part.split("=").map((s) => s.trim());
    if (key && value !== undefined && /^-?\d+$/.test(value)) fields.set(key, Number(value));
  }
  return {
    uploadBytes: fields.get("upload") ?? 0,
    downloadBytes: fields.get("download") ?? 0,
    totalBytes: fields.get("total") ?? 0,
    expireUnixS: fields.get("expire") ?? 0,
  };
}

/**
 * S-UI writes header values as raw UTF-8 bytes; fetch hands them over as latin1 characters. Reads them back as
 * UTF-8 when they are valid UTF-8, else leaves them as they came.
 */
function utf8Header(value: string | null): string | null {
  if (value === null || !/[\u0080-\u00ff]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return value;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(value, "latin1"));
  } catch {
    return value;
  }
}

function checkCount(action: string, what: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw invalidInput(action, `${what} must be a whole number ≥ 0`);
}

function checkName(action: string, name: string): void {
  if (name.trim() === "" || name.includes("/")) {
    throw invalidInput(action, "a client name must be non-empty and contain no '/' (it is the subscription id)");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Classifying failures.

/** Turns a failure envelope's `msg` into a PanelError; the panel's words stay the message of a permanent failure. */
export function classifyPanelMessage(action: string, rawMessage: string): PanelError {
  const panelMessage = rawMessage.trim();
  const lower = panelMessage.toLowerCase();
  if (lower.includes("database is locked")) {
    return new PanelError("transient", "database-locked", action, `the panel's database was busy (${panelMessage})`, {
      panelMessage,
    });
  }
  if (lower.includes("invalid token") || lower.includes("invalid login")) {
    return new PanelError(
      "auth",
      "invalid-token",
      action,
      "the panel rejected the API token (invalid token): create a new token in S-UI and update this server",
      { panelMessage },
    );
  }
  const reason: PanelErrorReason = lower.includes("record not found") ? "not-found" : "rejected";
  return new PanelError("permanent", reason, action, panelMessage || "the panel refused without a reason", {
    panelMessage,
  });
}

function classifyStatus(action: string, host: string, status: number): PanelError {
  let kind: PanelErrorKind = "permanent";
  let advice = "";
  if (status >= 500 || status === 408 || status === 429) kind = "transient";
  else if (status === 401 || status === 403) {
    kind = "auth";
    advice = ": the panel refused this host or these credentials (is webDomain set on the panel?)";
  } else if (status === 404) advice = ": check the panel URL and its web path (S-UI's default is /app/)";
  return new PanelError(kind, "http-status", action, `the panel at ${host} answered HTTP ${status} to ${action}${advice}`, {
    status,
  });
}

/** One call's deadline: the caller's signal joined with a timeout, told apart afterwards. */
interface Deadline {
  signal: AbortSignal;
  timeoutMs: number;
  timedOut(): boolean;
  dispose(): void;
}

function deadline(timeoutMs: number, callerSignal: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException("timed out", "TimeoutError"));
  }, timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal;
  return {
    signal,
    timeoutMs,
    timedOut: () => timedOut,
    dispose: () => clearTimeout(timer),
  };
}

// ---------------------------------------------------------------------------------------------------------------

/** One S-UI panel. Reads run in parallel; writes (and read-then-write updates) go one at a time. */
export class SuiDriver implements PanelDriver {
  readonly kind = "s-ui";
  readonly panelUrl: string;
  readonly subUrl: string;
  private readonly host: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly http: $Fetch;
  private writeTail: Promise<void> = Promise.resolve();

  constructor(options: SuiDriverOptions) {
    if (options.token.trim() === "") throw invalidInput("config", "the panel API token is empty");
    registerSecret(options.token);
    this.token = options.token;
    this.panelUrl = normalizePanelUrl(options.panelUrl);
    this.subUrl = normalizeSubscriptionUrl(options.subUrl ?? defaultSubscriptionUrl(this.panelUrl));
    this.host = new URL(this.panelUrl).host;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.http = ofetch.create({ retry: 0, ignoreResponseError: true });
  }

  async probe(options: CallOptions = {}): Promise<PanelProbe> {
    return this.within(options, async (due) => {
      const started = performance.now();
      const obj = await this.get("status", { r: "sbd,db" }, due);
      const latencyMs = Math.round(performance.now() - started);
      if (!isRow(obj) || !isRow(obj.sbd) || !isRow(obj.db)) throw this.badResponse("status", "no sbd/db in the status");
      const stats = isRow(obj.sbd.stats) ? obj.sbd.stats : {};
      return {
        latencyMs,
        coreRunning: obj.sbd.running === true,
        coreUptimeS: num(stats.Uptime),
        clients: num(obj.db.clients),
        inbounds: num(obj.db.inbounds),
        clientUpBytes: num(obj.db.clientUp),
        clientDownBytes: num(obj.db.clientDown),
      };
    });
  }

  async listClients(options: CallOptions = {}): Promise<PanelClientSummary[]> {
    return this.within(options, async (due) => (await this.clientRows(undefined, due)).map(toSummary));
  }

  async getClient(id: number, options: CallOptions = {}): Promise<PanelClient | null> {
    return this.within(options, (due) => this.readClient(id, due));
  }

  async findClientByName(name: string, options: CallOptions = {}): Promise<PanelClientSummary[]> {
    const all = await this.listClients(options);
    return all.filter((client) => client.name === name).sort((a, b) => a.id - b.id);
  }

  async createClient(spec: ClientSpec, options: CallOptions = {}): Promise<PanelClient> {
    const action = "save:clients:new";
    checkName(action, spec.name);
    checkCount(action, "volumeBytes", spec.volumeBytes);
    checkCount(action, "expiryUnixS", spec.expiryUnixS);
    const data: Row = {
      enable: spec.enable,
      name: spec.name,
      config: spec.credentials ?? generateCredentials(spec.name),
      inbounds: spec.inboundIds,
      links: [],
      volume: spec.volumeBytes,
      expiry: spec.expiryUnixS,
      up: 0,
      down: 0,
      desc: spec.desc ?? "",
      group: spec.group ?? "",
      remark: spec.remark ?? "",
      delayStart: false,
      autoReset: false,
      resetDays: 0,
      nextReset: 0,
      totalUp: 0,
      totalDown: 0,
    };
    return this.within(options, async (due) => {
      const obj = await this.serialise(() => this.save("clients", "new", data, undefined, due));
      // The answer lists every client (summary rows); the new one is the highest id carrying our name.
      const rows = isRow(obj) && Array.isArray(obj.clients) ? obj.clients.filter(isRow) : [];
      const id = Math.max(0, ...rows.filter((row) => row.name === spec.name).map((row) => num(row.id)));
      const created = id > 0 ? await this.readClient(id, due) : null;
      if (!created) throw this.badResponse(action, "the panel accepted the client but does not list it");
      return created;
    });
  }

  async updateClient(id: number, patch: ClientPatch, options: CallOptions = {}): Promise<PanelClient> {
    const action = "save:clients:edit";
    if (patch.name !== undefined) checkName(action, patch.name);
    for (const field of ["volumeBytes", "expiryUnixS", "upBytes", "downBytes"] as const) {
      const value = patch[field];
      if (value !== undefined) checkCount(action, field, value);
    }
    return this.within(options, (due) =>
      this.serialise(async () => {
        const [fresh] = await this.clientRows(id, due);
        if (!fresh) throw new PanelError("permanent", "not-found", action, `the panel has no client with id ${id}`);
        const obj = await this.save("clients", "edit", patchedRow(fresh, patch), id, due);
        const rows = isRow(obj) && Array.isArray(obj.clients) ? obj.clients.filter(isRow) : [];
        const saved = rows.find((row) => row.id === id);
        if (!saved) throw this.badResponse(action, `the panel saved client ${id} but did not return it`);
        return toClient(saved);
      }),
    );
  }

  async deleteClient(id: number, options: CallOptions = {}): Promise<boolean> {
    return this.within(options, async (due) => {
      try {
        await this.serialise(() => this.save("clients", "del", id, id, due));
        return true;
      } catch (error) {
        if (error instanceof PanelError && error.reason === "not-found") return false;
        throw error;
      }
    });
  }

  async listInbounds(options: CallOptions = {}): Promise<PanelInbound[]> {
    return this.within(options, async (due) => {
      const obj = await this.get("inbounds", undefined, due);
      if (!isRow(obj)) throw this.badResponse("inbounds", "no inbounds object");
      // S-UI answers null rather than [] when there are none.
      if (obj.inbounds === null) return [];
      if (!Array.isArray(obj.inbounds)) throw this.badResponse("inbounds", "inbounds is not a list");
      return obj.inbounds.filter(isRow).map(toInbound);
    });
  }

  subscriptionUrl(name: string): string {
    return `${this.subUrl}${encodeURIComponent(name)}`;
  }

  async fetchSubscription(
    name: string,
    format: SubscriptionFormat = "links",
    options: CallOptions = {},
  ): Promise<PanelSubscription> {
    const action = "sub";
    const subHost = new URL(this.subUrl).host;
    const url = this.subscriptionUrl(name) + (format === "links" ? "" : `?format=${format}`);
    return this.within(options, async (due) => {
      const response = await this.send(action, url, { method: "GET" }, due);
      if (response.status === 400) {
        const words = response.body.trim() || "no reason";
        throw new PanelError(
          "permanent",
          "not-found",
          action,
          `the subscription server at ${subHost} refused (400 ${words}): no enabled client of that name, or an unknown format`,
          { status: 400, panelMessage: words },
        );
      }
      if (response.status !== 200) throw classifyStatus(action, subHost, response.status);
      const headers = response.headers;
      const userinfo = headers.get("subscription-userinfo");
      return {
        body: response.body,
        contentType: headers.get("content-type"),
        subscriptionUserinfo: userinfo,
        usage: parseUsage(userinfo),
        profileTitle: utf8Header(headers.get("profile-title")),
        profileUpdateInterval: headers.get("profile-update-interval"),
        contentDisposition: headers.get("content-disposition"),
      };
    });
  }

  // -------------------------------------------------------------------------------------------------------------

  /** Runs one public call under one deadline: every request it makes, and its wait for the write queue, count. */
  private async within<T>(options: CallOptions, call: (due: Deadline) => Promise<T>): Promise<T> {
    const due = deadline(options.timeoutMs ?? this.timeoutMs, options.signal);
    try {
      return await call(due);
    } finally {
      due.dispose();
    }
  }

  /** Runs writes one at a time; a failed write does not block the next. */
  private serialise<T>(task: () => Promise<T>): Promise<T> {
    const run = this.writeTail.then(task);
    this.writeTail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async readClient(id: number, due: Deadline): Promise<PanelClient | null> {
    const [row] = await this.clientRows(id, due);
    return row ? toClient(row) : null;
  }

  /** `clients` (summary rows) or `clients?id=N` (full rows). */
  private async clientRows(id: number | undefined, due: Deadline): Promise<Row[]> {
    if (id !== undefined && (!Number.isSafeInteger(id) || id <= 0)) return [];
    const obj = await this.get("clients", id === undefined ? undefined : { id: String(id) }, due);
    if (!isRow(obj) || !Array.isArray(obj.clients)) {
      if (isRow(obj) && obj.clients === null) return [];
      throw this.badResponse("clients", "no clients list");
    }
    const rows = obj.clients.filter(isRow);
    return id === undefined ? rows : rows.filter((row) => row.id === id);
  }

  private get(action: string, query: Record<string, string> | undefined, due: Deadline): Promise<unknown> {
    const url = `${this.panelUrl}apiv2/${action}${query ? `?${new URLSearchParams(query)}` : ""}`;
    return this.envelope(action, url, { method: "GET" }, due);
  }

  /** POST save, form-encoded as S-UI requires; `filterId` makes the answer carry only that client. */
  private save(object: string, act: string, data: unknown, filterId: number | undefined, due: Deadline): Promise<unknown> {
    const body = new URLSearchParams({ object, action: act, data: JSON.stringify(data) });
    const url = `${this.panelUrl}apiv2/save${filterId === undefined ? "" : `?id=${filterId}`}`;
    return this.envelope(`save:${object}:${act}`, url, { method: "POST", body }, due);
  }

  /** Sends an API request and returns the envelope's `obj`, or throws the classified failure. */
  private async envelope(
    action: string,
    url: string,
    init: { method: "GET" | "POST"; body?: URLSearchParams },
    due: Deadline,
  ): Promise<unknown> {
    const response = await this.send(action, url, { ...init, headers: { Token: this.token } }, due);
    if (response.status !== 200) throw classifyStatus(action, this.host, response.status);
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      throw this.badResponse(action, "the answer is not JSON");
    }
    if (!isRow(parsed) || typeof parsed.success !== "boolean") throw this.badResponse(action, "no S-UI envelope");
    if (!parsed.success) {
      const error = classifyPanelMessage(action, str(parsed.msg));
      log.debug({ panel: this.host, action, kind: error.kind, reason: error.reason }, "panel call refused");
      throw error;
    }
    return parsed.obj ?? null;
  }

  /** One HTTP exchange with the deadline applied; transport failures come out classified. */
  private async send(
    action: string,
    url: string,
    init: { method: "GET" | "POST"; body?: URLSearchParams; headers?: Record<string, string> },
    due: Deadline,
  ): Promise<{ status: number; headers: Headers; body: string }> {
    const started = performance.now();
    const host = new URL(url).host;
    try {
      const response = await this.http.raw<string, "text">(url, {
        ...init,
        signal: due.signal,
        responseType: "text",
        retry: 0,
        ignoreResponseError: true,
      });
      log.debug({ host, action, status: response.status, ms: Math.round(performance.now() - started) }, "panel call");
      return { status: response.status, headers: response.headers, body: response._data ?? "" };
    } catch (cause) {
      const error = due.timedOut()
        ? new PanelError("transient", "timeout", action, `${host} did not answer ${action} within ${due.timeoutMs} ms`, { cause })
        : due.signal.aborted
          ? new PanelError("transient", "aborted", action, `the call ${action} to ${host} was cancelled`, { cause })
          : new PanelError("transient", "network", action, `cannot reach ${host} (${action})`, { cause });
      log.debug({ host, action, reason: error.reason }, "panel call failed");
      throw error;
    }
  }

  private badResponse(action: string, what: string): PanelError {
    const message = `the panel at ${this.host} gave an unexpected answer to ${action}: ${what}`;
    return new PanelError("permanent", "bad-response", action, message);
  }
}

/** Builds the driver for one S-UI panel. */
export function createSuiDriver(options: SuiDriverOptions): SuiDriver {
  return new SuiDriver(options);
}

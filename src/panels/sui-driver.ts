/**
 * The S-UI (v1.5) panel driver over API v2: `{panelUrl}apiv2/<action>` with a `Token` header, every answer an HTTP
 * 200 envelope `{success, msg, obj}` that is checked each time. The contract, quirks included, is
 * docs/panels/s-ui.md; the faithful simulator is src/panels/simulated/sui-panel.ts.
 */
import { registerSecret, log } from "../log.ts";
import { generateCredentials } from "./credentials.ts";
import {
  PanelError,
  type CallOptions,
  type ClientPatch,
  type ClientSpec,
  type PanelConnection,
  type PanelDriver,
  type PanelKindModule,
  type PanelSubscription,
  type SubscriptionFormat,
} from "./panel.ts";
import { envelopeObject, envelopeRefusal, type EnvelopeDialect } from "./envelope.ts";
import { patchedRow, suiId, suiInboundIds, toClient, toInbound, toSummary, type SuiClient, type SuiClientExtras, type SuiClientSummary, type SuiInbound, type SuiProbe } from "./sui-rows.ts";
import {
  PanelWire,
  WriteQueue,
  badResponse,
  baseUrl,
  checkCount,
  classifyStatus,
  invalidInput,
  isRow,
  num,
  parseHttpUrl,
  subscriptionFrom,
  unlessNotFound,
  within,
  type Deadline,
  type Row,
} from "./wire.ts";

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

/**
 * The panel base URL as the driver uses it: query and fragment dropped, a pasted `apiv2/` or `api/` tail removed,
 * and the web path ending in "/" (`http://host:2095/app` → `http://host:2095/app/`).
 */
export function normalizePanelUrl(raw: string): string {
  return baseUrl(raw, "the panel URL", /\/(apiv2|api)$/);
}

/** A subscription base URL with its path ending in "/". */
function normalizeSubscriptionUrl(raw: string): string {
  return baseUrl(raw, "the subscription URL");
}

/** S-UI's default subscription base for a panel URL: same host, port 2096, path /sub/. */
export function defaultSubscriptionUrl(panelUrl: string): string {
  const url = parseHttpUrl(panelUrl, "the panel URL");
  // WHATWG keeps IPv6 hostnames in brackets.
  return `${url.protocol}//${url.hostname}:${DEFAULT_SUB_PORT}${DEFAULT_SUB_PATH}`;
}

function checkName(action: string, name: string): void {
  if (name.trim() === "" || name.includes("/")) {
    throw invalidInput(action, "a client name must be non-empty and contain no '/' (it is the subscription id)");
  }
}

const SUI_ENVELOPE: EnvelopeDialect = {
  panel: "S-UI",
  statusAdvice: {
    auth: "the panel refused this host or these credentials (is webDomain set on the panel?)",
    notFound: "check the panel URL and its web path (S-UI's default is /app/)",
  },
  notFound: /record not found/,
  invalidToken: { words: /invalid token|invalid login/, advice: "the panel rejected the API token (invalid token): create a new token in S-UI and update this server" },
};

/** Turns a failure envelope's `msg` into a PanelError; the panel's words stay the message of a permanent failure. */
export function classifyPanelMessage(action: string, rawMessage: string): PanelError {
  return envelopeRefusal(action, rawMessage, SUI_ENVELOPE);
}

/** One S-UI panel. Reads run in parallel; writes (and read-then-write updates) go one at a time. */
export class SuiDriver implements PanelDriver {
  readonly kind = "s-ui" as const;
  readonly capabilities = { setUsedTraffic: true };
  readonly panelUrl: string;
  readonly subUrl: string;
  private readonly host: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly wire = new PanelWire();
  private readonly writes = new WriteQueue();

  constructor(options: SuiDriverOptions) {
    if (options.token.trim() === "") throw invalidInput("config", "the panel API token is empty");
    registerSecret(options.token);
    this.token = options.token;
    this.panelUrl = normalizePanelUrl(options.panelUrl);
    this.subUrl = normalizeSubscriptionUrl(options.subUrl ?? defaultSubscriptionUrl(this.panelUrl));
    this.host = new URL(this.panelUrl).host;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async probe(options: CallOptions = {}): Promise<SuiProbe> {
    return within(options, this.timeoutMs, async (due) => {
      const started = performance.now();
      const obj = await this.get("status", { r: "sbd,db" }, due);
      const latencyMs = Math.round(performance.now() - started);
      if (!isRow(obj) || !isRow(obj.sbd) || !isRow(obj.db)) throw badResponse("status", this.host, "no sbd/db in the status");
      const stats = isRow(obj.sbd.stats) ? obj.sbd.stats : {};
      return {
        latencyMs,
        // API v2's status carries no version.
        version: null,
        coreRunning: obj.sbd.running === true,
        coreUptimeS: num(stats.Uptime),
        clients: num(obj.db.clients),
        inbounds: num(obj.db.inbounds),
        clientUpBytes: num(obj.db.clientUp),
        clientDownBytes: num(obj.db.clientDown),
      };
    });
  }

  async listClients(options: CallOptions = {}): Promise<SuiClientSummary[]> {
    return within(options, this.timeoutMs, async (due) => (await this.clientRows(undefined, due)).map(toSummary));
  }

  async getClient(id: string, options: CallOptions = {}): Promise<SuiClient | null> {
    return within(options, this.timeoutMs, (due) => this.readClient(suiId(id), due));
  }

  async findClientByName(name: string, options: CallOptions = {}): Promise<SuiClientSummary[]> {
    const all = await this.listClients(options);
    return all.filter((client) => client.name === name).sort((a, b) => suiId(a.id) - suiId(b.id));
  }

  async createClient(spec: ClientSpec & SuiClientExtras, options: CallOptions = {}): Promise<SuiClient> {
    const action = "save:clients:new";
    checkName(action, spec.name);
    checkCount(action, "volumeBytes", spec.volumeBytes);
    checkCount(action, "expiryUnixS", spec.expiryUnixS);
    const data: Row = {
      enable: spec.enable,
      name: spec.name,
      config: spec.credentials ?? generateCredentials(spec.name),
      inbounds: suiInboundIds(spec.inboundIds),
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
    return within(options, this.timeoutMs, async (due) => {
      const obj = await this.writes.run(() => this.save("clients", "new", data, undefined, due));
      // The answer lists every client (summary rows); the new one is the highest id carrying our name.
      const listed = isRow(obj) && Array.isArray(obj.clients) ? obj.clients.filter(isRow) : [];
      const id = Math.max(0, ...listed.filter((row) => row.name === spec.name).map((row) => num(row.id)));
      const created = id > 0 ? await this.readClient(id, due) : null;
      if (!created) throw badResponse(action, this.host, "the panel accepted the client but does not list it");
      return created;
    });
  }

  async updateClient(key: string, patch: ClientPatch & SuiClientExtras, options: CallOptions = {}): Promise<SuiClient> {
    const action = "save:clients:edit";
    const id = suiId(key);
    if (patch.name !== undefined) checkName(action, patch.name);
    for (const field of ["volumeBytes", "expiryUnixS", "upBytes", "downBytes"] as const) {
      const value = patch[field];
      if (value !== undefined) checkCount(action, field, value);
    }
    return within(options, this.timeoutMs, (due) =>
      this.writes.run(async () => {
        const [fresh] = await this.clientRows(id, due);
        if (!fresh) throw new PanelError("permanent", "not-found", action, `the panel has no client with id ${key}`);
        const obj = await this.save("clients", "edit", patchedRow(fresh, patch), id, due);
        const listed = isRow(obj) && Array.isArray(obj.clients) ? obj.clients.filter(isRow) : [];
        const saved = listed.find((row) => row.id === id);
        if (!saved) throw badResponse(action, this.host, `the panel saved client ${id} but did not return it`);
        return toClient(saved);
      }),
    );
  }

  async deleteClient(key: string, options: CallOptions = {}): Promise<boolean> {
    const id = suiId(key);
    return within(options, this.timeoutMs, (due) =>
      unlessNotFound(async () => {
        await this.writes.run(() => this.save("clients", "del", id, id, due));
        return true;
      }, false),
    );
  }

  async listInbounds(options: CallOptions = {}): Promise<SuiInbound[]> {
    return within(options, this.timeoutMs, async (due) => {
      const obj = await this.get("inbounds", undefined, due);
      if (!isRow(obj)) throw badResponse("inbounds", this.host, "no inbounds object");
      // S-UI answers null rather than [] when there are none.
      if (obj.inbounds === null) return [];
      if (!Array.isArray(obj.inbounds)) throw badResponse("inbounds", this.host, "inbounds is not a list");
      return obj.inbounds.filter(isRow).map(toInbound);
    });
  }

  /** The panel's own subscription URL for a client name (S-UI names the subscription after the client). */
  subscriptionUrl(name: string): string {
    return `${this.subUrl}${encodeURIComponent(name)}`;
  }

  async fetchSubscription(name: string, format: SubscriptionFormat = "links", options: CallOptions = {}): Promise<PanelSubscription> {
    const action = "sub";
    const subHost = new URL(this.subUrl).host;
    const url = this.subscriptionUrl(name) + (format === "links" ? "" : `?format=${format}`);
    return within(options, this.timeoutMs, async (due) => {
      const response = await this.wire.send(action, url, { method: "GET" }, due);
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
      if (response.status !== 200) throw classifyStatus(action, subHost, response.status, SUI_ENVELOPE.statusAdvice);
      return subscriptionFrom(response);
    });
  }

  // -------------------------------------------------------------------------------------------------------------

  private async readClient(id: number, due: Deadline): Promise<SuiClient | null> {
    const [row] = await this.clientRows(id, due);
    return row ? toClient(row) : null;
  }

  /** `clients` (summary rows) or `clients?id=N` (full rows). */
  private async clientRows(id: number | undefined, due: Deadline): Promise<Row[]> {
    if (id !== undefined && id <= 0) return [];
    const obj = await this.get("clients", id === undefined ? undefined : { id: String(id) }, due);
    if (!isRow(obj) || !Array.isArray(obj.clients)) {
      if (isRow(obj) && obj.clients === null) return [];
      throw badResponse("clients", this.host, "no clients list");
    }
    const listed = obj.clients.filter(isRow);
    return id === undefined ? listed : listed.filter((row) => row.id === id);
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
  private async envelope(action: string, url: string, init: { method: "GET" | "POST"; body?: URLSearchParams }, due: Deadline): Promise<unknown> {
    const response = await this.wire.send(action, url, { ...init, headers: { Token: this.token } }, due);
    return envelopeObject(action, this.host, response, SUI_ENVELOPE);
  }
}

/** Builds the driver for one S-UI panel. */
export function createSuiDriver(options: SuiDriverOptions): SuiDriver {
  return new SuiDriver(options);
}

/** S-UI as a panel kind: an API token, numeric inbound ids, a subscription server on its own port. */
export const suiPanel: PanelKindModule = {
  kind: "s-ui",
  auth: ["token"],
  inboundIdType: "number",
  inboundsRequired: true,
  hasSubUrl: true,
  normalizePanelUrl,
  subscriptionUrl: (panelUrl, raw) => normalizeSubscriptionUrl(raw ?? defaultSubscriptionUrl(panelUrl)),
  connect(connection: PanelConnection): SuiDriver {
    if (connection.auth.type !== "token") throw invalidInput("config", "S-UI signs in with an API token, not a username and password");
    return new SuiDriver({
      panelUrl: connection.panelUrl,
      token: connection.auth.token,
      ...(connection.subUrl !== undefined ? { subUrl: connection.subUrl } : {}),
      ...(connection.timeoutMs !== undefined ? { timeoutMs: connection.timeoutMs } : {}),
    });
  },
};

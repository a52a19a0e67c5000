/**
 * The 3x-ui panel driver, v2.x to v3.x. The route family is chosen by probing the panel once, not by configuration:
 * v2.x and v3.0 keep clients inside inbounds (`panel/api/inbounds/{list, get/:id, getClientTraffics/:email,
 * addClient, updateClient/:clientId, :id/delClient/:clientId, :id/resetClientTraffic/:email}`); v3.1+ has clients as
 * their own resource (`panel/api/clients/{list, get/:email, traffic/:email, add, update/:email, del/:email,
 * resetTraffic/:email}`). Every answer is an HTTP 200 envelope `{success, msg, obj}`, checked each time. Signing in
 * is `xui-session.ts`. The contract, quirks included, is docs/panels/3x-ui.md; the simulator test/fakes/xui-panel.ts.
 */
import { log } from "../log.ts";
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
import { randomAlphanumeric } from "./credentials.ts";
import { envelopeObject, type EnvelopeDialect } from "./envelope.ts";
import { XuiSession } from "./xui-session.ts";
import { clientBody, clientKeyField, clientRecord, inboundEntryClient, inboundFamilyClients, parseVersion, settingsClients, summaryOf, toInbound, type XuiClientFields } from "./xui-rows.ts";
import { PanelWire, WriteQueue, badResponse, baseUrl, checkCount, classifyStatus, invalidInput, isRow, num, parseHttpUrl, rows, str, subscriptionFrom, unlessNotFound, within, type Deadline, type Row, type WireRequest } from "./wire.ts";

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_SUB_PORT = 2096;
/** A read the panel answered "not found" (apart from any value the panel itself may answer). */
const ABSENT = Symbol("absent");

export type XuiFamily = "inbounds" | "clients";

/** What the one probe found: the version, and the route family it implies. */
export interface XuiVersion {
  version: string;
  family: XuiFamily;
}

/** The panel base with its web base path ending in "/"; a pasted `panel/…` or `login` tail is dropped. */
function normalizeXuiPanelUrl(raw: string): string {
  return baseUrl(raw, "the panel URL", /\/(panel(\/.*)?|login)$/);
}

/** 3x-ui's default subscription base for a panel URL: same host, port 2096, path /sub/. */
function defaultXuiSubscriptionUrl(panelUrl: string): string {
  const url = parseHttpUrl(panelUrl, "the panel URL");
  return `${url.protocol}//${url.hostname}:${DEFAULT_SUB_PORT}/sub/`;
}

/** The family for a version, or null when this driver does not speak it. */
function familyOf(version: string): XuiFamily | null {
  const parsed = parseVersion(version);
  if (!parsed) return null;
  const [major, minor] = parsed;
  // panel/api/server/status and the GET routes came with v2.7.0.
  if (major === 2) return minor >= 7 ? "inbounds" : null;
  if (major === 3) return minor === 0 ? "inbounds" : "clients";
  return null;
}

/** 3x-ui's envelope; its `msg` sometimes ends with a newline (trimmed). */
const XUI_ENVELOPE: EnvelopeDialect = {
  panel: "3x-ui",
  statusAdvice: { notFound: "check the panel URL and its web base path (Panel settings → Web base path)" },
  // Only words that say the client is missing: "record not found" (gorm), "Inbound Not Found For Email" (v2, v3.0),
  // "not found in any inbound or client record" (v3.6 clients/del).
  notFound: /record not found|not found for email|not found in any inbound/,
};

export interface XuiDriverOptions extends PanelConnection {
  /** For tests: the family to use without probing. */
  family?: XuiFamily;
}

export class XuiDriver implements PanelDriver {
  readonly kind = "3x-ui" as const;
  // updateClientTraffic exists since v2.8.0 only; subkeeper resets counters and never writes them here.
  readonly capabilities = { setUsedTraffic: false };
  readonly panelUrl: string;
  readonly subUrl: string;
  private readonly host: string;
  private readonly timeoutMs: number;
  private readonly wire = new PanelWire();
  private readonly session: XuiSession;
  private readonly writes = new WriteQueue();
  private detected: Promise<XuiVersion> | null = null;
  private readonly shared: Map<string, unknown> | undefined;

  constructor(options: XuiDriverOptions) {
    this.panelUrl = normalizeXuiPanelUrl(options.panelUrl);
    this.subUrl = baseUrl(options.subUrl ?? defaultXuiSubscriptionUrl(this.panelUrl), "the subscription URL");
    this.host = new URL(this.panelUrl).host;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (options.auth.type === "token" && options.auth.token.trim() === "") throw invalidInput("config", "the panel API token is empty");
    if (options.auth.type === "login" && (options.auth.username === "" || options.auth.password === "")) throw invalidInput("config", "the panel username or password is empty");
    // Drivers of one panel and account (another subscription URL, the check before saving) share one session.
    const shared = options.shared?.get("xui-session");
    this.session = shared instanceof XuiSession ? shared : new XuiSession(this.panelUrl, options.auth, new PanelWire());
    options.shared?.set("xui-session", this.session);
    this.shared = options.shared;
    if (options.family) this.detected = Promise.resolve({ version: options.family === "clients" ? "3.1" : "2", family: options.family });
  }

  async probe(options: CallOptions = {}): Promise<PanelProbe> {
    return within(options, this.timeoutMs, async (due) => {
      const { version } = await this.version(due);
      const started = performance.now();
      const status = await this.api("server/status", "GET", "panel/api/server/status", undefined, due);
      const latencyMs = Math.round(performance.now() - started);
      const xray = isRow(status) && isRow(status.xray) ? status.xray : {};
      const inbounds = rows(await this.api("inbounds", "GET", "panel/api/inbounds/list", undefined, due));
      const clients = inbounds.reduce((sum, inbound) => sum + rows(inbound.clientStats).length, 0);
      return { latencyMs, version, coreRunning: xray.state === "running", clients };
    });
  }

  async listClients(options: CallOptions = {}): Promise<PanelClientSummary[]> {
    return within(options, this.timeoutMs, async (due) => {
      const { family } = await this.version(due);
      if (family === "inbounds") return inboundFamilyClients(rows(await this.api("inbounds", "GET", "panel/api/inbounds/list", undefined, due))).map(({ client }) => summaryOf(client));
      return rows(await this.api("clients", "GET", "panel/api/clients/list", undefined, due)).map((row) => summaryOf(clientRecord(row, row.inboundIds, row.traffic)));
    });
  }

  async getClient(email: string, options: CallOptions = {}): Promise<PanelClient | null> {
    return within(options, this.timeoutMs, async (due) => (await this.read(email, due))?.client ?? null);
  }

  async findClientByName(name: string, options: CallOptions = {}): Promise<PanelClientSummary[]> {
    const client = await this.getClient(name, options);
    return client ? [summaryOf(client)] : [];
  }

  async createClient(spec: ClientSpec, options: CallOptions = {}): Promise<PanelClient> {
    const action = "addClient";
    checkEmail(action, spec.name);
    checkCount(action, "volumeBytes", spec.volumeBytes);
    checkCount(action, "expiryUnixS", spec.expiryUnixS);
    const inboundIds = spec.inboundIds.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
    if (inboundIds.length === 0) throw invalidInput(action, "a 3x-ui client needs an inbound id");
    const vless = spec.credentials?.vless ?? spec.credentials?.vmess;
    const client: Row = {
      id: typeof vless?.uuid === "string" ? vless.uuid : crypto.randomUUID(),
      password: typeof spec.credentials?.trojan?.password === "string" ? spec.credentials.trojan.password : randomAlphanumeric(16),
      email: spec.name,
      limitIp: 0,
      totalGB: spec.volumeBytes,
      expiryTime: spec.expiryUnixS * 1000,
      enable: spec.enable,
      tgId: 0,
      // The subscription is named after the client, so /sub serves it by our name.
      subId: spec.name,
      comment: "",
      reset: 0,
    };
    return within(options, this.timeoutMs, async (due) => {
      const { family } = await this.version(due);
      await this.writes.run(async () => {
        if (family === "inbounds") {
          // Before v3.1 a client lives in one inbound (a server lists one: checkInbounds).
          const body = new URLSearchParams({ id: String(inboundIds[0]), settings: JSON.stringify({ clients: [client] }) });
          await this.api(action, "POST", "panel/api/inbounds/addClient", { body }, due);
        } else {
          await this.api("clients/add", "POST", "panel/api/clients/add", { json: { client, inboundIds } }, due);
          // clients/add enables every new client; a disabled one is disabled right after.
          if (!spec.enable) await this.write(spec.name, { enable: false }, due);
        }
      });
      const created = await this.read(spec.name, due);
      if (!created) throw badResponse(action, this.host, "the panel accepted the client but does not show it");
      return created.client;
    });
  }

  async updateClient(email: string, patch: ClientPatch, options: CallOptions = {}): Promise<PanelClient> {
    const action = "updateClient";
    for (const field of ["volumeBytes", "expiryUnixS", "upBytes", "downBytes"] as const) {
      const value = patch[field];
      if (value !== undefined) checkCount(action, field, value);
    }
    if ((patch.upBytes ?? 0) !== 0 || (patch.downBytes ?? 0) !== 0) throw invalidInput(action, "3x-ui counters can only be reset to 0 here");
    if (patch.inboundIds !== undefined) throw invalidInput(action, "moving a 3x-ui client between inbounds is not supported");
    if (patch.name !== undefined && patch.name !== email) throw invalidInput(action, "a 3x-ui client's email is its key and is not renamed");
    const fields: Partial<XuiClientFields> = {};
    if (patch.enable !== undefined) fields.enable = patch.enable;
    if (patch.volumeBytes !== undefined) fields.totalGB = patch.volumeBytes;
    if (patch.expiryUnixS !== undefined) fields.expiryTime = patch.expiryUnixS * 1000;
    const uuid = patch.credentials?.vless?.uuid ?? patch.credentials?.vmess?.uuid;
    if (typeof uuid === "string") fields.uuid = uuid;
    const password = patch.credentials?.trojan?.password;
    if (typeof password === "string") fields.password = password;
    const reset = patch.upBytes === 0 || patch.downBytes === 0;
    return within(options, this.timeoutMs, async (due) => {
      await this.writes.run(async () => {
        if (Object.keys(fields).length > 0) await this.write(email, fields, due);
        if (reset) await this.resetTraffic(email, due);
      });
      const saved = await this.read(email, due);
      if (!saved) throw new PanelError("permanent", "not-found", action, `the panel has no client ${email}`);
      return saved.client;
    });
  }

  async deleteClient(email: string, options: CallOptions = {}): Promise<boolean> {
    return within(options, this.timeoutMs, (due) =>
      this.writes.run(async () => {
        const found = await this.read(email, due);
        if (!found) return false;
        const { family } = await this.version(due);
        if (family === "clients") {
          await this.api("clients/del", "POST", `panel/api/clients/del/${encodeURIComponent(email)}`, { form: true }, due);
          return true;
        }
        const key = str(found.entry?.[clientKeyField(found.protocol)]);
        try {
          await this.api("delClient", "POST", `panel/api/inbounds/${found.inboundId}/delClient/${encodeURIComponent(key)}`, { form: true }, due);
        } catch (error) {
          // Before v3.1 the last client of an inbound cannot be deleted: it is disabled and emptied instead.
          if (!(error instanceof PanelError && /no client remained/i.test(error.panelMessage ?? ""))) throw error;
          log.warn({ panel: this.host, action: "delClient" }, "last client of an inbound disabled instead of deleted");
          await this.write(email, { enable: false, totalGB: 1, expiryTime: Date.now() }, due);
        }
        return true;
      }),
    );
  }

  async listInbounds(options: CallOptions = {}): Promise<PanelInbound[]> {
    return within(options, this.timeoutMs, async (due) => {
      await this.version(due);
      return rows(await this.api("inbounds", "GET", "panel/api/inbounds/list", undefined, due)).map(toInbound);
    });
  }

  async fetchSubscription(name: string, format: SubscriptionFormat = "links", options: CallOptions = {}): Promise<PanelSubscription> {
    const action = "sub";
    const subHost = new URL(this.subUrl).host;
    // The JSON and Clash servers sit beside /sub/ at their default paths (/json/, /clash/).
    const base = format === "links" ? this.subUrl : this.subUrl.replace(/\/sub\/$/, format === "json" ? "/json/" : "/clash/");
    if (format !== "links" && base === this.subUrl) throw invalidInput(action, `the ${format} subscription path is unknown for a subscription base not ending in /sub/`);
    return within(options, this.timeoutMs, async (due) => {
      const response = await this.wire.send(action, `${base}${encodeURIComponent(name)}`, { method: "GET" }, due);
      if (response.status === 400) {
        throw new PanelError("permanent", "not-found", action, `the subscription server at ${subHost} has no subscription ${name} (400 ${response.body.trim() || "no reason"})`, { status: 400 });
      }
      if (response.status !== 200) throw classifyStatus(action, subHost, response.status);
      return subscriptionFrom(response);
    });
  }

  // -------------------------------------------------------------------------------------------------------------

  /** The panel's version and route family, probed once per driver (again only after a failed probe). */
  private version(due: Deadline): Promise<XuiVersion> {
    const known = this.shared?.get("xui-version") as XuiVersion | undefined;
    if (known) return Promise.resolve(known);
    if (!this.detected) {
      this.detected = this.detect(due);
      this.detected.then(
        (found) => this.shared?.set("xui-version", found),
        () => (this.detected = null),
      );
    }
    return this.detected;
  }

  private async detect(due: Deadline): Promise<XuiVersion> {
    await this.session.ensure(due);
    let status: unknown;
    try {
      status = await this.api("server/status", "GET", "panel/api/server/status", undefined, due);
    } catch (error) {
      if (error instanceof PanelError && error.status === 404 && this.session.style === "bearer") {
        throw unsupported("server/status", "this panel does not take API tokens (they came with 3x-ui v3.0): give a username and password");
      }
      // Logged in, so the base path is right: the route is missing, as before v2.7.0.
      if (error instanceof PanelError && error.status === 404) throw unsupported("server/status", "this 3x-ui is older than v2.7.0, which subkeeper does not drive: update the panel");
      throw error;
    }
    // v3.1+ reports its version in the status; before, the panel's page carries it.
    let version = isRow(status) ? str(status.panelVersion) : "";
    if (version === "" && this.session.style === "bearer") version = "3.0";
    if (version === "") version = await this.pageVersion(due);
    const family = familyOf(version);
    if (!family) throw unsupported("version", `3x-ui ${version} is not a version subkeeper drives (it drives 2.7 to 3.x)`);
    log.info({ panel: this.host, version, family }, "3x-ui version found");
    return { version, family };
  }

  /** v2 pages load assets as `…css?2.9.4`; v3.0's set `window.X_UI_CUR_VER="3.0.2"`. */
  private async pageVersion(due: Deadline): Promise<string> {
    const page = await this.session.request("panel", "panel/", { method: "GET", headers: { Accept: "text/html" } }, due);
    if (page.status === 200) {
      const found = /X_UI_CUR_VER\s*=\s*"([^"]+)"/.exec(page.body) ?? /\.(?:css|js)\?v?(\d+\.\d+(?:\.\d+)?)/.exec(page.body);
      if (found) return found[1]!;
    }
    throw unsupported("version", `the panel at ${this.host} does not say which 3x-ui version it runs`);
  }

  /** The client, the inbound entry and protocol that hold it (inbounds family), or null when certainly absent. */
  private async read(email: string, due: Deadline): Promise<{ client: PanelClient; entry?: Row; inboundId: number; protocol: string } | null> {
    checkEmail("getClient", email);
    const { family } = await this.version(due);
    const path = encodeURIComponent(email);
    if (family === "clients") {
      const found = await unlessNotFound(() => this.api("clients/get", "GET", `panel/api/clients/get/${path}`, undefined, due), ABSENT);
      if (found === ABSENT) return null;
      if (!isRow(found) || !isRow(found.client)) throw badResponse("clients/get", this.host, "no client in the answer");
      const traffic = await this.api("clients/traffic", "GET", `panel/api/clients/traffic/${path}`, undefined, due);
      return { client: clientRecord(found.client, found.inboundIds, traffic), inboundId: 0, protocol: "" };
    }
    const traffic = await unlessNotFound(() => this.api("getClientTraffics", "GET", `panel/api/inbounds/getClientTraffics/${path}`, undefined, due), null);
    if (traffic === null) return null;
    if (!isRow(traffic)) throw badResponse("getClientTraffics", this.host, "no traffic row");
    const inboundId = num(traffic.inboundId);
    const inbound = await this.api("inbound", "GET", `panel/api/inbounds/get/${inboundId}`, undefined, due);
    if (!isRow(inbound)) throw badResponse("inbound", this.host, "no inbound in the answer");
    const entry = settingsClients(inbound).find((c) => c.email === email);
    if (!entry) return null;
    return { client: inboundEntryClient(entry, traffic, inboundId), entry, inboundId, protocol: str(inbound.protocol) };
  }

  /** Reads the client fresh and writes it whole with `fields` applied: 3x-ui replaces the client it is given. */
  private async write(email: string, fields: Partial<XuiClientFields>, due: Deadline): Promise<void> {
    const { family } = await this.version(due);
    const path = encodeURIComponent(email);
    if (family === "clients") {
      const found = await this.api("clients/get", "GET", `panel/api/clients/get/${path}`, undefined, due);
      if (!isRow(found) || !isRow(found.client)) throw badResponse("clients/get", this.host, "no client in the answer");
      // Fields left out of an update become zero (unlimited, no expiry, disabled): the body carries every field.
      await this.api("clients/update", "POST", `panel/api/clients/update/${path}`, { json: clientBody(found.client, fields, "uuid") }, due);
      return;
    }
    const found = await this.read(email, due);
    if (!found?.entry) throw new PanelError("permanent", "not-found", "updateClient", `the panel has no client ${email}`);
    const key = str(found.entry[clientKeyField(found.protocol)]);
    const body = new URLSearchParams({ id: String(found.inboundId), settings: JSON.stringify({ clients: [clientBody(found.entry, fields, "id")] }) });
    await this.api("updateClient", "POST", `panel/api/inbounds/updateClient/${encodeURIComponent(key)}`, { body }, due);
  }

  private async resetTraffic(email: string, due: Deadline): Promise<void> {
    const { family } = await this.version(due);
    const path = encodeURIComponent(email);
    if (family === "clients") {
      await this.api("clients/resetTraffic", "POST", `panel/api/clients/resetTraffic/${path}`, { form: true }, due);
      return;
    }
    const found = await this.read(email, due);
    if (!found) throw new PanelError("permanent", "not-found", "resetClientTraffic", `the panel has no client ${email}`);
    await this.api("resetClientTraffic", "POST", `panel/api/inbounds/${found.inboundId}/resetClientTraffic/${path}`, { form: true }, due);
  }

  /** One API call: the session's credentials, the envelope checked, `obj` returned or the failure classified. */
  private async api(
    action: string,
    method: "GET" | "POST",
    path: string,
    payload: { body?: URLSearchParams; json?: unknown; form?: true } | undefined,
    due: Deadline,
  ): Promise<unknown> {
    const init: WireRequest = { method };
    if (payload?.json !== undefined) init.body = JSON.stringify(payload.json);
    else if (payload?.body) init.body = payload.body;
    else if (payload?.form) init.body = new URLSearchParams();
    if (payload?.json !== undefined) init.headers = { "Content-Type": "application/json" };
    const response = await this.session.request(action, path, init, due);
    return envelopeObject(action, this.host, response, XUI_ENVELOPE);
  }
}

function checkEmail(action: string, email: string): void {
  // 3x-ui v3.6 refuses '/', '\\', spaces and control characters in an email or subId (hasForbiddenClientChar).
  if (email.trim() === "" || /[/\\\s\u0000-\u001f\u007f]/.test(email)) throw invalidInput(action, "a 3x-ui client email must be non-empty, without spaces, '/' or '\\'");
}

function unsupported(action: string, message: string): PanelError {
  return new PanelError("permanent", "unsupported-version", action, message);
}

/** 3x-ui as a panel kind: an API token (v3) or username and password, numeric inbound ids, its own subscription server. */
export const xuiPanel: PanelKindModule = {
  kind: "3x-ui",
  auth: ["token", "login"],
  inboundIdType: "number",
  inboundsRequired: true,
  hasSubUrl: true,
  normalizePanelUrl: normalizeXuiPanelUrl,
  subscriptionUrl: (panelUrl, raw) => baseUrl(raw ?? defaultXuiSubscriptionUrl(panelUrl), "the subscription URL"),
  connect: (connection) => new XuiDriver(connection),
  checkInbounds: (version, inboundIds) =>
    inboundIds.length > 1 && version !== null && familyOf(version) === "inbounds"
      ? `3x-ui ${version} keeps a client in one inbound (clients in several inbounds came with v3.1): give one inbound id`
      : null,
};

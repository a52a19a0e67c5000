/**
 * A faithful S-UI v1.5.1 simulator for the demo and the tests (through test/fakes/sui-panel.ts): the panel (API v2
 * under a web path) and its separate subscription server, each a Bun.serve on 127.0.0.1, port 0. It keeps the real
 * panel's quirks (see docs/panels/s-ui.md): HTTP 200 envelopes for every outcome, form-encoded saves only, non-unique names,
 * edit as a full replacement of the row, summary rows without config/links, Go-style error strings. Test controls
 * drive the panel's background jobs (traffic stats, deplete) and inject faults at runtime.
 */
import type { Server } from "bun";
import { cannotUnmarshal, decodeClient, decodeConfig, decodeIds, decodeLinks, GoError, goNewError, parseGoJson, RECORD_NOT_FOUND, type DecodedClient } from "./sui-go-json.ts";

// ---------------------------------------------------------------------------------------------------------------
// The panel's data, as S-UI's JSON shows it.

/** A link stored on a client (S-UI keeps them as string maps). */
export type SimLink = Record<string, string>;

/** Per-protocol credentials as stored in a client's `config`. */
export type SimConfig = Record<string, Record<string, unknown>>;

/** A full client row, S-UI's field names and units (bytes, unix seconds). */
export interface SimClient {
  id: number;
  enable: boolean;
  name: string;
  config: SimConfig | null;
  inbounds: number[] | null;
  links: SimLink[] | null;
  volume: number;
  expiry: number;
  up: number;
  down: number;
  desc: string;
  group: string;
  remark: string;
  createdAt: number;
  onlineAt: number;
  delayStart: boolean;
  autoReset: boolean;
  resetDays: number;
  nextReset: number;
  totalUp: number;
  totalDown: number;
}

/** An inbound: the flat sing-box options S-UI stores, with its id. */
export interface SimInbound {
  id: number;
  type: string;
  tag: string;
  tls_id: number;
  listen: string;
  listen_port: number;
  [option: string]: unknown;
}

/**
 * Fault modes: the machine is gone, answers late, crashes, forgot our token, its SQLite is busy, or it refuses the
 * request with its own words ("refuse": `save: <message>` for saves, as a GORM or validation error reads).
 */
export type FaultMode = "down" | "slow" | "http500" | "invalidToken" | "dbLocked" | "refuse";

/**
 * A fault to inject. `actions` limits it to some requests: an API action (`clients`, `save`, `status`), a save key
 * (`save:clients:edit`) or `sub` for the subscription server. `times` limits it to the next N matching requests.
 * "slow" does the work at once and answers `delayMs` later (default 1000), like a panel whose reply got stuck.
 */
export interface Fault {
  mode: FaultMode;
  delayMs?: number;
  actions?: string[];
  times?: number;
  /** The panel's words for "refuse"; default "FOREIGN KEY constraint failed". */
  message?: string;
}

export interface SuiPanelOptions {
  /** The API v2 token; 32 random letters and digits by default. */
  token?: string;
  /** Default "/app/". */
  webPath?: string;
  /** Default "/sub/". */
  subPath?: string;
  /** Seeded inbounds; by default vless "vless-in" (id 1, port 443) and trojan "trojan-in" (id 2, port 8443). */
  inbounds?: SimInbound[];
  /** The `subUpdates` setting (hours), sent as Profile-Update-Interval. Default 12. */
  subUpdates?: number;
  /** The `subEncode` setting: base64 the links subscription. Default true. */
  subEncode?: boolean;
  /** The panel's clock in unix seconds. */
  now?: () => number;
}

/** A running simulator with its test controls. */
export interface SuiPanel {
  /** Panel base including the web path, e.g. `http://127.0.0.1:40123/app/`. */
  readonly url: string;
  /** Subscription base, e.g. `http://127.0.0.1:40124/sub/`. */
  readonly subUrl: string;
  readonly token: string;
  readonly port: number;
  readonly subPort: number;
  /** Stops both servers for good. */
  stop(): Promise<void>;
  /** Listens again on the same ports after a "down" fault (and clears the fault). */
  restart(): Promise<void>;
  /** Sets or clears the fault; "down" closes both listeners until `restart` or `setFault(null)`. */
  setFault(fault: Fault | null): Promise<void>;
  /** Requests received per action (`clients`, `save`, `save:clients:new`, `sub`…), since start or the last reset. */
  counts(): Record<string, number>;
  /** Clears the counts and the concurrency high-water mark. */
  resetCounts(): void;
  /** The most saves that were in flight at once (from arrival to the answer being sent). */
  maxConcurrentSaves(): number;
  /** Every client, full rows, id ascending (copies). */
  clients(): SimClient[];
  /** One client by id (a copy), or undefined. */
  client(id: number): SimClient | undefined;
  /** Inserts a client the way an admin would in the web UI; links are generated for host 127.0.0.1. */
  addClientByHand(client: Partial<SimClient> & { name: string }): SimClient;
  /** The stats job: adds traffic to EVERY client of that name; returns how many rows it touched. */
  addTraffic(name: string, up: number, down: number): number;
  /** The deplete job: disables clients over volume (strictly) or past expiry; returns the names disabled. */
  deplete(nowS?: number): string[];
  /** The global traffic reset: totals += up/down, up = down = 0, every client enabled. */
  resetTraffic(): void;
  /** Current inbounds (copies). */
  inbounds(): SimInbound[];
  /** Starts or stops the (pretend) sing-box core. */
  setCoreRunning(running: boolean): void;
  /** Replaces the valid token (the old one stops working). */
  setToken(token: string): void;
}

/** setConfigIdentity: every entry's `name` (or `username`) becomes the client's name. */
function withIdentity(config: SimConfig | null, name: string): SimConfig | null {
  if (!config || name === "") return config;
  const out: SimConfig = {};
  for (const [protocol, entry] of Object.entries(config)) {
    const copy = { ...entry };
    if ("name" in copy) copy.name = name;
    else if ("username" in copy) copy.username = name;
    out[protocol] = copy;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Links (util/genLink.go), for the inbound types the simulator seeds.

function linkHost(hostHeader: string | null): string {
  const host = hostHeader ?? "127.0.0.1";
  if (host.startsWith("[")) return host.slice(0, host.indexOf("]") + 1);
  const colon = host.lastIndexOf(":");
  return colon > 0 ? host.slice(0, colon) : host;
}

function inboundLinks(client: { config: SimConfig | null; remark: string }, inbound: SimInbound, host: string): string[] {
  const remark = encodeURIComponent(client.remark ? `${client.remark}-${inbound.tag}` : inbound.tag);
  const user = client.config?.[inbound.type];
  if (!user) return [];
  const transport = (inbound.transport as { type?: string } | undefined)?.type ?? "tcp";
  const address = `${host}:${inbound.listen_port}`;
  switch (inbound.type) {
    case "vless":
      return [`vless://${String(user.uuid ?? "")}@${address}?type=${transport}#${remark}`];
    case "trojan":
      return [`trojan://${String(user.password ?? "")}@${address}?type=${transport}#${remark}`];
    case "hysteria2":
      return [`hysteria2://${String(user.password ?? "")}@${address}#${remark}`];
    case "vmess": {
      const json = { v: "2", id: user.uuid, aid: 0, net: transport, add: host, port: String(inbound.listen_port), ps: decodeURIComponent(remark), tls: "none" };
      return [`vmess://${Buffer.from(JSON.stringify(json)).toString("base64")}`];
    }
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP helpers.

interface Envelope {
  success: boolean;
  msg: string;
  obj: unknown;
}

function envelope(body: Envelope): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json; charset=utf-8" } });
}

const ok = (obj: unknown, msg = ""): Response => envelope({ success: true, msg, obj });
const failed = (prefix: string, error: string): Response => envelope({ success: false, msg: `${prefix}: ${error}`, obj: null });
const text = (status: number, body: string): Response =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

const SPA_INDEX = "<!DOCTYPE html><html><head><title>S-UI</title></head><body><div id=\"app\"></div></body></html>";

function randomToken(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => alphabet[b % alphabet.length]).join("");
}

function normalisePath(path: string): string {
  return `/${path.replace(/^\/+|\/+$/g, "")}/`.replace(/^\/\/$/, "/");
}

function asciiSafeFilename(name: string): string {
  let out = "";
  for (const ch of name) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === "\\") out += "_";
    else if (code >= 0x20 && code <= 0x7e) out += ch;
  }
  return out.trim() || "subscription";
}

function rfc5987(name: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(name)) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9!#$&+\-.^_`|~]/.test(ch)) out += ch;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function contentDisposition(title: string): string {
  const filename = title.trim() || "subscription";
  return `attachment; filename="${asciiSafeFilename(filename)}"; filename*=UTF-8''${rfc5987(filename)}`;
}

const DEFAULT_INBOUNDS: SimInbound[] = [
  { id: 1, type: "vless", tag: "vless-in", tls_id: 0, listen: "::", listen_port: 443 },
  { id: 2, type: "trojan", tag: "trojan-in", tls_id: 0, listen: "::", listen_port: 8443 },
];

const GET_ACTIONS = new Set([
  "load", "inbounds", "outbounds", "endpoints", "services", "tls", "clients", "config", "users", "settings", "stats",
  "status", "onlines", "logs", "changes", "keypairs", "getdb", "checkOutbound",
]);
const POST_ACTIONS = new Set(["save", "restartApp", "restartSb", "resetTraffic", "linkConvert", "subConvert", "importdb"]);
const KNOWN_OBJECTS = new Set(["clients", "tls", "inbounds", "outbounds", "services", "endpoints", "config", "settings"]);

// ---------------------------------------------------------------------------------------------------------------

/** Starts the simulator: the panel and its subscription server, both on 127.0.0.1 with free ports. */
export async function startSuiPanel(options: SuiPanelOptions = {}): Promise<SuiPanel> {
  const webPath = normalisePath(options.webPath ?? "/app/");
  const subPath = normalisePath(options.subPath ?? "/sub/");
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const subUpdates = options.subUpdates ?? 12;
  const subEncode = options.subEncode ?? true;
  const startedAt = now();

  let token = options.token ?? randomToken();
  let coreRunning = true;
  let lastUpdate = startedAt;
  const clients = new Map<number, SimClient>();
  let nextClientId = 1;
  const inbounds = new Map<number, SimInbound>((options.inbounds ?? DEFAULT_INBOUNDS).map((i) => [i.id, structuredClone(i)]));
  let nextInboundId = Math.max(0, ...inbounds.keys()) + 1;
  const onlineNames = new Set<string>();

  let fault: (Fault & { remaining: number }) | null = null;
  let counts: Record<string, number> = {};
  let savesInFlight = 0;
  let maxSaves = 0;

  const count = (key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };

  /** The fault for this request, consuming one of its `times`. */
  function faultFor(keys: string[]): Fault | null {
    if (!fault || fault.mode === "down") return null;
    if (fault.actions && !fault.actions.some((a) => keys.includes(a))) return null;
    if (fault.remaining <= 0) return null;
    fault.remaining -= 1;
    return fault;
  }

  // --- reads ------------------------------------------------------------------------------------------------------

  const sortedClients = () => [...clients.values()].sort((a, b) => a.id - b.id);

  /** A full row in model.Client's field order; config and links are omitted when null (omitempty). */
  function fullRow(client: SimClient): Record<string, unknown> {
    const c = structuredClone(client);
    const row: Record<string, unknown> = { id: c.id, enable: c.enable, name: c.name };
    if (c.config !== null) row.config = c.config;
    row.inbounds = c.inbounds;
    if (c.links !== null) row.links = c.links;
    return {
      ...row, volume: c.volume, expiry: c.expiry, down: c.down, up: c.up, desc: c.desc, group: c.group, remark: c.remark,
      createdAt: c.createdAt, onlineAt: c.onlineAt, delayStart: c.delayStart, autoReset: c.autoReset,
      resetDays: c.resetDays, nextReset: c.nextReset, totalUp: c.totalUp, totalDown: c.totalDown,
    };
  }

  /** The summary columns only; the rest read as Go zero values whatever the row holds. */
  function summaryRow(c: SimClient): Record<string, unknown> {
    // Serialised at once, so no deep copy (of config and links, which it leaves out anyway): a 10,000-client list
    // costs about 10 ms instead of 70.
    return {
      id: c.id, enable: c.enable, name: c.name, inbounds: c.inbounds === null ? null : [...c.inbounds], volume: c.volume,
      expiry: c.expiry, down: c.down, up: c.up, desc: c.desc, group: c.group, remark: c.remark, createdAt: c.createdAt,
      onlineAt: c.onlineAt, delayStart: false, autoReset: false, resetDays: 0, nextReset: 0, totalUp: 0, totalDown: 0,
    };
  }

  /** ClientService.Get: summaries without ids, full rows of the listed ids otherwise. */
  function getClients(idList: string): Record<string, unknown>[] {
    if (idList === "") return sortedClients().map(summaryRow);
    const wanted = new Set(idList.split(","));
    return sortedClients()
      .filter((c) => wanted.has(String(c.id)))
      .map(fullRow);
  }

  function inboundSummary(inbound: SimInbound): Record<string, unknown> {
    const users = sortedClients()
      .filter((c) => c.inbounds?.includes(inbound.id))
      .map((c) => c.name);
    return { id: inbound.id, type: inbound.type, tag: inbound.tag, tls_id: inbound.tls_id, listen: inbound.listen, listen_port: inbound.listen_port, users };
  }

  /** InboundService.Get: null (not []) when there are none. */
  function getInbounds(idList: string): Record<string, unknown>[] | null {
    const all = [...inbounds.values()].sort((a, b) => a.id - b.id);
    if (idList === "") return all.length ? all.map(inboundSummary) : null;
    const wanted = new Set(idList.split(","));
    const found = all.filter((i) => wanted.has(String(i.id))).map((i) => ({ ...structuredClone(i), addrs: [], out_json: {} }));
    return found.length ? found : null;
  }

  function onlines(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    if (onlineNames.size === 0) return out;
    out.user = [...onlineNames];
    const tags = new Set<string>();
    for (const c of clients.values()) {
      if (!onlineNames.has(c.name)) continue;
      for (const id of c.inbounds ?? []) {
        const tag = inbounds.get(id)?.tag;
        if (tag) tags.add(tag);
      }
    }
    if (tags.size) out.inbound = [...tags];
    return out;
  }

  function status(request: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of request.split(",")) {
      switch (key) {
        case "cpu":
          out.cpu = 3.5;
          break;
        case "mem":
          out.mem = { current: 512 * 2 ** 20, total: 2 * 2 ** 30 };
          break;
        case "dsk":
          out.dsk = { current: 5 * 2 ** 30, total: 20 * 2 ** 30 };
          break;
        case "dio":
          out.dio = { read: 1_000_000, write: 2_000_000 };
          break;
        case "swp":
          out.swp = { current: 0, total: 0 };
          break;
        case "net":
          out.net = { sent: 10_000_000, recv: 20_000_000, psent: 10_000, precv: 20_000 };
          break;
        case "sys":
          out.sys = {
            appMem: 40 * 2 ** 20, appThreads: 20, cpuType: "Simulated CPU", cpuCount: 2, hostName: "sui-sim",
            appVersion: "1.5.1", ipv4: ["127.0.0.1/8"], ipv6: [], bootTime: startedAt - 3600,
          };
          break;
        case "sbd":
          out.sbd = {
            running: coreRunning,
            stats: { NumGoroutine: 20, Alloc: 8 * 2 ** 20, Uptime: coreRunning ? Math.max(0, now() - startedAt) : 0 },
          };
          break;
        case "db": {
          let clientUp = 0;
          let clientDown = 0;
          for (const c of clients.values()) {
            clientUp += c.up + c.totalUp;
            clientDown += c.down + c.totalDown;
          }
          out.db = { clients: clients.size, inbounds: inbounds.size, outbounds: 1, services: 0, endpoints: 0, clientUp, clientDown };
          break;
        }
      }
    }
    return out;
  }

  // --- writes -----------------------------------------------------------------------------------------------------

  function regenerateLinks(client: SimClient, given: SimLink[], host: string): SimLink[] {
    const local: SimLink[] = [];
    for (const id of client.inbounds ?? []) {
      const inbound = inbounds.get(id);
      if (!inbound) continue;
      for (const uri of inboundLinks(client, inbound, host)) local.push({ remark: inbound.tag, type: "local", uri });
    }
    return [...local, ...given.filter((link) => link.type !== "local")];
  }

  function materialise(decoded: DecodedClient, ids: number[], links: SimLink[], host: string): SimClient {
    const client: SimClient = {
      ...decoded.scalars,
      config: withIdentity(decodeConfig(decoded.config), decoded.scalars.name),
      inbounds: decoded.inbounds === null ? null : ids,
      links: null,
    };
    client.links = regenerateLinks(client, links, host);
    return client;
  }

  function insert(client: SimClient): void {
    if (client.id === 0) client.id = nextClientId;
    nextClientId = Math.max(nextClientId, client.id + 1);
    clients.set(client.id, client);
  }

  function inboundsChanged(old: SimClient, next: SimClient): number[] {
    const before = old.inbounds ?? [];
    const after = next.inbounds ?? [];
    if (JSON.stringify(old.config) !== JSON.stringify(next.config) || old.name !== next.name || old.enable !== next.enable) {
      return [...new Set([...before, ...after])];
    }
    return [...before.filter((id) => !after.includes(id)), ...after.filter((id) => !before.includes(id))];
  }

  /** ClientService.Save; returns the inbound ids touched. Works on a copy so a failure changes nothing. */
  function saveClients(act: string, data: string, host: string, table: Map<number, SimClient>): number[] {
    switch (act) {
      case "new":
      case "edit": {
        const decoded = decodeClient(parseGoJson(data));
        const client = materialise(decoded, decodeIds(decoded.inbounds), decodeLinks(decoded.links), host);
        if (act === "edit") {
          const old = table.get(client.id);
          if (!old) throw new GoError(RECORD_NOT_FOUND);
          client.createdAt = old.createdAt;
          client.onlineAt = old.onlineAt;
          table.set(client.id, client);
          return inboundsChanged(old, client);
        }
        client.createdAt = now();
        insert(client);
        return client.inbounds ?? [];
      }
      case "addbulk": {
        const list = parseGoJson(data);
        if (!Array.isArray(list)) throw cannotUnmarshal(list, "Go value of type []*model.Client");
        const decoded = list.map(decodeClient);
        const touched = new Set<number>();
        const created = decoded.map((d) => {
          const ids = decodeIds(d.inbounds);
          ids.forEach((id) => touched.add(id));
          const client = materialise(d, ids, decodeLinks(d.links), host);
          client.createdAt = now();
          return client;
        });
        if (created.length === 0) throw new GoError("empty slice found");
        created.forEach(insert);
        return [...touched];
      }
      case "editbulk": {
        const list = parseGoJson(data);
        if (!Array.isArray(list)) throw cannotUnmarshal(list, "Go value of type []*model.Client");
        const touched = new Set<number>();
        for (const d of list.map(decodeClient)) {
          const old = table.get(d.scalars.id);
          if (!old) throw new GoError(RECORD_NOT_FOUND);
          const ids = decodeIds(d.inbounds);
          const client: SimClient = {
            ...d.scalars,
            config: withIdentity(structuredClone(old.config), d.scalars.name),
            inbounds: d.inbounds === null ? null : ids,
            links: structuredClone(old.links),
            createdAt: old.createdAt,
            onlineAt: old.onlineAt,
          };
          const changed = inboundsChanged(old, client);
          changed.forEach((id) => touched.add(id));
          if (changed.length) client.links = regenerateLinks(client, old.links ?? [], host);
          table.set(client.id, client);
        }
        return [...touched];
      }
      case "del": {
        const id = parseGoJson(data);
        if (typeof id !== "number" || !Number.isInteger(id) || id < 0) throw cannotUnmarshal(id, "Go value of type uint");
        const old = table.get(id);
        if (!old) throw new GoError(RECORD_NOT_FOUND);
        table.delete(id);
        return old.inbounds ?? [];
      }
      case "delbulk": {
        const ids = decodeIds(parseGoJson(data));
        const touched = new Set<number>();
        for (const id of ids) {
          const old = table.get(id);
          if (!old) throw new GoError(RECORD_NOT_FOUND);
          (old.inbounds ?? []).forEach((i) => touched.add(i));
        }
        ids.forEach((id) => table.delete(id));
        return [...touched];
      }
      default:
        throw new GoError(`unknown action: ${act}`);
    }
  }

  function saveInbounds(act: string, data: string): void {
    switch (act) {
      case "new":
      case "edit": {
        const raw = parseGoJson(data);
        if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw cannotUnmarshal(raw, "Go value of type model.Inbound");
        const { tls: _tls, users: _users, ...rest } = raw as Record<string, unknown>;
        const inbound = { tls_id: 0, listen: "::", listen_port: 0, type: "", tag: "", ...rest, id: Number(rest.id ?? 0) } as SimInbound;
        for (const other of inbounds.values()) {
          if (other.tag === inbound.tag && other.id !== inbound.id) throw new GoError("UNIQUE constraint failed: inbounds.tag");
        }
        if (act === "edit" && !inbounds.has(inbound.id)) throw new GoError(RECORD_NOT_FOUND);
        if (act === "new") inbound.id = nextInboundId++;
        inbounds.set(inbound.id, inbound);
        return;
      }
      case "del": {
        const tag = parseGoJson(data);
        if (typeof tag !== "string") throw cannotUnmarshal(tag, "Go value of type string");
        const inbound = [...inbounds.values()].find((i) => i.tag === tag);
        if (!inbound) throw new GoError(RECORD_NOT_FOUND);
        inbounds.delete(inbound.id);
        for (const c of clients.values()) {
          if (c.inbounds?.includes(inbound.id)) {
            c.inbounds = c.inbounds.filter((id) => id !== inbound.id);
            c.links = (c.links ?? []).filter((l) => l.remark !== tag);
          }
        }
        return;
      }
      default:
        throw new GoError(`unknown action: ${act}`);
    }
  }

  /** ConfigService.Save plus the partial loads of the answer. */
  function save(fields: URLSearchParams, idFilter: string, host: string): Response {
    const object = fields.get("object") ?? "";
    const act = fields.get("action") ?? "";
    const data = fields.get("data") ?? "";
    const objs = [object];
    try {
      if (!KNOWN_OBJECTS.has(object)) throw goNewError("unknown object: ", object);
      if (object === "clients") {
        // One transaction: work on a copy, commit on success.
        const snapshot = new Map([...clients].map(([id, c]) => [id, structuredClone(c)]));
        const nextIdBefore = nextClientId;
        try {
          const touched = saveClients(act, data, host, clients);
          if (touched.length) objs.push("inbounds");
        } catch (error) {
          clients.clear();
          for (const [id, c] of snapshot) clients.set(id, c);
          nextClientId = nextIdBefore;
          throw error;
        }
      } else if (object === "inbounds") {
        saveInbounds(act, data);
        objs.push("clients");
      } else if (object === "tls") {
        objs.push("clients", "inbounds");
      }
    } catch (error) {
      if (error instanceof GoError) return failed("save", error.message);
      throw error;
    }
    lastUpdate = now();
    coreRunning = true;
    const obj: Record<string, unknown> = {};
    for (const o of objs) {
      if (o === "clients") obj.clients = getClients(idFilter);
      else if (o === "inbounds") obj.inbounds = getInbounds(idFilter);
      else if (o === "settings") obj.settings = settings();
      else obj[o] = null;
    }
    return ok(obj);
  }

  function settings(): Record<string, string> {
    return {
      webListen: "", webPort: "2095", webPath, webDomain: "", subListen: "", subPort: String(subPort), subPath,
      subDomain: "", subEncode: String(subEncode), subShowInfo: "false", subUpdates: String(subUpdates), subURI: "",
      sessionMaxAge: "0", trafficAge: "30", timeLocation: "Asia/Tehran",
    };
  }

  // --- the panel server -------------------------------------------------------------------------------------------

  async function formFields(request: Request, url: URL): Promise<URLSearchParams> {
    // Go's FormValue: the body (urlencoded or multipart only) first, then the query string.
    const fields = new URLSearchParams(url.searchParams);
    const type = request.headers.get("content-type") ?? "";
    if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
      const form = await request.formData();
      for (const key of new Set(form.keys())) {
        const value = form.get(key);
        if (typeof value === "string") fields.set(key, value);
      }
    }
    return fields;
  }

  async function apiV2(request: Request, url: URL, action: string): Promise<Response> {
    const method = request.method;
    const fields = method === "POST" ? await formFields(request, url) : url.searchParams;
    const keys = [action];
    if (method === "POST" && action === "save") keys.push(`save:${fields.get("object") ?? ""}:${fields.get("action") ?? ""}`);
    keys.forEach(count);
    const isSave = method === "POST" && action === "save";
    if (isSave) {
      savesInFlight += 1;
      maxSaves = Math.max(maxSaves, savesInFlight);
    }
    try {
      const injected = faultFor(keys);
      if (injected?.mode === "http500") return new Response(null, { status: 500 });
      if (injected?.mode === "invalidToken") return failed("", goNewError("invalid token").message);
      if (injected?.mode === "dbLocked") return failed(isSave ? "save" : action, "database is locked");
      if (injected?.mode === "refuse") return failed(isSave ? "save" : action, injected.message ?? "FOREIGN KEY constraint failed");
      if (request.headers.get("token") !== token) return failed("", goNewError("invalid token").message);
      const response = method === "POST" ? post(action, fields, url, request) : get(action, url);
      if (injected?.mode === "slow") await Bun.sleep(injected.delayMs ?? 1000);
      return response;
    } finally {
      if (isSave) savesInFlight -= 1;
    }
  }

  function post(action: string, fields: URLSearchParams, url: URL, request: Request): Response {
    if (!POST_ACTIONS.has(action)) return failed("failed", goNewError("unknown action: ", action).message);
    switch (action) {
      case "save":
        return save(fields, url.searchParams.get("id") ?? "", linkHost(request.headers.get("host")));
      case "restartApp":
        return ok(null, "restartApp");
      case "restartSb":
        coreRunning = true;
        return ok(null, "restartSb");
      case "resetTraffic":
        resetTraffic();
        return ok(null, "resetTraffic");
      default:
        return ok(null);
    }
  }

  function get(action: string, url: URL): Response {
    if (!GET_ACTIONS.has(action)) return failed("failed", goNewError("unknown action: ", action).message);
    const q = url.searchParams;
    switch (action) {
      case "clients":
        return ok({ clients: getClients(q.get("id") ?? "") });
      case "inbounds":
        return ok({ inbounds: getInbounds(q.get("id") ?? "") });
      case "outbounds":
      case "endpoints":
      case "services":
      case "tls":
        return ok({ [action]: null });
      case "config":
        return ok({ config: { log: { level: "info" }, dns: {}, route: {}, experimental: {} } });
      case "status":
        return ok(status(q.get("r") ?? ""));
      case "onlines":
        return ok(onlines());
      case "settings":
        return ok(settings());
      case "users":
        return ok([{ id: 1, username: "admin", password: "", lastLogin: "" }]);
      case "load": {
        const lu = q.get("lu");
        if (lu !== null && lu !== "" && !/^-?\d+$/.test(lu)) return failed("", `strconv.ParseInt: parsing "${lu}": invalid syntax`);
        if (lu && Number(lu) >= lastUpdate) return ok({ onlines: onlines() });
        const obj: Record<string, unknown> = {
          config: { log: { level: "info" } }, clients: getClients(""), tls: null,
          inbounds: [...inbounds.values()].length ? [...inbounds.values()].map((i) => structuredClone(i)) : null,
          outbounds: null, endpoints: null, services: null,
          subURI: `http://127.0.0.1:${subPort}${subPath}`, enableTraffic: true, onlines: onlines(),
        };
        if (!coreRunning) obj.lastLog = "sing-box is not running";
        return ok(obj);
      }
      case "stats":
        return ok({ stats: {}, startTime: now() - 100 * 3600, bucketSpan: 1000, numBuckets: 360 });
      case "changes":
        return ok(q.get("c") ? [] : []);
      case "logs":
        return ok([]);
      case "keypairs":
        return ok([]);
      case "checkOutbound":
        return ok({ OK: false, Delay: 0, Error: "not simulated" });
      case "getdb":
        return new Response(new Uint8Array([0x53, 0x51, 0x4c]), { headers: { "Content-Type": "application/octet-stream" } });
      default:
        return ok(null);
    }
  }

  async function panelFetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    if (webPath !== "/" && path === webPath.slice(0, -1)) {
      return new Response(null, { status: 307, headers: { Location: webPath } });
    }
    if (!path.startsWith(webPath)) return new Response(null, { status: 404 });
    const rest = path.slice(webPath.length);
    const apiV2Match = /^apiv2\/([^/]+)$/.exec(rest);
    if (apiV2Match && (request.method === "GET" || request.method === "POST")) {
      return apiV2(request, url, decodeURIComponent(apiV2Match[1] ?? ""));
    }
    if (/^api\/[^/]+$/.test(rest)) {
      // API v1 needs a session cookie the simulator never grants.
      if (rest === "api/logout") return ok(null);
      if (request.headers.get("x-requested-with") === "XMLHttpRequest") return envelope({ success: false, msg: "Invalid login", obj: null });
      return new Response(null, { status: 307, headers: { Location: "/login" } });
    }
    return new Response(SPA_INDEX, { headers: { "Content-Type": "text/html; charset=utf-8" } });
  }

  // --- the subscription server ------------------------------------------------------------------------------------

  function subscriber(name: string): SimClient | undefined {
    return sortedClients().find((c) => c.enable && c.name === name);
  }

  function subHeaders(client: SimClient): Record<string, string> {
    const title = client.remark || client.name;
    return {
      "Subscription-Userinfo": `upload=${client.up}; download=${client.down}; total=${client.volume}; expire=${client.expiry}`,
      "Profile-Update-Interval": String(subUpdates),
      // Go writes the title's UTF-8 bytes raw; a fetch Headers value is a byte string, so pass them as latin1.
      "Profile-Title": Buffer.from(title, "utf8").toString("latin1"),
      "Content-Disposition": contentDisposition(title),
    };
  }

  function outbounds(client: SimClient, host: string): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const id of client.inbounds ?? []) {
      const inbound = inbounds.get(id);
      const user = inbound ? client.config?.[inbound.type] : undefined;
      if (!inbound || !user) continue;
      const base = { type: inbound.type, tag: inbound.tag, server: host, server_port: inbound.listen_port };
      if (inbound.type === "vless" || inbound.type === "vmess") out.push({ ...base, uuid: user.uuid });
      else if ("password" in user) out.push({ ...base, password: user.password });
    }
    return out;
  }

  function singBoxJson(client: SimClient, host: string): string {
    const proxies = outbounds(client, host);
    return JSON.stringify(
      {
        log: { level: "info" },
        inbounds: [{ type: "mixed", tag: "mixed-in", listen: "127.0.0.1", listen_port: 2080 }],
        outbounds: [
          { type: "selector", tag: "proxy", outbounds: proxies.map((p) => p.tag) },
          ...proxies,
          { type: "direct", tag: "direct" },
        ],
        route: { final: "proxy" },
      },
      null,
      2,
    );
  }

  function clashYaml(client: SimClient, host: string): string {
    const proxies = outbounds(client, host);
    const lines = ["mixed-port: 7890", "mode: rule", "proxies:"];
    for (const p of proxies) {
      lines.push(`  - name: ${String(p.tag)}`, `    type: ${String(p.type)}`, `    server: ${String(p.server)}`, `    port: ${String(p.server_port)}`);
      if (p.uuid !== undefined) lines.push(`    uuid: ${String(p.uuid)}`);
      if (p.password !== undefined) lines.push(`    password: ${String(p.password)}`);
    }
    lines.push("proxy-groups:", "  - name: Proxy", "    type: select", "    proxies:");
    for (const p of proxies) lines.push(`      - ${String(p.tag)}`);
    lines.push("rules:", "  - MATCH,Proxy", "");
    return lines.join("\n");
  }

  async function subFetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const match = url.pathname.startsWith(subPath) ? /^([^/]+)$/.exec(url.pathname.slice(subPath.length)) : null;
    if (!match || (request.method !== "GET" && request.method !== "HEAD")) return new Response(null, { status: 404 });
    count("sub");
    const injected = faultFor(["sub"]);
    if (injected?.mode === "http500") return new Response(null, { status: 500 });
    if (injected?.mode === "dbLocked" || injected?.mode === "refuse") return text(400, "Error!");
    const name = decodeURIComponent(match[1] ?? "");
    const client = subscriber(name);
    const host = linkHost(request.headers.get("host"));
    let response: Response;
    if (!client) response = text(400, "Error!");
    else if (request.method === "HEAD") response = new Response(null, { status: 200, headers: subHeaders(client) });
    else {
      const format = url.searchParams.get("format");
      let body: string | undefined;
      if (format === null) {
        const links = (client.links ?? []).filter((l) => l.type !== "sub").map((l) => l.uri ?? "").join("\n");
        body = subEncode ? Buffer.from(links).toString("base64") : links;
      } else if (format === "json") body = singBoxJson(client, host);
      else if (format === "clash") body = clashYaml(client, host);
      response = body === undefined ? text(400, "Error!") : text(200, body);
      if (body !== undefined) for (const [k, v] of Object.entries(subHeaders(client))) response.headers.set(k, v);
    }
    if (injected?.mode === "slow") await Bun.sleep(injected.delayMs ?? 1000);
    return response;
  }

  // --- lifecycle --------------------------------------------------------------------------------------------------

  let panelServer: Server<undefined> | null = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: panelFetch });
  let subServer: Server<undefined> | null = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: subFetch });
  const port = panelServer.port ?? 0;
  const subPort = subServer.port ?? 0;

  async function goDown(): Promise<void> {
    await Promise.all([panelServer?.stop(true), subServer?.stop(true)]);
    panelServer = null;
    subServer = null;
  }

  async function comeUp(): Promise<void> {
    panelServer ??= Bun.serve({ hostname: "127.0.0.1", port, fetch: panelFetch });
    subServer ??= Bun.serve({ hostname: "127.0.0.1", port: subPort, fetch: subFetch });
  }

  function resetTraffic(): void {
    for (const c of clients.values()) {
      c.totalUp += c.up;
      c.totalDown += c.down;
      c.up = 0;
      c.down = 0;
      c.enable = true;
    }
    lastUpdate = now();
  }

  return {
    url: `http://127.0.0.1:${port}${webPath}`,
    subUrl: `http://127.0.0.1:${subPort}${subPath}`,
    get token() {
      return token;
    },
    port,
    subPort,
    stop: goDown,
    async restart() {
      fault = null;
      await comeUp();
    },
    async setFault(next) {
      fault = next ? { ...next, remaining: next.times ?? Number.POSITIVE_INFINITY } : null;
      if (next?.mode === "down") await goDown();
      else await comeUp();
    },
    counts: () => ({ ...counts }),
    resetCounts() {
      counts = {};
      maxSaves = savesInFlight;
    },
    maxConcurrentSaves: () => maxSaves,
    clients: () => sortedClients().map((c) => structuredClone(c)),
    client: (id) => {
      const c = clients.get(id);
      return c ? structuredClone(c) : undefined;
    },
    addClientByHand(partial) {
      const client: SimClient = {
        id: 0, enable: true, config: null, inbounds: [], links: [], volume: 0, expiry: 0, up: 0, down: 0, desc: "",
        group: "", remark: "", createdAt: now(), onlineAt: 0, delayStart: false, autoReset: false, resetDays: 0,
        nextReset: 0, totalUp: 0, totalDown: 0,
        ...structuredClone(partial),
      };
      client.config = withIdentity(client.config, client.name);
      client.links = regenerateLinks(client, client.links ?? [], "127.0.0.1");
      insert(client);
      lastUpdate = now();
      return structuredClone(client);
    },
    addTraffic(name, up, down) {
      let touched = 0;
      for (const c of clients.values()) {
        if (c.name !== name) continue;
        c.up += up;
        c.down += down;
        c.onlineAt = now();
        touched += 1;
      }
      if (touched) onlineNames.add(name);
      return touched;
    },
    deplete(nowS = now()) {
      const disabled: string[] = [];
      for (const c of sortedClients()) {
        if (c.enable && ((c.volume > 0 && c.up + c.down > c.volume) || (c.expiry > 0 && c.expiry < nowS))) {
          c.enable = false;
          disabled.push(c.name);
        }
      }
      if (disabled.length) lastUpdate = nowS;
      return disabled;
    },
    resetTraffic,
    inbounds: () => [...inbounds.values()].sort((a, b) => a.id - b.id).map((i) => structuredClone(i)),
    setCoreRunning(running) {
      coreRunning = running;
    },
    setToken(next) {
      token = next;
    },
  };
}

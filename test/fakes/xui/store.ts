/**
 * The data of the 3x-ui simulator: inbounds and clients as 3x-ui v2.9.4 / v3.0.2 / v3.6.0 keep them, and the rules
 * their services enforce, with their error strings (Go's common.NewError is fmt.Sprintln: operands joined by
 * spaces, then "\n"). A client is keyed by its email, unique across the panel; its settings entry (the `model.Client`
 * JSON: id/password, email, totalGB bytes, expiryTime ms, enable, subId…) and its counters (`client_traffics`:
 * up, down, enable) are kept apart, as on the panel. Before v3.1 a client sits in one inbound; from v3.1 in several.
 */

export type Row = Record<string, unknown>;

export interface XuiInbound {
  id: number;
  remark: string;
  protocol: "vless" | "vmess" | "trojan" | "shadowsocks";
  port: number;
  listen: string;
  enable: boolean;
  tag: string;
  streamSettings: string;
}

export interface XuiClient {
  /** The `model.Client` JSON stored in the inbound's settings (the clients family keeps the uuid as `uuid`). */
  entry: Row;
  inboundIds: number[];
  up: number;
  down: number;
  /** client_traffics.enable: false once the depletion job cut it off. */
  statsEnable: boolean;
  lastOnline: number;
}

export class GoError extends Error {}

export function goError(...operands: string[]): GoError {
  return new GoError(`${operands.join(" ")}\n`);
}

export const DEFAULT_XUI_INBOUNDS: XuiInbound[] = [
  { id: 1, remark: "vless-reality", protocol: "vless", port: 443, listen: "", enable: true, tag: "inbound-443", streamSettings: '{"network":"tcp","security":"reality"}' },
  { id: 2, remark: "trojan-ws", protocol: "trojan", port: 8443, listen: "", enable: true, tag: "inbound-8443", streamSettings: '{"network":"ws","security":"tls"}' },
];

/** The key that names a client inside an inbound of this protocol. */
export function keyField(protocol: string): "id" | "password" | "email" {
  return protocol === "trojan" ? "password" : protocol === "shadowsocks" ? "email" : "id";
}

export class XuiStore {
  readonly inbounds = new Map<number, XuiInbound>();
  readonly clients = new Map<string, XuiClient>();
  private nextStatId = 1;
  readonly statIds = new Map<string, number>();

  constructor(inbounds: XuiInbound[]) {
    for (const inbound of inbounds) this.inbounds.set(inbound.id, structuredClone(inbound));
  }

  inbound(id: number): XuiInbound {
    const inbound = this.inbounds.get(id);
    if (!inbound) throw new GoError("record not found");
    return inbound;
  }

  clientsOf(inboundId: number): XuiClient[] {
    return [...this.clients.values()].filter((c) => c.inboundIds.includes(inboundId));
  }

  /** The inbound as `inbounds/list` and `get/:id` answer it: settings a JSON string, clientStats beside it. */
  inboundJson(inbound: XuiInbound): Row {
    const clients = this.clientsOf(inbound.id);
    return {
      id: inbound.id,
      up: 0,
      down: 0,
      total: 0,
      allTime: 0,
      remark: inbound.remark,
      enable: inbound.enable,
      expiryTime: 0,
      trafficReset: "never",
      lastTrafficResetTime: 0,
      clientStats: clients.map((c) => this.traffic(c, inbound.id)),
      listen: inbound.listen,
      port: inbound.port,
      protocol: inbound.protocol,
      settings: JSON.stringify({ clients: clients.map((c) => this.settingsEntry(c)), decryption: "none", fallbacks: [] }, null, 2),
      streamSettings: inbound.streamSettings,
      tag: inbound.tag,
      sniffing: '{"enabled":false}',
    };
  }

  /** The settings entry as the inbounds family shows it (`id` carries the uuid). */
  settingsEntry(client: XuiClient): Row {
    const { uuid, ...rest } = client.entry;
    return uuid === undefined ? { ...rest } : { id: uuid, ...rest };
  }

  /** A `client_traffics` row. */
  traffic(client: XuiClient, inboundId = client.inboundIds[0] ?? 0): Row {
    const email = String(client.entry.email);
    return {
      id: this.statIds.get(email) ?? 0,
      inboundId,
      enable: client.statsEnable,
      email,
      uuid: String(client.entry.uuid ?? ""),
      subId: String(client.entry.subId ?? ""),
      up: client.up,
      down: client.down,
      allTime: client.up + client.down,
      expiryTime: Number(client.entry.expiryTime ?? 0),
      total: Number(client.entry.totalGB ?? 0),
      reset: Number(client.entry.reset ?? 0),
      lastOnline: client.lastOnline,
    };
  }

  /** A `clients/list` row (v3.1+): the record with its attachments and traffic. */
  record(client: XuiClient): Row {
    return { id: this.statIds.get(String(client.entry.email)) ?? 0, ...client.entry, inboundIds: [...client.inboundIds], traffic: this.traffic(client) };
  }

  /** Adds a client (from a `model.Client` JSON object whose `id` is the uuid) to inbounds; a duplicate email fails. */
  add(given: Row, inboundIds: number[], now: number): XuiClient {
    const email = typeof given.email === "string" ? given.email : "";
    if (email === "") throw goError("empty client ID");
    for (const id of inboundIds) this.inbound(id);
    if (this.clients.has(email)) throw goError("Duplicate email:", email);
    const { id: uuid, ...rest } = given;
    const entry: Row = {
      uuid: typeof uuid === "string" ? uuid : "",
      password: "",
      flow: "",
      limitIp: 0,
      totalGB: 0,
      expiryTime: 0,
      enable: false,
      tgId: 0,
      subId: "",
      comment: "",
      reset: 0,
      ...rest,
      email,
      created_at: now,
      updated_at: now,
    };
    const client: XuiClient = { entry, inboundIds: [...inboundIds], up: 0, down: 0, statsEnable: entry.enable === true, lastOnline: 0 };
    this.clients.set(email, client);
    this.statIds.set(email, this.nextStatId++);
    return client;
  }

  /** Replaces a client's entry whole (3x-ui's update): what the body leaves out is gone. Counters are kept. */
  replace(client: XuiClient, given: Row, now: number): void {
    const oldEmail = String(client.entry.email);
    const email = typeof given.email === "string" ? given.email : "";
    if (email !== "" && email !== oldEmail && this.clients.has(email)) throw goError("Duplicate email:", email);
    const { id: uuid, ...rest } = given;
    client.entry = { ...rest, uuid: typeof uuid === "string" ? uuid : "", email: email || oldEmail, created_at: client.entry.created_at, updated_at: now };
    // The traffic row follows the settings: its enable, total and expiry are rewritten, its counters kept.
    client.statsEnable = client.entry.enable === true;
    if (email !== "" && email !== oldEmail) {
      this.clients.delete(oldEmail);
      this.clients.set(email, client);
      this.statIds.set(email, this.statIds.get(oldEmail) ?? this.nextStatId++);
      this.statIds.delete(oldEmail);
    }
  }

  remove(client: XuiClient): void {
    const email = String(client.entry.email);
    this.clients.delete(email);
    this.statIds.delete(email);
  }

  /** The client of an inbound whose protocol key is `key`, as updateClient/:clientId and delClient find it. */
  byKey(inboundId: number, key: string): XuiClient | undefined {
    const field = keyField(this.inbound(inboundId).protocol);
    return this.clientsOf(inboundId).find((c) => String(this.settingsEntry(c)[field] ?? "") === key);
  }

  /** The depletion job: clients over their volume or past their expiry are cut off (settings and traffic). */
  deplete(nowMs: number): string[] {
    const cut: string[] = [];
    for (const client of this.clients.values()) {
      const total = Number(client.entry.totalGB ?? 0);
      const expiry = Number(client.entry.expiryTime ?? 0);
      if (!client.statsEnable) continue;
      if ((total > 0 && client.up + client.down >= total) || (expiry > 0 && expiry <= nowMs)) {
        client.statsEnable = false;
        client.entry.enable = false;
        cut.push(String(client.entry.email));
      }
    }
    return cut;
  }

  /** The config links of a subscription id, one per inbound a client with that subId sits in (links only). */
  links(subId: string, host: string): { lines: string[]; clients: XuiClient[] } {
    const lines: string[] = [];
    const clients: XuiClient[] = [];
    for (const client of this.clients.values()) {
      if (client.entry.subId !== subId) continue;
      for (const inboundId of client.inboundIds) {
        const inbound = this.inbounds.get(inboundId);
        if (!inbound?.enable) continue;
        const remark = encodeURIComponent(`${inbound.remark}-${String(client.entry.email)}`);
        if (inbound.protocol === "trojan") lines.push(`trojan://${encodeURIComponent(String(client.entry.password))}@${host}:${inbound.port}?type=ws&security=tls#${remark}`);
        else lines.push(`${inbound.protocol}://${String(client.entry.uuid)}@${host}:${inbound.port}?type=tcp&security=reality#${remark}`);
      }
      clients.push(client);
    }
    return { lines, clients };
  }
}

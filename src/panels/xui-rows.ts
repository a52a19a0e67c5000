/**
 * 3x-ui's JSON read into the driver's values, for both route families:
 *
 * - inbounds family (v2.x, v3.0): clients live inside each inbound's `settings` (a JSON string) as
 *   `{id | password | auth, email, totalGB, expiryTime, enable, subId, ...}`; their counters are the inbound's
 *   `clientStats` rows `{email, up, down, total, expiryTime, enable}`.
 * - clients family (v3.1+): `clients/list` rows `{email, subId, uuid, password, totalGB, expiryTime, enable,
 *   inboundIds, traffic: {up, down, ...}}`.
 *
 * Units: `totalGB` is bytes despite its name, `expiryTime` epoch milliseconds (negative: days counted from the first
 * connection, which subkeeper never sets and reads as "no expiry yet"). `email` is the unique client key.
 */
import type { ClientCredentials, PanelClient, PanelClientSummary, PanelInbound } from "./panel.ts";
import { isRow, num, rows, str, type Row } from "./wire.ts";

/** Which key names a client inside an inbound of this protocol (the `:clientId` of updateClient and delClient). */
export function clientKeyField(protocol: string): "id" | "password" | "email" | "auth" {
  if (protocol === "trojan") return "password";
  if (protocol === "shadowsocks") return "email";
  if (protocol === "hysteria" || protocol === "hysteria2") return "auth";
  return "id";
}

const msToUnixS = (ms: number): number => (ms > 0 ? Math.floor(ms / 1000) : 0);

/** An inbound's `settings`, a JSON string on the wire (an object from some builds): its clients. */
export function settingsClients(inbound: Row): Row[] {
  const raw = inbound.settings;
  let settings: unknown = raw;
  if (typeof raw === "string") {
    try {
      settings = JSON.parse(raw);
    } catch {
      return [];
    }
  }
  return isRow(settings) ? rows(settings.clients) : [];
}

function credentialsOf(entry: { uuid: string; password: string; email: string }): ClientCredentials {
  const out: Record<string, Record<string, string>> = {};
  if (entry.uuid) {
    out.vless = { name: entry.email, uuid: entry.uuid };
    out.vmess = { name: entry.email, uuid: entry.uuid };
  }
  if (entry.password) out.trojan = { name: entry.email, password: entry.password };
  return out;
}

/** Every client of an inbounds-family panel, from `inbounds/list`, each with the inbound that holds it. */
export function inboundFamilyClients(inbounds: Row[]): { client: PanelClient; inboundId: number; entry: Row; protocol: string }[] {
  const out: { client: PanelClient; inboundId: number; entry: Row; protocol: string }[] = [];
  for (const inbound of inbounds) {
    const stats = new Map(rows(inbound.clientStats).map((stat) => [str(stat.email), stat]));
    for (const entry of settingsClients(inbound)) {
      const email = str(entry.email);
      if (email === "") continue;
      out.push({ client: inboundEntryClient(entry, stats.get(email), num(inbound.id)), inboundId: num(inbound.id), entry, protocol: str(inbound.protocol) });
    }
  }
  return out;
}

/** One client of an inbound: its `settings` entry and its `clientStats` row. */
export function inboundEntryClient(entry: Row, stat: Row | undefined, inboundId: number): PanelClient {
  const email = str(entry.email);
  return {
    id: email,
    name: email,
    // A depleted or expired client is disabled in clientStats while its settings entry may still say enabled.
    enable: entry.enable === true && (stat === undefined || stat.enable !== false),
    upBytes: num(stat?.up),
    downBytes: num(stat?.down),
    volumeBytes: num(entry.totalGB),
    expiryUnixS: msToUnixS(num(entry.expiryTime)),
    inboundIds: [String(inboundId)],
    credentials: credentialsOf({ uuid: str(entry.id), password: str(entry.password), email }),
    links: [],
  };
}

/** One row of `clients/list`, or of `clients/get` (`{client, inboundIds}`) joined with its traffic. */
export function clientRecord(record: Row, inboundIds: unknown, traffic: unknown): PanelClient {
  const email = str(record.email);
  const t = isRow(traffic) ? traffic : undefined;
  return {
    id: email,
    name: email,
    enable: record.enable === true && (t === undefined || t.enable !== false),
    upBytes: num(t?.up),
    downBytes: num(t?.down),
    volumeBytes: num(record.totalGB),
    expiryUnixS: msToUnixS(num(record.expiryTime)),
    inboundIds: Array.isArray(inboundIds) ? inboundIds.filter((id): id is number => typeof id === "number").map(String) : [],
    credentials: credentialsOf({ uuid: str(record.uuid), password: str(record.password), email }),
    links: [],
  };
}

export function summaryOf(client: PanelClient): PanelClientSummary {
  const { credentials: _c, links: _l, ...summary } = client;
  return summary;
}

export function toInbound(row: Row): PanelInbound {
  return { id: String(num(row.id)), tag: str(row.remark) || str(row.tag), type: str(row.protocol) };
}

/** The fields of a client as 3x-ui's `model.Client` takes them; fields we do not model pass through untouched. */
export interface XuiClientFields {
  email: string;
  enable: boolean;
  totalGB: number;
  expiryTime: number;
  uuid: string;
  password: string;
}

/** A `model.Client` body from a stored entry (inbounds family) or record (clients family) with our fields applied. */
export function clientBody(stored: Row, fields: Partial<XuiClientFields>, uuidKey: "id" | "uuid"): Row {
  const body: Row = { ...stored };
  // The clients family stores the uuid as `uuid` but takes it back as `id`; drop the stored-only fields.
  if (uuidKey === "uuid") {
    body.id = str(stored.uuid);
    for (const only of ["uuid", "createdAt", "updatedAt", "inboundIds", "traffic"]) delete body[only];
  }
  if (fields.email !== undefined) body.email = fields.email;
  if (fields.enable !== undefined) body.enable = fields.enable;
  if (fields.totalGB !== undefined) body.totalGB = fields.totalGB;
  if (fields.expiryTime !== undefined) body.expiryTime = fields.expiryTime;
  if (fields.uuid !== undefined) body.id = fields.uuid;
  if (fields.password !== undefined) body.password = fields.password;
  return body;
}

/** A 3x-ui version string (`v2.9.4`, `3.0.2`) as numbers, or null. */
export function parseVersion(raw: string): [number, number, number] | null {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(raw.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : null;
}

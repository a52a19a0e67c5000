/**
 * S-UI's JSON rows read into the driver's values, and a patch written back onto a row. S-UI keeps fields the
 * neutral interface does not model (remark, desc, group, the auto-reset settings, lifetime totals): the S-UI
 * driver returns them too, in the `Sui…` types, and passes every field it does not change through untouched.
 */
import type { ClientCredentials, ClientPatch, PanelClient, PanelClientSummary, PanelInbound, PanelLink, PanelProbe } from "./panel.ts";
import { isRow, num, str, type Row } from "./wire.ts";

export interface SuiClientSummary extends PanelClientSummary {
  remark: string;
  desc: string;
  group: string;
  createdAtUnixS: number;
  /** Last time the panel saw traffic for this client; 0 when never. */
  onlineAtUnixS: number;
}

export interface SuiClient extends PanelClient, SuiClientSummary {
  delayStart: boolean;
  autoReset: boolean;
  resetDays: number;
  nextResetUnixS: number;
  totalUpBytes: number;
  totalDownBytes: number;
}

export interface SuiInbound extends PanelInbound {
  listen: string;
  listenPort: number;
  tlsId: number;
  /** Names of the clients linked to it, as far as the panel reports them. */
  clientNames: string[];
}

export interface SuiProbe extends PanelProbe {
  coreUptimeS: number;
  inbounds: number;
  clientUpBytes: number;
  clientDownBytes: number;
}

/** S-UI's numeric id for a client key or inbound id given as text (or as a number by an older caller); 0 when it is not one. */
export function suiId(key: string | number): number {
  const id = typeof key === "number" ? key : /^\d{1,15}$/.test(key) ? Number(key) : 0;
  return Number.isSafeInteger(id) && id > 0 ? id : 0;
}

function ids(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is number => typeof id === "number").map(String) : [];
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
    return typeof link.remark === "string" ? { type, remark: link.remark, uri: str(link.uri) } : { type, uri: str(link.uri) };
  });
}

export function toSummary(row: Row): SuiClientSummary {
  return {
    id: String(num(row.id)),
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

export function toClient(row: Row): SuiClient {
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

export function toInbound(row: Row): SuiInbound {
  return {
    id: String(num(row.id)),
    type: str(row.type),
    tag: str(row.tag),
    listen: str(row.listen),
    listenPort: num(row.listen_port),
    tlsId: num(row.tls_id),
    clientNames: Array.isArray(row.users) ? row.users.filter((u): u is string => typeof u === "string") : [],
  };
}

/** Inbound ids as S-UI stores them: numbers. */
export function suiInboundIds(keys: string[]): number[] {
  return keys.map(suiId).filter((id) => id > 0);
}

/** S-UI's extra client fields, settable on create and update through the S-UI driver only. */
export interface SuiClientExtras {
  remark?: string;
  desc?: string;
  group?: string;
}

/** The panel's full client row with a patch applied; fields we do not model pass through untouched. */
export function patchedRow(row: Row, patch: ClientPatch & SuiClientExtras): Row {
  const next: Row = { ...row };
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.enable !== undefined) next.enable = patch.enable;
  if (patch.volumeBytes !== undefined) next.volume = patch.volumeBytes;
  if (patch.expiryUnixS !== undefined) next.expiry = patch.expiryUnixS;
  if (patch.upBytes !== undefined) next.up = patch.upBytes;
  if (patch.downBytes !== undefined) next.down = patch.downBytes;
  if (patch.inboundIds !== undefined) next.inbounds = suiInboundIds(patch.inboundIds);
  if (patch.credentials !== undefined) next.config = patch.credentials;
  if (patch.remark !== undefined) next.remark = patch.remark;
  if (patch.desc !== undefined) next.desc = patch.desc;
  if (patch.group !== undefined) next.group = patch.group;
  // S-UI's edit fails with "unexpected end of JSON input" when either key is absent.
  next.inbounds ??= [];
  next.links ??= [];
  return next;
}

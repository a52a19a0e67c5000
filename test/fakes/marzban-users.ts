/**
 * The user model of the Marzban-family simulator (test/fakes/marzban-panel.ts): one store, two flavours.
 *
 * Read from the sources, not copied: Gozargah/Marzban v0.8.4 (7f396db3, `app/models/user.py`, `app/db/crud.py`,
 * `app/utils/jwt.py`) and PasarGuard/panel v5.2.1 (e81877c0, `app/models/user.py`, `app/db/crud/user.py`,
 * `app/operation/user.py`, `app/utils/jwt.py`). What differs between them is branched on `flavor` here, in one place:
 * Marzban keys users by a case-insensitive username and answers `expire` in unix seconds, proxies per protocol and
 * inbound tags; PasarGuard has numeric ids, a case-sensitive username, `expire` as an ISO datetime with `Z`, one
 * `proxy_settings` table for every protocol and `group_ids`.
 */
import { createHmac } from "node:crypto";

export type MarzbanFlavor = "marzban" | "pasarguard";
export type UserStatus = "active" | "disabled" | "limited" | "expired" | "on_hold";

/** An inbound of the simulated core: Marzban's `ProxyInbound` (`GET /api/inbounds`). */
export interface SimInbound {
  tag: string;
  protocol: "vless" | "vmess" | "trojan" | "shadowsocks";
  network: string;
  tls: string;
  port: number;
}

/** A PasarGuard group: a named set of inbound tags. */
export interface SimGroup {
  id: number;
  name: string;
  inbound_tags: string[];
  is_disabled: boolean;
}

/** A user as the simulator stores it, flavour-neutral; instants are unix seconds (fractions kept). */
export interface SimUser {
  id: number;
  username: string;
  status: UserStatus;
  usedTraffic: number;
  /** Traffic counted before each reset (the usage logs), for `lifetime_used_traffic`. */
  resetTraffic: number;
  dataLimit: number | null;
  expire: number | null;
  dataLimitResetStrategy: string;
  note: string | null;
  createdAt: number;
  editAt: number | null;
  onlineAt: number | null;
  subUpdatedAt: number | null;
  subLastUserAgent: string | null;
  subRevokedAt: number | null;
  onHoldExpireDuration: number | null;
  onHoldTimeout: string | null;
  autoDeleteInDays: number | null;
  nextPlan: Record<string, unknown> | null;
  hwidLimit: number | null;
  /** Marzban: the protocols the user has, with their settings. PasarGuard: every protocol's settings. */
  proxies: Record<string, Record<string, unknown>>;
  /** Marzban only: per protocol, the inbound tags the user is NOT on. */
  excludedInbounds: Record<string, string[]>;
  /** PasarGuard only. */
  groupIds: number[];
}

/** A refusal the HTTP layer turns into `{"detail": ...}` with this status. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown,
  ) {
    super(typeof detail === "string" ? detail : JSON.stringify(detail));
  }
}

/** FastAPI's 422 as both panels' custom handler shapes it: `{"detail": {<last loc part>: <msg>}}`. */
export function invalid(field: string, message: string): Refusal {
  return new Refusal(422, { [field]: message });
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens: the admin JWT (HS256, PyJWT's int iat/exp) and the signed subscription tokens.

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const head = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify(payload))}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

/** The payload of a well-signed JWT, or null; expiry is checked by the caller (each panel has its own leeway). */
export function verifyJwt(token: string, secret: string): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const expected = createHmac("sha256", secret).update(`${parts[0]}.${parts[1]}`).digest("base64url");
  if (expected !== parts[2]) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1] ?? "", "base64url").toString("utf8")) as unknown;
    return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// Python's `b64encode(…, altchars=b"-_")` is base64url with its padding; every use here strips or cuts it off.
const sha256 = (text: string) => Buffer.from(Bun.CryptoHasher.hash("sha256", text)).toString("base64url");

/**
 * Marzban: `b64(username,<ceil now>)` without padding, then the first 10 characters of `b64(sha256(that + secret))`.
 * PasarGuard: `b64("v3,<id>,<ceil now>")` + "." + `b64(HMAC-SHA256(secret, that))` without padding.
 */
export function subscriptionToken(flavor: MarzbanFlavor, user: SimUser, nowS: number, secret: string): string {
  const issued = Math.ceil(nowS);
  if (flavor === "marzban") {
    const data = b64url(`${user.username},${issued}`);
    return data + sha256(data + secret).slice(0, 10);
  }
  const data = b64url(`v3,${user.id},${issued}`);
  return `${data}.${createHmac("sha256", secret).update(data).digest("base64url")}`;
}

/** Reads a subscription token back: the user key it names and when it was issued, or null when forged. */
export function readSubscriptionToken(
  flavor: MarzbanFlavor,
  token: string,
  secret: string,
): { username?: string; id?: number; issuedS: number } | null {
  const decode = (data: string) => Buffer.from(data.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
  if (flavor === "marzban") {
    if (token.length < 15) return null;
    const data = token.slice(0, -10);
    const signature = sha256(data + secret).slice(0, 10);
    if (signature !== token.slice(-10)) return null;
    const [username, issued] = decode(data).split(",");
    return username && issued ? { username, issuedS: Number(issued) } : null;
  }
  const [data, signature] = token.split(".");
  if (!data || signature !== createHmac("sha256", secret).update(data).digest("base64url")) return null;
  const [version, id, issued] = decode(data).split(",");
  return version === "v3" && id && issued ? { id: Number(id), issuedS: Number(issued) } : null;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON shapes.

/** Python's naive `datetime.isoformat()` (Marzban: no zone, JavaScript reads it as local time). */
function naiveIso(unixS: number): string {
  const iso = new Date(Math.floor(unixS * 1000)).toISOString().replace("Z", "");
  const micros = String(Math.round((unixS % 1) * 1e6)).padStart(6, "0");
  return micros === "000000" ? iso.slice(0, 19) : `${iso.slice(0, 19)}.${micros}`;
}

/** Pydantic v2's JSON for an aware UTC datetime: ISO with `Z`, microseconds only when non-zero. */
export function zuluIso(unixS: number): string {
  return `${naiveIso(unixS)}Z`;
}

const when = (unixS: number | null, zulu: boolean) => (unixS === null ? null : zulu ? zuluIso(unixS) : naiveIso(unixS));

/** The inbounds a user is on, each with the user's settings for its protocol. */
function userEndpoints(flavor: MarzbanFlavor, user: SimUser, inbounds: SimInbound[], groups: Map<number, SimGroup>) {
  const tags = new Set<string>();
  if (flavor === "marzban") {
    for (const protocol of Object.keys(user.proxies)) {
      for (const inbound of inbounds) {
        if (inbound.protocol === protocol && !(user.excludedInbounds[protocol] ?? []).includes(inbound.tag)) tags.add(inbound.tag);
      }
    }
  } else {
    for (const id of user.groupIds) {
      const group = groups.get(id);
      if (group && !group.is_disabled) for (const tag of group.inbound_tags) tags.add(tag);
    }
  }
  return inbounds.flatMap((inbound) => {
    const settings = user.proxies[inbound.protocol];
    return tags.has(inbound.tag) && settings ? [{ inbound, settings, remark: `🚀 ${inbound.tag} (${user.username})` }] : [];
  });
}

/** The share links a user gets: one per inbound it is on, for the protocols it has settings for. */
export function userLinks(flavor: MarzbanFlavor, user: SimUser, inbounds: SimInbound[], groups: Map<number, SimGroup>, host: string): string[] {
  return userEndpoints(flavor, user, inbounds, groups).map(({ inbound, settings, remark: text }) => {
    const remark = encodeURIComponent(text);
    const query = `security=${inbound.tls}&type=${inbound.network}`;
    const address = `${host}:${inbound.port}`;
    if (inbound.protocol === "vless") return `vless://${String(settings.id)}@${address}?${query}#${remark}`;
    if (inbound.protocol === "trojan") return `trojan://${String(settings.password)}@${address}?${query}#${remark}`;
    if (inbound.protocol === "shadowsocks") return `ss://${Buffer.from(`${String(settings.method)}:${String(settings.password)}`).toString("base64")}@${address}#${remark}`;
    const vmess = { add: host, aid: "0", host: "", id: settings.id, net: inbound.network, port: inbound.port, ps: text, tls: inbound.tls, type: "none", v: "2" };
    return `vmess://${Buffer.from(JSON.stringify(vmess)).toString("base64")}`;
  });
}

/** The same endpoints as a sing-box config (`json`) or a Clash YAML (`clash`), as the panels' other formats. */
export function userConfig(format: "json" | "clash", flavor: MarzbanFlavor, user: SimUser, inbounds: SimInbound[], groups: Map<number, SimGroup>, host: string): string {
  const proxies = userEndpoints(flavor, user, inbounds, groups).map(({ inbound, settings, remark }) => ({
    type: inbound.protocol,
    tag: remark,
    server: host,
    server_port: inbound.port,
    ...(inbound.protocol === "vless" || inbound.protocol === "vmess" ? { uuid: settings.id } : { password: settings.password }),
  }));
  if (format === "json") {
    return JSON.stringify({ outbounds: [{ type: "selector", tag: "proxy", outbounds: proxies.map((p) => p.tag) }, ...proxies, { type: "direct", tag: "direct" }] }, null, 2);
  }
  const lines = ["mode: rule", "proxies:"];
  for (const p of proxies) {
    lines.push(`  - name: "${p.tag}"`, `    type: ${p.type === "shadowsocks" ? "ss" : p.type}`, `    server: ${p.server}`, `    port: ${p.server_port}`);
    lines.push("uuid" in p ? `    uuid: ${String(p.uuid)}` : `    password: ${String(p.password)}`);
  }
  lines.push("proxy-groups:", "  - name: Proxy", "    type: select", "    proxies:", ...proxies.map((p) => `      - "${p.tag}"`), "rules:", "  - MATCH,Proxy", "");
  return lines.join("\n");
}

/** Marzban's `UserResponse` / PasarGuard's `UserResponse`, field for field; it shares the user's objects, so serialise it at once. */
export function userJson(
  flavor: MarzbanFlavor,
  user: SimUser,
  extra: { subscriptionUrl: string; links: string[]; inbounds: SimInbound[]; admin: string },
): Record<string, unknown> {
  if (flavor === "marzban") {
    const inboundTags: Record<string, string[]> = {};
    for (const protocol of Object.keys(user.proxies)) {
      inboundTags[protocol] = extra.inbounds
        .filter((i) => i.protocol === protocol && !(user.excludedInbounds[protocol] ?? []).includes(i.tag))
        .map((i) => i.tag);
    }
    return {
      proxies: user.proxies,
      expire: user.expire,
      data_limit: user.dataLimit,
      data_limit_reset_strategy: user.dataLimitResetStrategy,
      inbounds: inboundTags,
      note: user.note,
      sub_updated_at: when(user.subUpdatedAt, false),
      sub_last_user_agent: user.subLastUserAgent,
      online_at: when(user.onlineAt, false),
      on_hold_expire_duration: user.onHoldExpireDuration,
      on_hold_timeout: user.onHoldTimeout,
      auto_delete_in_days: user.autoDeleteInDays,
      next_plan: user.nextPlan,
      username: user.username,
      status: user.status,
      used_traffic: user.usedTraffic,
      lifetime_used_traffic: user.usedTraffic + user.resetTraffic,
      created_at: naiveIso(user.createdAt),
      links: extra.links,
      subscription_url: extra.subscriptionUrl,
      excluded_inbounds: user.excludedInbounds,
      admin: { username: extra.admin, is_sudo: true, telegram_id: null, discord_webhook: null, users_usage: null },
    };
  }
  return {
    proxy_settings: user.proxies,
    expire: when(user.expire, true),
    data_limit: user.dataLimit,
    data_limit_reset_strategy: user.dataLimitResetStrategy,
    note: user.note,
    on_hold_expire_duration: user.onHoldExpireDuration,
    on_hold_timeout: user.onHoldTimeout,
    group_ids: user.groupIds,
    auto_delete_in_days: user.autoDeleteInDays,
    hwid_limit: user.hwidLimit,
    next_plan: user.nextPlan,
    id: user.id,
    username: user.username,
    status: user.status,
    used_traffic: user.usedTraffic,
    lifetime_used_traffic: user.usedTraffic + user.resetTraffic,
    created_at: zuluIso(user.createdAt),
    edit_at: when(user.editAt, true),
    online_at: when(user.onlineAt, true),
    subscription_url: extra.subscriptionUrl,
    admin: { id: 1, username: extra.admin },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Validation (pydantic v2's words, keyed by field as both panels' 422 handler does).

type Body = Record<string, unknown>;

const MARZBAN_USERNAME = /^(?=\w{3,32}\b)[a-zA-Z0-9-_@.]+(?:_[a-zA-Z0-9-_@.]+)*$/;
const RESET_STRATEGIES = ["no_reset", "day", "week", "month", "year"];
const PROTOCOLS = ["vmess", "vless", "trojan", "shadowsocks"];

function optionalInt(body: Body, field: string): number | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value as null | undefined;
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "number") throw invalid(field, "Input should be a valid integer, got a number with a fractional part");
  if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  if (typeof value === "string") throw invalid(field, "Input should be a valid integer, unable to parse string as an integer");
  throw invalid(field, "Input should be a valid integer");
}

/** `data_limit`: Marzban's before-validator refuses strings outright; both require ≥ 0. */
function dataLimit(flavor: MarzbanFlavor, body: Body): number | null | undefined {
  const value = body.data_limit;
  if (value === undefined || value === null) return value as null | undefined;
  if (typeof value !== "number") {
    throw invalid("data_limit", flavor === "marzban" ? "Value error, data_limit must be an integer or a float, not a string" : "Input should be a valid integer");
  }
  const limit = Math.trunc(value);
  if (limit < 0) throw invalid("data_limit", "Input should be greater than or equal to 0");
  return limit;
}

/** `expire`: Marzban an int of unix seconds; PasarGuard a datetime or an int read as unix seconds. */
function expire(flavor: MarzbanFlavor, body: Body): number | null | undefined {
  if (flavor === "marzban") return optionalInt(body, "expire");
  const value = body.expire;
  if (value === undefined || value === null) return value as null | undefined;
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string") {
    if (/^\d+$/.test(value)) return Number(value);
    const hasZone = /(Z|[+-]\d\d:?\d\d)$/i.test(value);
    const ms = Date.parse(hasZone ? value : `${value}Z`);
    if (Number.isFinite(ms) && /^\d{4}-\d\d-\d\d/.test(value)) return ms / 1000;
  }
  throw invalid("expire", "Input should be a valid datetime or date, invalid character in year");
}

function statusField(body: Body, allowed: UserStatus[]): UserStatus | undefined {
  const value = body.status;
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string" && (allowed as string[]).includes(value)) return value as UserStatus;
  const words = allowed.map((s) => `'${s}'`);
  throw invalid("status", `Input should be ${words.slice(0, -1).join(", ")} or ${words.at(-1)}`);
}

function note(body: Body): string | null | undefined {
  const value = body.note;
  if (value === undefined || value === null) return value as null | undefined;
  if (typeof value !== "string") throw invalid("note", "Input should be a valid string");
  if (value.length > 500) throw invalid("note", "Value error, User's note can be a maximum of 500 character");
  return value;
}

export function checkUsername(flavor: MarzbanFlavor, value: unknown): string {
  if (value === undefined) throw invalid("username", "Field required");
  if (typeof value !== "string") throw invalid("username", "Input should be a valid string");
  if (flavor === "marzban") {
    if (!MARZBAN_USERNAME.test(value)) {
      throw invalid("username", "Value error, Username only can be 3 to 32 characters and contain a-z, 0-9, and underscores in between.");
    }
  } else if (value.length < 3 || value.length > 128) {
    throw invalid("username", "Value error, Username only can be 3 to 128 characters.");
  } else if (!/^[a-zA-Z0-9-_@.]+$/.test(value)) {
    throw invalid("username", "Value error, Username can only contain alphanumeric characters, -, _, @, and .");
  } else if (/[-_@.]{2,}/.test(value)) {
    throw invalid("username", "Value error, Username cannot have consecutive special characters");
  }
  return value;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function randomPassword(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64url");
}

/** One protocol's settings with the defaults the models fill (fresh uuid / password). */
function protocolSettings(flavor: MarzbanFlavor, protocol: string, given: unknown): Record<string, unknown> {
  const raw = typeof given === "object" && given !== null && !Array.isArray(given) ? (given as Body) : {};
  if (given !== undefined && given !== null && raw !== given) throw invalid(protocol, "Input should be a valid dictionary or instance of model");
  const id = raw.id ?? crypto.randomUUID();
  if ((protocol === "vmess" || protocol === "vless") && (typeof id !== "string" || !UUID.test(id))) {
    throw invalid("id", "Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `x` at 1");
  }
  switch (protocol) {
    case "vmess":
      return { id };
    case "vless":
      return flavor === "marzban" ? { id, flow: typeof raw.flow === "string" ? raw.flow : "" } : { id };
    case "trojan":
      return flavor === "marzban" ? { password: raw.password ?? randomPassword(), flow: "" } : { password: raw.password ?? randomPassword() };
    case "shadowsocks":
      return { password: raw.password ?? randomPassword(), method: raw.method ?? "chacha20-ietf-poly1305" };
    case "hysteria":
      return { auth: raw.auth ?? randomPassword() };
    default:
      return { private_key: raw.private_key ?? null, public_key: raw.public_key ?? null, peer_ips: [] };
  }
}

/** Marzban `proxies`: a non-empty map of known protocols. PasarGuard `proxy_settings`: every protocol, defaults filled. */
export function readProxies(flavor: MarzbanFlavor, given: unknown, required: boolean): Record<string, Record<string, unknown>> | undefined {
  if (flavor === "pasarguard") {
    if (given === undefined || given === null) return required ? readProxies(flavor, {}, true) : undefined;
    const raw = typeof given === "object" && !Array.isArray(given) ? (given as Body) : null;
    if (!raw) throw invalid("proxy_settings", "Input should be a valid dictionary or instance of ProxyTable");
    const out: Record<string, Record<string, unknown>> = {};
    for (const protocol of ["vmess", "vless", "trojan", "shadowsocks", "wireguard", "hysteria"]) out[protocol] = protocolSettings(flavor, protocol, raw[protocol]);
    return out;
  }
  if (given === undefined) return undefined;
  const raw = typeof given === "object" && given !== null && !Array.isArray(given) ? (given as Body) : null;
  if (raw === null) throw invalid("proxies", "Input should be a valid dictionary");
  if (required && Object.keys(raw).length === 0) throw invalid("proxies", "Value error, Each user needs at least one proxy");
  const out: Record<string, Record<string, unknown>> = {};
  for (const [protocol, settings] of Object.entries(raw)) {
    if (!PROTOCOLS.includes(protocol)) throw invalid("[key]", "Input should be 'vmess', 'vless', 'trojan' or 'shadowsocks'");
    out[protocol] = protocolSettings(flavor, protocol, settings);
  }
  return out;
}

/** The fields of a create or modify body both flavours share, validated; `undefined` means "not given". */
export function readCommonFields(flavor: MarzbanFlavor, body: Body, statuses: UserStatus[]) {
  const strategy = body.data_limit_reset_strategy;
  if (strategy !== undefined && strategy !== null && !RESET_STRATEGIES.includes(String(strategy))) {
    throw invalid("data_limit_reset_strategy", "Input should be 'no_reset', 'day', 'week', 'month' or 'year'");
  }
  const fields = {
    status: statusField(body, statuses),
    expire: expire(flavor, body),
    dataLimit: dataLimit(flavor, body),
    dataLimitResetStrategy: strategy === undefined || strategy === null ? undefined : String(strategy),
    note: note(body),
    onHoldExpireDuration: optionalInt(body, "on_hold_expire_duration"),
    autoDeleteInDays: optionalInt(body, "auto_delete_in_days"),
    hwidLimit: flavor === "pasarguard" ? optionalInt(body, "hwid_limit") : undefined,
    nextPlan: body.next_plan === undefined || body.next_plan === null ? null : (body.next_plan as Record<string, unknown>),
  };
  if (fields.status === "on_hold") {
    if (!fields.onHoldExpireDuration) throw invalid("status", "Value error, User cannot be on hold without a valid on_hold_expire_duration.");
    if (fields.expire) throw invalid("status", "Value error, User cannot be on hold with specified expire.");
  }
  return fields;
}

/** PasarGuard `group_ids`: absent is [] unchecked (a user with no links); given, it must name at least one group. */
export function readGroupIds(body: Body, onCreate: boolean): number[] | undefined {
  const value = body.group_ids;
  if (value === undefined || value === null) return onCreate ? [] : undefined;
  if (!Array.isArray(value) || value.some((id) => typeof id !== "number" || !Number.isInteger(id))) {
    throw invalid("group_ids", "Input should be a valid list");
  }
  if (onCreate && value.length === 0) throw invalid("group_ids", "Value error, you must select at least one group");
  return value as number[];
}

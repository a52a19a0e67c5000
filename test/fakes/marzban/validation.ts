/** Request validation of the Marzban-family simulator, in pydantic v2's words, keyed by field as both panels' 422 handler does. */
import { invalid, type MarzbanFlavor, type UserStatus } from "./model.ts";


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

/**
 * How the S-UI simulator reads what it is sent as S-UI's Go code does (encoding/json into its models): Go-flavoured
 * failures, because the panel's error strings are part of the contract (see docs/panels/s-ui.md).
 */
import type { SimClient, SimConfig, SimLink } from "./sui-panel.ts";

export class GoError extends Error {}

export function goNewError(...operands: string[]): GoError {
  // fmt.Sprintln: operands joined by spaces, then "\n".
  return new GoError(`${operands.join(" ")}\n`);
}

const END_OF_INPUT = "unexpected end of JSON input";
export const RECORD_NOT_FOUND = "record not found";

function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return "object";
  return typeof value;
}

export function parseGoJson(text: string): unknown {
  if (text.trim() === "") throw new GoError(END_OF_INPUT);
  try {
    return JSON.parse(text);
  } catch {
    const first = text.trim()[0] ?? "";
    if (!'{["-0123456789tfn'.includes(first)) throw new GoError(`invalid character '${first}' looking for beginning of value`);
    throw new GoError(END_OF_INPUT);
  }
}

export function cannotUnmarshal(value: unknown, into: string): GoError {
  return new GoError(`json: cannot unmarshal ${jsonKind(value) === "null" ? "null" : jsonKind(value)} into ${into}`);
}

const CLIENT_FIELDS = {
  id: "uint",
  enable: "bool",
  name: "string",
  volume: "int64",
  expiry: "int64",
  down: "int64",
  up: "int64",
  desc: "string",
  group: "string",
  remark: "string",
  createdAt: "int64",
  onlineAt: "int64",
  delayStart: "bool",
  autoReset: "bool",
  resetDays: "int",
  nextReset: "int64",
  totalUp: "int64",
  totalDown: "int64",
} as const;

/** A client as json.Unmarshal into model.Client leaves it; raw fields stay undefined when absent. */
export interface DecodedClient {
  scalars: Omit<SimClient, "config" | "inbounds" | "links">;
  config: unknown;
  inbounds: unknown;
  links: unknown;
}

export function decodeClient(value: unknown): DecodedClient {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw cannotUnmarshal(value, "Go value of type model.Client");
  }
  const raw = value as Record<string, unknown>;
  const scalars: DecodedClient["scalars"] = {
    id: 0,
    enable: false,
    name: "",
    volume: 0,
    expiry: 0,
    down: 0,
    up: 0,
    desc: "",
    group: "",
    remark: "",
    createdAt: 0,
    onlineAt: 0,
    delayStart: false,
    autoReset: false,
    resetDays: 0,
    nextReset: 0,
    totalUp: 0,
    totalDown: 0,
  };
  for (const [field, goType] of Object.entries(CLIENT_FIELDS) as [keyof typeof CLIENT_FIELDS, string][]) {
    const v = raw[field];
    if (v === undefined || v === null) continue;
    const fits =
      goType === "bool"
        ? typeof v === "boolean"
        : goType === "string"
          ? typeof v === "string"
          : typeof v === "number" && Number.isInteger(v) && (goType !== "uint" || v >= 0);
    if (!fits) throw cannotUnmarshal(v, `Go struct field Client.${field} of type ${goType}`);
    (scalars as Record<string, unknown>)[field] = v;
  }
  return { scalars, config: raw.config, inbounds: raw.inbounds, links: raw.links };
}

export function decodeIds(raw: unknown, what = "[]uint"): number[] {
  if (raw === undefined) throw new GoError(END_OF_INPUT);
  if (raw === null) return [];
  if (!Array.isArray(raw)) throw cannotUnmarshal(raw, `Go value of type ${what}`);
  for (const id of raw) {
    if (typeof id !== "number" || !Number.isInteger(id) || id < 0) throw cannotUnmarshal(id, `Go value of type uint`);
  }
  return raw as number[];
}

export function decodeLinks(raw: unknown): SimLink[] {
  if (raw === undefined) throw new GoError(END_OF_INPUT);
  if (raw === null) return [];
  if (!Array.isArray(raw)) throw cannotUnmarshal(raw, "Go value of type []map[string]string");
  return raw.map((link) => {
    if (typeof link !== "object" || link === null || Array.isArray(link)) {
      throw cannotUnmarshal(link, "Go value of type map[string]string");
    }
    const out: SimLink = {};
    for (const [k, v] of Object.entries(link)) {
      if (typeof v !== "string") throw cannotUnmarshal(v, "Go value of type string");
      out[k] = v;
    }
    return out;
  });
}

export function decodeConfig(raw: unknown): SimConfig | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw cannotUnmarshal(raw, "Go value of type map[string]map[string]interface {}");
  }
  const out: SimConfig = {};
  for (const [protocol, entry] of Object.entries(raw)) {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw cannotUnmarshal(entry, "Go value of type map[string]interface {}");
    }
    out[protocol] = { ...(entry as Record<string, unknown>) };
  }
  return out;
}

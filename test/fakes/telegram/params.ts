/** Reading a Bot API call's parameters as Telegram does: JSON bodies and form strings alike. */
import type { Params } from "./methods.ts";
import { badRequest } from "./validate.ts";

export function int(params: Params, name: string): number | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === "") return undefined;
  const n = typeof value === "number" ? value : typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw badRequest(`parameter "${name}" must be a Number`);
  return n;
}

export function bool(params: Params, name: string): boolean {
  const value = params[name];
  return value === true || value === "true";
}

export function json(params: Params, name: string): unknown {
  const value = params[name];
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw badRequest(`can't parse ${name} JSON object`);
  }
}

export function str(params: Params, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === null ? undefined : String(value);
}

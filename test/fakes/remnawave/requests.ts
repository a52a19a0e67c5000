/**
 * The request bodies and path parameters of the Remnawave user routes, checked the way the panel's zod schemas
 * (`libs/contract/commands/users/*.command.ts` at 2.8.1 and 3.3.2) check them. A failure is what nestjs-zod answers:
 * HTTP 400 `{statusCode: 400, message: "Validation failed", errors: [issue…]}`. Unknown keys are stripped, as zod
 * objects do by default — so a 2.x `uuid` sent to a 3.x PATCH is dropped and the body then fails its refine.
 */

export type Major = 2 | 3;

export const USER_STATUSES = ["ACTIVE", "DISABLED", "LIMITED", "EXPIRED"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const RESET_PERIODS = ["NO_RESET", "DAY", "WEEK", "MONTH", "MONTH_ROLLING"] as const;
export type ResetPeriod = (typeof RESET_PERIODS)[number];

/** One zod issue as the panel reports it. */
export interface Issue {
  code: string;
  path: (string | number)[];
  message: string;
}

export class ValidationFailed extends Error {
  constructor(readonly issues: Issue[]) {
    super("Validation failed");
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// zod's datetime({offset: true, local: true}): a date, a time, optional fraction, then Z, an offset or nothing.
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const isUuid = (value: string) => UUID.test(value);

type Body = Record<string, unknown>;

class Checker {
  readonly issues: Issue[] = [];
  readonly out: Body = {};
  constructor(private readonly body: Body) {}

  private fail(path: string, code: string, message: string): void {
    this.issues.push({ code, path: [path], message });
  }

  private present(key: string): boolean {
    return this.body[key] !== undefined;
  }

  string(key: string, rule: { required?: boolean; min?: number; max?: number; regex?: RegExp; nullable?: boolean; message?: string } = {}): void {
    const v = this.body[key];
    if (v === undefined) {
      if (rule.required) this.fail(key, "invalid_type", `${key} is required`);
      return;
    }
    if (v === null && rule.nullable) {
      this.out[key] = null;
      return;
    }
    if (typeof v !== "string") return this.fail(key, "invalid_type", `Expected string, received ${v === null ? "null" : typeof v}`);
    if (rule.regex && !rule.regex.test(v)) return this.fail(key, "invalid_string", rule.message ?? "Invalid");
    if (rule.min !== undefined && v.length < rule.min) return this.fail(key, "too_small", `${key} must be at least ${rule.min} characters`);
    if (rule.max !== undefined && v.length > rule.max) return this.fail(key, "too_big", `${key} must be less than ${rule.max} characters`);
    this.out[key] = v;
  }

  number(key: string, rule: { min?: number; int?: boolean; nullable?: boolean } = {}): void {
    const v = this.body[key];
    if (v === undefined) return;
    if (v === null && rule.nullable) {
      this.out[key] = null;
      return;
    }
    if (typeof v !== "number" || !Number.isFinite(v)) return this.fail(key, "invalid_type", `Expected number, received ${v === null ? "null" : typeof v}`);
    if (rule.int && !Number.isInteger(v)) return this.fail(key, "invalid_type", "Expected integer, received float");
    if (rule.min !== undefined && v < rule.min) return this.fail(key, "too_small", `${key} must be greater than ${rule.min}`);
    this.out[key] = v;
  }

  oneOf(key: string, values: readonly string[], message = "Invalid enum value"): void {
    const v = this.body[key];
    if (v === undefined) return;
    if (typeof v !== "string" || !values.includes(v)) return this.fail(key, "invalid_enum_value", message);
    this.out[key] = v;
  }

  datetime(key: string, rule: { required?: boolean; future?: () => number } = {}): void {
    const v = this.body[key];
    if (v === undefined) {
      if (rule.required) this.fail(key, "invalid_type", "Expiration date is required");
      return;
    }
    if (typeof v !== "string" || !DATETIME.test(v) || Number.isNaN(Date.parse(v))) return this.fail(key, "invalid_string", "Invalid date format");
    const ms = Date.parse(v);
    if (rule.future && ms <= rule.future()) return this.fail(key, "custom", "Expiration date cannot be in the past");
    this.out[key] = ms;
  }

  uuidArray(key: string): void {
    const v = this.body[key];
    if (v === undefined) return;
    if (!Array.isArray(v)) return this.fail(key, "invalid_type", "Enabled internal squads must be an array");
    if (v.some((item) => typeof item !== "string" || !isUuid(item))) return this.fail(key, "invalid_string", "Invalid uuid");
    this.out[key] = [...(v as string[])];
  }

  refine(ok: boolean, message: string): void {
    if (!ok) this.issues.push({ code: "custom", path: [], message });
  }

  done(): Body {
    if (this.issues.length > 0) throw new ValidationFailed(this.issues);
    return this.out;
  }

  has(key: string): boolean {
    return this.present(key);
  }
}

function asBody(raw: unknown): Body {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ValidationFailed([{ code: "invalid_type", path: [], message: `Expected object, received ${raw === null ? "null" : Array.isArray(raw) ? "array" : typeof raw}` }]);
  }
  return raw as Body;
}

function common(c: Checker): void {
  c.number("trafficLimitBytes", { min: 0 });
  c.oneOf("trafficLimitStrategy", RESET_PERIODS, "Invalid traffic limit strategy");
  c.string("tag", { regex: /^[A-Z0-9_]+$/, max: 16, nullable: true, message: "Tag can only contain uppercase letters, numbers, underscores" });
  c.number("telegramId", { int: true, nullable: true });
  c.string("email", { regex: EMAIL, nullable: true, message: "Invalid email format" });
  c.uuidArray("activeInternalSquads");
  c.string("externalSquadUuid", { regex: UUID, nullable: true, message: "Invalid uuid" });
}

/** The body of `POST /api/users`, values parsed (`expireAt` … in epoch ms). */
export function createUserBody(raw: unknown, major: Major): Body {
  const c = new Checker(asBody(raw));
  c.string("username", { required: true, regex: /^[a-zA-Z0-9_-]+$/, min: 3, max: 36, message: "Username can only contain letters, numbers, underscores and dashes" });
  c.oneOf("status", USER_STATUSES);
  c.string("shortUuid");
  c.string("trojanPassword", { min: 8, max: 32 });
  c.string("vlessUuid", { regex: UUID, message: "Invalid Vless UUID format" });
  c.string("ssPassword", { min: 8, max: 32 });
  c.datetime("expireAt", { required: true });
  c.datetime("createdAt");
  c.datetime("lastTrafficResetAt");
  c.string("description");
  c.number("hwidDeviceLimit", { int: true, min: 0 });
  if (major === 2) c.string("uuid", { regex: UUID, message: "Invalid uuid" });
  common(c);
  return c.done();
}

/** The body of `PATCH /api/users`: 2.x finds the user by `uuid` (first) or `username`, 3.x by `id` or `username`. */
export function updateUserBody(raw: unknown, major: Major, now: () => number): Body {
  const body = asBody(raw);
  const c = new Checker(body);
  c.string("username");
  if (major === 2) c.string("uuid", { regex: UUID, message: "Invalid uuid" });
  else c.number("id");
  c.oneOf(
    "status",
    ["ACTIVE", "DISABLED"],
    major === 2 ? "You can't change status to LIMITED or EXPIRED. These statuses handled by Remnawave." : "Invalid option: expected one of \"ACTIVE\"|\"DISABLED\"",
  );
  c.datetime("expireAt", { future: now });
  c.string("description", { nullable: true });
  c.number("hwidDeviceLimit", { int: true, min: 0, nullable: true });
  common(c);
  if (major === 2) c.refine(Boolean(c.out.uuid || c.out.username), "Either uuid or username must be provided");
  else c.refine(c.out.username !== undefined || c.out.id !== undefined, "At least one of username, id must be provided");
  return c.done();
}

/** `POST /api/users/:id/actions/extend` (3.x): `{days ≥ 1}`. */
export function extendBody(raw: unknown): number {
  const c = new Checker(asBody(raw));
  c.number("days", { min: 1 });
  c.refine(c.has("days"), "days is required");
  return c.done().days as number;
}

/** A user path parameter: a uuid in 2.x, `z.coerce.number().positive()` in 3.x. */
export function userParam(raw: string, major: Major): string | number {
  if (major === 2) {
    if (!isUuid(raw)) throw new ValidationFailed([{ code: "invalid_string", path: ["uuid"], message: "Invalid uuid" }]);
    return raw.toLowerCase();
  }
  const n = raw.trim() === "" ? Number.NaN : Number(raw);
  if (Number.isNaN(n)) throw new ValidationFailed([{ code: "invalid_type", path: ["userId"], message: "Invalid input: expected number, received NaN" }]);
  if (n <= 0) throw new ValidationFailed([{ code: "too_small", path: ["userId"], message: "Too small: expected number to be >0" }]);
  return n;
}

/** `?start=&size=` of the users list: start defaults to 0, size to 25, size within 1..1000. */
export function pageQuery(query: URLSearchParams): { start: number; size: number } {
  const issues: Issue[] = [];
  const start = query.has("start") ? Number(query.get("start")) : 0;
  const size = query.has("size") ? Number(query.get("size")) : 25;
  if (Number.isNaN(start)) issues.push({ code: "invalid_type", path: ["start"], message: "Expected number, received nan" });
  if (Number.isNaN(size)) issues.push({ code: "invalid_type", path: ["size"], message: "Expected number, received nan" });
  else if (size < 1) issues.push({ code: "too_small", path: ["size"], message: "Size (limit) must be greater than 0" });
  else if (size > 1000) issues.push({ code: "too_big", path: ["size"], message: "Size (limit) must be less than 1000" });
  if (issues.length) throw new ValidationFailed(issues);
  return { start: Math.max(0, Math.trunc(start)), size: Math.trunc(size) };
}

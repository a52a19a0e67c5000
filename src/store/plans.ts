/** Plans: what customers buy (subscriptions) and add (traffic packs). */
import type { Database } from "bun:sqlite";
import type { Problem } from "../domain/result.ts";
import type { RenewalPolicy } from "../domain/subscription-rules.ts";

export interface Plan {
  id: number;
  name: string;
  kind: "subscription" | "traffic";
  price: number;
  /** The price in Telegram Stars, or null when the plan is not sold for Stars. */
  stars: number | null;
  traffic_bytes: number;
  days: number;
  renewal_policy: RenewalPolicy;
  server_group: string;
  active: number;
  sort: number;
  created_at: number;
  updated_at: number;
}

export interface PlanInput {
  name: string;
  kind?: "subscription" | "traffic";
  price: number;
  stars?: number | null;
  trafficBytes: number;
  days: number;
  renewalPolicy?: RenewalPolicy;
  serverGroup?: string;
  active?: boolean;
  sort?: number;
}

/** Returns a message for a plan that cannot be saved, or null. */
/** What validatePlan refuses; the admin bot's words for each are `admin-plan-problem-<code>`. */
export type PlanProblemCode = "name" | "price" | "stars" | "traffic" | "days" | "policy" | "kind" | "group" | "lasts";

export function validatePlan(input: Partial<PlanInput>, partial = false): Problem<PlanProblemCode> | null {
  const has = (key: keyof PlanInput) => input[key] !== undefined;
  if (!partial || has("name")) {
    if (typeof input.name !== "string" || input.name.trim().length === 0 || input.name.length > 64) return { code: "name", message: "name is 1 to 64 characters" };
  }
  if (!partial || has("price")) if (!Number.isSafeInteger(input.price) || input.price! < 0) return { code: "price", message: "price is a whole number of Toman" };
  if (has("stars") && input.stars !== null && (!Number.isSafeInteger(input.stars) || input.stars! < 1 || input.stars! > 100_000)) {
    return { code: "stars", message: "stars is a whole number from 1 to 100000, or null" };
  }
  if (!partial || has("trafficBytes")) if (!Number.isSafeInteger(input.trafficBytes) || input.trafficBytes! < 0) return { code: "traffic", message: "traffic is a whole number of bytes" };
  if (!partial || has("days")) if (!Number.isSafeInteger(input.days) || input.days! < 0 || input.days! > 3650) return { code: "days", message: "days is 0 to 3650" };
  if (has("renewalPolicy") && !["reset", "stack"].includes(input.renewalPolicy!)) return { code: "policy", message: "renewal policy is reset or stack" };
  if (has("kind") && !["subscription", "traffic"].includes(input.kind!)) return { code: "kind", message: "kind is subscription or traffic" };
  if (has("serverGroup") && !/^[\w-]{1,32}$/.test(input.serverGroup!)) return { code: "group", message: "server group is 1 to 32 letters, digits, - or _" };
  if ((input.kind ?? "subscription") === "subscription" && !partial && input.days === 0) return { code: "lasts", message: "a subscription plan lasts at least one day" };
  return null;
}

export function createPlan(db: Database, input: PlanInput, now: number): Plan {
  const row = db
    .query<{ id: number }, (string | number | null)[]>(
      `INSERT INTO plans (name, kind, price, stars, traffic_bytes, days, renewal_policy, server_group, active, sort, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(
      input.name.trim(),
      input.kind ?? "subscription",
      input.price,
      input.stars ?? null,
      input.trafficBytes,
      input.days,
      input.renewalPolicy ?? "reset",
      input.serverGroup ?? "default",
      input.active === false ? 0 : 1,
      input.sort ?? 0,
      now,
      now,
    )!;
  return getPlan(db, row.id)!;
}

export function updatePlan(db: Database, id: number, input: Partial<PlanInput>, now: number): Plan | null {
  const columns: Record<keyof PlanInput, string> = {
    name: "name",
    kind: "kind",
    price: "price",
    stars: "stars",
    trafficBytes: "traffic_bytes",
    days: "days",
    renewalPolicy: "renewal_policy",
    serverGroup: "server_group",
    active: "active",
    sort: "sort",
  };
  const sets: string[] = [];
  const values: (string | number | null)[] = [];
  for (const [key, column] of Object.entries(columns) as [keyof PlanInput, string][]) {
    const value = input[key];
    if (value === undefined) continue;
    sets.push(`${column} = ?`);
    values.push(typeof value === "boolean" ? (value ? 1 : 0) : value);
  }
  if (sets.length > 0) db.query(`UPDATE plans SET ${sets.join(", ")}, updated_at = ? WHERE id = ?`).run(...values, now, id);
  return getPlan(db, id);
}

export function deletePlan(db: Database, id: number): boolean {
  // A plan that was sold stays for the record; it is only hidden.
  const sold = db.query("SELECT 1 FROM orders WHERE plan_id = ? LIMIT 1").get(id);
  if (sold) return db.query("UPDATE plans SET active = 0 WHERE id = ?").run(id).changes > 0;
  return db.query("DELETE FROM plans WHERE id = ?").run(id).changes > 0;
}

export function getPlan(db: Database, id: number): Plan | null {
  return db.query<Plan, [number]>("SELECT * FROM plans WHERE id = ?").get(id);
}

export function listPlans(db: Database, options: { activeOnly?: boolean; kind?: Plan["kind"] } = {}): Plan[] {
  return db
    .query<Plan, [number, string | null, string | null]>(
      "SELECT * FROM plans WHERE (? = 0 OR active = 1) AND (? IS NULL OR kind = ?) ORDER BY server_group, sort, price, id",
    )
    .all(options.activeOnly ? 1 : 0, options.kind ?? null, options.kind ?? null);
}

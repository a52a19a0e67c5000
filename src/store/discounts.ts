/** Discount codes: percent or fixed amount, with a use limit, once per customer, and an end date. */
import { Refusal } from "../domain/refusal.ts";
import type { Database } from "bun:sqlite";
import type { Problem } from "../domain/result.ts";

export interface DiscountCode {
  code: string;
  percent: number | null;
  amount: number | null;
  max_uses: number;
  uses: number;
  per_customer_once: number;
  valid_until: number | null;
  active: number;
  created_at: number;
}

export type DiscountProblem = "unknown" | "inactive" | "expired" | "used-up" | "already-used";

export function getDiscount(db: Database, code: string): DiscountCode | null {
  return db.query<DiscountCode, [string]>("SELECT * FROM discount_codes WHERE code = ?").get(code.trim());
}

/** Whether `customerId` may use `code` now; the answer is advisory, `reserveDiscount` decides. */
export function checkDiscount(db: Database, code: string, customerId: number, now: number): { ok: true; discount: DiscountCode } | { ok: false; problem: DiscountProblem } {
  const discount = getDiscount(db, code);
  if (!discount) return { ok: false, problem: "unknown" };
  if (!discount.active) return { ok: false, problem: "inactive" };
  if (discount.valid_until !== null && discount.valid_until < now) return { ok: false, problem: "expired" };
  if (discount.max_uses > 0 && discount.uses >= discount.max_uses) return { ok: false, problem: "used-up" };
  if (discount.per_customer_once && db.query("SELECT 1 FROM discount_uses WHERE code = ? AND customer_id = ?").get(discount.code, customerId)) {
    return { ok: false, problem: "already-used" };
  }
  return { ok: true, discount };
}

/** Counts one use for an order, inside the order's transaction; throws when the code can no longer be used. */
export function reserveDiscount(db: Database, input: { code: string; customerId: number; orderId: string }, now: number): void {
  const check = checkDiscount(db, input.code, input.customerId, now);
  if (!check.ok) throw new Refusal(`discount-${check.problem}`, `discount code ${input.code} cannot be used: ${check.problem}`);
  const inserted = db
    .query("INSERT INTO discount_uses (order_id, code, customer_id, at) VALUES (?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING")
    .run(input.orderId, check.discount.code, input.customerId, now);
  if (inserted.changes > 0) db.query("UPDATE discount_codes SET uses = uses + 1 WHERE code = ?").run(check.discount.code);
}

/** Gives a use back when its order expired, was cancelled or rejected. */
export function releaseDiscount(db: Database, orderId: string): void {
  const use = db.query<{ code: string }, [string]>("SELECT code FROM discount_uses WHERE order_id = ?").get(orderId);
  if (!use) return;
  db.query("DELETE FROM discount_uses WHERE order_id = ?").run(orderId);
  db.query("UPDATE discount_codes SET uses = uses - 1 WHERE code = ? AND uses > 0").run(use.code);
}

export interface DiscountInput {
  code: string;
  percent?: number | null;
  amount?: number | null;
  maxUses?: number;
  perCustomerOnce?: boolean;
  validUntil?: number | null;
  active?: boolean;
}

/** What validateDiscount refuses; the admin bot's words for each are `admin-code-problem-<code>`. */
/** A stored code as the input that saves it unchanged. */
export function discountInputOf(code: DiscountCode): DiscountInput {
  return {
    code: code.code,
    percent: code.percent,
    amount: code.amount,
    maxUses: code.max_uses,
    perCustomerOnce: code.per_customer_once === 1,
    validUntil: code.valid_until,
    active: code.active === 1,
  };
}

export type DiscountProblemCode = "code" | "percent-or-amount" | "percent" | "amount" | "max-uses";

export function validateDiscount(input: DiscountInput): Problem<DiscountProblemCode> | null {
  if (!/^[A-Za-z0-9_-]{3,32}$/.test(input.code ?? "")) return { code: "code", message: "a code is 3 to 32 letters, digits, - or _" };
  const hasPercent = input.percent !== undefined && input.percent !== null;
  const hasAmount = input.amount !== undefined && input.amount !== null;
  if (hasPercent === hasAmount) return { code: "percent-or-amount", message: "give either a percent or an amount" };
  if (hasPercent && (!Number.isSafeInteger(input.percent) || input.percent! < 1 || input.percent! > 100)) return { code: "percent", message: "percent is 1 to 100" };
  if (hasAmount && (!Number.isSafeInteger(input.amount) || input.amount! < 1)) return { code: "amount", message: "amount is a whole number of Toman" };
  if (input.maxUses !== undefined && (!Number.isSafeInteger(input.maxUses) || input.maxUses < 0)) return { code: "max-uses", message: "max uses is 0 (unlimited) or more" };
  return null;
}

export function saveDiscount(db: Database, input: DiscountInput, now: number): DiscountCode {
  db.query(
    `INSERT INTO discount_codes (code, percent, amount, max_uses, per_customer_once, valid_until, active, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (code) DO UPDATE SET percent = excluded.percent, amount = excluded.amount, max_uses = excluded.max_uses,
       per_customer_once = excluded.per_customer_once, valid_until = excluded.valid_until, active = excluded.active`,
  ).run(
    input.code,
    input.percent ?? null,
    input.amount ?? null,
    input.maxUses ?? 0,
    input.perCustomerOnce === false ? 0 : 1,
    input.validUntil ?? null,
    input.active === false ? 0 : 1,
    now,
  );
  return getDiscount(db, input.code)!;
}

export function listDiscounts(db: Database): DiscountCode[] {
  return db.query<DiscountCode, []>("SELECT * FROM discount_codes ORDER BY created_at DESC").all();
}

export function deleteDiscount(db: Database, code: string): boolean {
  if (db.query("SELECT 1 FROM discount_uses WHERE code = ? LIMIT 1").get(code)) {
    return db.query("UPDATE discount_codes SET active = 0 WHERE code = ?").run(code).changes > 0;
  }
  return db.query("DELETE FROM discount_codes WHERE code = ?").run(code).changes > 0;
}

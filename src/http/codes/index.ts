/**
 * Discount codes over HTTP, like plans: list, read, create, change (including once-per-customer and active), and
 * delete — a code some order used is disabled instead, so the orders keep their record.
 */
import { Elysia, t } from "elysia";
import { discountInputOf, validateDiscount, type DiscountCode, type DiscountInput } from "../../store/discounts.ts";
import { auditOperator, type HttpDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { doc } from "../schemas.ts";
import { CodeBody, CodeDeleted, CodeParams, CodePatch, CodeView } from "./schemas.ts";

function view(code: DiscountCode) {
  return {
    code: code.code,
    percent: code.percent,
    amount: code.amount,
    maxUses: code.max_uses,
    uses: code.uses,
    perCustomerOnce: code.per_customer_once === 1,
    validUntil: code.valid_until,
    active: code.active === 1,
    createdAt: code.created_at,
  };
}

export function codeRoutes(deps: HttpDeps) {
  const { store, runtime } = deps.core;
  const now = () => runtime.clock.now();
  const existing = (code: string) => {
    const found = store.getDiscount(code);
    if (!found) throw new ApiError(404, "code-not-found", `there is no discount code ${code}`);
    return found;
  };

  return new Elysia({ prefix: "/api/codes" })
    .get("", () => store.listDiscounts().map(view), {
      detail: doc("List discount codes", "codes", { 200: ["every code, newest first, with its uses", t.Array(CodeView)] }),
    })
    .post(
      "",
      ({ body, set }) => {
        if (store.getDiscount(body.code)) throw new ApiError(409, "code-exists", `the code ${body.code} exists; change it with PATCH`);
        const problem = validateDiscount(body);
        if (problem) throw new ApiError(400, "invalid-input", problem.message);
        const code = store.saveDiscount(body, now());
        auditOperator(deps, "code:create", `code/${code.code}`, undefined, view(code));
        set.status = 201;
        return view(code);
      },
      { body: CodeBody, detail: doc("Create a discount code", "codes", { 201: ["the code", CodeView], 409: "the code exists" }) },
    )
    .get("/:code", ({ params }) => view(existing(params.code)), {
      params: CodeParams,
      detail: doc("Read a discount code", "codes", { 200: ["the code", CodeView], 404: "no such code" }),
    })
    .patch(
      "/:code",
      ({ params, body }) => {
        const before = existing(params.code);
        // Giving one kind of value replaces the other: {"amount": 5000} turns a percent code into an amount code.
        const kind = body.percent != null ? { percent: body.percent, amount: null } : body.amount != null ? { amount: body.amount, percent: null } : {};
        const input: DiscountInput = { ...discountInputOf(before), ...body, ...kind };
        const problem = validateDiscount(input);
        if (problem) throw new ApiError(400, "invalid-input", problem.message);
        if (input.maxUses !== 0 && input.maxUses! < before.uses) {
          throw new ApiError(400, "invalid-input", `the code was used ${before.uses} times already; maxUses cannot be less (0 is no limit)`);
        }
        const after = store.saveDiscount(input, before.created_at);
        auditOperator(deps, "code:update", `code/${before.code}`, view(before), view(after));
        return view(after);
      },
      { params: CodeParams, body: CodePatch, detail: doc("Change a discount code (active: false disables it)", "codes", { 200: ["the code as changed", CodeView], 404: "no such code" }) },
    )
    .delete(
      "/:code",
      ({ params }) => {
        const before = existing(params.code);
        store.deleteDiscount(before.code);
        const outcome = store.getDiscount(before.code) ? ("disabled" as const) : ("deleted" as const);
        auditOperator(deps, `code:${outcome === "deleted" ? "delete" : "disable"}`, `code/${before.code}`, view(before));
        return { code: before.code, outcome };
      },
      {
        params: CodeParams,
        detail: doc("Delete a discount code; a code some order used is disabled instead", "codes", { 200: ["what happened", CodeDeleted], 404: "no such code" }),
      },
    );
}

/**
 * Receipts over HTTP: approve or reject an order's receipt. The same decision as the admin bot's buttons (one path,
 * Sales.decide): the first decision wins, a later one is answered 409 with who decided and when, and every admin's
 * copy of the receipt card is edited to show the decision.
 */
import { Elysia, t } from "elysia";
import { auditOperator, type HttpDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { doc } from "../schemas.ts";

/** Who decided, as the cards and the order's decision record it. */
const OPERATOR = "operator";

const DecisionBody = t.Object(
  {
    approve: t.Boolean(),
    amount: t.Optional(t.Integer({ minimum: 1, description: "approving a top-up: the whole Toman actually received" })),
    reason: t.Optional(t.String({ minLength: 1, maxLength: 500, description: "rejecting: the reason, which the customer reads" })),
  },
  { additionalProperties: false, description: "approve (a top-up with the amount received), or reject with a reason" },
);

const DecisionView = t.Object({
  orderId: t.String(),
  number: t.Number(),
  state: t.String(),
  decision: t.Object({ approved: t.Boolean(), by: t.String(), at: t.Number(), reason: t.Union([t.String(), t.Null()]) }),
  creditedAmount: t.Union([t.Number(), t.Null()]),
});

const STATUS: Record<string, number> = { "order-not-found": 404 };

export function receiptRoutes(deps: HttpDeps) {
  const { sales } = deps.core;
  return new Elysia({ prefix: "/api/orders" }).post(
    "/:id/decision",
    async ({ params, body }) => {
      const before = sales.order(params.id);
      if (!before) throw new ApiError(404, "order-not-found", `there is no order ${params.id}`);
      if (!body.approve && body.reason === undefined) throw new ApiError(400, "reason-required", "a rejection needs a reason the customer will read");
      if (body.approve && body.reason !== undefined) throw new ApiError(400, "invalid-input", "an approval takes no reason");
      if (!body.approve && body.amount !== undefined) throw new ApiError(400, "invalid-input", "a rejection takes no amount");
      const result = await sales.decide(
        params.id,
        body.approve ? { by: OPERATOR, approve: true, ...(body.amount !== undefined ? { amount: body.amount } : {}) } : { by: OPERATOR, approve: false, reason: body.reason! },
      );
      if (!result.ok) throw new ApiError(STATUS[result.error.code] ?? 400, result.error.code, result.error.message);
      const { applied, order } = result.value;
      const decision = order.decision;
      if (!applied || !decision) {
        throw decision
          ? new ApiError(409, "already-decided", `order ${order.number} was already ${decision.approved ? "approved" : "rejected"} by ${decision.by} at ${new Date(decision.at).toISOString()}`)
          : new ApiError(409, "no-receipt-pending", `order ${order.number} is ${order.state}; only an order with a receipt waiting can be decided`);
      }
      auditOperator(deps, body.approve ? "receipt.approve" : "receipt.reject", `order/${params.id}`, { state: before.state }, { state: order.state, decision });
      return {
        orderId: order.orderId,
        number: order.number,
        state: order.state,
        decision: { approved: decision.approved, by: decision.by, at: decision.at, reason: decision.reason ?? null },
        creditedAmount: order.creditedAmount,
      };
    },
    {
      params: t.Object({ id: t.String({ minLength: 1, maxLength: 64 }) }),
      body: DecisionBody,
      detail: doc("Approve or reject an order's receipt", "orders", {
        200: ["the decision, applied", DecisionView],
        404: "no such order",
        409: "already decided, or no receipt waits for a decision",
      }),
    },
  );
}

/** Order operations over HTTP: refunding a gateway's payment (Telegram Stars). Reading orders is in customers/. */
import { Elysia, t } from "elysia";
import { auditOperator, type HttpDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import type { Idempotency } from "../idempotency.ts";
import { doc } from "../schemas.ts";

const RefundAnswer = t.Object({
  orderId: t.String(),
  state: t.String({ description: "refunding, then refunded once the gateway did it" }),
  applied: t.Boolean({ description: "false when the refund was already claimed before" }),
});

export function orderRoutes(deps: HttpDeps, idempotent: Idempotency) {
  const { sales } = deps.core;
  return new Elysia({ prefix: "/api/orders" }).post(
    "/:id/refund",
    async ({ params, request }) => {
      const result = await sales.refund(params.id, "operator", idempotent.dedupeKeyOf(request));
      if (!result.ok) throw new ApiError(result.error.code === "order-not-found" ? 404 : 409, result.error.code, result.error.message);
      if (result.value.applied) auditOperator(deps, "order:refund", `order/${params.id}`, undefined, { state: result.value.order.state });
      return { orderId: params.id, state: result.value.order.state, applied: result.value.applied };
    },
    {
      params: t.Object({ id: t.String({ pattern: "^\\d{1,15}$" }) }),
      detail: doc("Refund a delivered Telegram Stars order: refundStarPayment once, the ledger, the subscription revoked, the customer told", "orders", {
        200: ["the refund is claimed (or was already)", RefundAnswer],
        404: "no such order",
        409: "the order cannot be refunded (not a delivered Stars order)",
      }),
    },
  );
}

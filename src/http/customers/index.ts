/** Customers and orders over HTTP: one customer's whole picture, and orders by state. */
import { Elysia, t } from "elysia";
import type { Database } from "bun:sqlite";
import { type OrderRow } from "../../store/orders.ts";
import type { HttpDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { Limit, doc } from "../schemas.ts";


function orderView(row: OrderRow) {
  return {
    id: row.id,
    number: row.number,
    customerId: row.customer_id,
    kind: row.kind,
    planId: row.plan_id,
    subscriptionId: row.subscription_id,
    amount: row.amount,
    method: row.method,
    discountCode: row.discount_code,
    state: row.state,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    rejectReason: row.reject_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const OrderView = t.Object({
  id: t.String(),
  number: t.Number(),
  customerId: t.Number(),
  kind: t.String(),
  planId: t.Union([t.Number(), t.Null()]),
  subscriptionId: t.Union([t.String(), t.Null()]),
  amount: t.Number(),
  method: t.String(),
  discountCode: t.Union([t.String(), t.Null()]),
  state: t.String(),
  decidedBy: t.Union([t.Number(), t.Null()]),
  decidedAt: t.Union([t.Number(), t.Null()]),
  rejectReason: t.Union([t.String(), t.Null()]),
  createdAt: t.Number(),
  updatedAt: t.Number(),
});

const UserView = t.Object({
  customer: t.Object({
    telegramId: t.Number(),
    username: t.Union([t.String(), t.Null()]),
    firstName: t.String(),
    language: t.String(),
    banned: t.Boolean(),
    unreachable: t.Boolean(),
    referrerId: t.Union([t.Number(), t.Null()]),
    createdAt: t.Number(),
  }),
  balance: t.Number(),
  ledger: t.Array(t.Object({ id: t.Number(), amount: t.Number(), reason: t.String(), ref: t.String(), actor: t.Union([t.String(), t.Null()]), at: t.Number() })),
  subscriptions: t.Array(t.Object({}, { additionalProperties: true })),
  orders: t.Array(OrderView),
});

const OrderStates = ["new", "awaiting_payment", "receipt_submitted", "paid", "fulfilling", "fulfilled", "refunding", "refunded", "rejected", "cancelled", "expired"];

export function customerRoutes(deps: HttpDeps) {
  const { store, subscriptions } = deps.core;

  return new Elysia({ prefix: "/api" })
    .get(
      "/users/:telegramId",
      ({ params }) => {
        const customer = store.getCustomer(params.telegramId);
        if (!customer) throw new ApiError(404, "customer-not-found", `there is no customer with Telegram id ${params.telegramId}`);
        return {
          customer: {
            telegramId: customer.telegram_id,
            username: customer.username,
            firstName: customer.first_name,
            language: customer.language,
            banned: customer.banned === 1,
            unreachable: customer.unreachable === 1,
            referrerId: customer.referrer_id,
            createdAt: customer.created_at,
          },
          balance: store.balanceOf(customer.telegram_id),
          ledger: store.entriesOf(customer.telegram_id, 50).map((e) => ({ id: e.id, amount: e.amount, reason: e.reason, ref: e.ref, actor: e.actor, at: e.at })),
          subscriptions: subscriptions.ofCustomer(customer.telegram_id),
          orders: store.ordersOfCustomer(customer.telegram_id, 50).map(orderView),
        };
      },
      {
        params: t.Object({ telegramId: t.Numeric({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }),
        detail: doc("A customer: profile, balance, ledger, subscriptions and orders", "customers", {
          200: ["the customer's whole picture (latest 50 ledger entries and orders)", UserView],
          404: "no such customer",
        }),
      },
    )
    .get(
      "/orders",
      ({ query }) => {
        const limit = query.limit ?? 50;
        const rows = store.ordersPage({ state: query.state ?? null, beforeNumber: query.cursor ?? Number.MAX_SAFE_INTEGER, limit: limit + 1 });
        const page = rows.slice(0, limit);
        return { items: page.map(orderView), nextCursor: rows.length > limit ? page[page.length - 1]!.number : null };
      },
      {
        query: t.Object({
          state: t.Optional(t.Union(OrderStates.map((s) => t.Literal(s)))),
          limit: t.Optional(Limit),
          cursor: t.Optional(t.Numeric({ minimum: 1, description: "nextCursor of the previous page" })),
        }),
        detail: doc("Orders, newest first, optionally in one state", "orders", {
          200: ["a page of orders", t.Object({ items: t.Array(OrderView), nextCursor: t.Union([t.Number(), t.Null()]) })],
        }),
      },
    );
}

/** `t` schemas of the plans module. */
import { t } from "elysia";

const fields = {
  name: t.String({ minLength: 1, maxLength: 64 }),
  kind: t.Union([t.Literal("subscription"), t.Literal("traffic")], { description: "a subscription, or a traffic pack" }),
  price: t.Integer({ minimum: 0, description: "whole Toman" }),
  stars: t.Union([t.Integer({ minimum: 1, maximum: 100000 }), t.Null()], { description: "the price in Telegram Stars; null: not sold for Stars" }),
  trafficBytes: t.Integer({ minimum: 0 }),
  days: t.Integer({ minimum: 0, maximum: 3650 }),
  renewalPolicy: t.Union([t.Literal("reset"), t.Literal("stack")]),
  serverGroup: t.String({ pattern: "^[\\w-]{1,32}$" }),
  active: t.Boolean(),
  sort: t.Integer(),
};

export const PlanBody = t.Object(
  {
    name: fields.name,
    kind: t.Optional(fields.kind),
    price: fields.price,
    stars: t.Optional(fields.stars),
    trafficBytes: fields.trafficBytes,
    days: fields.days,
    renewalPolicy: t.Optional(fields.renewalPolicy),
    serverGroup: t.Optional(fields.serverGroup),
    active: t.Optional(fields.active),
    sort: t.Optional(fields.sort),
  },
  { additionalProperties: false },
);

export const PlanPatch = t.Partial(t.Object(fields), { additionalProperties: false, minProperties: 1 });

export const PlanParams = t.Object({ id: t.Numeric({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

export const PlanQuery = t.Object({
  active: t.Optional(t.BooleanString({ description: "only plans on sale" })),
  kind: t.Optional(fields.kind),
});

export const PlanView = t.Object({
  id: t.Number(),
  name: t.String(),
  kind: t.String(),
  price: t.Number(),
  stars: t.Union([t.Number(), t.Null()]),
  trafficBytes: t.Number(),
  days: t.Number(),
  renewalPolicy: t.String(),
  serverGroup: t.String(),
  active: t.Boolean(),
  sort: t.Number(),
  createdAt: t.Number(),
  updatedAt: t.Number(),
});

export const PlanDeleted = t.Object({ id: t.Number(), outcome: t.Union([t.Literal("deleted"), t.Literal("hidden")]) });

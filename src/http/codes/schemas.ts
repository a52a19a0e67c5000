/** `t` schemas of the discount codes module. */
import { t } from "elysia";

const fields = {
  code: t.String({ pattern: "^[A-Za-z0-9_-]{3,32}$", description: "3 to 32 letters, digits, - or _; matched without regard to case" }),
  percent: t.Union([t.Integer({ minimum: 1, maximum: 100 }), t.Null()], { description: "percent off; give this or amount" }),
  amount: t.Union([t.Integer({ minimum: 1 }), t.Null()], { description: "whole Toman off; give this or percent" }),
  maxUses: t.Integer({ minimum: 0, description: "0 for no limit" }),
  perCustomerOnce: t.Boolean({ description: "each customer may use it once (default true)" }),
  validUntil: t.Union([t.Integer({ minimum: 0 }), t.Null()], { description: "epoch ms; null for no end" }),
  active: t.Boolean(),
};

export const CodeBody = t.Object(
  {
    code: fields.code,
    percent: t.Optional(fields.percent),
    amount: t.Optional(fields.amount),
    maxUses: t.Optional(fields.maxUses),
    perCustomerOnce: t.Optional(fields.perCustomerOnce),
    validUntil: t.Optional(fields.validUntil),
    active: t.Optional(fields.active),
  },
  { additionalProperties: false },
);

export const CodePatch = t.Partial(
  t.Object({
    percent: fields.percent,
    amount: fields.amount,
    maxUses: fields.maxUses,
    perCustomerOnce: fields.perCustomerOnce,
    validUntil: fields.validUntil,
    active: fields.active,
  }),
  { additionalProperties: false, minProperties: 1 },
);

export const CodeParams = t.Object({ code: fields.code });

export const CodeView = t.Object({
  code: t.String(),
  percent: t.Union([t.Number(), t.Null()]),
  amount: t.Union([t.Number(), t.Null()]),
  maxUses: t.Number(),
  uses: t.Number(),
  perCustomerOnce: t.Boolean(),
  validUntil: t.Union([t.Number(), t.Null()]),
  active: t.Boolean(),
  createdAt: t.Number(),
});

export const CodeDeleted = t.Object({ code: t.String(), outcome: t.Union([t.Literal("deleted"), t.Literal("disabled")]) });

/**
 * Agents over HTTP: list them, make a customer an agent or change their terms (a discount off every plan and/or a
 * price per plan), and end it. The agent buys in the user bot; their orders and subscriptions are theirs as usual.
 */
import { Elysia, t } from "elysia";
import { validateAgent, type Agent } from "../../store/agents.ts";
import { auditOperator, type HttpDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { doc } from "../schemas.ts";

const AgentView = t.Object({
  telegramId: t.Number(),
  discountPercent: t.Number(),
  prices: t.Array(t.Object({ planId: t.Number(), price: t.Number() })),
  createdAt: t.Number(),
});

const AgentBody = t.Object(
  {
    discountPercent: t.Integer({ minimum: 0, maximum: 90, description: "percent off every plan's list price" }),
    prices: t.Optional(
      t.Array(t.Object({ planId: t.Integer({ minimum: 1 }), price: t.Integer({ minimum: 0, description: "whole Toman" }) }, { additionalProperties: false }), {
        maxItems: 200,
        description: "the agent's own price for some plans (wins over the discount); replaces the previous list",
      }),
    ),
  },
  { additionalProperties: false },
);

const AgentParams = t.Object({ telegramId: t.Numeric({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

function view(agent: Agent) {
  return {
    telegramId: agent.customerId,
    discountPercent: agent.discountPercent,
    prices: Object.entries(agent.prices).map(([planId, price]) => ({ planId: Number(planId), price })),
    createdAt: agent.createdAt,
  };
}

export function agentRoutes(deps: HttpDeps) {
  const { store, runtime } = deps.core;
  return new Elysia({ prefix: "/api/agents" })
    .get("", () => store.listAgents().map(view), { detail: doc("List agents", "agents", { 200: ["every agent with their terms", t.Array(AgentView)] }) })
    .get(
      "/:telegramId",
      ({ params }) => {
        const agent = store.getAgent(params.telegramId);
        if (!agent) throw new ApiError(404, "agent-not-found", `customer ${params.telegramId} is not an agent`);
        return view(agent);
      },
      { params: AgentParams, detail: doc("Read an agent's terms", "agents", { 200: ["the agent", AgentView], 404: "not an agent" }) },
    )
    .put(
      "/:telegramId",
      ({ params, body }) => {
        if (!store.getCustomer(params.telegramId)) throw new ApiError(404, "customer-not-found", `there is no customer with Telegram id ${params.telegramId}`);
        const problem = validateAgent(body);
        if (problem) throw new ApiError(400, "invalid-input", problem);
        const unknown = (body.prices ?? []).find((p) => store.getPlan(p.planId)?.kind !== "subscription");
        if (unknown) throw new ApiError(400, "invalid-input", `plan ${unknown.planId} is not a subscription plan`);
        const before = store.getAgent(params.telegramId);
        const after = store.saveAgent(params.telegramId, body, runtime.clock.now());
        auditOperator(deps, before ? "agent:update" : "agent:create", `agent/${params.telegramId}`, before ? view(before) : undefined, view(after));
        return view(after);
      },
      {
        params: AgentParams,
        body: AgentBody,
        detail: doc("Make a customer an agent, or change their terms", "agents", { 200: ["the agent", AgentView], 404: "no such customer" }),
      },
    )
    .delete(
      "/:telegramId",
      ({ params }) => {
        const before = store.getAgent(params.telegramId);
        if (!before) throw new ApiError(404, "agent-not-found", `customer ${params.telegramId} is not an agent`);
        store.removeAgent(params.telegramId);
        auditOperator(deps, "agent:delete", `agent/${params.telegramId}`, view(before));
        return { telegramId: params.telegramId, agent: false };
      },
      {
        params: AgentParams,
        detail: doc("End an agent's terms (their subscriptions stay theirs)", "agents", {
          200: ["done", t.Object({ telegramId: t.Number(), agent: t.Boolean() })],
          404: "not an agent",
        }),
      },
    );
}

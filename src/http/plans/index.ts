/** Plans over HTTP: create, list, read, change, delete (a plan that was sold is hidden instead, for the record). */
import { Elysia, t } from "elysia";
import { validatePlan, type Plan } from "../../store/plans.ts";
import { auditOperator, type HttpDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { doc } from "../schemas.ts";
import { PlanBody, PlanDeleted, PlanParams, PlanPatch, PlanQuery, PlanView } from "./schemas.ts";

function view(plan: Plan) {
  return {
    id: plan.id,
    name: plan.name,
    kind: plan.kind,
    price: plan.price,
    stars: plan.stars,
    trafficBytes: plan.traffic_bytes,
    days: plan.days,
    renewalPolicy: plan.renewal_policy,
    serverGroup: plan.server_group,
    active: plan.active === 1,
    sort: plan.sort,
    createdAt: plan.created_at,
    updatedAt: plan.updated_at,
  };
}

export function planRoutes(deps: HttpDeps) {
  const { store, runtime } = deps.core;
  const now = () => runtime.clock.now();
  const existing = (id: number) => {
    const plan = store.getPlan(id);
    if (!plan) throw new ApiError(404, "plan-not-found", `there is no plan ${id}`);
    return plan;
  };

  return new Elysia({ prefix: "/api/plans" })
    .get("", ({ query }) => store.listPlans({ activeOnly: query.active, kind: query.kind }).map(view), {
      query: PlanQuery,
      detail: doc("List plans", "plans", { 200: ["every plan, grouped and sorted as customers see them", t.Array(PlanView)] }),
    })
    .post(
      "",
      ({ body, set }) => {
        const problem = validatePlan(body);
        if (problem) throw new ApiError(400, "invalid-input", problem.message);
        const plan = store.createPlan(body, now());
        auditOperator(deps, "plan:create", `plan/${plan.id}`, undefined, view(plan));
        set.status = 201;
        return view(plan);
      },
      { body: PlanBody, detail: doc("Create a plan", "plans", { 201: ["the plan", PlanView] }) },
    )
    .get("/:id", ({ params }) => view(existing(params.id)), {
      params: PlanParams,
      detail: doc("Read a plan", "plans", { 200: ["the plan", PlanView], 404: "no such plan" }),
    })
    .patch(
      "/:id",
      ({ params, body }) => {
        const before = existing(params.id);
        const problem = validatePlan({ kind: before.kind, ...body }, true);
        if (problem) throw new ApiError(400, "invalid-input", problem.message);
        const after = store.updatePlan(params.id, body, now())!;
        auditOperator(deps, "plan:update", `plan/${params.id}`, view(before), view(after));
        return view(after);
      },
      { params: PlanParams, body: PlanPatch, detail: doc("Change a plan", "plans", { 200: ["the plan as changed", PlanView], 404: "no such plan" }) },
    )
    .delete(
      "/:id",
      ({ params }) => {
        const before = existing(params.id);
        store.deletePlan(params.id);
        const outcome = store.getPlan(params.id) ? ("hidden" as const) : ("deleted" as const);
        auditOperator(deps, `plan:${outcome === "deleted" ? "delete" : "hide"}`, `plan/${params.id}`, view(before));
        return { id: params.id, outcome };
      },
      {
        params: PlanParams,
        detail: doc("Delete a plan; a plan that was sold is hidden instead", "plans", { 200: ["what happened", PlanDeleted], 404: "no such plan" }),
      },
    );
}

/**
 * The HTTP app: every module composed in one Elysia instance.
 *
 * Order matters in Elysia (a hook covers the routes registered after it), so the cross-cutting plugins come first:
 * the error mapping (one error shape everywhere), the body limit and JSON parser, and Idempotency-Key for POSTs.
 * Then the modules: health and metrics, the subscription proxy and page, the operator API group (actors, servers,
 * plans, discount codes, agents, customers and orders, stats, audit, settings; every route of it behind the bearer guard), and the OpenAPI
 * document of all of them.
 */
import { Elysia } from "elysia";
import { healthRoutes } from "./health.ts";
import { errorHandling } from "./errors.ts";
import { requestBody } from "./request-body.ts";
import { operatorAuth } from "./auth.ts";
import { idempotency } from "./idempotency.ts";
import { metricsRoutes } from "./metrics/index.ts";
import { subscriptionRoutes } from "./subscription/index.ts";
import { actorRoutes } from "./actors/index.ts";
import { serverRoutes } from "./servers/index.ts";
import { planRoutes } from "./plans/index.ts";
import { codeRoutes } from "./codes/index.ts";
import { agentRoutes } from "./agents/index.ts";
import { customerRoutes } from "./customers/index.ts";
import { receiptRoutes } from "./receipts/index.ts";
import { orderRoutes } from "./orders/index.ts";
import { nowPaymentsRoutes } from "./pay/nowpayments.ts";
import { statsRoutes } from "./stats/index.ts";
import { auditRoutes } from "./audit/index.ts";
import { settingsRoutes } from "./settings/index.ts";
import { consoleRoutes } from "./console/index.ts";
import { openApiRoutes, type RouteInfo } from "./openapi/index.ts";
import { ApiError } from "./errors.ts";
import type { HttpDeps } from "./deps.ts";
import packageJson from "../../package.json" with { type: "json" };

export type { HttpDeps } from "./deps.ts";

/** Builds the app; `app.listen(...)` in main, `app.handle(new Request("http://localhost/..."))` in tests. */
export function createHttpApp(deps: HttpDeps) {
  const { store, runtime } = deps.core;
  const idempotent = idempotency({ store, clock: runtime.clock });
  const table: { routes: () => readonly RouteInfo[] } = { routes: () => [] };

  // The guard is scoped to this group: it covers every route used here (an unknown /api path included, through
  // the catch-all, so a caller without the token cannot tell which routes exist) and no route outside it.
  const noSuchRoute = () => {
    throw new ApiError(404, "not-found", "no such route");
  };
  const operatorApi = new Elysia({ name: "operator-api" })
    .use(operatorAuth({ token: deps.operatorToken }))
    .use(actorRoutes(deps, idempotent))
    .use(serverRoutes(deps))
    .use(planRoutes(deps))
    .use(codeRoutes(deps))
    .use(agentRoutes(deps))
    .use(customerRoutes(deps))
    .use(receiptRoutes(deps))
    .use(orderRoutes(deps, idempotent))
    .use(statsRoutes(deps))
    .use(auditRoutes(deps))
    .use(settingsRoutes(deps))
    .all("/api", noSuchRoute, { detail: { hide: true } })
    .all("/api/*", noSuchRoute, { detail: { hide: true } });

  // normalize: false — an unknown field in a body is refused with a clear message instead of silently dropped.
  // standardHostname: false — the router finds the path after any Host, even one shorter than four characters.
  const app = new Elysia({ normalize: false, handler: { standardHostname: false } })
    .use(errorHandling({ log: deps.log, answered: idempotent.settleFailure }))
    .use(requestBody({ limitBytes: deps.bodyLimitBytes }))
    .use(idempotent.plugin)
    .use(healthRoutes({ store, runtime }))
    .use(metricsRoutes(deps.metrics))
    .use(subscriptionRoutes(deps))
    .use(nowPaymentsRoutes(deps))
    .use(operatorApi)
    .use(consoleRoutes(deps))
    .use(openApiRoutes(() => table.routes(), { title: "subkeeper", version: packageJson.version }));
  table.routes = () => app.routes as readonly RouteInfo[];
  return app;
}

/** `GET /metrics`: Prometheus text from subkeeper's own registry (see metrics.ts). No auth, like /healthz. */
import { Elysia } from "elysia";
import type { Metrics } from "./metrics.ts";

export { createMetrics, timedDriver, type Metrics } from "./metrics.ts";

export function metricsRoutes(metrics: Metrics) {
  return new Elysia().get(
    "/metrics",
    async () => new Response(await metrics.registry.metrics(), { headers: { "content-type": metrics.registry.contentType } }),
    { detail: { summary: "Prometheus metrics", tags: ["health"], responses: { 200: { description: "Prometheus text exposition format" } } } },
  );
}

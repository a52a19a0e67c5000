/** Liveness and readiness: `/healthz` answers while the process runs, `/readyz` when the store and runtime are up. */
import { Elysia } from "elysia";
import type { Database } from "bun:sqlite";
import type { Runtime } from "../../actors/runtime.ts";

export function healthRoutes(deps: { db: Database; runtime: Runtime }) {
  return new Elysia({ name: "health" })
    .get("/healthz", () => ({ ok: true }), { detail: { summary: "Liveness", tags: ["health"] } })
    .get(
      "/readyz",
      ({ set }) => {
        let store = false;
        try {
          store = deps.db.query("SELECT 1 AS one").get() !== null;
        } catch {
          store = false;
        }
        const ready = store && deps.runtime.isRunning;
        if (!ready) set.status = 503;
        return { ok: ready, store, runtime: deps.runtime.isRunning };
      },
      { detail: { summary: "Readiness: store open and runtime running", tags: ["health"] } },
    );
}

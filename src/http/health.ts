/**
 * Liveness and readiness: `/healthz` answers while the process runs; `/readyz` when the store takes a write and the
 * runtime is up. The write is real (one row of store_meta, committed): a store that went read-only or whose disk
 * filled while running answers reads but refuses every commit, and must not be reported ready.
 */
import { Elysia } from "elysia";
import type { Runtime } from "../../actors/runtime.ts";
import type { Store } from "../store/index.ts";

export function healthRoutes(deps: { store: Store; runtime: Runtime }) {
  return new Elysia({ name: "health" })
    .get("/healthz", () => ({ ok: true }), { detail: { summary: "Liveness", tags: ["health"] } })
    .get(
      "/readyz",
      ({ set }) => {
        let store = false;
        try {
          deps.store.setMeta("ready_probe", "ok", deps.runtime.clock.now());
          store = true;
        } catch {
          store = false;
        }
        const ready = store && deps.runtime.isRunning;
        if (!ready) set.status = 503;
        return { ok: ready, store, runtime: deps.runtime.isRunning };
      },
      { detail: { summary: "Readiness: the store takes a write and the runtime runs", tags: ["health"] } },
    );
}

/**
 * `Idempotency-Key` on POSTs (docs/ARCHITECTURE.md, runtime contract 4): the first request with a key claims it for its route
 * before the handler runs and stores the answer after; a retry with the same key and the same body gets that answer
 * back (with `Idempotent-Replayed: true`) and nothing runs twice. The same key with a different body is refused
 * with 422; while the first request still runs, a retry gets 409. Server failures (5xx) release the claim so the
 * request can be tried again. Keys are kept for a day.
 *
 * A key is scoped to the path the router routed (`POST /api/actors/server/s2/events`): the same key sent to two
 * actors is two requests. Claims still in flight when the app is built belong to a process that died mid-request
 * (the store's lock makes this one the only process on it), so they are released then and a retry runs.
 */
import type { Store } from "../store/index.ts";
import type { Database } from "bun:sqlite";
import { Elysia } from "elysia";
import type { Clock } from "../domain/time.ts";
import { ApiError } from "./errors.ts";
import { bodyHashOf } from "./request-body.ts";

const RETENTION_MS = 24 * 3600_000;

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

interface Claim {
  key: string;
  route: string;
}


export interface Idempotency {
  plugin: Elysia<any, any, any, any, any, any, any>;
  /** Completes a claimed request with an error answer (called by the error mapping). */
  settleFailure(request: Request, status: number, body: unknown): void;
  /** The dedupe key to hand the runtime for this request, when it carries one. */
  dedupeKeyOf(request: Request): string | undefined;
}

export function idempotency(deps: { store: Store; clock: Clock }): Idempotency {
  const { store, clock } = deps;
  const claims = new WeakMap<Request, Claim>();
  // A claim left by a process that stopped mid-request would block its key for good.
  store.releaseUnfinishedIdempotencyKeys();

  function settle(request: Request, status: number, body: unknown): void {
    const held = claims.get(request);
    if (!held) return;
    claims.delete(request);
    if (status >= 500) store.releaseIdempotencyKey(held.key, held.route);
    else store.completeIdempotencyKey(held.key, held.route, status, JSON.stringify(body ?? null));
  }

  const plugin = new Elysia({ name: "idempotency" })
    .onBeforeHandle({ as: "global" }, ({ request, path }) => {
      if (request.method !== "POST") return;
      const key = request.headers.get("idempotency-key");
      if (key === null) return;
      if (!KEY_PATTERN.test(key)) throw new ApiError(400, "invalid-idempotency-key", "Idempotency-Key is 1 to 200 visible ASCII characters");
      const route = `POST ${path}`;
      const hash = bodyHashOf(request);
      const now = clock.now();
      store.pruneIdempotencyKeys(now - RETENTION_MS);
      const stored = store.storedIdempotencyKey(key, route);
      if (!stored) {
        store.claimIdempotencyKey(key, route, hash, now);
        claims.set(request, { key, route });
        return;
      }
      if (stored.body_hash !== hash) {
        throw new ApiError(422, "idempotency-key-reused", "this Idempotency-Key was used before with a different body; use a new key");
      }
      if (stored.status === null || stored.response === null) {
        throw new ApiError(409, "idempotency-key-in-flight", "a request with this Idempotency-Key is still running; retry shortly");
      }
      return new Response(stored.response, {
        status: stored.status,
        headers: { "content-type": "application/json; charset=utf-8", "idempotent-replayed": "true" },
      });
    })
    .onAfterHandle({ as: "global" }, ({ request, response, set }) => {
      if (!claims.has(request)) return;
      const status = typeof set.status === "number" ? set.status : 200;
      settle(request, status, response);
    });

  return {
    plugin,
    settleFailure: settle,
    dedupeKeyOf(request) {
      const held = claims.get(request);
      return held ? `http:${held.route} ${held.key}` : undefined;
    },
  };
}

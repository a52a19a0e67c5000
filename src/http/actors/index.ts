/**
 * Actors over HTTP: list them, read one (state, context, pending timers, quarantine), read its journal, and send
 * it one of the operator events its kind allows. Reads never wake an actor; an event is applied durably before the
 * 202 answers with the state it led to.
 */
import { Elysia } from "elysia";
import { ActorError, type ActorView } from "../../../actors/types.ts";
import { auditOperator, type HttpDeps } from "../deps.ts";
import { ApiError, fromActorError } from "../errors.ts";
import type { Idempotency } from "../idempotency.ts";
import { doc } from "../schemas.ts";
import { operatorEvent } from "./operator-events.ts";
import { ActorDetail, ActorList, ActorParams, EventBody, EventResult, JournalPage, JournalQuery, ListQuery } from "./schemas.ts";

/** Context keys that could hold a panel's credentials; none should be in a context, and none leaves here. */
const PANEL_SECRET_KEY = /^(api_?token(_enc)?|panel_?token|token_?enc|authorization)$/i;

function withoutPanelSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPanelSecrets);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (!PANEL_SECRET_KEY.test(key)) out[key] = withoutPanelSecrets(inner);
  return out;
}

function view(actor: ActorView) {
  return {
    kind: actor.kind,
    id: actor.id,
    state: actor.state,
    context: withoutPanelSecrets(actor.context),
    timers: actor.timers.map((timer) => ({ key: timer.key, dueAt: timer.dueAt, event: timer.event })),
    machineVersion: actor.machineVersion,
    quarantineReason: actor.quarantineReason,
    createdAt: actor.createdAt,
    updatedAt: actor.updatedAt,
  };
}

export function actorRoutes(deps: HttpDeps, idempotency: Idempotency) {
  const { runtime, db } = deps.core;

  const allKinds = db.query<{ kind: string; id: string; state: string; updated_at: number; quarantine_reason: string | null }, [string, string, string | null, string | null, number]>(
    `SELECT kind, id, state, updated_at, quarantine_reason FROM actors
      WHERE (kind, id) > (?, ?) AND (?3 IS NULL OR state = ?3) AND (?4 IS NULL OR quarantine_reason IS NOT NULL)
      ORDER BY kind, id LIMIT ?5`,
  );

  function read(kind: string, id: string): ActorView {
    let actor: ActorView | undefined;
    try {
      actor = runtime.read(kind, id);
    } catch (error) {
      if (error instanceof ActorError) throw fromActorError(error);
      throw error;
    }
    if (!actor) throw new ApiError(404, "actor-not-found", `there is no ${kind} ${id}`);
    return actor;
  }

  return new Elysia({ prefix: "/api/actors" })
    .get(
      "",
      ({ query }) => {
        const limit = query.limit ?? 50;
        if (query.kind) {
          try {
            const page = runtime.list(query.kind, { state: query.state, limit, cursor: query.cursor, quarantined: query.quarantined });
            return { items: page.items.map((item) => ({ kind: query.kind!, ...item })), nextCursor: page.nextCursor };
          } catch (error) {
            if (error instanceof ActorError) throw fromActorError(error);
            throw error;
          }
        }
        // Across kinds the cursor is "kind:id" (kinds have no colon; ids may).
        const split = query.cursor ? query.cursor.indexOf(":") : -1;
        const afterKind = split < 0 ? "" : query.cursor!.slice(0, split);
        const afterId = split < 0 ? "" : query.cursor!.slice(split + 1);
        const rows = allKinds.all(afterKind, afterId, query.state ?? null, query.quarantined ? "1" : null, limit + 1);
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return {
          items: page.map((r) => ({ kind: r.kind, id: r.id, state: r.state, updatedAt: r.updated_at, quarantined: r.quarantine_reason !== null })),
          nextCursor: rows.length > limit && last ? `${last.kind}:${last.id}` : null,
        };
      },
      {
        query: ListQuery,
        detail: doc("List actors, by kind and state, a page at a time", "actors", { 200: ["a page of actors", ActorList] }),
      },
    )
    .get("/:kind/:id", ({ params }) => view(read(params.kind, params.id)), {
      params: ActorParams,
      detail: doc("Read an actor: state, context, pending timers, quarantine reason", "actors", {
        200: ["the actor as stored", ActorDetail],
        404: "no such actor",
      }),
    })
    .get(
      "/:kind/:id/journal",
      ({ params, query }) => {
        read(params.kind, params.id);
        const limit = query.limit ?? 50;
        const items = runtime.journal(params.kind, params.id, { limit, before: query.before });
        return { items, nextBefore: items.length === limit ? items[items.length - 1]!.seq : null };
      },
      {
        params: ActorParams,
        query: JournalQuery,
        detail: doc("An actor's journal, newest first", "actors", { 200: ["a page of journal entries", JournalPage], 404: "no such actor" }),
      },
    )
    .post(
      "/:kind/:id/events",
      async ({ params, body, request, set }) => {
        const { kind, id } = params;
        const checked = operatorEvent(kind, body);
        if (!checked.ok) throw new ApiError(checked.status, checked.status === 422 ? "event-not-allowed" : "invalid-input", checked.message);
        const event = checked.event;
        const before = read(kind, id);
        if (before.quarantineReason) throw new ApiError(409, "actor-quarantined", `${kind} ${id} is in quarantine: ${before.quarantineReason}`, { state: before.state });
        if (kind === "order" && event.type === "CANCEL") event.by ??= "operator";
        if (kind === "subscription" && event.type === "MOVE") checkMoveTarget(deps, before, String(event.serverId));

        let result;
        try {
          result = await runtime.send(kind, id, event, { dedupeKey: idempotency.dedupeKeyOf(request) });
        } catch (error) {
          if (error instanceof ActorError) throw fromActorError(error);
          throw error;
        }
        if (!result.changed && !result.duplicate) {
          throw new ApiError(409, "event-not-accepted", `a ${kind} in state ${result.state} does not take ${event.type}`, { state: result.state });
        }
        if (!result.duplicate) auditOperator(deps, `event:${event.type}`, `${kind}/${id}`, { state: before.state }, { state: result.state, event });
        set.status = 202;
        return { kind, id, event: event.type, state: result.state, changed: result.changed, duplicate: result.duplicate };
      },
      {
        params: ActorParams,
        body: EventBody,
        detail: doc("Send an operator event (allow-list per kind); Idempotency-Key honoured", "actors", {
          202: ["applied; the state it led to", EventResult],
          404: "no such actor",
          409: "the actor's state does not take this event (error.state is the current state), or it is quarantined",
          422: "this event is not one an operator may send to this kind",
        }),
      },
    );
}

/** A move goes to another existing, healthy server. */
function checkMoveTarget(deps: HttpDeps, actor: ActorView, serverId: string): void {
  const target = deps.core.db.query<{ state: string }, [string]>("SELECT state FROM servers WHERE id = ?").get(serverId);
  if (!target) throw new ApiError(422, "unknown-server", `there is no server ${serverId}`);
  if ((actor.context as { serverId?: string | null }).serverId === serverId) {
    throw new ApiError(409, "same-server", `the subscription is already on server ${serverId}`, { state: actor.state });
  }
  if (target.state !== "healthy") throw new ApiError(409, "server-unavailable", `server ${serverId} is ${target.state}, not healthy`, { state: actor.state });
}

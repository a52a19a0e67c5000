/**
 * Actors over HTTP: list them, read one (state, context, pending timers, quarantine), read its journal, and send
 * it one of the operator events its kind allows. Reads never wake an actor; an event is applied durably before the
 * 202 answers with the state it led to.
 */
import { Elysia } from "elysia";
import { ActorError, type ActorView } from "../../../actors/types.ts";
import type { HttpDeps } from "../deps.ts";
import { fromActorError } from "../errors.ts";
import type { Idempotency } from "../idempotency.ts";
import { doc } from "../schemas.ts";
import { readActor, sendOperatorEvent } from "./send-event.ts";
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
  const { runtime } = deps.core;

  const read = (kind: string, id: string) => readActor(runtime, kind, id);

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
        return runtime.listAll({ state: query.state, limit, cursor: query.cursor, quarantined: query.quarantined });
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
        const sent = await sendOperatorEvent(deps, params.kind, params.id, body, { dedupeKey: idempotency.dedupeKeyOf(request) });
        set.status = 202;
        return sent;
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

/**
 * Sending an operator event to an actor: the one path of POST /api/actors/:kind/:id/events and the console's
 * action buttons. The event must be on the kind's allow-list (operator-events.ts); a quarantined actor takes
 * nothing; a move must go to another healthy server; an event the state does not take is a 409 with the state.
 * Every applied event leaves an audit row, actor "operator".
 */
import type { Runtime } from "../../../actors/runtime.ts";
import { ActorError, type ActorView } from "../../../actors/types.ts";
import { auditOperator, type HttpDeps } from "../deps.ts";
import { ApiError, fromActorError } from "../errors.ts";
import { operatorEvent } from "./operator-events.ts";

export interface SentEvent {
  kind: string;
  id: string;
  event: string;
  state: string;
  changed: boolean;
  duplicate: boolean;
}

/** The actor as stored, or a 404; runtime refusals as API errors. Never wakes it. */
export function readActor(runtime: Runtime, kind: string, id: string): ActorView {
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

export async function sendOperatorEvent(
  deps: HttpDeps,
  kind: string,
  id: string,
  body: { type: string; [field: string]: unknown },
  options: { dedupeKey?: string; via?: string } = {},
): Promise<SentEvent> {
  const { runtime } = deps.core;
  const checked = operatorEvent(kind, body);
  if (!checked.ok) throw new ApiError(checked.status, checked.status === 422 ? "event-not-allowed" : "invalid-input", checked.message);
  const event = checked.event;
  const before = readActor(runtime, kind, id);
  if (before.quarantineReason) throw new ApiError(409, "actor-quarantined", `${kind} ${id} is in quarantine: ${before.quarantineReason}`, { state: before.state });
  if (kind === "order" && event.type === "CANCEL") event.by ??= "operator";
  if (kind === "subscription" && event.type === "MOVE") checkMoveTarget(deps, before, String(event.serverId));

  let result;
  try {
    result = await runtime.send(kind, id, event, options.dedupeKey ? { dedupeKey: options.dedupeKey } : {});
  } catch (error) {
    if (error instanceof ActorError) throw fromActorError(error);
    throw error;
  }
  if (!result.changed && !result.duplicate) {
    throw new ApiError(409, "event-not-accepted", `a ${kind} in state ${result.state} does not take ${event.type}`, { state: result.state });
  }
  if (!result.duplicate) {
    auditOperator(deps, `event:${event.type}`, `${kind}/${id}`, { state: before.state }, { state: result.state, event, ...(options.via ? { via: options.via } : {}) });
  }
  return { kind, id, event: event.type, state: result.state, changed: result.changed, duplicate: result.duplicate };
}

/** A move goes to another existing, healthy server. */
function checkMoveTarget(deps: HttpDeps, actor: ActorView, serverId: string): void {
  const target = deps.core.store.getServer(serverId);
  if (!target) throw new ApiError(422, "unknown-server", `there is no server ${serverId}`);
  if ((actor.context as { serverId?: string | null }).serverId === serverId) {
    throw new ApiError(409, "same-server", `the subscription is already on server ${serverId}`, { state: actor.state });
  }
  if (target.state !== "healthy") throw new ApiError(409, "server-unavailable", `server ${serverId} is ${target.state}, not healthy`, { state: actor.state });
}

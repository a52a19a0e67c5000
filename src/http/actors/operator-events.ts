/**
 * The events an operator may send to each kind of actor over HTTP, and the fields each one takes. Everything else
 * a machine understands (effect outcomes, timers, money events) stays internal: sending PROVISIONED or APPROVE by
 * hand would forge a fact.
 */

export interface OperatorEventSpec {
  /** Fields the event takes: name → required. */
  fields: Record<string, boolean>;
  summary: string;
  /** The top-level states that take it (what the console offers); every state when absent. */
  states?: readonly string[];
}

/** Every subscription state but the final one (revoked). */
const ALIVE = ["provisioning", "provision_failed", "active", "limited", "expired", "suspended", "moving", "revoking", "revoke_wait"];

export const OPERATOR_EVENTS: Record<string, Record<string, OperatorEventSpec>> = {
  subscription: {
    RETRY: { fields: {}, summary: "provision again after provisioning failed", states: ["provision_failed"] },
    RESYNC: { fields: {}, summary: "read the client's counters from the panel now", states: ALIVE },
    REVOKE: {
      fields: {},
      summary: "delete the panel client and end the subscription",
      states: ["provisioning", "provision_failed", "active", "limited", "expired", "suspended", "moving"],
    },
    SUSPEND: { fields: {}, summary: "disable the client until UNSUSPEND", states: ["active", "limited", "expired"] },
    UNSUSPEND: { fields: {}, summary: "enable a suspended client again", states: ["suspended"] },
    MOVE: { fields: { serverId: true }, summary: "move the client to another healthy server; the link stays", states: ["active", "limited", "expired"] },
  },
  order: {
    RETRY: { fields: {}, summary: "run a stuck fulfilment again" },
    CANCEL: { fields: { by: false }, summary: "cancel an order that waits for payment" },
  },
  server: {
    DRAIN: { fields: {}, summary: "place no new clients here" },
    RESUME: { fields: {}, summary: "place new clients here again" },
    RETIRE: { fields: {}, summary: "take the server out of service for good" },
    PROBE_NOW: { fields: {}, summary: "probe the panel now" },
    SYNC_NOW: { fields: {}, summary: "sync usage now" },
  },
  // Listed so broadcasts can be read like every other actor; they are steered from the admin bot.
  broadcast: {},
};

export const ACTOR_KINDS = Object.keys(OPERATOR_EVENTS);

/** The operator events an actor of `kind` takes in `state` (its top-level part), in the allow-list's order. */
export function eventsFor(kind: string, state: string): string[] {
  const top = state.split(".")[0]!;
  return Object.entries(OPERATOR_EVENTS[kind] ?? {})
    .filter(([, spec]) => !spec.states || spec.states.includes(top))
    .map(([type]) => type);
}

/** The event to send, or why the request is refused (status and message). */
export function operatorEvent(
  kind: string,
  body: { type: string; [field: string]: unknown },
): { ok: true; event: { type: string; [field: string]: unknown } } | { ok: false; status: 400 | 422; message: string } {
  const allowed = OPERATOR_EVENTS[kind] ?? {};
  const spec = allowed[body.type];
  if (!spec) {
    return { ok: false, status: 422, message: `${body.type} cannot be sent to a ${kind} over HTTP; allowed: ${Object.keys(allowed).join(", ") || "none"}` };
  }
  const event: { type: string; [field: string]: unknown } = { type: body.type };
  for (const [field, value] of Object.entries(body)) {
    if (field === "type") continue;
    if (!(field in spec.fields)) return { ok: false, status: 400, message: `${body.type} takes no field ${field}` };
    event[field] = value;
  }
  for (const [field, required] of Object.entries(spec.fields)) {
    if (required && event[field] === undefined) return { ok: false, status: 400, message: `${body.type} needs ${field}` };
  }
  return { ok: true, event };
}

/** `t` schemas of the actors module. */
import { t } from "elysia";
import { IdString, Limit } from "../schemas.ts";
import { ACTOR_KINDS, OPERATOR_EVENTS } from "./operator-events.ts";

const Kind = t.Union(
  ACTOR_KINDS.map((kind) => t.Literal(kind)),
  { description: "actor kind" },
);

export const ActorParams = t.Object({ kind: Kind, id: IdString });

export const ListQuery = t.Object({
  kind: t.Optional(Kind),
  state: t.Optional(t.String({ minLength: 1, maxLength: 64, description: "full state name, e.g. active or provisioning.creating" })),
  quarantined: t.Optional(t.BooleanString({ description: "only actors in quarantine" })),
  limit: t.Optional(Limit),
  cursor: t.Optional(t.String({ maxLength: 200, description: "nextCursor of the previous page" })),
});

export const JournalQuery = t.Object({
  limit: t.Optional(Limit),
  before: t.Optional(t.Numeric({ minimum: 1, description: "nextBefore of the previous page" })),
});

const eventTypes = [...new Set(Object.values(OPERATOR_EVENTS).flatMap((events) => Object.keys(events)))];

export const EventBody = t.Object(
  {
    type: t.String({ minLength: 1, maxLength: 64, pattern: "^[A-Z_]+$", description: `one of ${eventTypes.join(", ")} (per kind)` }),
    serverId: t.Optional(IdString),
    by: t.Optional(t.String({ minLength: 1, maxLength: 64 })),
  },
  { description: "An operator event. subscription: RETRY, RESYNC, REVOKE, SUSPEND, UNSUSPEND, MOVE{serverId}; order: RETRY, CANCEL{by?}; server: DRAIN, RESUME, RETIRE, PROBE_NOW, SYNC_NOW" },
);

const ActorSummary = t.Object({ kind: t.String(), id: t.String(), state: t.String(), updatedAt: t.Number(), quarantined: t.Boolean() });

export const ActorList = t.Object({ items: t.Array(ActorSummary), nextCursor: t.Union([t.String(), t.Null()]) });

export const ActorDetail = t.Object({
  kind: t.String(),
  id: t.String(),
  state: t.String(),
  context: t.Unknown(),
  timers: t.Array(t.Object({ key: t.String(), dueAt: t.Number(), event: t.Unknown() })),
  machineVersion: t.Number(),
  quarantineReason: t.Union([t.String(), t.Null()]),
  createdAt: t.Number(),
  updatedAt: t.Number(),
});

export const JournalPage = t.Object({
  items: t.Array(
    t.Object({
      seq: t.Number(),
      fromState: t.Union([t.String(), t.Null()]),
      eventType: t.String(),
      toState: t.String(),
      event: t.Unknown(),
      error: t.Union([t.String(), t.Null()]),
      at: t.Number(),
    }),
  ),
  nextBefore: t.Union([t.Number(), t.Null()]),
});

export const EventResult = t.Object({
  kind: t.String(),
  id: t.String(),
  event: t.String(),
  state: t.String(),
  changed: t.Boolean(),
  duplicate: t.Boolean(),
});

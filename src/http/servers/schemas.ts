/** `t` schemas of the servers module. The API token goes in only: no schema here has a place to send it back. */
import { t } from "elysia";

const fields = {
  name: t.String({ minLength: 1, maxLength: 64 }),
  panelUrl: t.String({ minLength: 1, maxLength: 500, description: "the panel's address with its web path, e.g. http://1.2.3.4:2095/app/" }),
  apiToken: t.String({ minLength: 1, maxLength: 512, description: "an S-UI API v2 token; write-only, sealed at rest, never returned" }),
  subUrl: t.String({ maxLength: 500, description: "the subscription server's base; S-UI's default when left out" }),
  inboundIds: t.Array(t.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100 }),
  capacity: t.Integer({ minimum: 0, description: "most subscriptions placed here; 0 for no limit" }),
  group: t.String({ pattern: "^[A-Za-z0-9_-]{1,32}$", description: "plans sell from one group of servers" }),
};

export const ServerBody = t.Object(
  {
    name: fields.name,
    panelUrl: fields.panelUrl,
    apiToken: fields.apiToken,
    subUrl: t.Optional(fields.subUrl),
    inboundIds: fields.inboundIds,
    capacity: t.Optional(fields.capacity),
    group: t.Optional(fields.group),
  },
  { additionalProperties: false },
);

export const ServerPatch = t.Partial(t.Object(fields), { additionalProperties: false, minProperties: 1 });

export const ServerParams = t.Object({ id: t.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_.:-]+$" }) });

export const ServerDetails = t.Object({
  id: t.String(),
  name: t.String(),
  panelKind: t.String(),
  panelUrl: t.String(),
  subUrl: t.String(),
  inboundIds: t.Array(t.Union([t.Number(), t.String()])),
  capacity: t.Number(),
  serverGroup: t.String(),
  state: t.String(),
  latencyMs: t.Union([t.Number(), t.Null()]),
  clientCount: t.Number(),
  consecutiveFailures: t.Number(),
  lastError: t.Union([t.String(), t.Null()]),
  lastSyncAt: t.Union([t.Number(), t.Null()]),
  createdAt: t.Number(),
  updatedAt: t.Number(),
  actorState: t.Union([t.String(), t.Null()]),
  health: t.Union([t.String(), t.Null()]),
  coreRunning: t.Union([t.Boolean(), t.Null()]),
  lastProbeAt: t.Union([t.Number(), t.Null()]),
  lastSyncStats: t.Unknown(),
  lastSyncError: t.Union([t.String(), t.Null()]),
  downSince: t.Union([t.Number(), t.Null()]),
});

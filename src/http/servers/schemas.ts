/**
 * `t` schemas of the servers module. Secrets (API token, password) go in only: no schema here has a place to send
 * them back. Which fields a kind needs is checked by the kind (src/servers/server-input.ts), after the shapes here.
 */
import { t } from "elysia";
import { PANEL_KINDS } from "../../panels/panel.ts";

const fields = {
  name: t.String({ minLength: 1, maxLength: 64 }),
  panelUrl: t.String({ minLength: 1, maxLength: 500, description: "the panel's address with its web path, e.g. http://1.2.3.4:2095/app/ (3x-ui: with its web base path)" }),
  apiToken: t.String({ minLength: 1, maxLength: 512, description: "an API token (S-UI, 3x-ui v3, Remnawave); write-only, sealed at rest, never returned" }),
  username: t.String({ minLength: 1, maxLength: 128, description: "an admin's username (3x-ui, Marzban, PasarGuard)" }),
  password: t.String({ minLength: 1, maxLength: 512, description: "that admin's password; write-only, sealed at rest, never returned" }),
  subUrl: t.String({ maxLength: 500, description: "the subscription server's base (S-UI, 3x-ui); the kind's default when left out" }),
  inboundIds: t.Array(t.Union([t.Integer({ minimum: 1 }), t.String({ minLength: 1, maxLength: 128 })]), {
    maxItems: 100,
    description: "numbers for S-UI, 3x-ui and PasarGuard (group ids); Marzban inbound tags; Remnawave internal squad UUIDs",
  }),
  capacity: t.Integer({ minimum: 0, description: "most subscriptions placed here; 0 for no limit" }),
  group: t.String({ pattern: "^[A-Za-z0-9_-]{1,32}$", description: "plans sell from one group of servers" }),
};

export const ServerBody = t.Object(
  {
    name: fields.name,
    panel: t.Optional(t.Union(PANEL_KINDS.map((kind) => t.Literal(kind)), { description: "the panel software; s-ui when left out" })),
    panelUrl: fields.panelUrl,
    apiToken: t.Optional(fields.apiToken),
    username: t.Optional(fields.username),
    password: t.Optional(fields.password),
    subUrl: t.Optional(fields.subUrl),
    inboundIds: t.Optional(fields.inboundIds),
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

/**
 * An S-UI server: its health and its usage sync.
 *
 * probing → healthy ⇄ degraded ⇄ down; draining (up | down) while no new clients should land here; retired.
 *
 * A durable "health" tick probes the panel every `healthIntervalMs`; a durable "sync" tick reads every client's
 * counters every `syncIntervalMs` while the panel answers. Health is judged from the probes alone:
 *  - healthy: the panel answers, its core runs, and it answered within `slowLatencyMs`;
 *  - degraded: it answers, but the core is stopped or the answer was slow (placement skips it, customers may still
 *    connect, the usage sync keeps running);
 *  - down: three failed probes in a row, or one refused token (no point retrying a token the panel does not know).
 * The first probe that succeeds ends a down incident. Admins hear once when an incident starts and once when it ends.
 * A server that was down and is drained stays down inside `draining` and is still watched and reported on.
 */
import { assign, enqueueActions, setup } from "xstate";
import { runtimeActions, type Stamped } from "./runtime-actions.ts";

const FAILURES_TO_DOWN = 3;
const DEFAULT_SLOW_LATENCY_MS = 3_000;
/** Drift names remembered as already reported; past this, an identical list is still deduplicated by its key. */
export const DRIFT_MEMORY = 200;

export interface ServerInput {
  serverId: string;
  name: string;
  healthIntervalMs: number;
  syncIntervalMs: number;
  slowLatencyMs?: number;
}

/** What the latest probe says; `unknown` until the first one comes back. */
export type Health = "unknown" | "ok" | "degraded" | "down";

/** One usage sync as the usage sync reports it. */
export interface SyncStats {
  /** Requests made to the panel (one by design). */
  requests: number;
  /** Clients the panel listed. */
  clients: number;
  /** subscriptions rows whose counters changed. */
  rowsUpdated: number;
  /** USAGE events sent to subscription actors that crossed a threshold. */
  eventsSent: number;
  /** Events that could not be delivered (actor missing or quarantined). */
  eventsFailed: number;
  driftCount: number;
  durationMs: number;
}

export interface ServerContext {
  serverId: string;
  name: string;
  healthIntervalMs: number;
  syncIntervalMs: number;
  slowLatencyMs: number;
  createdAt: number;
  health: Health;
  latencyMs: number | null;
  coreRunning: boolean | null;
  consecutiveFailures: number;
  clientCount: number;
  /** Why the server is not healthy (the probe's failure, or what makes it degraded); null when healthy. */
  lastError: string | null;
  lastProbeAt: number | null;
  /** Probes started; each result carries its number, and a result older than one already counted is ignored. */
  probeSeq: number;
  lastResultSeq: number;
  /** Down incidents so far: each one's alerts carry its number. */
  incident: number;
  downSince: number | null;
  lastSyncAt: number | null;
  lastSyncStats: SyncStats | null;
  lastSyncError: string | null;
  /** Drift names already reported to admins (sorted, at most DRIFT_MEMORY). */
  driftReported: string[];
}

export type ServerEvent = Stamped &
  (
    | { type: "HEALTH_TICK" }
    | { type: "SYNC_TICK" }
    | { type: "PROBE_NOW" }
    | { type: "SYNC_NOW" }
    | { type: "PROBED"; seq: number; latencyMs: number; coreRunning: boolean; clients: number }
    | { type: "PROBE_FAILED"; seq: number; errorKind: string; message: string }
    | { type: "SYNCED"; stats: SyncStats; driftNames: string[] }
    | { type: "EFFECT_FAILED"; effect: string; errorKind: string; message: string; input: unknown }
    | { type: "CONFIGURE"; name?: string; healthIntervalMs?: number; syncIntervalMs?: number; slowLatencyMs?: number }
    | { type: "DRAIN" }
    | { type: "RESUME" }
    | { type: "RETIRE" }
  );

/** What a successful probe says about the server: degraded when the core is stopped or the answer was slow. */
function assessProbe(probe: { latencyMs: number; coreRunning: boolean }, slowLatencyMs: number): { health: "ok" | "degraded"; reason: string | null } {
  if (!probe.coreRunning) return { health: "degraded", reason: "the panel answers but its sing-box core is not running" };
  if (probe.latencyMs > slowLatencyMs) {
    return { health: "degraded", reason: `the panel answered slowly (${probe.latencyMs} ms, more than ${slowLatencyMs} ms)` };
  }
  return { health: "ok", reason: null };
}

/** A short stable fingerprint of a list of names (FNV-1a, 32 bits), for dedupe keys. */
export function fingerprint(names: readonly string[]): string {
  let hash = 0x811c9dc5;
  for (const char of names.join("\n")) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

type ProbeResult = Extract<ServerEvent, { type: "PROBED" | "PROBE_FAILED" | "EFFECT_FAILED" }>;

function resultSeq(event: ProbeResult): number {
  if (event.type !== "EFFECT_FAILED") return event.seq;
  const seq = (event.input as { seq?: unknown } | null)?.seq;
  return typeof seq === "number" ? seq : 0;
}

const isUp = (health: Health) => health === "ok" || health === "degraded";

export const serverMachine = setup({
  types: {} as { context: ServerContext; events: ServerEvent; input: ServerInput & { at: number } },
  actions: {
    ...runtimeActions,
    armHealthTick: enqueueActions(({ context, event, enqueue }) => {
      const at = "at" in event && typeof event.at === "number" ? event.at : context.createdAt;
      enqueue({ type: "setTimer", params: { key: "health", at: at + context.healthIntervalMs, event: { type: "HEALTH_TICK" } } });
    }),
    armSyncTick: enqueueActions(({ context, event, enqueue }) => {
      const at = "at" in event && typeof event.at === "number" ? event.at : context.createdAt;
      enqueue({ type: "setTimer", params: { key: "sync", at: at + context.syncIntervalMs, event: { type: "SYNC_TICK" } } });
    }),
    startProbe: enqueueActions(({ context, enqueue }) => {
      const seq = context.probeSeq + 1;
      enqueue.assign({ probeSeq: seq });
      enqueue({ type: "effect", params: { name: "probe", input: { serverId: context.serverId, seq } } });
    }),
    startSync: enqueueActions(({ context, enqueue }) => {
      enqueue({ type: "effect", params: { name: "syncUsage", input: { serverId: context.serverId } } });
    }),
    recordSuccess: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== "PROBED") return;
      const { health, reason } = assessProbe(event, context.slowLatencyMs);
      enqueue.assign({
        health,
        latencyMs: event.latencyMs,
        coreRunning: event.coreRunning,
        clientCount: event.clients,
        consecutiveFailures: 0,
        lastError: reason,
        lastProbeAt: event.at,
        lastResultSeq: event.seq,
        downSince: null,
      });
      if (context.health === "down") {
        enqueue({
          type: "effect",
          params: {
            name: "alertAdmins",
            input: {
              alert: "server-recovered",
              serverId: context.serverId,
              name: context.name,
              downSince: context.downSince,
              downForMs: context.downSince === null ? null : event.at - context.downSince,
              health,
              dedupeKey: `server-recovered:${context.serverId}:${context.incident}`,
            },
          },
        });
      }
    }),
    recordFailure: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== "PROBE_FAILED" && event.type !== "EFFECT_FAILED") return;
      const failures = context.consecutiveFailures + 1;
      const refused = event.errorKind === "auth";
      const goesDown = context.health !== "down" && (refused || failures >= FAILURES_TO_DOWN);
      const incident = goesDown ? context.incident + 1 : context.incident;
      enqueue.assign({
        consecutiveFailures: failures,
        lastError: event.message,
        lastProbeAt: event.at,
        lastResultSeq: resultSeq(event),
        latencyMs: null,
        ...(goesDown ? { health: "down" as const, incident, downSince: event.at } : {}),
      });
      if (goesDown) {
        enqueue({
          type: "effect",
          params: {
            name: "alertAdmins",
            input: {
              alert: "server-down",
              serverId: context.serverId,
              name: context.name,
              message: event.message,
              errorKind: event.errorKind,
              failures,
              dedupeKey: `server-down:${context.serverId}:${incident}`,
            },
          },
        });
      }
    }),
    recordSync: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== "SYNCED") return;
      const known = new Set(context.driftReported);
      const fresh = [...new Set(event.driftNames)].sort();
      const unreported = fresh.filter((name) => !known.has(name));
      enqueue.assign({
        lastSyncAt: event.at,
        lastSyncStats: event.stats,
        lastSyncError: null,
        clientCount: event.stats.clients,
        // Names that no longer drift are forgotten: if one comes back, it is news again.
        driftReported: fresh.slice(0, DRIFT_MEMORY),
      });
      if (unreported.length > 0) {
        enqueue({
          type: "effect",
          params: {
            name: "alertAdmins",
            input: {
              alert: "drift",
              serverId: context.serverId,
              name: context.name,
              names: unreported,
              totalDrift: fresh.length,
              dedupeKey: `drift:${context.serverId}:${fingerprint(unreported)}`,
            },
          },
        });
      }
    }),
    recordSyncFailure: assign({
      lastSyncError: ({ event }) => (event.type === "EFFECT_FAILED" ? event.message : null),
    }),
    configure: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== "CONFIGURE") return;
      const health = event.healthIntervalMs ?? context.healthIntervalMs;
      const sync = event.syncIntervalMs ?? context.syncIntervalMs;
      enqueue.assign({
        name: event.name ?? context.name,
        healthIntervalMs: health,
        syncIntervalMs: sync,
        slowLatencyMs: event.slowLatencyMs ?? context.slowLatencyMs,
      });
      if (health !== context.healthIntervalMs) {
        enqueue({ type: "setTimer", params: { key: "health", at: event.at + health, event: { type: "HEALTH_TICK" } } });
      }
      if (sync !== context.syncIntervalMs) {
        enqueue({ type: "setTimer", params: { key: "sync", at: event.at + sync, event: { type: "SYNC_TICK" } } });
      }
    }),
  },
  guards: {
    freshResult: ({ context, event }) =>
      (event.type === "PROBED" || event.type === "PROBE_FAILED" || event.type === "EFFECT_FAILED") && resultSeq(event) > context.lastResultSeq,
    probeFailed: ({ context, event }) => event.type === "EFFECT_FAILED" && event.effect === "probe" && resultSeq(event) > context.lastResultSeq,
    syncFailed: ({ event }) => event.type === "EFFECT_FAILED" && event.effect === "syncUsage",
    reachable: ({ context }) => isUp(context.health),
    isOk: ({ context }) => context.health === "ok",
    isDegraded: ({ context }) => context.health === "degraded",
    isDown: ({ context }) => context.health === "down",
    isUp: ({ context }) => isUp(context.health),
  },
}).createMachine({
  id: "server",
  context: ({ input }) => ({
    serverId: input.serverId,
    name: input.name,
    healthIntervalMs: input.healthIntervalMs,
    syncIntervalMs: input.syncIntervalMs,
    slowLatencyMs: input.slowLatencyMs ?? DEFAULT_SLOW_LATENCY_MS,
    createdAt: input.at,
    health: "unknown",
    latencyMs: null,
    coreRunning: null,
    consecutiveFailures: 0,
    clientCount: 0,
    lastError: null,
    lastProbeAt: null,
    probeSeq: 0,
    lastResultSeq: 0,
    incident: 0,
    downSince: null,
    lastSyncAt: null,
    lastSyncStats: null,
    lastSyncError: null,
    driftReported: [],
  }),
  // Once, at creation: probe at once and start both ticks.
  entry: ["startProbe", "armHealthTick", "armSyncTick"],
  initial: "probing",
  states: {
    probing: {
      always: [
        { guard: "isOk", target: "healthy" },
        { guard: "isDegraded", target: "degraded" },
        { guard: "isDown", target: "down" },
      ],
      on: {
        ...watching(),
        DRAIN: "draining",
      },
    },
    healthy: {
      always: [
        { guard: "isDegraded", target: "degraded" },
        { guard: "isDown", target: "down" },
      ],
      on: {
        ...watching(),
        DRAIN: "draining",
      },
    },
    degraded: {
      always: [
        { guard: "isOk", target: "healthy" },
        { guard: "isDown", target: "down" },
      ],
      on: {
        ...watching(),
        DRAIN: "draining",
      },
    },
    down: {
      always: [
        { guard: "isOk", target: "healthy" },
        { guard: "isDegraded", target: "degraded" },
      ],
      on: {
        ...watching(),
        DRAIN: "draining",
      },
    },
    /** No new clients; existing ones stay, so health and usage are still watched. */
    draining: {
      initial: "up",
      states: {
        up: { always: { guard: "isDown", target: "down" } },
        down: { always: { guard: "isUp", target: "up" } },
      },
      on: {
        ...watching(),
        RESUME: [
          { guard: "isOk", target: "healthy" },
          { guard: "isDegraded", target: "degraded" },
          { guard: "isDown", target: "down" },
          { target: "probing" },
        ],
      },
    },
    /** Out of service for good: no ticks, and results still in flight are ignored. */
    retired: {
      entry: [
        { type: "cancelTimer", params: { key: "health" } },
        { type: "cancelTimer", params: { key: "sync" } },
      ],
    },
  },
});

/** The events every state in service handles the same way: ticks, probes, syncs, configuration, retirement. */
function watching() {
  return {
    HEALTH_TICK: { actions: ["armHealthTick", "startProbe"] },
    PROBE_NOW: { actions: "startProbe" },
    PROBED: { guard: "freshResult", actions: "recordSuccess" },
    PROBE_FAILED: { guard: "freshResult", actions: "recordFailure" },
    EFFECT_FAILED: [
      { guard: "probeFailed", actions: "recordFailure" },
      { guard: "syncFailed", actions: "recordSyncFailure" },
    ],
    SYNC_TICK: [{ guard: "reachable", actions: ["armSyncTick", "startSync"] }, { actions: "armSyncTick" }],
    SYNC_NOW: { guard: "reachable", actions: "startSync" },
    SYNCED: { actions: "recordSync" },
    CONFIGURE: { actions: "configure" },
    RETIRE: { target: "#server.retired" },
  } as const;
}

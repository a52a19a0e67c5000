/** The server machine alone: no store, no network; events in, state and requested actions out. */
import { describe, expect, test } from "bun:test";
import type { AnyMachineSnapshot } from "xstate";
import { pureInitialTransition, pureTransition } from "../../actors/transition.ts";
import { stateName } from "../../actors/snapshots.ts";
import { DRIFT_MEMORY, serverMachine, type ServerContext, type ServerEvent, type SyncStats } from "../../machines/server.ts";

const T0 = Date.UTC(2026, 10, 26, 9);
const MINUTE = 60_000;

type Sent = ServerEvent extends infer E ? (E extends ServerEvent ? Omit<E, "at"> & { at?: number } : never) : never;

/** Drives the machine like the runtime does, stamping events with the current time. */
function server(input: Partial<{ healthIntervalMs: number; syncIntervalMs: number; slowLatencyMs: number }> = {}) {
  let at = T0;
  let [snapshot, actions] = pureInitialTransition(serverMachine, {
    serverId: "7",
    name: "de-1",
    healthIntervalMs: MINUTE,
    syncIntervalMs: 5 * MINUTE,
    at,
    ...input,
  });
  const plain = () => actions.map((a) => ({ type: a.type as string, params: (a.params ?? {}) as Record<string, unknown> }));
  return {
    get state() {
      return stateName(snapshot.value);
    },
    get context() {
      return snapshot.context as ServerContext;
    },
    actions: (): Record<string, unknown>[] => plain().map((a) => ({ type: a.type, ...a.params })),
    effects: (name?: string) =>
      plain()
        .filter((a) => a.type === "effect")
        .map((a) => a.params as { name: string; input: any })
        .filter((e) => name === undefined || e.name === name),
    advance(ms: number) {
      at += ms;
    },
    send(event: Sent) {
      [snapshot, actions] = pureTransition(serverMachine, snapshot as AnyMachineSnapshot, { at, ...event });
      return this;
    },
  };
}

const ok = (seq: number, extra: Partial<{ latencyMs: number; coreRunning: boolean; clients: number }> = {}): Sent => ({
  type: "PROBED",
  seq,
  latencyMs: 20,
  coreRunning: true,
  clients: 3,
  ...extra,
});
const failed = (seq: number, errorKind = "transient", message = "cannot reach 10.0.0.1:2095 (status)"): Sent => ({ type: "PROBE_FAILED", seq, errorKind, message });
const stats: SyncStats = { requests: 1, clients: 2, rowsUpdated: 1, eventsSent: 0, eventsFailed: 0, driftCount: 0, durationMs: 3 };

describe("the server machine", () => {
  test("probes at once and arms both ticks when created", () => {
    const s = server();
    expect(s.state).toBe("probing");
    expect(s.actions()).toEqual([
      { type: "effect", name: "probe", input: { serverId: "7", seq: 1 } },
      { type: "setTimer", key: "health", at: T0 + MINUTE, event: { type: "HEALTH_TICK" } },
      { type: "setTimer", key: "sync", at: T0 + 5 * MINUTE, event: { type: "SYNC_TICK" } },
    ]);
  });

  test("a result older than one already counted is ignored", () => {
    const s = server().send(ok(1)).send({ type: "PROBE_NOW" }).send({ type: "PROBE_NOW" });
    s.send(failed(3));
    expect(s.context.consecutiveFailures).toBe(1);
    s.send(ok(2));
    expect(s.context.consecutiveFailures).toBe(1);
    expect(s.actions()).toEqual([]);
  });

  test("is degraded when the core is stopped or the answer is slow, and healthy again after", () => {
    const s = server({ slowLatencyMs: 500 }).send(ok(1));
    expect(s.state).toBe("healthy");
    s.send({ type: "PROBE_NOW" }).send(ok(2, { latencyMs: 900 }));
    expect(s.state).toBe("degraded");
    expect(s.context.lastError).toBe("the panel answered slowly (900 ms, more than 500 ms)");
    s.send({ type: "PROBE_NOW" }).send(ok(3, { coreRunning: false }));
    expect(s.context.lastError).toContain("core is not running");
    s.send({ type: "PROBE_NOW" }).send(ok(4));
    expect(s.state).toBe("healthy");
    expect(s.context.lastError).toBeNull();
  });

  test("a refused token is down at once; more failures while down alert nobody", () => {
    const s = server().send(ok(1)).send({ type: "PROBE_NOW" }).send(failed(2, "auth", "the panel rejected the API token"));
    expect(s.state).toBe("down");
    expect(s.effects("alertAdmins")).toEqual([
      {
        name: "alertAdmins",
        input: expect.objectContaining({ alert: "server-down", errorKind: "auth", dedupeKey: "server-down:7:1", message: "the panel rejected the API token" }),
      },
    ]);
    s.send({ type: "PROBE_NOW" }).send(failed(3));
    expect(s.effects()).toEqual([]);
  });

  test("each incident has its own dedupe keys", () => {
    const s = server().send(ok(1));
    const keys: string[] = [];
    for (let incident = 0; incident < 2; incident++) {
      for (let i = 0; i < 3; i++) s.send({ type: "PROBE_NOW" }).send(failed(s.context.probeSeq));
      keys.push(...s.effects("alertAdmins").map((e) => e.input.dedupeKey));
      s.advance(MINUTE);
      s.send({ type: "PROBE_NOW" }).send(ok(s.context.probeSeq));
      keys.push(...s.effects("alertAdmins").map((e) => e.input.dedupeKey));
    }
    expect(keys).toEqual(["server-down:7:1", "server-recovered:7:1", "server-down:7:2", "server-recovered:7:2"]);
  });

  test("a probe that could not even run counts as a failure", () => {
    const s = server().send({ type: "EFFECT_FAILED", effect: "probe", errorKind: "permanent", message: "boom", input: { serverId: "7", seq: 1 } });
    expect(s.context).toMatchObject({ consecutiveFailures: 1, lastError: "boom" });
  });

  test("syncs only while the panel answers, keeping the tick either way", () => {
    const s = server();
    s.advance(5 * MINUTE);
    s.send({ type: "SYNC_TICK" });
    expect(s.effects("syncUsage")).toEqual([]);
    expect(s.actions()).toContainEqual({ type: "setTimer", key: "sync", at: T0 + 10 * MINUTE, event: { type: "SYNC_TICK" } });
    s.send(ok(1)).send({ type: "SYNC_NOW" });
    expect(s.effects("syncUsage")).toEqual([{ name: "syncUsage", input: { serverId: "7" } }]);
    s.send({ type: "SYNCED", stats, driftNames: [] });
    expect(s.context).toMatchObject({ lastSyncAt: T0 + 5 * MINUTE, lastSyncStats: stats, clientCount: 2 });
    s.send({ type: "EFFECT_FAILED", effect: "syncUsage", errorKind: "transient", message: "timed out", input: { serverId: "7" } });
    expect(s.context.lastSyncError).toBe("timed out");
    expect(s.state).toBe("healthy");
  });

  test("reports each drifting name once, and again only if it comes back", () => {
    const s = server().send(ok(1));
    const driftAlerts = () => s.effects("alertAdmins").map((e) => e.input.names);
    s.send({ type: "SYNCED", stats, driftNames: ["b", "a"] });
    expect(driftAlerts()).toEqual([["a", "b"]]);
    s.send({ type: "SYNCED", stats, driftNames: ["a", "b", "c"] });
    expect(driftAlerts()).toEqual([["c"]]);
    s.send({ type: "SYNCED", stats, driftNames: ["a", "b", "c"] });
    expect(driftAlerts()).toEqual([]);
    s.send({ type: "SYNCED", stats, driftNames: ["a"] });
    s.send({ type: "SYNCED", stats, driftNames: ["a", "c"] });
    expect(driftAlerts()).toEqual([["c"]]);
  });

  test("remembers a bounded number of drift names", () => {
    const s = server().send(ok(1));
    const names = Array.from({ length: DRIFT_MEMORY + 50 }, (_, i) => `hand-${String(i).padStart(4, "0")}`);
    s.send({ type: "SYNCED", stats, driftNames: names });
    expect(s.context.driftReported).toHaveLength(DRIFT_MEMORY);
    const first = s.effects("alertAdmins")[0]!.input;
    expect(first.names).toHaveLength(DRIFT_MEMORY + 50);
    // Past the memory the same leftover list comes back each time, under one dedupe key the notifier sends once.
    s.send({ type: "SYNCED", stats, driftNames: names });
    const again = s.effects("alertAdmins")[0]!.input;
    s.send({ type: "SYNCED", stats, driftNames: names });
    expect(s.effects("alertAdmins")[0]!.input.dedupeKey).toBe(again.dedupeKey);
    expect(again.names).toHaveLength(50);
  });

  test("draining keeps watching: a drained server can go down and come back, and resumes into its health", () => {
    const s = server().send(ok(1)).send({ type: "DRAIN" });
    expect(s.state).toBe("draining.up");
    for (let i = 2; i <= 4; i++) s.send({ type: "HEALTH_TICK" }).send(failed(i));
    expect(s.state).toBe("draining.down");
    expect(s.effects("alertAdmins")).toHaveLength(1);
    s.send({ type: "RESUME" });
    expect(s.state).toBe("down");
    s.send({ type: "DRAIN" });
    expect(s.state).toBe("draining.down");
    s.send({ type: "PROBE_NOW" }).send(ok(6, { coreRunning: false }));
    expect(s.state).toBe("draining.up");
    expect(s.effects("alertAdmins")[0]!.input).toMatchObject({ alert: "server-recovered", health: "degraded" });
    s.send({ type: "RESUME" });
    expect(s.state).toBe("degraded");
  });

  test("a retired server cancels its ticks and ignores what was still in flight", () => {
    const s = server().send(ok(1)).send({ type: "PROBE_NOW" }).send({ type: "RETIRE" });
    expect(s.state).toBe("retired");
    expect(s.actions()).toEqual([
      { type: "cancelTimer", key: "health" },
      { type: "cancelTimer", key: "sync" },
    ]);
    for (const event of [failed(2), { type: "HEALTH_TICK" }, { type: "SYNC_TICK" }, { type: "DRAIN" }, { type: "RESUME" }] as Sent[]) {
      s.send(event);
      expect(s.state).toBe("retired");
      expect(s.actions()).toEqual([]);
    }
  });

  test("new intervals re-arm the ticks from now", () => {
    const s = server().send(ok(1));
    s.advance(10_000);
    s.send({ type: "CONFIGURE", healthIntervalMs: 5_000 });
    expect(s.actions()).toEqual([{ type: "setTimer", key: "health", at: T0 + 15_000, event: { type: "HEALTH_TICK" } }]);
    s.send({ type: "CONFIGURE", name: "de-2" });
    expect(s.context.name).toBe("de-2");
    expect(s.actions()).toEqual([]);
  });
});

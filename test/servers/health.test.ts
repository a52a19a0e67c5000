import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";
import { createServerWorld, journalCount, MINUTE, type ServerWorld } from "./world.ts";
import { pickServer } from "../../src/servers/placement.ts";

let world: ServerWorld;
let panel: SuiPanel;

beforeEach(async () => {
  world = await createServerWorld({ healthIntervalMs: MINUTE, syncIntervalMs: 10 * MINUTE });
  panel = await startSuiPanel();
});
afterEach(async () => {
  await world.close();
  await panel.stop();
});

async function addPanel(name = "de-1"): Promise<string> {
  const added = await world.servers.add({ name, panelUrl: panel.url, apiToken: panel.token, inboundIds: [1, 2] });
  if (!added.ok) throw new Error(added.error.message);
  await world.settle();
  return added.value.id;
}

const serverRow = (id: string) =>
  world.db.query<{ state: string; consecutive_failures: number; last_error: string | null; latency_ms: number | null }, [string]>(
    "SELECT state, consecutive_failures, last_error, latency_ms FROM servers WHERE id = ?",
  ).get(id)!;

describe("a server's health", () => {
  test("goes down after three failed probes, across a restart, and comes back: one alert each way", async () => {
    const id = await addPanel();
    expect(world.runtime.read("server", id)!.state).toBe("healthy");
    expect(serverRow(id).state).toBe("healthy");

    // The machine goes away: two probes fail before subkeeper itself restarts.
    await panel.setFault({ mode: "down" });
    await world.elapse(MINUTE);
    await world.elapse(MINUTE);
    expect(world.runtime.read("server", id)!.state).toBe("healthy");
    expect(serverRow(id).consecutive_failures).toBe(2);
    expect(serverRow(id).last_error).toContain("cannot reach");

    await world.reopen();
    const timers = world.runtime.read("server", id)!.timers.map((t) => t.key).sort();
    expect(timers).toEqual(["health", "sync"]);

    // The third failure, counted by the new process, takes the server down.
    await world.elapse(MINUTE);
    expect(world.runtime.read("server", id)!.state).toBe("down");
    expect(serverRow(id)).toMatchObject({ state: "down", consecutive_failures: 3 });
    expect(pickServer(world.db, "default")).toBeNull();
    await world.elapse(MINUTE);
    await world.elapse(MINUTE);
    expect(serverRow(id).consecutive_failures).toBe(5);
    expect(world.notices.alertsOf("server-down")).toHaveLength(1);
    expect(world.notices.alertsOf("server-down")[0]).toMatchObject({ serverId: id, name: "de-1", failures: 3 });

    await panel.restart();
    await world.elapse(MINUTE);
    expect(world.runtime.read("server", id)!.state).toBe("healthy");
    expect(serverRow(id)).toMatchObject({ state: "healthy", consecutive_failures: 0, last_error: null });
    expect(pickServer(world.db, "default")).toBe(id);
    await world.elapse(MINUTE);

    expect(world.notices.alertsOf("server-down")).toHaveLength(1);
    expect(world.notices.alertsOf("server-recovered")).toHaveLength(1);
    const [down, recovered] = [world.notices.alertsOf("server-down")[0]!, world.notices.alertsOf("server-recovered")[0]!];
    expect(recovered).toMatchObject({ serverId: id, downForMs: 3 * MINUTE });
    expect(down.dedupeKey).toBe(`server-down:${id}:1`);
    expect(recovered.dedupeKey).toBe(`server-recovered:${id}:1`);
    // One probe per tick, ticks every minute from the add: 1 at creation + 7 ticks.
    expect(journalCount(world.db, "server", id, "HEALTH_TICK")).toBe(7);
  });

  test("a refused token takes the server down at once, and a new token brings it back", async () => {
    const id = await addPanel();
    panel.setToken("a-token-someone-rotated-on-the-panel-00");
    await world.elapse(MINUTE);
    expect(serverRow(id).state).toBe("down");
    expect(serverRow(id).consecutive_failures).toBe(1);
    expect(serverRow(id).last_error).toContain("rejected the API token");
    expect(world.notices.alertsOf("server-down")).toHaveLength(1);
    expect(world.notices.alertsOf("server-down")[0]).toMatchObject({ errorKind: "auth" });

    const wrong = await world.servers.update(id, { apiToken: "still-not-the-right-token-000000" });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.code).toBe("auth");

    const fixed = await world.servers.update(id, { apiToken: panel.token });
    expect(fixed.ok).toBe(true);
    await world.settle();
    expect(serverRow(id).state).toBe("healthy");
    expect(world.notices.alertsOf("server-recovered")).toHaveLength(1);
  });

  test("a stopped core makes the server degraded: it answers, but takes no new clients", async () => {
    const id = await addPanel();
    panel.setCoreRunning(false);
    await world.elapse(MINUTE);
    expect(serverRow(id).state).toBe("degraded");
    expect(serverRow(id).last_error).toContain("core is not running");
    expect(pickServer(world.db, "default")).toBeNull();
    panel.setCoreRunning(true);
    await world.elapse(MINUTE);
    expect(serverRow(id).state).toBe("healthy");
    expect(world.notices.alerts).toHaveLength(0);
  });

  test("a drained server takes no new clients but is still probed, and a retired one is no longer probed", async () => {
    const id = await addPanel();
    const drained = await world.servers.drain(id);
    expect(drained.ok && drained.value.state).toBe("draining");
    expect(pickServer(world.db, "default")).toBeNull();

    await panel.setFault({ mode: "down" });
    for (let i = 0; i < 3; i++) await world.elapse(MINUTE);
    expect(world.runtime.read("server", id)!.state).toBe("draining.down");
    expect(world.notices.alertsOf("server-down")).toHaveLength(1);
    await panel.restart();
    await world.elapse(MINUTE);
    expect(world.runtime.read("server", id)!.state).toBe("draining.up");
    expect(world.notices.alertsOf("server-recovered")).toHaveLength(1);

    const resumed = await world.servers.resume(id);
    expect(resumed.ok && resumed.value.state).toBe("healthy");
    expect(pickServer(world.db, "default")).toBe(id);

    const retired = await world.servers.retire(id);
    expect(retired.ok && retired.value.state).toBe("retired");
    expect(world.runtime.read("server", id)!.timers).toEqual([]);
    panel.resetCounts();
    await world.elapse(10 * MINUTE);
    expect(panel.counts()).toEqual({});

    const again = await world.servers.resume(id);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error).toMatchObject({ code: "invalid-state", message: 'server "de-1" is retired; add it again to use it' });
  });
});

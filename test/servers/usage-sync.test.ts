import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";
import { createServerWorld, GB, journalCount, MINUTE, seedSubscriptions, type SeededSubscription, type ServerWorld } from "./world.ts";
import type { ServerContext } from "../../machines/server.ts";

let world: ServerWorld;
let panel: SuiPanel;

beforeEach(async () => {
  world = await createServerWorld({ healthIntervalMs: MINUTE, syncIntervalMs: 5 * MINUTE });
  panel = await startSuiPanel();
});
afterEach(async () => {
  await world.close();
  await panel.stop();
});

async function addPanel(): Promise<string> {
  const added = await world.servers.add({ name: "de-1", panelUrl: panel.url, apiToken: panel.token, inboundIds: [1] });
  if (!added.ok) throw new Error(added.error.message);
  await world.settle();
  return added.value.id;
}

const VOLUME = 10 * GB;
const CLIENTS = 10_000;
const nameOf = (i: number) => `sk-sub-${String(i).padStart(5, "0")}`;

/**
 * What each of the 10,000 subscriptions looked like at the last sync (`before`, `level`) and what the panel counts
 * now (`panel`). Only the first rows are interesting; the rest grow a little and cross nothing.
 */
function scenario(i: number): Scenario {
  const s = unroundedScenario(i);
  return { ...s, before: Math.round(s.before), panel: Math.round(s.panel) };
}

interface Scenario {
  before: number;
  panel: number;
  level: number;
  state?: SeededSubscription["state"];
  actor: boolean;
  wakes: boolean;
}

function unroundedScenario(i: number): Scenario {
  if (i < 10) return { before: 7 * GB, panel: 8.5 * GB, level: 0, actor: true, wakes: true }; // crosses 80 %
  if (i < 15) return { before: 9 * GB, panel: 9.7 * GB, level: 80, actor: true, wakes: true }; // crosses 95 %
  if (i < 18) return { before: 9.8 * GB, panel: 10.5 * GB, level: 95, actor: true, wakes: true }; // goes over
  if (i < 20) return { before: 1 * GB, panel: 11 * GB, level: 0, actor: true, wakes: true }; // over in one jump
  if (i < 25) return { before: 1 * GB, panel: 2 * GB, level: 0, actor: true, wakes: false }; // grows, crosses nothing
  if (i === 25) return { before: 8.5 * GB, panel: 9 * GB, level: 80, actor: true, wakes: false }; // already warned at 80
  if (i === 26) return { before: 10.5 * GB, panel: 10.6 * GB, level: 100, state: "limited", actor: true, wakes: false };
  if (i === 27) return { before: 5 * GB, panel: 12 * GB, level: 0, state: "expired", actor: true, wakes: false };
  if (i % 10 === 9) return { before: 3 * GB, panel: 3 * GB, level: 0, actor: false, wakes: false }; // no traffic since
  return { before: 1 * GB, panel: 1 * GB + i * 1000, level: 0, actor: false, wakes: false };
}

describe("the usage sync", () => {
  test("reads 10,000 clients in one request, writes the counters, and wakes only the subscriptions that crossed a threshold", async () => {
    const serverId = await addPanel();
    const subs: SeededSubscription[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const s = scenario(i);
      const client = panel.addClientByHand({ name: nameOf(i), inbounds: [1], volume: VOLUME, up: Math.round(s.panel / 4), down: s.panel - Math.round(s.panel / 4) });
      subs.push({
        id: `sub-${i}`,
        clientName: nameOf(i),
        serverId,
        panelClientId: client.id,
        state: s.state,
        volumeBytes: VOLUME,
        usedBytes: s.before,
        usageLevel: s.level,
        withActor: s.actor,
      });
    }
    seedSubscriptions(world.db, subs, world.clock.at);
    panel.resetCounts();

    const synced = await world.servers.syncNow(serverId);
    expect(synced.ok).toBe(true);
    await world.settle();

    const server = world.runtime.read("server", serverId)!.context as ServerContext;
    const woken = subs.filter((_, i) => scenario(i).wakes);
    const goingOver = subs.filter((_, i) => i >= 15 && i < 20);
    const unchanged = subs.filter((_, i) => scenario(i).before === scenario(i).panel).length;
    expect(server.lastSyncStats).toMatchObject({
      requests: 1,
      clients: CLIENTS,
      rowsUpdated: CLIENTS - unchanged,
      eventsSent: woken.length,
      eventsFailed: 0,
      driftCount: 0,
    });
    expect(server.lastSyncAt).toBe(world.clock.at);

    // The panel saw one listing of all clients. Everything else it saw came from the five subscriptions that went
    // over their volume and disabled their own client (one fresh read and one edit each).
    expect(panel.counts()).toEqual({
      clients: 1 + goingOver.length,
      save: goingOver.length,
      "save:clients:edit": goingOver.length,
    });
    for (const sub of goingOver) expect(panel.client(Number(sub.panelClientId))!.enable).toBe(false);

    // Every counter is in the read model.
    const used = new Map(
      world.db.query<{ id: string; used_bytes: number }, []>("SELECT id, used_bytes FROM subscriptions").all().map((r) => [r.id, r.used_bytes]),
    );
    subs.forEach((sub, i) => expect(used.get(sub.id)).toBe(scenario(i).panel));

    // Events went to the woken subscriptions only: each has one USAGE in its journal, no other actor has one, and a
    // subscription without an actor was never sent anything (that would have counted as a failed event).
    for (const sub of subs.filter((s) => s.withActor)) {
      expect(journalCount(world.db, "subscription", sub.id, "USAGE")).toBe(woken.includes(sub) ? 1 : 0);
    }
    expect(world.db.query("SELECT COUNT(*) AS n FROM journal WHERE event_type = 'USAGE'").get()).toEqual({ n: woken.length });

    const stateOf = (i: number) => world.runtime.read("subscription", `sub-${i}`)!.state;
    expect([0, 10, 15, 18, 20, 25, 26, 27].map(stateOf)).toEqual(["active", "active", "limited", "limited", "active", "active", "limited", "expired"]);
    const kinds = world.notices.notices.map((n) => n.kind);
    expect(kinds.filter((k) => k === "traffic-80")).toHaveLength(10);
    expect(kinds.filter((k) => k === "traffic-95")).toHaveLength(5);
    expect(kinds.filter((k) => k === "limited")).toHaveLength(5);
    expect(kinds).toHaveLength(20);

    // A second sync with nothing new on the panel writes nothing and wakes nobody.
    panel.resetCounts();
    await world.servers.syncNow(serverId);
    await world.settle();
    expect((world.runtime.read("server", serverId)!.context as ServerContext).lastSyncStats).toMatchObject({ requests: 1, rowsUpdated: 0, eventsSent: 0 });
    expect(panel.counts()).toEqual({ clients: 1 });
  });

  test("runs on its tick while the panel answers, and not while it is down", async () => {
    const serverId = await addPanel();
    panel.resetCounts();
    await world.elapse(5 * MINUTE);
    expect(panel.counts().clients).toBe(1);
    expect((world.runtime.read("server", serverId)!.context as ServerContext).lastSyncAt).toBe(world.clock.at);

    await panel.setFault({ mode: "down" });
    for (let i = 0; i < 5; i++) await world.elapse(MINUTE);
    expect(world.runtime.read("server", serverId)!.state).toBe("down");
    const refused = await world.servers.syncNow(serverId);
    expect(refused.ok).toBe(false);
    await panel.restart();
    panel.resetCounts();
    await world.elapse(MINUTE);
    expect(panel.counts()).toEqual({ status: 1 });
    expect(world.runtime.read("server", serverId)!.timers.find((t) => t.key === "sync")!.dueAt).toBe(world.clock.at + 4 * MINUTE);
  });

  test("reports a client added by hand on the panel once, and leaves it alone", async () => {
    const serverId = await addPanel();
    const own = panel.addClientByHand({ name: "sk-sub-a", inbounds: [1], up: 10, down: 10 });
    seedSubscriptions(world.db, [{ id: "sub-a", clientName: "sk-sub-a", serverId, panelClientId: own.id, volumeBytes: VOLUME, usedBytes: 0, usageLevel: 0, withActor: true }], world.clock.at);
    const stranger = panel.addClientByHand({ name: "friend-of-the-admin", inbounds: [1], up: 5 * GB });

    await world.elapse(5 * MINUTE);
    await world.elapse(5 * MINUTE);
    await world.elapse(5 * MINUTE);

    const drift = world.notices.alertsOf("drift");
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatchObject({ serverId, names: ["friend-of-the-admin"], totalDrift: 1 });
    expect(panel.client(stranger.id)).toMatchObject({ name: "friend-of-the-admin", enable: true, up: 5 * GB });
    expect(world.db.query("SELECT id FROM subscriptions WHERE client_name = 'friend-of-the-admin'").all()).toEqual([]);

    // A second stranger is news; the first is not repeated.
    panel.addClientByHand({ name: "another-by-hand", inbounds: [1] });
    await world.elapse(5 * MINUTE);
    expect(world.notices.alertsOf("drift").map((a) => a.names)).toEqual([["friend-of-the-admin"], ["another-by-hand"]]);
    expect(world.notices.alertsOf("drift")[1]!.dedupeKey).not.toBe(drift[0]!.dedupeKey);
    expect(panel.clients().map((c) => c.name).sort()).toEqual(["another-by-hand", "friend-of-the-admin", "sk-sub-a"]);
  });
});

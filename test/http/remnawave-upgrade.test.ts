/**
 * A Remnawave panel upgraded from 2.x to 3.x under running subscriptions (3.0 removed user uuids: every stored key
 * went stale). The next panel write finds the customer's user by name, goes on with its numeric id and stores it;
 * the 400 the panel answers the old uuid with is never read as a missing user, so no second user is ever created.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { openTokenBox } from "../../src/panels/token-box.ts";
import { syncUsage } from "../support/servers.ts";
import { insertServer } from "../../src/store/servers.ts";
import { startRemnawavePanel, type RemnawavePanel } from "../fakes/remnawave-panel.ts";
import { GB } from "../support/world.ts";
import { createHttpWorld, type HttpWorld } from "./support.ts";

let h: HttpWorld;
let panel: RemnawavePanel;
beforeEach(async () => {
  h = await createHttpWorld();
});
afterEach(async () => {
  await panel.stop();
  await h.close();
});

test("2.8.1 → 3.3.2 in place: the stale uuid is replaced by the user's id on the next write; one user throughout", async () => {
  panel = await startRemnawavePanel({ version: "2.8.1" });
  const tokens = await openTokenBox("a test key that is long enough");
  insertServer(
    h.world.db,
    { id: "rw", name: "rw", panelKind: "remnawave", panelUrl: panel.url, apiTokenSealed: await tokens.seal(panel.token), subUrl: panel.subUrl, inboundIds: [panel.squads()[0]!.uuid], capacity: 0, serverGroup: "default" },
    h.world.clock.now(),
  );
  h.world.db.query("UPDATE servers SET state = CASE id WHEN 'rw' THEN 'healthy' ELSE 'draining' END").run();
  const sub = await h.activeSubscription(101, { trafficBytes: 20 * GB });
  const name = `sk-${sub.id}`;
  const before = panel.user(name)!;
  expect(h.world.subscriptions.get(sub.id)).toMatchObject({ serverId: "rw" });
  expect(String(h.world.db.query<{ k: string }, [string]>("SELECT panel_client_id AS k FROM subscriptions WHERE id = ?").get(sub.id)!.k)).toBe(before.uuid);

  // The upgrade: the same address and token, the users carried over with their traffic, uuids gone.
  const { port, token } = panel;
  await panel.stop();
  panel = await startRemnawavePanel({ version: "3.3.2", port, token });
  const carried = panel.addUserByHand({ username: name, trafficLimitBytes: before.trafficLimitBytes, expireAtMs: before.expireAtMs, squads: [panel.squads()[0]!.uuid] });
  panel.addTraffic(name, 2 * GB);

  // A ban is a panel write: the old key is refused with 400, the user is found by name and disabled by id.
  const banned = await h.call("POST", `/api/actors/subscription/${sub.id}/events`, { body: { type: "SUSPEND" } });
  expect(banned.status).toBe(202);
  await h.world.settle();
  expect(panel.users()).toHaveLength(1);
  expect(panel.user(name)!.status).toBe("DISABLED");
  expect(String(h.world.db.query<{ k: string }, [string]>("SELECT panel_client_id AS k FROM subscriptions WHERE id = ?").get(sub.id)!.k)).toBe(String(carried.id));
  panel.resetCounts();
  await h.call("POST", `/api/actors/subscription/${sub.id}/events`, { body: { type: "UNSUSPEND" } });
  await h.world.settle();
  expect(panel.user(name)!.status).toBe("ACTIVE");
  // Straight to the new key: no lookup by name, no refused uuid.
  expect(panel.counts()["users:by-username"]).toBeUndefined();
  expect(panel.requests().filter((r) => r.status === 400)).toEqual([]);

  // The usage sync reads the counter by the new key; revoking deletes that user.
  await syncUsage(h.world, "rw");
  await h.world.settle();
  expect(h.world.subscriptions.get(sub.id)).toMatchObject({ usedBytes: 2 * GB, totalBytes: 20 * GB });
  await h.call("POST", `/api/actors/subscription/${sub.id}/events`, { body: { type: "REVOKE" } });
  await h.world.settle();
  expect(h.world.subscriptions.get(sub.id)!.state).toBe("revoked");
  expect(panel.users()).toEqual([]);
});

/**
 * Everything above the driver, on a 3x-ui server (v2.9.4: clients inside inbounds; v3.6.0: clients as their own
 * resource): purchase, usage warnings and the limit, renewal with each policy, a traffic pack, suspend (ban) and
 * unsuspend, drift, expiry, revoke. The client's volume and expiry on the panel follow the subscription each time,
 * and counted traffic is never lost by an update.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createWorld, GB, type World } from "../support/world.ts";
import { DAY_MS } from "../../src/domain/time.ts";
import { syncUsage } from "../support/servers.ts";
import { XuiDriver } from "../../src/panels/xui-driver.ts";
import { startXuiPanel, type XuiPanel } from "../fakes/xui-panel.ts";

for (const version of ["2.9.4", "3.6.0"] as const) {
  describe(`a subscription's life on 3x-ui ${version}`, () => {
    let world: World;
    let xui: XuiPanel;
    beforeEach(async () => {
      world = await createWorld();
      xui = await startXuiPanel({ version });
      await world.useOnlyServer({ id: "x1", name: "x1", panelKind: "3x-ui", panelUrl: xui.url, secret: xui.password, panelUsername: xui.username, subUrl: xui.subUrl, inboundIds: [1], capacity: 0, serverGroup: "default" });
    });
    afterEach(async () => {
      await world.close();
      await xui.stop();
    });

    const entryOf = (subscriptionId: string) => xui.client(`sk-${subscriptionId}`)?.entry;
    async function useTraffic(subscriptionId: string, bytes: number) {
      xui.addTraffic(`sk-${subscriptionId}`, Math.floor(bytes / 4), bytes - Math.floor(bytes / 4));
      await world.subscriptions.resync(subscriptionId);
      await world.settle();
    }

    test("purchase, warnings, limit, renewals with each policy, a traffic pack, ban and unban, expiry, revoke", async () => {
      const alice = world.customer(301);
      const monthly = world.plan({ trafficBytes: 10 * GB, renewalPolicy: "reset" });
      const stacking = world.plan({ name: "Stacking 10 GB", trafficBytes: 10 * GB, renewalPolicy: "stack" });
      const pack = world.plan({ name: "Pack 5 GB", kind: "traffic", price: 30_000, trafficBytes: 5 * GB, days: 0 });
      world.credit(alice, 10_000_000);

      const id = await world.buyFromWallet(alice, monthly);
      let sub = world.subscriptions.get(id)!;
      expect(sub.state).toBe("active");
      expect(entryOf(id)).toMatchObject({ totalGB: 10 * GB, enable: true, expiryTime: Math.floor(sub.expiresAt! / 1000) * 1000 });

      await useTraffic(id, 8 * GB + 1);
      expect(world.notices.kinds(alice)).toEqual(["provisioned", "traffic-80"]);
      await useTraffic(id, 2 * GB);
      expect(world.subscriptions.get(id)!.state).toBe("limited");
      expect(entryOf(id)!.enable).toBe(false);

      // Reset renewal: a fresh period; the panel's counters stay and the volume grows by them.
      const renewal = await world.sales.startOrder({ customerId: alice, kind: "renewal", planId: monthly, method: "wallet", subscriptionId: id });
      expect(renewal.ok).toBe(true);
      await world.settle();
      sub = world.subscriptions.get(id)!;
      expect([sub.state, sub.usedBytes, sub.totalBytes, sub.daysLeft]).toEqual(["active", 0, 10 * GB, 60]);
      expect(entryOf(id)).toMatchObject({ enable: true, totalGB: 20 * GB + 1 });
      expect(xui.client(`sk-${id}`)!.up + xui.client(`sk-${id}`)!.down).toBe(10 * GB + 1);

      // Stack renewal, then a traffic pack: what is left carries over; the volume grows on the panel each time.
      await useTraffic(id, 4 * GB);
      await world.sales.startOrder({ customerId: alice, kind: "renewal", planId: stacking, method: "wallet", subscriptionId: id });
      await world.settle();
      expect(world.subscriptions.get(id)!.totalBytes).toBe(20 * GB);
      await world.sales.startOrder({ customerId: alice, kind: "traffic", planId: pack, method: "wallet", subscriptionId: id });
      await world.settle();
      sub = world.subscriptions.get(id)!;
      expect([sub.usedBytes, sub.totalBytes, sub.daysLeft]).toEqual([4 * GB, 25 * GB, 90]);
      expect(entryOf(id)).toMatchObject({ enable: true, totalGB: 10 * GB + 1 + 25 * GB, expiryTime: Math.floor(sub.expiresAt! / 1000) * 1000 });

      // A ban disables the client, an unban enables it again; the counters survive both updates.
      expect(await world.subscriptions.setBanned(alice, true)).toBe(1);
      await world.settle();
      expect(entryOf(id)!.enable).toBe(false);
      await world.subscriptions.setBanned(alice, false);
      await world.settle();
      expect(entryOf(id)!.enable).toBe(true);
      expect(xui.client(`sk-${id}`)!.up + xui.client(`sk-${id}`)!.down).toBe(14 * GB + 1);

      // A client added by hand on the panel is drift, reported and left alone.
      const byHand = new XuiDriver({ panelUrl: xui.url, auth: { type: "login", username: xui.username, password: xui.password }, subUrl: xui.subUrl });
      await byHand.createClient({ name: "made-by-hand", inboundIds: ["1"], volumeBytes: 0, expiryUnixS: 0, enable: true });
      const synced = await syncUsage(world, "x1");
      expect(synced.driftNames).toEqual(["made-by-hand"]);
      expect(xui.client("made-by-hand")).toBeDefined();

      await world.elapse(90 * DAY_MS, 6 * 3600_000);
      expect(world.subscriptions.get(id)!.state).toBe("expired");
      expect(entryOf(id)!.enable).toBe(false);
      expect(world.notices.kinds(alice).filter((k) => k === "expired")).toHaveLength(1);

      await world.subscriptions.revoke(id);
      await world.settle();
      expect(world.runtime.read("subscription", id)!.state).toBe("revoked");
      // (The hand-made client keeps the inbound from going empty, which v2 refuses: see the contract suite.)
      expect(xui.client(`sk-${id}`)).toBeUndefined();
      expect(xui.client("made-by-hand")).toBeDefined();
      // One login for subkeeper, one for the hand-made client's driver.
      expect(xui.counts().login).toBe(2);
    });
  });
}

/**
 * The whole life of a subscription on a Marzban 0.8.4 and on a PasarGuard 5.2.1 server (their simulators): purchase,
 * the 80 % warning, the limit, a renewal with each policy, suspend and resume, expiry and revoke — everything above
 * the driver, on panels that count all traffic in one counter and can only reset it.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { DAY_MS } from "../../src/domain/time.ts";
import { ledgerMismatches } from "../../src/store/ledger.ts";
import { startMarzbanPanel, type MarzbanPanel } from "../fakes/marzban-panel.ts";
import { createWorld, GB, type World } from "../support/world.ts";

let world: World;
let panel: MarzbanPanel;

afterEach(async () => {
  await world.close();
  await panel.stop();
});

for (const flavor of ["marzban", "pasarguard"] as const) {
  describe(`on a ${flavor} server`, () => {
    beforeEach(async () => {
      world = await createWorld();
      panel = startMarzbanPanel({ flavor });
      await world.useOnlyServer({ id: "m1", name: "m1", panelKind: flavor, panelUrl: panel.url, secret: panel.password, panelUsername: panel.username, subUrl: panel.url, inboundIds: [], capacity: 0, serverGroup: "default" });
    });

    const username = (subscriptionId: string) => (flavor === "marzban" ? `sk_${subscriptionId}` : `sk-${subscriptionId}`);

    async function useTraffic(subscriptionId: string, bytes: number) {
      panel.addTraffic(username(subscriptionId), bytes);
      await world.subscriptions.resync(subscriptionId);
      await world.settle();
    }

    test("purchase, warning, limit, renewals with each policy, suspend, expiry, revoke", async () => {
      const alice = world.customer(101);
      const monthly = world.plan({ trafficBytes: 10 * GB, renewalPolicy: "reset" });
      const stacking = world.plan({ name: "Stacking 10 GB", trafficBytes: 10 * GB, renewalPolicy: "stack" });
      world.credit(alice, 10_000_000);

      const id = await world.buyFromWallet(alice, monthly);
      let sub = world.subscriptions.get(id)!;
      expect(sub.state).toBe("active");
      expect(panel.user(username(id))).toMatchObject({ status: "active", dataLimit: 10 * GB, expire: Math.floor(sub.expiresAt! / 1000) });

      await useTraffic(id, 8 * GB + 1);
      expect(world.notices.kinds(alice)).toEqual(["provisioned", "traffic-80"]);
      await useTraffic(id, 2 * GB);
      expect(world.subscriptions.get(id)!.state).toBe("limited");
      expect(panel.user(username(id))!.status).toBe("disabled");

      // Renewal, reset policy: a fresh 10 GB. The panel can only reset its counter, so it does.
      const renewal = await world.sales.startOrder({ customerId: alice, kind: "renewal", planId: monthly, method: "wallet", subscriptionId: id });
      expect(renewal.ok).toBe(true);
      await world.settle();
      sub = world.subscriptions.get(id)!;
      expect([sub.state, sub.usedBytes, sub.totalBytes, sub.daysLeft]).toEqual(["active", 0, 10 * GB, 60]);
      const renewed = panel.user(username(id))!;
      expect(renewed.status).toBe("active");
      expect(renewed.dataLimit! - renewed.usedTraffic).toBe(10 * GB);
      expect(renewed.expire).toBe(Math.floor(sub.expiresAt! / 1000));

      // Renewal, stack policy: what is left carries over.
      await useTraffic(id, 4 * GB);
      const stacked = await world.sales.startOrder({ customerId: alice, kind: "renewal", planId: stacking, method: "wallet", subscriptionId: id });
      expect(stacked.ok).toBe(true);
      await world.settle();
      sub = world.subscriptions.get(id)!;
      expect([sub.usedBytes, sub.totalBytes, sub.daysLeft]).toEqual([4 * GB, 20 * GB, 90]);
      const onPanel = panel.user(username(id))!;
      expect(onPanel.dataLimit! - onPanel.usedTraffic).toBe(16 * GB);

      // Suspended and back: the panel user is disabled and enabled, its traffic untouched.
      await world.runtime.send("subscription", id, { type: "SUSPEND" });
      await world.settle();
      expect(world.subscriptions.get(id)!.state).toBe("suspended");
      expect(panel.user(username(id))!.status).toBe("disabled");
      await world.runtime.send("subscription", id, { type: "UNSUSPEND" });
      await world.settle();
      expect(panel.user(username(id))).toMatchObject({ status: "active", usedTraffic: onPanel.usedTraffic });

      await world.elapse(90 * DAY_MS, 6 * 3600_000);
      expect(world.subscriptions.get(id)!.state).toBe("expired");
      expect(panel.user(username(id))!.status).toBe("disabled");

      await world.subscriptions.revoke(id);
      await world.settle();
      expect(world.runtime.read("subscription", id)!.state).toBe("revoked");
      expect(panel.users()).toHaveLength(0);
      expect(ledgerMismatches(world.db)).toEqual([]);
      expect(panel.counts().login).toBe(1);
    });
  });
}

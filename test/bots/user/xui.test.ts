/**
 * A purchase through the user bot on a 3x-ui server (its simulator at v2.9.4, clients inside inbounds, and at
 * v3.6.0, clients as their own resource), end to end: one client with the plan's volume in bytes and the
 * subscription's expiry in milliseconds and its own vless uuid, `/sub/<token>` serving the panel's links, the usage
 * shown by /subs after one sync (one listing), and one login for the whole run.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { SubscriptionContext } from "../../../machines/subscription.ts";
import { startXuiPanel, type XuiPanel, type XuiVersion } from "../../fakes/xui-panel.ts";
import { activeCard, createBotWorld, GB, inCode, type BotWorld } from "./harness.ts";

let w: BotWorld;
let panel: XuiPanel;

afterEach(async () => {
  await w.close();
  await panel.stop();
});

/** The bot world with its one server a 3x-ui panel (username and password) instead of S-UI. */
async function worldOn(version: XuiVersion): Promise<void> {
  w = await createBotWorld();
  panel = await startXuiPanel({ version });
  await w.useOnlyServer({
    id: "x1", name: "x1", panelKind: "3x-ui", panelUrl: panel.url, secret: panel.password, panelUsername: panel.username,
    subUrl: panel.subUrl, inboundIds: [1, 2], capacity: 0, serverGroup: "default",
  });
}

for (const version of ["2.9.4", "3.6.0"] as const) {
  describe(`buying on a 3x-ui ${version} server`, () => {
    beforeEach(async () => {
      await worldOn(version);
    });

    test("one client with the plan's bytes and the expiry in ms, /sub serves the panel's links, usage shows after a sync, one login", async () => {
      w.plan({ name: "Monthly 50 GB", price: 150_000, trafficBytes: 50 * GB, days: 30 });
      const alice = w.person(6201, "en", { firstName: "Alice" });
      const { sub, ready } = await w.buyApproved(alice);
      expect(sub.state).toBe("active");
      expect(inCode(ready, sub.link)).toBe(true);

      // One client, keyed by our name, with bytes and milliseconds, the subscription's own uuid and password.
      const name = `sk-${sub.id}`;
      const context = w.core.runtime.read("subscription", sub.id)!.context as SubscriptionContext;
      const credentials = context.credentials as Record<string, Record<string, string>>;
      const clients = panel.clients();
      expect(clients.map((c) => c.entry.email)).toEqual([name]);
      expect(clients[0]!.entry).toMatchObject({ subId: name, totalGB: 50 * GB, enable: true, uuid: credentials.vless!.uuid, password: credentials.trojan!.password });
      expect(Math.floor(Number(clients[0]!.entry.expiryTime) / 1000)).toBe(Math.floor(sub.expiresAt! / 1000));
      // Before v3.1 a client sits in one inbound (the first listed); from v3.1 in all of them.
      expect(clients[0]!.inboundIds).toEqual(version === "2.9.4" ? [1] : [1, 2]);
      expect(context.panelClientId).toBe(name);

      // The customer's /sub link, through subkeeper, serves this panel's links.
      const answer = await w.fetchSub(sub.token);
      expect(answer.status).toBe(200);
      const links = Buffer.from(await answer.text(), "base64").toString();
      expect(links).toContain(`vless://${credentials.vless!.uuid}@`);

      // Traffic on the panel, one sync of the server (one listing), and /subs shows it.
      panel.addTraffic(name, 1 * GB, 2 * GB);
      const loginsSoFar = panel.counts().login ?? 0;
      panel.resetCounts();
      const synced = await w.syncUsage("x1");
      expect(synced.stats.rowsUpdated).toBe(1);
      expect(panel.counts()).toEqual(version === "2.9.4" ? { "inbounds/list": 1 } : { "clients/list": 1 });
      await w.settle();
      const card = await activeCard(alice);
      expect(card.caption).toContain("Used 3 GB of 50 GB (6%)");

      w.clock.advance(60_000);
      const again = await w.fetchSub(sub.token);
      expect(again.headers.get("subscription-userinfo")).toContain(`download=${2 * GB}`);
      expect(panel.clients()).toHaveLength(1);
      // Every driver of this panel in the run shared one session: one login in all.
      expect(loginsSoFar + (panel.counts().login ?? 0)).toBe(1);
    });
  });
}

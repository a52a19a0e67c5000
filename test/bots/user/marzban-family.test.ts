/**
 * A purchase through the user bot on a Marzban 0.8.4 and on a PasarGuard 5.2.1 server (their simulators), end to
 * end: one user on the panel with the plan's volume and expiry, `/sub/<token>` serving that panel's links and
 * usage, the usage shown by /subs after a sync, and at most a few logins to the panel in the whole run.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startMarzbanPanel, type MarzbanFlavor, type MarzbanPanel } from "../../fakes/marzban-panel.ts";
import { activeCard, createBotWorld, GB, inCode, type BotWorld } from "./harness.ts";

let w: BotWorld;
let panel: MarzbanPanel;

afterEach(async () => {
  await w.close();
  await panel.stop();
});

/** The bot world with its one server a Marzban-family panel instead of S-UI. */
async function worldOn(flavor: MarzbanFlavor): Promise<void> {
  w = await createBotWorld();
  panel = startMarzbanPanel({ flavor });
  await w.useOnlyServer({
    id: "m1", name: "m1", panelKind: flavor, panelUrl: panel.url, secret: panel.password,
    panelUsername: panel.username, subUrl: panel.url, inboundIds: [], capacity: 0, serverGroup: "default",
  });
}

for (const flavor of ["marzban", "pasarguard"] as const) {
  describe(`buying on a ${flavor} server`, () => {
    beforeEach(async () => {
      await worldOn(flavor);
    });

    test("one user with the plan's volume and expiry, /sub serves the panel's links, usage shows after a sync", async () => {
      w.plan({ name: "Monthly 50 GB", price: 150_000, trafficBytes: 50 * GB, days: 30 });
      const alice = w.person(6001, "en", { firstName: "Alice" });
      const { sub, ready } = await w.buyApproved(alice);
      expect(sub.state).toBe("active");
      expect(inCode(ready, sub.link)).toBe(true);

      // One user, named as the panel allows, with the plan's bytes and the subscription's expiry in seconds.
      const username = flavor === "marzban" ? `sk_${sub.id}` : `sk-${sub.id}`;
      const users = panel.users();
      expect(users.map((u) => u.username)).toEqual([username]);
      expect(users[0]).toMatchObject({ status: "active", dataLimit: 50 * GB, usedTraffic: 0 });
      expect(users[0]!.expire).toBe(Math.floor(sub.expiresAt! / 1000));

      // The customer's /sub link, through subkeeper, serves this panel's links and headers.
      const answer = await w.fetchSub(sub.token);
      expect(answer.status).toBe(200);
      const links = Buffer.from(await answer.text(), "base64").toString();
      expect(links).toContain("vless://");
      expect(links).toContain(`(${username})`);
      const json = await w.fetchSub(sub.token, "?format=json");
      expect(JSON.parse(await json.text()).outbounds.length).toBeGreaterThan(2);

      // Traffic on the panel, one sync of the server, and /subs shows it.
      panel.addTraffic(username, 3 * GB);
      const synced = await w.syncUsage("m1");
      expect(synced.stats.rowsUpdated).toBe(1);
      await w.settle();
      const card = await activeCard(alice);
      expect(card.caption).toContain("Used 3 GB of 50 GB (6%)");

      const again = await w.fetchSub(sub.token);
      expect(again.headers.get("subscription-userinfo")).toContain(`download=${3 * GB}`);
      expect(panel.users()).toHaveLength(1);
      expect(panel.counts().login).toBeLessThanOrEqual(2);
    });
  });
}

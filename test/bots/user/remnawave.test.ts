/**
 * A purchase through the user bot on a Remnawave server (its simulator at 2.8.1 and at 3.3.2), end to end: one user
 * on the panel with the plan's volume and expiry and the subscription's own vless uuid, `/sub/<token>` serving the
 * panel's links, the usage shown by /subs after one sync, and no login at all (Remnawave takes an API token).
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startRemnawavePanel, type RemnawavePanel } from "../../fakes/remnawave-panel.ts";
import { activeCard, createBotWorld, GB, inCode, type BotWorld } from "./harness.ts";

let w: BotWorld;
let panel: RemnawavePanel;

afterEach(async () => {
  await w.close();
  await panel.stop();
});

/** The bot world with its one server a Remnawave panel instead of S-UI. */
async function worldOn(version: string): Promise<void> {
  w = await createBotWorld();
  panel = await startRemnawavePanel({ version });
  await w.useOnlyServer({
    id: "rw1", name: "rw1", panelKind: "remnawave", panelUrl: panel.url, secret: panel.token,
    subUrl: panel.subUrl, inboundIds: [panel.squads()[0]!.uuid], capacity: 0, serverGroup: "default",
  });
}

for (const version of ["2.8.1", "3.3.2"]) {
  describe(`buying on a Remnawave ${version} server`, () => {
    beforeEach(async () => {
      await worldOn(version);
    });

    test("one user with the plan's volume and expiry, /sub serves the panel's links, usage shows after a sync", async () => {
      w.plan({ name: "Monthly 50 GB", price: 150_000, trafficBytes: 50 * GB, days: 30 });
      const alice = w.person(6101, "en", { firstName: "Alice" });
      const { sub, ready } = await w.buyApproved(alice);
      expect(sub.state).toBe("active");
      expect(inCode(ready, sub.link)).toBe(true);

      // One user, in the server's squad, with the plan's bytes and the subscription's expiry as an ISO date.
      const users = panel.users();
      expect(users.map((u) => u.username)).toEqual([`sk-${sub.id}`]);
      expect(users[0]).toMatchObject({ status: "ACTIVE", trafficLimitBytes: 50 * GB, usedTrafficBytes: 0, squads: [panel.squads()[0]!.uuid] });
      expect(Math.floor(users[0]!.expireAtMs / 1000)).toBe(Math.floor(sub.expiresAt! / 1000));

      // The customer's /sub link, through subkeeper, serves this panel's links.
      const answer = await w.fetchSub(sub.token);
      expect(answer.status).toBe(200);
      const links = Buffer.from(await answer.text(), "base64").toString();
      expect(links).toContain(`vless://${users[0]!.vlessUuid}@`);
      expect(links).toContain("trojan://");

      // Traffic on the panel, one sync of the server (one page), and /subs shows it.
      panel.addTraffic(`sk-${sub.id}`, 3 * GB);
      panel.resetCounts();
      const synced = await w.syncUsage("rw1");
      expect(synced.stats.rowsUpdated).toBe(1);
      expect(panel.counts()["users:list"]).toBe(1);
      await w.settle();
      const card = await activeCard(alice);
      expect(card.caption).toContain("Used 3 GB of 50 GB (6%)");

      w.clock.advance(60_000);
      const again = await w.fetchSub(sub.token);
      expect(again.headers.get("subscription-userinfo")).toContain(`download=${3 * GB}`);
      expect(panel.users()).toHaveLength(1);
      expect(panel.counts().login).toBe(0);
      expect(panel.counts().metadata ?? 0).toBe(0);
    });
  });
}

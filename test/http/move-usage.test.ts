/**
 * Issue 13 item 5: moving a subscription keeps its usage, also to a server of another kind. The customer who used
 * 3 GB of 20 on an S-UI server still sees 3 GB of 20 after an operator moves them to a 3x-ui (2.x or 3.x), a
 * Remnawave (2.x or 3.x) or a Marzban server, the new panel's client cuts off after the 17 GB that were left, and new traffic there adds on.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { openTokenBox } from "../../src/panels/token-box.ts";
import { startMarzbanPanel, type MarzbanPanel } from "../fakes/marzban-panel.ts";
import { startXuiPanel, type XuiPanel, type XuiVersion } from "../fakes/xui-panel.ts";
import { startRemnawavePanel, type RemnawavePanel } from "../fakes/remnawave-panel.ts";
import { addHealthyServer, syncUsage, type ServerWithSecret } from "../support/servers.ts";
import { GB } from "../support/world.ts";
import { createHttpWorld, type HttpWorld } from "./support.ts";

let h: HttpWorld;
let stops: (() => Promise<void>)[] = [];
beforeEach(async () => {
  h = await createHttpWorld();
});
afterEach(async () => {
  for (const stop of stops) await stop();
  stops = [];
  await h.close();
});

const APP = { "user-agent": "v2rayNG/1.9.5" };
const userinfo = (value: string | null) => Object.fromEntries((value ?? "").split(";").map((part) => part.trim().split("=")).map(([k, v]) => [k, Number(v)]));

/** What a target panel looks like to this test: where its user is and how to count traffic on it. */
interface Target {
  serverId: string;
  limitOf(clientName: string): number | undefined;
  use(clientName: string, bytes: number): void;
  /** The panel's own jobs: is the client cut off now? */
  cutOff(clientName: string): boolean;
  vlessUuid(clientName: string): string | undefined;
}

async function addServer(row: ServerWithSecret): Promise<void> {
  await addHealthyServer(h.world.db, await openTokenBox("a test key that is long enough"), row, h.world.clock.now());
}

async function remnawave(version: string): Promise<Target> {
  const panel: RemnawavePanel = await startRemnawavePanel({ version });
  stops.push(() => panel.stop());
  await addServer({
    id: "rw", name: "rw", panelKind: "remnawave", panelUrl: panel.url, secret: panel.token,
    subUrl: panel.subUrl, inboundIds: [panel.squads()[0]!.uuid], capacity: 0, serverGroup: "default",
  });
  return {
    serverId: "rw",
    limitOf: (name) => panel.user(name)?.trafficLimitBytes,
    use: (name, bytes) => void panel.addTraffic(name, bytes),
    cutOff: (name) => {
      panel.runJobs();
      return panel.user(name)?.status === "LIMITED";
    },
    vlessUuid: (name) => panel.user(name)?.vlessUuid,
  };
}

async function marzban(): Promise<Target> {
  const panel: MarzbanPanel = startMarzbanPanel({ flavor: "marzban" });
  stops.push(async () => panel.stop());
  await addServer({
    id: "mz", name: "mz", panelKind: "marzban", panelUrl: panel.url, secret: panel.password,
    panelUsername: panel.username, subUrl: panel.url, inboundIds: [], capacity: 0, serverGroup: "default",
  });
  // Marzban usernames start with three word characters: the driver names `sk-…` clients `sk_…` there.
  const user = (name: string) => panel.users().find((u) => u.username === name.replace(/^sk-/, "sk_"));
  return {
    serverId: "mz",
    limitOf: (name) => user(name)?.dataLimit ?? undefined,
    use: (name, bytes) => void panel.addTraffic(name.replace(/^sk-/, "sk_"), bytes),
    cutOff: (name) => (user(name)?.usedTraffic ?? 0) >= (user(name)?.dataLimit ?? Number.POSITIVE_INFINITY),
    vlessUuid: (name) => {
      const proxies = user(name)?.proxies as Record<string, { id?: string }> | undefined;
      return proxies?.vless?.id;
    },
  };
}

async function xui(version: XuiVersion): Promise<Target> {
  const panel: XuiPanel = await startXuiPanel({ version });
  stops.push(() => panel.stop());
  await addServer({
    id: "xu", name: "xu", panelKind: "3x-ui", panelUrl: panel.url, secret: panel.password,
    panelUsername: panel.username, subUrl: panel.subUrl, inboundIds: [1, 2], capacity: 0, serverGroup: "default",
  });
  const client = (name: string) => panel.client(name);
  return {
    serverId: "xu",
    limitOf: (name) => client(name)?.entry.totalGB as number | undefined,
    use: (name, bytes) => panel.addTraffic(name, 0, bytes),
    cutOff: (name) => {
      panel.deplete();
      return client(name)?.statsEnable === false;
    },
    vlessUuid: (name) => {
      const entry = client(name)?.entry;
      return (entry?.uuid ?? entry?.id) as string | undefined;
    },
  };
}

const targets: [string, () => Promise<Target>][] = [
  ["3x-ui 2.9.4", () => xui("2.9.4")],
  ["3x-ui 3.6.0", () => xui("3.6.0")],
  ["Remnawave 2.8.1", () => remnawave("2.8.1")],
  ["Remnawave 3.3.2", () => remnawave("3.3.2")],
  ["Marzban 0.8.4", marzban],
];

for (const [label, start] of targets) {
  describe(`moving from S-UI to ${label}`, () => {
    test("3 GB used of 20 stays 3 GB of 20; the new client cuts off after the 17 GB left; new traffic adds on", async () => {
      const sub = await h.activeSubscription(101, { trafficBytes: 20 * GB });
      const target = await start();
      const name = `sk-${sub.id}`;
      // 2 GB seen by the last sync, 1 GB more that no sync has seen yet: the move reads the counter fresh.
      h.world.panel.addTraffic(name, 1 * GB, 1 * GB);
      await h.world.subscriptions.resync(sub.id);
      await h.world.settle();
      h.world.panel.addTraffic(name, 0, 1 * GB);
      const vless = String(h.world.panel.clients().find((c) => c.name === name)!.config?.vless?.uuid);

      const moved = await h.call("POST", `/api/actors/subscription/${sub.id}/events`, { body: { type: "MOVE", serverId: target.serverId } });
      expect(moved.status).toBe(202);
      await h.world.settle();
      const after = h.world.subscriptions.get(sub.id)!;
      expect(after).toMatchObject({ serverId: target.serverId, state: "active", usedBytes: 3 * GB, totalBytes: 20 * GB });
      expect(h.world.panel.clients().filter((c) => c.name === name)).toHaveLength(0);
      expect(target.limitOf(name)).toBe(17 * GB);
      // The customer's links keep their secret: the same vless uuid on the new panel.
      expect(target.vlessUuid(name)).toBe(vless);

      const shown = await h.call("GET", `/sub/${sub.token}`, { token: null, headers: APP });
      expect(shown.status).toBe(200);
      const info = userinfo(shown.headers.get("subscription-userinfo"));
      expect({ used: info.upload! + info.download!, total: info.total }).toEqual({ used: 3 * GB, total: 20 * GB });

      // 1 GB on the new panel, one sync: 4 GB of 20.
      target.use(name, 1 * GB);
      await syncUsage(h.world, target.serverId);
      await h.world.settle();
      expect(h.world.subscriptions.get(sub.id)).toMatchObject({ usedBytes: 4 * GB, totalBytes: 20 * GB, state: "active" });
      h.world.clock.advance(60_000);
      const later = userinfo((await h.call("GET", `/sub/${sub.token}`, { token: null, headers: APP })).headers.get("subscription-userinfo"));
      expect(later.upload! + later.download!).toBe(4 * GB);

      // The 16 GB that are left, and a byte more: the panel cuts the client off, subkeeper sees the limit.
      target.use(name, 16 * GB);
      expect(target.cutOff(name)).toBe(true);
      target.use(name, 1);
      await syncUsage(h.world, target.serverId);
      await h.world.settle();
      expect(h.world.subscriptions.get(sub.id)).toMatchObject({ state: "limited", usedBytes: 20 * GB + 1, totalBytes: 20 * GB });
    });
  });
}

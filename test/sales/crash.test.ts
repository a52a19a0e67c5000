import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/store/db.ts";
import { startMarzbanPanel, type MarzbanPanel } from "../fakes/marzban-panel.ts";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";
import { startXuiPanel } from "../fakes/xui-panel.ts";
import { restartUntilSettled, runUntilKilled, seedOrder } from "./fixtures/crash-seed.ts";
import type { ServerWithSecret } from "../support/servers.ts";

let dir: string;
let panel: SuiPanel;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sk-crash-"));
  panel = await startSuiPanel();
});
afterAll(() => {
  panel.stop();
  rmSync(dir, { recursive: true, force: true });
});

const suiServer = (): ServerWithSecret => ({ id: "s1", name: "s1", panelUrl: panel.url, secret: panel.token, subUrl: panel.subUrl, inboundIds: [1], capacity: 0, serverGroup: "default" });

for (const crashAfter of ["fulfil", "place", "provision", "reportFulfilled", "notify"]) {
  test(`SIGKILL right after "${crashAfter}" did its work: one panel client and one fulfilled order after the restart`, async () => {
    const dbPath = join(dir, `${crashAfter}.sqlite`);
    const { orderId, subscriptionId } = await seedOrder(dbPath, suiServer());
    await runUntilKilled(dbPath, ["approve", orderId, crashAfter], crashAfter);

    const report = await restartUntilSettled(dbPath, [orderId]);
    expect(report).toMatchObject({ order: "fulfilled", subscription: "active" });
    expect(panel.clients().filter((c) => c.name === `sk-${subscriptionId}`)).toHaveLength(1);

    const db = openDatabase(dbPath);
    const count = (sql: string, ...args: string[]) => (db.query(sql).get(...args) as { n: number }).n;
    expect(count("SELECT COUNT(*) AS n FROM journal WHERE kind = 'order' AND id = ? AND event_type = 'FULFILLED'", orderId)).toBe(1);
    expect(count("SELECT COUNT(*) AS n FROM journal WHERE kind = 'subscription' AND id = ? AND event_type = 'PROVISIONED'", subscriptionId)).toBe(1);
    expect(count("SELECT COUNT(*) AS n FROM ledger WHERE ref = ? AND reason = 'card-payment'", orderId)).toBe(1);
    expect(count("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'")).toBe(0);
    db.close();
  }, 30_000);
}

for (const flavor of ["marzban", "pasarguard"] as const) {
  test(`${flavor}: SIGKILL right after "provision" created the user: still one user after the restart, and few logins`, async () => {
    const family: MarzbanPanel = startMarzbanPanel({ flavor });
    try {
      const dbPath = join(dir, `${flavor}.sqlite`);
      const { orderId, subscriptionId } = await seedOrder(dbPath, {
        id: "m1", name: "m1", panelKind: flavor, panelUrl: family.url, secret: family.password, panelUsername: family.username,
        subUrl: family.url, inboundIds: [], capacity: 0, serverGroup: "default",
      });
      await runUntilKilled(dbPath, ["approve", orderId, "provision"], "provision");
      const report = await restartUntilSettled(dbPath, [orderId]);
      expect(report).toMatchObject({ order: "fulfilled", subscription: "active" });
      const username = flavor === "marzban" ? `sk_${subscriptionId}` : `sk-${subscriptionId}`;
      expect(family.users().map((u) => u.username)).toEqual([username]);
      // One login per process: the killed one and the one after the restart.
      expect(family.counts().login).toBeGreaterThanOrEqual(1);
      expect(family.counts().login).toBeLessThanOrEqual(2);
      expect(family.counts()["user:create"]).toBe(1);
    } finally {
      await family.stop();
    }
  }, 30_000);
}

for (const version of ["2.9.4", "3.6.0"] as const) {
  test(`3x-ui ${version}: SIGKILL right after "provision" created the client: still one client after the restart, one login per process`, async () => {
    const xui = await startXuiPanel({ version });
    try {
      const dbPath = join(dir, `xui-${version}.sqlite`);
      const { orderId, subscriptionId } = await seedOrder(dbPath, {
        id: "x1", name: "x1", panelKind: "3x-ui", panelUrl: xui.url, secret: xui.password, panelUsername: xui.username,
        subUrl: xui.subUrl, inboundIds: [1], capacity: 0, serverGroup: "default",
      });
      await runUntilKilled(dbPath, ["approve", orderId, "provision"], "provision");
      const report = await restartUntilSettled(dbPath, [orderId]);
      expect(report).toMatchObject({ order: "fulfilled", subscription: "active" });
      expect(xui.clients().map((c) => c.entry.email)).toEqual([`sk-${subscriptionId}`]);
      expect(xui.counts()[version === "2.9.4" ? "addClient" : "clients/add"]).toBe(1);
      expect(xui.counts().login).toBe(2);
    } finally {
      await xui.stop();
    }
  }, 30_000);
}

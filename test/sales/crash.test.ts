import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/store/db.ts";
import { buildCore } from "../../src/core.ts";
import { RecordingNotices } from "../../src/kinds/notices.ts";
import { openTokenBox } from "../../src/panels/token-box.ts";
import { insertServer } from "../../src/store/servers.ts";
import { upsertCustomer } from "../../src/store/customers.ts";
import { createPlan } from "../../src/store/plans.ts";
import type { TokenBox } from "../../src/panels/token-box.ts";
import type { Database } from "../../src/store/db.ts";
import { startMarzbanPanel, type MarzbanPanel } from "../fakes/marzban-panel.ts";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";
import { startXuiPanel } from "../fakes/xui-panel.ts";
import { spawnChild } from "../actors/fixtures/processes.ts";

const CHILD = join(import.meta.dir, "fixtures", "crash-child.ts");
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

type AddServer = (db: Database, tokens: TokenBox) => Promise<void>;

const suiServer: AddServer = async (db, tokens) => {
  insertServer(db, { id: "s1", name: "s1", panelUrl: panel.url, apiTokenSealed: await tokens.seal(panel.token), subUrl: panel.subUrl, inboundIds: [1], capacity: 0, serverGroup: "default" }, Date.now());
};

/** A store with a healthy server, a customer and an order whose receipt waits for approval. */
async function seed(dbPath: string, addServer: AddServer = suiServer): Promise<{ orderId: string; subscriptionId: string }> {
  const db = openDatabase(dbPath);
  const tokens = await openTokenBox("a test key that is long enough");
  const core = buildCore({ db, tokens, notices: new RecordingNotices(), publicUrl: "https://sub.example.com" });
  await core.runtime.start();
  await addServer(db, tokens);
  db.query("UPDATE servers SET state = 'healthy'").run();
  upsertCustomer(db, { telegramId: 7, language: "en" }, Date.now());
  const plan = createPlan(db, { name: "Monthly", price: 100_000, trafficBytes: 10 * 1024 ** 3, days: 30 }, Date.now());
  const order = await core.sales.startOrder({ customerId: 7, kind: "purchase", planId: plan.id, method: "card" });
  if (!order.ok) throw new Error(order.error.message);
  await core.sales.submitReceipt(order.value.orderId, 7, "photo");
  await core.runtime.stop();
  db.close();
  return { orderId: order.value.orderId, subscriptionId: order.value.subscriptionId! };
}

for (const crashAfter of ["fulfil", "place", "provision", "reportFulfilled", "notify"]) {
  test(`SIGKILL right after "${crashAfter}" did its work: one panel client and one fulfilled order after the restart`, async () => {
    const dbPath = join(dir, `${crashAfter}.sqlite`);
    const { orderId, subscriptionId } = await seed(dbPath);
    const first = spawnChild([CHILD, dbPath, "approve", orderId, crashAfter]);
    await first.waitFor((line) => line.dying === crashAfter);
    await first.proc.exited;

    const second = spawnChild([CHILD, dbPath, "serve", orderId]);
    const report = await second.waitFor((line) => line.settled, 20_000);
    await second.kill();
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
      const { orderId, subscriptionId } = await seed(dbPath, async (db, tokens) => {
        const server = { id: "m1", name: "m1", panelKind: flavor, panelUrl: family.url, apiTokenSealed: await tokens.seal(family.password), panelUsername: family.username };
        insertServer(db, { ...server, subUrl: family.url, inboundIds: [], capacity: 0, serverGroup: "default" }, Date.now());
      });
      const first = spawnChild([CHILD, dbPath, "approve", orderId, "provision"]);
      await first.waitFor((line) => line.dying === "provision");
      await first.proc.exited;
      const second = spawnChild([CHILD, dbPath, "serve", orderId]);
      const report = await second.waitFor((line) => line.settled, 20_000);
      await second.kill();
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
      const { orderId, subscriptionId } = await seed(dbPath, async (db, tokens) => {
        const server = { id: "x1", name: "x1", panelKind: "3x-ui", panelUrl: xui.url, apiTokenSealed: await tokens.seal(xui.password), panelUsername: xui.username };
        insertServer(db, { ...server, subUrl: xui.subUrl, inboundIds: [1], capacity: 0, serverGroup: "default" }, Date.now());
      });
      const first = spawnChild([CHILD, dbPath, "approve", orderId, "provision"]);
      await first.waitFor((line) => line.dying === "provision");
      await first.proc.exited;
      const second = spawnChild([CHILD, dbPath, "serve", orderId]);
      const report = await second.waitFor((line) => line.settled, 20_000);
      await second.kill();
      expect(report).toMatchObject({ order: "fulfilled", subscription: "active" });
      expect(xui.clients().map((c) => c.entry.email)).toEqual([`sk-${subscriptionId}`]);
      expect(xui.counts()[version === "2.9.4" ? "addClient" : "clients/add"]).toBe(1);
      expect(xui.counts().login).toBe(2);
    } finally {
      await xui.stop();
    }
  }, 30_000);
}

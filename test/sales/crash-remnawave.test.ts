/**
 * A purchase on a Remnawave 3.3.2 server survives a SIGKILL right after the panel created the user and before the
 * outcome was committed: after the restart the provision runs again, finds the user by name, and the panel still
 * holds exactly one (the crash child is test/sales/fixtures/crash-child.ts, as for S-UI in crash.test.ts).
 */
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
import { startRemnawavePanel, type RemnawavePanel } from "../fakes/remnawave-panel.ts";
import { spawnChild } from "../actors/fixtures/processes.ts";

const CHILD = join(import.meta.dir, "fixtures", "crash-child.ts");
let dir: string;
let panel: RemnawavePanel;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sk-crash-rw-"));
  panel = await startRemnawavePanel({ version: "3.3.2" });
});
afterAll(async () => {
  await panel.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('SIGKILL right after "provision" created the Remnawave user: one user and one fulfilled order after the restart', async () => {
  const dbPath = join(dir, "store.sqlite");
  const db = openDatabase(dbPath);
  const tokens = await openTokenBox("a test key that is long enough");
  const core = buildCore({ db, tokens, notices: new RecordingNotices(), publicUrl: "https://sub.example.com" });
  await core.runtime.start();
  insertServer(
    db,
    { id: "rw1", name: "rw1", panelKind: "remnawave", panelUrl: panel.url, apiTokenSealed: await tokens.seal(panel.token), subUrl: panel.subUrl, inboundIds: [panel.squads()[0]!.uuid], capacity: 0, serverGroup: "default" },
    Date.now(),
  );
  db.query("UPDATE servers SET state = 'healthy'").run();
  upsertCustomer(db, { telegramId: 7, language: "en" }, Date.now());
  const plan = createPlan(db, { name: "Monthly", price: 100_000, trafficBytes: 10 * 1024 ** 3, days: 30 }, Date.now());
  const order = await core.sales.startOrder({ customerId: 7, kind: "purchase", planId: plan.id, method: "card" });
  if (!order.ok) throw new Error(order.error.message);
  await core.sales.submitReceipt(order.value.orderId, 7, "photo");
  await core.runtime.stop();
  db.close();
  const { orderId, subscriptionId } = { orderId: order.value.orderId, subscriptionId: order.value.subscriptionId! };

  const first = spawnChild([CHILD, dbPath, "approve", orderId, "provision"]);
  await first.waitFor((line) => line.dying === "provision");
  await first.proc.exited;
  expect(panel.users().map((u) => u.username)).toEqual([`sk-${subscriptionId}`]);

  const second = spawnChild([CHILD, dbPath, "serve", orderId]);
  const report = await second.waitFor((line) => line.settled, 20_000);
  await second.kill();
  expect(report).toMatchObject({ order: "fulfilled", subscription: "active" });
  expect(panel.users().map((u) => u.username)).toEqual([`sk-${subscriptionId}`]);
  expect(panel.users()[0]).toMatchObject({ trafficLimitBytes: 10 * 1024 ** 3, status: "ACTIVE" });

  const after = openDatabase(dbPath);
  const row = after.query<{ panel_client_id: string }, [string]>("SELECT panel_client_id FROM subscriptions WHERE id = ?").get(subscriptionId)!;
  expect(String(row.panel_client_id)).toBe(String(panel.users()[0]!.id));
  after.close();
}, 30_000);

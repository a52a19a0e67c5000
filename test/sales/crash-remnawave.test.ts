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
import { startRemnawavePanel, type RemnawavePanel } from "../fakes/remnawave-panel.ts";
import { restartUntilSettled, runUntilKilled, seedOrder } from "./fixtures/crash-seed.ts";

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
  const { orderId, subscriptionId } = await seedOrder(dbPath, {
    id: "rw1", name: "rw1", panelKind: "remnawave", panelUrl: panel.url, secret: panel.token, subUrl: panel.subUrl, inboundIds: [panel.squads()[0]!.uuid], capacity: 0, serverGroup: "default",
  });

  await runUntilKilled(dbPath, ["approve", orderId, "provision"], "provision");
  expect(panel.users().map((u) => u.username)).toEqual([`sk-${subscriptionId}`]);

  const report = await restartUntilSettled(dbPath, [orderId]);
  expect(report).toMatchObject({ order: "fulfilled", subscription: "active" });
  expect(panel.users().map((u) => u.username)).toEqual([`sk-${subscriptionId}`]);
  expect(panel.users()[0]).toMatchObject({ trafficLimitBytes: 10 * 1024 ** 3, status: "ACTIVE" });

  const after = openDatabase(dbPath);
  const row = after.query<{ panel_client_id: string }, [string]>("SELECT panel_client_id FROM subscriptions WHERE id = ?").get(subscriptionId)!;
  expect(String(row.panel_client_id)).toBe(String(panel.users()[0]!.id));
  after.close();
}, 30_000);

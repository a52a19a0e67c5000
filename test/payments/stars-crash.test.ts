/**
 * A Stars payment survives SIGKILL: the charge pays the order, the process dies right after fulfilment's work (or
 * the panel's), Telegram delivers the same successful_payment again after the restart — and there is one
 * subscription, one panel client and one ledger row for the charge.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/store/db.ts";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";
import { restartUntilSettled, runUntilKilled, seedOrder } from "../sales/fixtures/crash-seed.ts";

let dir: string;
let panel: SuiPanel;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sk-stars-crash-"));
  panel = await startSuiPanel();
});
afterAll(() => {
  panel.stop();
  rmSync(dir, { recursive: true, force: true });
});

for (const crashAfter of ["fulfil", "provision"]) {
  test(`SIGKILL right after "${crashAfter}", the charge delivered again: one subscription, one client, one ledger row`, async () => {
    const dbPath = join(dir, `${crashAfter}.sqlite`);
    const { orderId, subscriptionId } = await seedOrder(
      dbPath,
      { id: "s1", name: "s1", panelUrl: panel.url, secret: panel.token, subUrl: panel.subUrl, inboundIds: [1], capacity: 0, serverGroup: "default" },
      { method: "stars", stars: 200 },
    );
    const charge = `stxn_${crashAfter}_${"x".repeat(100)}`;
    await runUntilKilled(dbPath, ["stars", orderId, crashAfter, charge], crashAfter);

    const report = await restartUntilSettled(dbPath, [orderId, charge]);
    expect(report).toMatchObject({ order: "fulfilled", subscription: "active" });
    expect(panel.clients().filter((c) => c.name === `sk-${subscriptionId}`)).toHaveLength(1);

    const db = openDatabase(dbPath);
    const count = (sql: string, ...args: string[]) => (db.query(sql).get(...args) as { n: number }).n;
    expect(count("SELECT COUNT(*) AS n FROM subscriptions WHERE customer_id = 7")).toBe(1);
    expect(count("SELECT COUNT(*) AS n FROM ledger WHERE reason = 'stars-payment'")).toBe(1);
    expect(count("SELECT COUNT(*) AS n FROM ledger WHERE reason = 'stars-payment' AND ref = ?", charge)).toBe(1);
    expect(count("SELECT COUNT(*) AS n FROM journal WHERE kind = 'order' AND id = ? AND event_type = 'PAYMENT_RECEIVED' AND error IS NULL", orderId)).toBe(1);
    db.close();
  }, 30_000);
}

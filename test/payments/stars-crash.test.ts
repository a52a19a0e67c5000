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
import { buildCore } from "../../src/core.ts";
import { RecordingNotices } from "../../src/kinds/notices.ts";
import { openTokenBox } from "../../src/panels/token-box.ts";
import { insertServer } from "../../src/store/servers.ts";
import { upsertCustomer } from "../../src/store/customers.ts";
import { createPlan } from "../../src/store/plans.ts";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";
import { spawnChild } from "../actors/fixtures/processes.ts";

const CHILD = join(import.meta.dir, "..", "sales", "fixtures", "crash-child.ts");
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

async function seed(dbPath: string): Promise<{ orderId: string; subscriptionId: string }> {
  const db = openDatabase(dbPath);
  const tokens = await openTokenBox("a test key that is long enough");
  const core = buildCore({ db, tokens, notices: new RecordingNotices(), publicUrl: "https://sub.example.com" });
  await core.runtime.start();
  insertServer(db, { id: "s1", name: "s1", panelUrl: panel.url, apiTokenSealed: await tokens.seal(panel.token), subUrl: panel.subUrl, inboundIds: [1], capacity: 0, serverGroup: "default" }, Date.now());
  db.query("UPDATE servers SET state = 'healthy'").run();
  upsertCustomer(db, { telegramId: 7, language: "en" }, Date.now());
  const plan = createPlan(db, { name: "Monthly", price: 100_000, stars: 200, trafficBytes: 10 * 1024 ** 3, days: 30 }, Date.now());
  const order = await core.sales.startOrder({ customerId: 7, kind: "purchase", planId: plan.id, method: "stars" });
  if (!order.ok) throw new Error(order.error.message);
  await core.runtime.stop();
  db.close();
  return { orderId: order.value.orderId, subscriptionId: order.value.subscriptionId! };
}

for (const crashAfter of ["fulfil", "provision"]) {
  test(`SIGKILL right after "${crashAfter}", the charge delivered again: one subscription, one client, one ledger row`, async () => {
    const dbPath = join(dir, `${crashAfter}.sqlite`);
    const { orderId, subscriptionId } = await seed(dbPath);
    const charge = `stxn_${crashAfter}_${"x".repeat(100)}`;
    const first = spawnChild([CHILD, dbPath, "stars", orderId, crashAfter, charge]);
    await first.waitFor((line) => line.dying === crashAfter);
    await first.proc.exited;

    const second = spawnChild([CHILD, dbPath, "serve", orderId, charge]);
    const report = await second.waitFor((line) => line.settled, 20_000);
    await second.kill();
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

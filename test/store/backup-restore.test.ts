/**
 * Backups: `subkeeper backup --out FILE` taken (by another process) while 20 purchases run is a consistent, checked
 * copy; `subkeeper restore FILE` puts it in place in a fresh folder, and the instance started there serves every
 * order and every subscription link of the copy. A restore refuses while an instance holds the store, and keeps
 * the store it replaces.
 */
import { afterAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createWorld, type World } from "../support/world.ts";
import { spawnCli, type ServeChild } from "../support/processes.ts";

const KEY = "a test key that is long enough";
const TOKEN = "backup-restore-operator-token-01";
const PURCHASES = Number(process.env.BACKUP_PURCHASES ?? 20);
let world: World;
const children: ServeChild[] = [];
afterAll(async () => {
  for (const child of children) child.proc.kill("SIGKILL");
  await world?.close();
});

async function purchase(customerId: number, planId: number): Promise<void> {
  world.customer(customerId);
  const order = await world.sales.startOrder({ customerId, kind: "purchase", planId, method: "card" });
  if (!order.ok) throw new Error(order.error.message);
  await Bun.sleep(5);
  await world.sales.submitReceipt(order.value.orderId, customerId, `photo-${customerId}`);
  await Bun.sleep(5);
  await world.sales.decide(order.value.orderId, { by: "900", approve: true });
  await world.settle();
}

test("a backup during 20 purchases, restored into a fresh folder, serves every order and /sub link", async () => {
  world = await createWorld();
  const storePath = join(world.dir, "store.sqlite");
  const planId = world.plan();
  const out = join(world.dir, "copy.sqlite");

  let backup: Promise<{ code: number; stdout: string; stderr: string }> | undefined;
  for (let i = 0; i < PURCHASES; i++) {
    await purchase(5000 + i, planId);
    if (i === 4) {
      const child = spawnCli(["backup", "--out", out], { DATABASE_PATH: storePath, SECRET_KEY: KEY });
      backup = Promise.all([child.proc.exited, child.stdout, child.stderr]).then(([code, stdout, stderr]) => ({ code, stdout, stderr }));
    }
  }
  const made = await backup!;
  expect(made.stderr).toBe("");
  expect(made.code).toBe(0);
  expect(made.stdout).toContain(`wrote ${out} (checked: schema`);

  // The copy is one moment of the store: every order it holds as fulfilled has its subscription active in it too.
  const copy = new Database(out, { readonly: true });
  const orders = copy.query<{ id: string; state: string; subscription_id: string }, []>("SELECT id, state, subscription_id FROM orders").all();
  const subscriptions = copy.query<{ id: string; state: string; token: string }, []>("SELECT id, state, token FROM subscriptions").all();
  copy.close();
  expect(orders.length).toBeGreaterThan(4);
  console.log(`backup-restore: the copy holds ${orders.length} of ${PURCHASES} orders (${orders.filter((o) => o.state === "fulfilled").length} fulfilled)`);
  const active = new Set(subscriptions.filter((s) => s.state === "active").map((s) => s.id));
  for (const order of orders.filter((o) => o.state === "fulfilled")) expect(active.has(order.subscription_id)).toBe(true);

  const fresh = join(world.dir, "fresh");
  mkdirSync(fresh);
  const env = { HOME: fresh, DATABASE_PATH: join(fresh, "subkeeper.sqlite"), SECRET_KEY: KEY, OPERATOR_TOKEN: TOKEN, HTTP_PORT: "0" };
  const restore = spawnCli(["restore", out], env);
  expect(await restore.proc.exited).toBe(0);
  expect(await restore.stdout).toContain(`${orders.length} orders`);

  const served = spawnCli(["serve"], env);
  children.push(served);
  const base = await served.listening;
  expect(base).not.toBeNull();
  const headers = { authorization: `Bearer ${TOKEN}` };
  const listed = (await (await fetch(`${base}/api/orders?limit=200`, { headers })).json()) as { items: { id: string }[] };
  expect(listed.items.map((o) => o.id).sort()).toEqual(orders.map((o) => o.id).sort());
  for (const sub of subscriptions.filter((s) => s.state === "active")) {
    const link = await fetch(`${base}/sub/${sub.token}`);
    expect(link.status).toBe(200);
    expect((await link.text()).length).toBeGreaterThan(0);
  }

  // While an instance holds the store, a restore is refused and changes nothing.
  const refused = spawnCli(["restore", out], env);
  expect(await refused.proc.exited).not.toBe(0);
  expect(await refused.stderr).toContain("is in use by process");
  served.proc.kill("SIGTERM");
  await served.proc.exited;

  const again = spawnCli(["restore", out], env);
  expect(await again.proc.exited).toBe(0);
  const aside = /kept as (\S+)$/.exec((await again.stdout).trim())?.[1];
  expect(aside && existsSync(aside)).toBe(true);
  rmSync(fresh, { recursive: true, force: true });
}, 30_000);

/**
 * A world for scenario tests: a fresh store, the core with a manual clock, an S-UI simulator registered as a
 * healthy server, and helpers that act like the people involved.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/store/db.ts";
import { buildCore, type Core, type CoreOptions } from "../../src/core.ts";
import { RecordingNotices } from "../../src/kinds/notices.ts";
import { openTokenBox } from "../../src/panels/token-box.ts";
import { addHealthyServer, type ServerWithSecret } from "./servers.ts";
import { upsertCustomer } from "../../src/store/customers.ts";
import { createPlan, type PlanInput } from "../../src/store/plans.ts";
import { postEntry } from "../../src/store/ledger.ts";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";

export const GB = 1024 ** 3;

export class ManualClock {
  constructor(public at = Date.UTC(2026, 10, 26, 9, 0, 0)) {}
  now = () => this.at;
  advance(ms: number) {
    this.at += ms;
  }
}

export interface World extends Core {
  clock: ManualClock;
  notices: RecordingNotices;
  panel: SuiPanel;
  dir: string;
  /** Delivers everything due and waits until no effect runs; repeats until nothing changes. */
  settle(): Promise<void>;
  /** Moves the clock forward and settles, step by step so backoffs and ticks interleave as in real time. */
  elapse(ms: number, stepMs?: number): Promise<void>;
  customer(id: number, options?: { language?: "fa" | "en"; referrerId?: number }): number;
  plan(input?: Partial<PlanInput>): number;
  credit(customerId: number, amount: number): void;
  /** The customer buys `planId` from the wallet (credit it first) and everything settles; the subscription's id. */
  buyFromWallet(customerId: number, planId: number): Promise<string>;
  addPanel(id: string, panel: SuiPanel, group?: string): Promise<void>;
  /** Replaces every server with `server` (its secret sealed here), healthy and alone. */
  useOnlyServer(server: ServerWithSecret): Promise<void>;
  close(): Promise<void>;
}

export async function createWorld(options: { dbPath?: string; wrapPanel?: CoreOptions["wrapPanel"] } = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), "sk-world-"));
  const db = openDatabase(options.dbPath ?? join(dir, "store.sqlite"));
  // A test world needs no power-cut durability; a sync per commit made the suite three times slower on a busy
  // disk. The product's setting (FULL) is checked in test/store/durability.test.ts and used by every spawned serve.
  db.exec("PRAGMA synchronous = NORMAL");
  const clock = new ManualClock();
  const notices = new RecordingNotices();
  const tokens = await openTokenBox("a test key that is long enough");
  const core = buildCore({ db, tokens, notices, publicUrl: "https://sub.example.com", clock, autoSchedule: false, panelTimeoutMs: 2000, ...(options.wrapPanel ? { wrapPanel: options.wrapPanel } : {}) });
  await core.runtime.start();
  const panel = await startSuiPanel();

  const world: World = {
    ...core,
    clock,
    notices,
    panel,
    dir,
    async settle() {
      for (let i = 0; i < 50; i++) {
        const before = db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM journal").get()!.n;
        await core.runtime.runDue();
        await core.runtime.idle();
        const after = db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM journal").get()!.n;
        if (after === before) return;
      }
    },
    async elapse(ms, stepMs = 1000) {
      const end = clock.at + ms;
      while (clock.at < end) {
        clock.advance(Math.min(stepMs, end - clock.at));
        await world.settle();
      }
    },
    customer(id, opts = {}) {
      upsertCustomer(db, { telegramId: id, firstName: `Customer ${id}`, username: `c${id}`, language: opts.language ?? "en", referrerId: opts.referrerId }, clock.now());
      return id;
    },
    plan(input = {}) {
      return createPlan(
        db,
        { name: "Monthly 50 GB", price: 150_000, trafficBytes: 50 * GB, days: 30, renewalPolicy: "reset", ...input },
        clock.now(),
      ).id;
    },
    credit(customerId, amount) {
      db.transaction(() => postEntry(db, { customerId, amount, reason: "adjustment", ref: `test-${Math.random()}` }, clock.now()))();
    },
    async buyFromWallet(customerId, planId) {
      const order = await core.sales.startOrder({ customerId, kind: "purchase", planId, method: "wallet" });
      if (!order.ok) throw new Error(order.error.message);
      await world.settle();
      return order.value.subscriptionId!;
    },
    async addPanel(id, sim, group = "default") {
      await addHealthyServer(db, tokens, { id, name: id, panelUrl: sim.url, secret: sim.token, subUrl: sim.subUrl, inboundIds: [1, 2], capacity: 0, serverGroup: group }, clock.now());
    },
    async useOnlyServer(server) {
      db.query("DELETE FROM servers").run();
      await addHealthyServer(db, tokens, server, clock.now());
    },
    async close() {
      await core.runtime.stop(100);
      panel.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await world.addPanel("s1", panel);
  return world;
}

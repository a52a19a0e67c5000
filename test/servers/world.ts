/**
 * A store, a runtime on a manual clock with the server and subscription kinds, and the server service, for the
 * server tests. `reopen()` stops the runtime and opens a new one on the same database file, as a restart would.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Database } from "../../src/store/db.ts";
import { Runtime } from "../../actors/runtime.ts";
import { openTokenBox, type TokenBox } from "../../src/panels/token-box.ts";
import { PanelRegistry } from "../../src/servers/registry.ts";
import { ServerService } from "../../src/servers/service.ts";
import { serverKind } from "../../src/kinds/server-kind.ts";
import { subscriptionKind } from "../../src/kinds/subscription-kind.ts";
import type { AdminAlert, CustomerNotice, Notices } from "../../src/kinds/notices.ts";
import type { SubscriptionContext } from "../../machines/subscription.ts";

export const GB = 1024 ** 3;
export const MINUTE = 60_000;

export class ManualClock {
  constructor(public at = Date.UTC(2026, 10, 26, 9, 0, 0)) {}
  now = () => this.at;
  advance(ms: number) {
    this.at += ms;
  }
}

/** Records every call, without deduplication, so a test can count what the actors asked for. */
export class CountingNotices implements Notices {
  readonly alerts: AdminAlert[] = [];
  readonly notices: CustomerNotice[] = [];
  async customer(notice: CustomerNotice): Promise<void> {
    this.notices.push(notice);
  }
  async admins(alert: AdminAlert): Promise<void> {
    this.alerts.push(alert);
  }
  alertsOf(kind: string): AdminAlert[] {
    return this.alerts.filter((a) => a.alert === kind);
  }
}

export interface ServerWorld {
  dir: string;
  dbPath: string;
  db: Database;
  clock: ManualClock;
  notices: CountingNotices;
  tokens: TokenBox;
  panels: PanelRegistry;
  runtime: Runtime;
  servers: ServerService;
  /** Delivers what is due and waits for every effect, until nothing is left. */
  settle(): Promise<void>;
  /** Moves the clock and settles. */
  elapse(ms: number): Promise<void>;
  /** Stops the runtime, closes the store and opens both again (same clock, same notices). */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export interface WorldOptions {
  healthIntervalMs?: number;
  syncIntervalMs?: number;
}

export async function createServerWorld(options: WorldOptions = {}): Promise<ServerWorld> {
  const dir = mkdtempSync(join(tmpdir(), "sk-servers-"));
  const dbPath = join(dir, "store.sqlite");
  const clock = new ManualClock();
  const notices = new CountingNotices();
  const tokens = await openTokenBox("a test key that is long enough");

  const open = async () => {
    const db = openDatabase(dbPath);
    // A test world needs no power-cut durability; a sync per commit made the suite three times slower on a busy
    // disk. The product's setting (FULL) is checked in test/store/durability.test.ts and used by every spawned serve.
    db.exec("PRAGMA synchronous = NORMAL");
    const panels = new PanelRegistry(db, tokens, { timeoutMs: 2000 });
    const runtime = new Runtime({ db, clock, autoSchedule: false });
    runtime.register(serverKind({ db, panels, notices, runtime: () => runtime }));
    runtime.register(subscriptionKind({ db, panels, notices, runtime: () => runtime }));
    await runtime.start();
    const servers = new ServerService({
      db,
      runtime,
      panels,
      drivers: panels.factory,
      tokens,
      healthIntervalMs: options.healthIntervalMs ?? MINUTE,
      syncIntervalMs: options.syncIntervalMs ?? 10 * MINUTE,
      checkTimeoutMs: 2000,
    });
    return { db, panels, runtime, servers };
  };

  const parts = await open();
  const world: ServerWorld = {
    dir,
    dbPath,
    clock,
    notices,
    tokens,
    ...parts,
    async settle() {
      for (let i = 0; i < 20; i++) {
        await world.runtime.runDue();
        await world.runtime.idle();
        const due = world.db.query<{ n: number }, [number, number]>(
          "SELECT (SELECT COUNT(*) FROM timers WHERE due_at <= ?) + (SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND next_at <= ?) AS n",
        ).get(clock.at, clock.at)!.n;
        if (due === 0) return;
      }
      throw new Error("the world does not settle");
    },
    async elapse(ms) {
      clock.advance(ms);
      await world.settle();
    },
    async reopen() {
      await world.runtime.stop();
      world.db.close();
      Object.assign(world, await open());
    },
    async close() {
      await world.runtime.stop();
      world.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

export interface SeededSubscription {
  id: string;
  clientName: string;
  serverId: string;
  panelClientId: string | number | null;
  state?: "active" | "limited" | "expired" | "suspended" | "revoked";
  volumeBytes: number;
  usedBytes: number;
  /** The level the actor has acted on (its notifiedLevel; 100 when limited). */
  usageLevel: number;
  /** Also write an actor row, as if the subscription had lived through provisioning. */
  withActor: boolean;
}

/** Writes subscriptions read-model rows (and actor rows where asked) directly: the cheap way to 10,000 of them. */
export function seedSubscriptions(db: Database, subs: SeededSubscription[], now: number): void {
  const row = db.prepare(
    `INSERT INTO subscriptions (id, customer_id, plan_id, token, client_name, server_id, panel_client_id, state, volume_bytes,
       usage_base, used_bytes, usage_level, expires_at, title, created_at, updated_at)
     VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 'Plan', ?, ?)`,
  );
  const actor = db.prepare(
    "INSERT INTO actors (kind, id, state, snapshot, machine_version, created_at, updated_at) VALUES ('subscription', ?, ?, ?, 1, ?, ?)",
  );
  const expiresAt = now + 30 * 86_400_000;
  db.transaction(() => {
    subs.forEach((s, i) => {
      const state = s.state ?? "active";
      row.run(s.id, 1000 + i, `tok-${s.id}`, s.clientName, s.serverId, s.panelClientId, state, s.volumeBytes, s.usedBytes, s.usageLevel, expiresAt, now, now);
      if (!s.withActor) return;
      const context: SubscriptionContext = {
        subscriptionId: s.id,
        customerId: 1000 + i,
        orderId: `order-${s.id}`,
        planId: null,
        title: "Plan",
        token: `tok-${s.id}`,
        clientName: s.clientName,
        serverGroup: "default",
        trafficBytes: s.volumeBytes,
        days: 30,
        policy: "reset",
        credentials: {},
        serverId: s.serverId,
        panelClientId: s.panelClientId === null ? null : String(s.panelClientId),
        volumeBytes: s.volumeBytes,
        usageBase: 0,
        usedBytes: s.usedBytes,
        expiresAt,
        period: 0,
        trafficPeriod: 0,
        notifiedLevel: state === "limited" ? 0 : s.usageLevel,
        attempts: 1,
        excludedServers: [],
        lastError: null,
        panelRetries: 0,
        ordersToReport: [],
        moveTo: null,
      };
      actor.run(s.id, state, JSON.stringify({ value: state, context }), now, now);
    });
  })();
}

/** How many events of a type an actor's journal holds. */
export function journalCount(db: Database, kind: string, id: string, eventType: string): number {
  return db
    .query<{ n: number }, [string, string, string]>("SELECT COUNT(*) AS n FROM journal WHERE kind = ? AND id = ? AND event_type = ?")
    .get(kind, id, eventType)!.n;
}

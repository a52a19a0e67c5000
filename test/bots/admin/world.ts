/**
 * A world for admin-bot scenarios: the fake Telegram with a user bot (where customers live) and the admin bot
 * (running, long polling), the core on the real clock with TelegramNotices, an S-UI simulator registered as a
 * healthy server, two admins and helpers that act like the people involved.
 */
import { openStore } from "../../../src/store/index.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { openDatabase, type Database } from "../../../src/store/db.ts";
import { buildCore, type Core } from "../../../src/core.ts";
import { openTokenBox, type TokenBox } from "../../../src/panels/token-box.ts";
import { addHealthyServer } from "../../support/servers.ts";
import { upsertCustomer } from "../../../src/store/customers.ts";
import { createPlan, type PlanInput } from "../../../src/store/plans.ts";
import { createNotifier, type Notifier } from "../../../src/notify/notifier.ts";
import type { NotificationSink } from "../../../src/notify/types.ts";
import { TelegramNotices } from "../../../src/bots/shared/index.ts";
import { startAdminBot, type AdminBot } from "../../../src/bots/admin/index.ts";
import type { AuditEntry } from "../../../src/store/audit.ts";
import { createHttpApp } from "../../../src/http/app.ts";
import { createMetrics } from "../../../src/http/metrics/index.ts";
import { startFakeTelegram, type FakeBot, type FakeMessage, type FakePerson, type FakeTelegram } from "../../fakes/telegram.ts";
import { startSuiPanel, type SuiPanel } from "../../fakes/sui-panel.ts";

export const GB = 1024 ** 3;
export const ADMIN_A = 900;
export const ADMIN_B = 901;
/** The operator token of every admin world's HTTP API. */
export const OPERATOR_TOKEN = "operator-token-for-tests-0123456789";

/** TelegramNotices whose broadcast sender a test sets directly, without starting a user bot. */
export class NoticesWithSender extends TelegramNotices {
  sender: NotificationSink | undefined;
  override customerSender(): NotificationSink | undefined {
    return this.sender;
  }
}

export interface AdminWorld {
  dir: string;
  db: Database;
  core: Core;
  tokens: TokenBox;
  tg: FakeTelegram;
  userBot: FakeBot;
  adminBotUser: FakeBot;
  admin: AdminBot;
  panel: SuiPanel;
  notices: NoticesWithSender;
  userNotifier: Notifier;
  /** The first admin (Ava) and the second (Ben), in the admin bot. */
  ava: FakePerson;
  ben: FakePerson;
  /** A person in the admin bot who is not an admin. */
  stranger(id?: number): FakePerson;
  /** A customer: registered in the store and talking to the user bot. */
  customer(id: number, name?: string): FakePerson;
  plan(input?: Partial<PlanInput>): number;
  /** The customer sends a receipt photo (to the user bot) for a new card order; returns the order id. */
  cardOrder(customer: FakePerson, planId: number): Promise<string>;
  topupOrder(customer: FakePerson, amount: number): Promise<string>;
  /** Waits until the runtime has no effect running or due. */
  settle(): Promise<void>;
  audits(action?: string): AuditEntry[];
  /** A call to the operator HTTP API on this world's core (in memory, with OPERATOR_TOKEN); a body goes as JSON. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

const silent = pino({ level: "silent" });

/** Matches an admin's receipt card for order number `order` (a photo's caption, or a text card). */
export const isCard = (order: string) => (m: FakeMessage) => (m.caption ?? m.text ?? "").includes(`Receipt for order #${order}`);

export async function createAdminWorld(options: { progressIntervalMs?: number; refusalsPerMinute?: number } = {}): Promise<AdminWorld> {
  const dir = mkdtempSync(join(tmpdir(), "sk-admin-"));
  const db = openDatabase(join(dir, "store.sqlite"));
  // A test world needs no power-cut durability; a sync per commit made the suite three times slower on a busy
  // disk. The product's setting (FULL) is checked in test/store/durability.test.ts and used by every spawned serve.
  db.exec("PRAGMA synchronous = NORMAL");
  const tg = await startFakeTelegram();
  const userBot = tg.addBot({ username: "subkeeper_bot", firstName: "Subkeeper" });
  const adminBotUser = tg.addBot({ username: "subkeeper_admin_bot", firstName: "Subkeeper admin" });
  const tokens = await openTokenBox("a test key that is long enough");
  const notices = new NoticesWithSender({ store: openStore(db), defaultLanguage: "en", log: silent });
  const core = buildCore({
    db,
    tokens,
    notices,
    publicUrl: "https://sub.example.com",
    log: silent,
    healthIntervalMs: 3600_000,
    syncIntervalMs: 3600_000,
    panelTimeoutMs: 2000,
  });
  notices.bindSubscriptions(core.subscriptions);
  const userNotifier = createNotifier({
    db,
    api: { token: userBot.token, apiRoot: tg.apiRoot },
    log: silent,
    clock: { now: () => Date.now() },
    limits: { globalPerSecond: 1000, perChatPerSecond: 100 },
  });
  notices.connectCustomers({ sender: userNotifier });
  notices.sender = userNotifier;
  await core.runtime.start();

  const panel = await startSuiPanel();
  await addHealthyServer(db, tokens, { id: "s1", name: "de-1", panelUrl: panel.url, secret: panel.token, subUrl: panel.subUrl, inboundIds: [1], capacity: 0, serverGroup: "default" }, Date.now());

  const ava = tg.user({ id: ADMIN_A, firstName: "Ava", languageCode: "en" }, adminBotUser);
  const ben = tg.user({ id: ADMIN_B, firstName: "Ben", languageCode: "en" }, adminBotUser);
  ava.open();
  ben.open();

  const admin = await startAdminBot({
    token: adminBotUser.token,
    apiRoot: tg.apiRoot,
    core,
    tokens,
    adminIds: [ADMIN_A, ADMIN_B],
    log: silent,
    defaultLanguage: "en",
    userBotToken: userBot.token,
    telegramNotices: notices,
    notifier: { limits: { globalPerSecond: 1000, perChatPerSecond: 100 } },
    progressIntervalMs: options.progressIntervalMs ?? 100,
    refusalsPerMinute: options.refusalsPerMinute ?? 1000,
  });

  let app: ReturnType<typeof createHttpApp> | undefined;
  const world: AdminWorld = {
    dir,
    db,
    core,
    tokens,
    tg,
    userBot,
    adminBotUser,
    admin,
    panel,
    notices,
    userNotifier,
    ava,
    ben,
    stranger(id = 666) {
      return tg.user({ id, firstName: "Mallory", languageCode: "en" }, adminBotUser);
    },
    customer(id, name = `Customer ${id}`) {
      upsertCustomer(db, { telegramId: id, firstName: name, username: `c${id}`, language: "en" }, Date.now());
      return tg.user({ id, firstName: name, username: `c${id}`, languageCode: "en" }, userBot).open();
    },
    plan(input = {}) {
      return createPlan(db, { name: "Monthly 50 GB", price: 150_000, trafficBytes: 50 * GB, days: 30, renewalPolicy: "reset", ...input }, Date.now()).id;
    },
    async cardOrder(customer, planId) {
      const order = await core.sales.startOrder({ customerId: customer.id, kind: "purchase", planId, method: "card" });
      if (!order.ok) throw new Error(order.error.message);
      const { fileId } = await customer.sendPhoto();
      const submitted = await core.sales.submitReceipt(order.value.orderId, customer.id, fileId);
      if (!submitted.ok) throw new Error(submitted.error.message);
      return order.value.orderId;
    },
    async topupOrder(customer, amount) {
      const order = core.sales.startTopup(customer.id, amount);
      if (!order.ok) throw new Error(order.error.message);
      const { fileId } = await customer.sendPhoto();
      await core.sales.submitReceipt(order.value.orderId, customer.id, fileId);
      return order.value.orderId;
    },
    async settle() {
      for (let i = 0; i < 100; i++) {
        await core.runtime.idle();
        const due = db.query<{ n: number }, [number]>("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending' AND next_at <= ?").get(Date.now())!.n;
        if (due === 0) return;
        await Bun.sleep(20);
      }
    },
    audits(action) {
      return db
        .query<AuditEntry, [string | null, string | null]>("SELECT * FROM audit_log WHERE (? IS NULL OR action = ?) ORDER BY id")
        .all(action ?? null, action ?? null);
    },
    async api(method, path, body) {
      app ??= createHttpApp({ core, metrics: createMetrics({ db, defaultMetrics: false }), operatorToken: OPERATOR_TOKEN, publicUrl: "https://sub.example.com", log: silent });
      const response = await app.handle(
        new Request(`http://localhost${path}`, {
          method,
          headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        }),
      );
      return { status: response.status, json: (await response.json()) as any };
    },
    async close() {
      await admin.stop();
      await core.runtime.stop(100);
      await tg.stop();
      await panel.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

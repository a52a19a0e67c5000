/**
 * A world for user bot scenarios: the fake Telegram, an S-UI simulator registered as a healthy server, the core
 * with a manual clock (durable timers fire on `elapse`; effects run at once), TelegramNotices going out through the
 * user bot's notifier, and the user bot itself long polling the fake. Admin alerts land in `alerts`.
 *
 *   const w = await createBotWorld();
 *   const alice = w.person(5001, "en");
 *   await alice.send("/start");
 *   await alice.waitForMessage("Welcome");
 */
import { openStore } from "../../../src/store/index.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "bun:sqlite";
import { buildCore, type Core } from "../../../src/core.ts";
import type { AdminAlert } from "../../../src/kinds/notices.ts";
import { createLogger } from "../../../src/log.ts";
import type { Logger } from "pino";
import { openTokenBox, type TokenBox } from "../../../src/panels/token-box.ts";
import { addHealthyServer, syncUsage, type ServerWithSecret } from "../../support/servers.ts";
import { createHttpApp } from "../../../src/http/app.ts";
import { createMetrics } from "../../../src/http/metrics/index.ts";
import { postEntry } from "../../../src/store/ledger.ts";
import { openDatabase } from "../../../src/store/db.ts";
import { createPlan, type PlanInput } from "../../../src/store/plans.ts";
import type { SubscriptionView } from "../../../src/sales/subscriptions.ts";
import { TelegramNotices } from "../../../src/bots/shared/telegram-notices.ts";
import type { WebhookRoutes } from "../../../src/bots/shared/launch.ts";
import { startUserBot, type UserBot } from "../../../src/bots/user/index.ts";
import type { RateLimit } from "../../../src/bots/shared/rate-limit.ts";
import { startFakeTelegram, type FakeBot, type FakeMessage, type FakePerson, type FakeTelegram } from "../../fakes/telegram.ts";
import { startSuiPanel, type SuiPanel } from "../../fakes/sui-panel.ts";
import { ManualClock } from "../../support/world.ts";

export const GB = 1024 ** 3;
const log = createLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

/** The key is derived slowly on purpose; one box serves every world in a test file. */
let sharedTokens: Promise<TokenBox> | undefined;
/** The token box every bot world seals panel secrets with (derived once: it is slow on purpose). */
export const tokenBox = () => (sharedTokens ??= openTokenBox("a test key that is long enough"));

export interface BotWorldOptions {
  limits?: { updates?: RateLimit; receipts?: RateLimit };
  mode?: "polling" | "webhook";
  webhook?: { routes: WebhookRoutes; publicUrl: string; secret: string };
  /** Start without the bot (call startBot later). */
  noBot?: boolean;
  /** The bot's logger (silent by default). */
  log?: Logger;
}

export class BotWorld {
  userBot: UserBot | undefined;
  readonly alerts: AdminAlert[] = [];

  constructor(
    readonly tg: FakeTelegram,
    readonly tgBot: FakeBot,
    readonly db: Database,
    readonly core: Core,
    readonly clock: ManualClock,
    readonly panel: SuiPanel,
    readonly notices: TelegramNotices,
    private readonly dir: string,
    private readonly options: BotWorldOptions,
  ) {
    notices.setAdminAlertSink(async (alert) => {
      this.alerts.push(alert);
    });
  }

  /** Starts (or starts again) the user bot against the fake Telegram. */
  async startBot(overrides: Partial<BotWorldOptions> = {}): Promise<UserBot> {
    const options = { ...this.options, ...overrides };
    this.userBot = await startUserBot({
      token: this.tgBot.token,
      apiRoot: this.tg.apiRoot,
      db: this.db,
      core: this.core,
      notices: this.notices,
      telegramNotices: this.notices,
      gateways: this.core.gateways,
      log: options.log ?? log,
      defaultLanguage: "fa",
      mode: options.mode ?? "polling",
      ...(options.webhook ? { webhook: options.webhook } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      notifier: { limits: { perChatPerSecond: 100, globalPerSecond: 1000 } },
    });
    return this.userBot;
  }

  /** Stops the bot as a process exit would (the store and the core stay). */
  async stopBot(): Promise<void> {
    await this.userBot?.stop();
    this.userBot = undefined;
  }

  async restartBot(): Promise<void> {
    await this.stopBot();
    await this.startBot();
  }

  /** A person who talks to the user bot, with their Telegram app in `languageCode`. */
  person(id: number, languageCode = "en", extra: { firstName?: string; username?: string } = {}): FakePerson {
    return this.tg.user({ id, firstName: extra.firstName ?? `Person${id}`, languageCode, ...(extra.username ? { username: extra.username } : {}) }, this.tgBot);
  }

  /** Runs due timers and effects until nothing changes. */
  async settle(): Promise<void> {
    for (let i = 0; i < 50; i++) {
      const before = this.db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM journal").get()!.n;
      await this.core.runtime.runDue();
      await this.core.runtime.idle();
      const after = this.db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM journal").get()!.n;
      if (after === before) return;
    }
  }

  /** Moves the clock forward in steps, settling after each. */
  async elapse(ms: number, stepMs = 3600_000): Promise<void> {
    const end = this.clock.at + ms;
    while (this.clock.at < end) {
      this.clock.advance(Math.min(stepMs, end - this.clock.at));
      await this.settle();
    }
  }

  plan(input: Partial<PlanInput> = {}): number {
    return createPlan(this.db, { name: "Monthly 50 GB", price: 150_000, trafficBytes: 50 * GB, days: 30, renewalPolicy: "reset", ...input }, this.clock.now()).id;
  }

  credit(customerId: number, amount: number): void {
    this.db.transaction(() => postEntry(this.db, { customerId, amount, reason: "adjustment", ref: `test-${crypto.randomUUID()}` }, this.clock.now()))();
  }

  /** The customer's newest order id. */
  latestOrder(customerId: number): string {
    const row = this.db.query<{ id: string }, [number]>("SELECT id FROM orders WHERE customer_id = ? ORDER BY number DESC LIMIT 1").get(customerId);
    if (!row) throw new Error(`no order for ${customerId}`);
    return row.id;
  }

  /** An admin approves the customer's newest order (as the admin bot would, through Sales). */
  async approve(customerId: number, amount?: number): Promise<void> {
    const decided = await this.core.sales.decide(this.latestOrder(customerId), { by: "900", approve: true, ...(amount !== undefined ? { amount } : {}) });
    if (!decided.ok || !decided.value.applied) throw new Error(`approval not applied: ${JSON.stringify(decided)}`);
    await this.settle();
  }

  async reject(customerId: number, reason: string): Promise<void> {
    const decided = await this.core.sales.decide(this.latestOrder(customerId), { by: "900", approve: false, reason });
    if (!decided.ok || !decided.value.applied) throw new Error(`rejection not applied: ${JSON.stringify(decided)}`);
    await this.settle();
  }

  /** Replaces the world's S-UI server with `server` (its panel secret sealed here), healthy and alone. */
  async useOnlyServer(server: ServerWithSecret): Promise<void> {
    this.db.query("DELETE FROM servers").run();
    await addHealthyServer(this.db, await tokenBox(), server, this.clock.now());
  }

  private app: ReturnType<typeof createHttpApp> | undefined;

  /** What a VPN app (v2rayNG) gets from the customer's /sub link `/sub/<token><query>`, through subkeeper's HTTP app. */
  fetchSub(token: string, query = ""): Promise<Response> {
    this.app ??= createHttpApp({ core: this.core, metrics: createMetrics({ db: this.db, defaultMetrics: false }), operatorToken: undefined, publicUrl: "https://sub.example.com", log, panelTimeoutMs: 2000 });
    return this.app.handle(new Request(`http://localhost/sub/${token}${query}`, { headers: { "user-agent": "v2rayNG/1.9.5" } }));
  }

  /** One usage sync of a server, as the scheduler runs it. */
  syncUsage(serverId: string): ReturnType<typeof syncUsage> {
    return syncUsage(this.core, serverId);
  }

  /** A person's whole card purchase (buyByCard), approved: their first subscription and the "is ready" message. */
  async buyApproved(person: FakePerson): Promise<{ sub: SubscriptionView; ready: FakeMessage }> {
    await buyByCard(person);
    await this.approve(person.id);
    const ready = await person.waitForMessage("is ready", { since: "any" });
    return { sub: this.core.subscriptions.ofCustomer(person.id)[0]!, ready };
  }

  /** Calls that reached the fake for a chat, by method. */
  sends(chatId: number, method = "sendMessage"): number {
    return this.tg.requests({ method, chatId, bot: this.tgBot }).filter((r) => r.ok).length;
  }

  async close(): Promise<void> {
    await this.stopBot();
    await this.core.runtime.stop(100);
    await this.tg.stop();
    this.panel.stop();
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function createBotWorld(options: BotWorldOptions = {}): Promise<BotWorld> {
  const dir = mkdtempSync(join(tmpdir(), "sk-userbot-"));
  const db = openDatabase(join(dir, "store.sqlite"));
  // A test world needs no power-cut durability; a sync per commit made the suite three times slower on a busy
  // disk. The product's setting (FULL) is checked in test/store/durability.test.ts and used by every spawned serve.
  db.exec("PRAGMA synchronous = NORMAL");
  const clock = new ManualClock();
  const tokens = await tokenBox();
  const notices = new TelegramNotices({ store: openStore(db), defaultLanguage: "fa", log, expectCustomerChannel: true });
  const core = buildCore({ db, tokens, notices, publicUrl: "https://sub.example.com", clock, autoSchedule: false, panelTimeoutMs: 2000, log });
  notices.bindSubscriptions(core.subscriptions);
  await core.runtime.start();
  const panel = await startSuiPanel();
  await addHealthyServer(db, tokens, { id: "s1", name: "s1", panelUrl: panel.url, secret: panel.token, subUrl: panel.subUrl, inboundIds: [1, 2], capacity: 0, serverGroup: "default" }, clock.now());
  const tg = await startFakeTelegram();
  const tgBot = tg.addBot({ username: "subkeeper_bot", firstName: "Subkeeper VPN" });
  const world = new BotWorld(tg, tgBot, db, core, clock, panel, notices, dir, options);
  if (!options.noBot) await world.startBot();
  return world;
}

/** The newest message the person got that has a photo. */
export function lastPhoto(person: FakePerson): FakeMessage | undefined {
  return person.messages().filter((m) => m.photo).at(-1);
}

/** Whether a message shows `text` inside a <code> entity (copyable). */
export function inCode(message: FakeMessage, text: string): boolean {
  const shown = message.text ?? message.caption ?? "";
  return message.entities.some((e) => e.type === "code" && shown.slice(e.offset, e.offset + e.length) === text);
}

/** A tap on data the bot never made (a modified client), on the person's newest message. */
export function forgeTap(person: FakePerson, data: string) {
  const message = person.messages().at(-1);
  if (!message) throw new Error("no message to tap on");
  return (person as unknown as { tapInline(message: FakeMessage, data: string): ReturnType<FakePerson["tap"]> extends Promise<infer T> ? T : never }).tapInline(message, data);
}

/** A person's first /start: the welcome, and English chosen from its buttons. */
export async function startInEnglish(person: FakePerson): Promise<void> {
  await person.send("/start");
  await person.waitForMessage((m) => (m.text ?? "").includes("Welcome to") && m.buttons.some((b) => b.text === "English"));
  await person.tap("English");
  await person.waitForMessage("I'll speak English");
}

/** From the menu's buy button (or /plans) to a plan's payment choice; returns that choice. */
export async function choosePlan(person: FakePerson, plan: RegExp = /^Monthly 50 GB/, via: "menu" | "/plans" = "menu"): Promise<FakeMessage> {
  if (via === "menu") await person.tap("🛒 Buy a subscription");
  else await person.send("/plans");
  await person.waitForMessage("Choose a plan");
  await person.tap(plan);
  return person.waitForMessage("How would you like to pay");
}

/** Card-to-card on the payment choice; returns the transfer instructions. */
export async function payByCard(person: FakePerson): Promise<FakeMessage> {
  await person.tap("💳 Card-to-card");
  return person.waitForMessage("transfer exactly");
}

/** The receipt photo, acknowledged as waiting for approval. */
export async function sendReceipt(person: FakePerson): Promise<void> {
  await person.sendPhoto();
  await person.waitForMessage("waiting for approval");
}

/** The person's /subs: the card of their active subscription (a photo, its caption saying Active). */
export async function activeCard(person: FakePerson): Promise<FakeMessage> {
  await person.send("/subs");
  return person.waitForMessage((m) => m.photo !== undefined && (m.caption ?? "").includes("Active"));
}

/** A person's whole purchase by card, as they would make it: /start, English, a plan, card-to-card, the receipt. */
export async function buyByCard(person: FakePerson, plan: RegExp = /^Monthly 50 GB/, via: "menu" | "/plans" = "menu"): Promise<void> {
  await startInEnglish(person);
  await choosePlan(person, plan, via);
  await payByCard(person);
  await sendReceipt(person);
}

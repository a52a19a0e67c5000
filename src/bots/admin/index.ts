/**
 * The admin bot: for ADMIN_IDS only (gate.ts), one feature per section (features/), each a Composer. Its parts:
 * words.ts (the admin catalogue), callbacks.ts (every button's data), flows.ts + flow-router.ts (what an admin was
 * asked to type), receipt-cards.ts (cards on every admin's chat, edited on the first decision), broadcast-progress.ts,
 * alerts.ts (the actors' alerts, registered with TelegramNotices) and photos.ts (receipts fetched from the user bot).
 */
import { ordersFeature } from "./features/orders.ts";
import { sequentialize } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { BotCommand } from "grammy/types";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import type { Core } from "../../core.ts";
import type { TokenBox } from "../../panels/token-box.ts";
import { Broadcasts } from "../../sales/broadcasts.ts";
import { createNotifier, type NotifierOptions } from "../../notify/notifier.ts";
import { LANGUAGES, tPlain, type Language } from "../i18n.ts";
import { applyOnce, CallbackCodec, createBot, launchBot, SeenUpdates, type AdminAlertSink, type WebhookRoutes } from "../shared/index.ts";
import { defineCallbacks } from "./callbacks.ts";
import type { AdminContext, AdminKit } from "./context.ts";
import { AdminDirectory } from "./directory.ts";
import { Flows } from "./flows.ts";
import { FlowRouter } from "./flow-router.ts";
import { adminGate } from "./gate.ts";
import { ReceiptCards } from "./receipt-cards.ts";
import { BroadcastProgress } from "./broadcast-progress.ts";
import { userBotPhotos, type PhotoLoader } from "./photos.ts";
import { adminAlertSink } from "./alerts.ts";
import { fallbackFeature, menuFeature } from "./features/menu.ts";
import { receiptsFeature } from "./features/receipts.ts";
import { serversFeature } from "./features/servers.ts";
import { serverAddFeature } from "./features/server-add.ts";
import { plansFeature } from "./features/plans.ts";
import { codesFeature } from "./features/codes.ts";
import { customersFeature } from "./features/customers.ts";
import { agentsFeature } from "./features/agents.ts";
import { settingsFeature } from "./features/settings.ts";
import { broadcastFeature } from "./features/broadcast.ts";
import { statsFeature } from "./features/stats.ts";
import { ticketsFeature } from "./features/tickets.ts";
import { sendBackupToAdmins } from "./backups.ts";
import type { SealedBackup } from "../../maintenance/backup-schedule.ts";

const ADMIN_BOT = "admin";

/** The admin bot's command menu, in `lang` (setMyCommands). */
function adminCommands(lang: Language): BotCommand[] {
  return ["start", "receipts", "servers", "plans", "users", "codes", "broadcast", "stats", "tickets", "settings", "cancel"].map((command) => ({
    command,
    description: tPlain(lang, `admin-command-${command}`),
  }));
}

/** The command menu in each language, and the default language's for an admin whose app speaks another. */
async function registerCommands(bot: Bot<AdminContext>, defaultLanguage: Language, log: Logger): Promise<void> {
  try {
    for (const lang of LANGUAGES) await bot.api.setMyCommands(adminCommands(lang), { language_code: lang });
    await bot.api.setMyCommands(adminCommands(defaultLanguage));
  } catch (error) {
    log.warn({ err: String(error) }, "admin commands not registered; the bot works without the command menu");
  }
}

export interface AdminBotOptions {
  token: string;
  apiRoot?: string;
  core: Core;
  /** Seals a panel token while the add-server form goes on. */
  tokens: TokenBox;
  adminIds: number[];
  log: Logger;
  defaultLanguage: Language;
  /** The user bot's token: receipt photos are downloaded through it (a file_id is only good for its own bot). */
  userBotToken?: string;
  /** Overrides the photo loader (tests). */
  photos?: PhotoLoader;
  botInfo?: UserFromGetMe;
  /** Pacing and retry caps of the admin bot's own sender. */
  notifier?: Pick<NotifierOptions, "limits" | "retry" | "claimTimeoutMs" | "onRateLimited">;
  /** How often running broadcasts' progress messages are brought up to date. Default 5 s. */
  progressIntervalMs?: number;
  /** Non-admins' refusals (and audit rows) per person per minute. Default 30. */
  refusalsPerMinute?: number;
}

export interface AdminBotParts {
  bot: Bot<AdminContext>;
  kit: AdminKit;
  /** The sink to register with TelegramNotices.setAdminAlertSink. */
  alertSink: AdminAlertSink;
}

/** Builds the admin bot and its parts; nothing runs until it is launched. */
function createAdminBot(options: AdminBotOptions): AdminBotParts {
  const { core, log } = options;
  const { store } = core;
  const clock = core.runtime.clock;
  const now = () => clock.now();
  const bot = createBot<AdminContext>({
    token: options.token,
    ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
    log,
    defaultLanguage: options.defaultLanguage,
    languageOf: (ctx) => ctx.lang ?? options.defaultLanguage,
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  const callbacks = defineCallbacks(CallbackCodec.fromToken(options.token));
  const flows = new Flows(store, now);
  const directory = new AdminDirectory(store, options.adminIds, options.defaultLanguage, now);
  const notifier = createNotifier({ db: core.db, api: bot.api, log: log.child({ part: "notifier", bot: ADMIN_BOT }), clock: { now: () => Date.now() }, ...options.notifier });
  const broadcasts = new Broadcasts({ db: core.db, runtime: core.runtime });
  const photos =
    options.photos ?? (options.userBotToken ? userBotPhotos({ token: options.userBotToken, ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}), log }) : undefined);
  const cards = new ReceiptCards({ store, sales: core.sales, api: bot.api, notifier, callbacks, directory, photos, now, log });
  const progress = new BroadcastProgress({ store, broadcasts, api: bot.api, callbacks, directory, log });
  const kit: AdminKit = {
    store,
    runtime: core.runtime,
    clock,
    log,
    sales: core.sales,
    subscriptions: core.subscriptions,
    servers: core.servers,
    broadcasts,
    notices: core.notices,
    tokens: options.tokens,
    api: bot.api,
    notifier,
    callbacks,
    flows,
    router: new FlowRouter(flows),
    directory,
    cards,
    progress,
  };

  bot.use(applyOnce(store.seenUpdates(ADMIN_BOT, now), log));
  bot.use(
    adminGate({ store, directory, now, log, defaultLanguage: options.defaultLanguage, ...(options.refusalsPerMinute ? { refusalsPerMinute: options.refusalsPerMinute } : {}) }),
  );
  bot.use(sequentialize((ctx: AdminContext) => String(ctx.chat?.id ?? ctx.from?.id ?? "")));
  bot.use(menuFeature(kit));
  bot.use(receiptsFeature(kit));
  bot.use(serversFeature(kit));
  bot.use(serverAddFeature(kit));
  bot.use(plansFeature(kit));
  bot.use(codesFeature(kit));
  bot.use(customersFeature(kit));
  bot.use(agentsFeature(kit));
  bot.use(settingsFeature(kit));
  bot.use(broadcastFeature(kit));
  bot.use(statsFeature(kit));
  bot.use(ticketsFeature(kit));
  bot.use(ordersFeature(kit));
  bot.use(kit.router.middleware());
  bot.use(fallbackFeature(kit));
  return { bot, kit, alertSink: adminAlertSink(kit) };
}

export interface StartAdminBotOptions extends AdminBotOptions {
  mode?: "polling" | "webhook";
  webhook?: { routes: WebhookRoutes; publicUrl: string; secret: string };
  /** The actors' alerts come through here (TelegramNotices); the sink is registered once the bot runs. */
  telegramNotices?: { setAdminAlertSink(sink: AdminAlertSink | null): void };
}

export interface AdminBot extends AdminBotParts {
  /** Sends a scheduled backup to every admin; resolves with how many got it. */
  sendBackup(backup: SealedBackup): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the admin bot; resolves once it takes updates and receives the actors' alerts. */
export async function startAdminBot(options: StartAdminBotOptions): Promise<AdminBot> {
  const log = options.log.child({ part: "admin-bot" });
  const parts = createAdminBot({ ...options, log });
  const launched = await launchBot(parts.bot, {
    name: ADMIN_BOT,
    mode: options.mode ?? "polling",
    log,
    ...(options.webhook ? { webhook: options.webhook } : {}),
  });
  await registerCommands(parts.bot, options.defaultLanguage, log);
  options.telegramNotices?.setAdminAlertSink(parts.alertSink);
  // One decision path: whoever decides a receipt (this bot, HTTP, the web console), every admin's card shows it.
  const stopHearingDecisions = parts.kit.sales.onDecided((order) =>
    parts.kit.cards.showDecision(order.orderId).catch((error) => log.warn({ orderId: order.orderId, err: String(error) }, "receipt cards not updated")),
  );
  parts.kit.progress.start(options.progressIntervalMs ?? 5_000);
  const housekeeping = setInterval(() => {
    try {
      parts.kit.notifier.sweepUnconfirmed();
    } catch (error) {
      log.warn({ err: String(error) }, "admin bot housekeeping failed");
    }
  }, 10 * 60_000);
  housekeeping.unref?.();
  let stopped = false;
  return {
    ...parts,
    sendBackup: (backup) => sendBackupToAdmins(parts.kit, backup),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(housekeeping);
      stopHearingDecisions();
      parts.kit.progress.stop();
      options.telegramNotices?.setAdminAlertSink(null);
      await launched.stop();
      log.info("admin bot stopped");
    },
  };
}

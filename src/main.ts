/**
 * Wiring: config → logger → store → core (runtime, panels, sales) → HTTP → bots, and a clean stop in reverse
 * order. Every part that is off (no bot token, no operator token) says so in one log line.
 */
import { openStore } from "./store/index.ts";
import type { Server } from "bun";
import { type Config } from "./config.ts";
import { createLogger, registerSecret, setLogger } from "./log.ts";
import { openDatabase } from "./store/db.ts";
import { lockStore, type StoreLock } from "./store/instance-lock.ts";
import { storeFailure } from "./store/startup-error.ts";
import type { Database } from "bun:sqlite";
import { buildCore, type Core } from "./core.ts";
import { NowPaymentsClient } from "./sales/payments/nowpayments.ts";
import { keySourceOf, loadOrCreateKey, openTokenBox, type TokenBox } from "./panels/token-box.ts";
import { checkStoreKey } from "./store/key-check.ts";
import { setMeta } from "./store/store-meta.ts";
import { startCheckpointer } from "./store/checkpointer.ts";
import { startBackupSchedule } from "./maintenance/backup-schedule.ts";
import { describeError, TelegramNotices, WebhookRoutes } from "./bots/shared/index.ts";
import { startUserBot, type UserBot } from "./bots/user/index.ts";
import { startAdminBot, type AdminBot } from "./bots/admin/index.ts";
import { userBotPhotos } from "./bots/admin/photos.ts";
import { createHttpApp } from "./http/app.ts";
import { createMetrics, timedDriver, type Metrics } from "./http/metrics/index.ts";

export interface App {
  config: Config;
  core: Core;
  /** Prometheus metrics; the Telegram sender increments `metrics.telegramRateLimited` on each 429. */
  metrics: Metrics;
  /** The bound HTTP port (useful when HTTP_PORT=0). */
  port: number;
  stop(): Promise<void>;
}

/**
 * The store, locked to this process first (a second process on it would run every effect and timer twice), its key
 * checked (a start with another SECRET_KEY changes nothing), then written once: a store that opens but cannot take
 * a commit (a full disk) is caught here, not later. Each refusal is one line saying why.
 */
async function openStoreToServe(config: Config): Promise<{ lock: StoreLock; db: Database; tokens: TokenBox; key: string }> {
  const path = config.databasePath;
  let lock: StoreLock | undefined;
  let db: Database | undefined;
  try {
    lock = lockStore(path);
    db = openDatabase(path);
    const key = loadOrCreateKey(path, config.secretKey);
    const tokens = await openTokenBox(key);
    await checkStoreKey(db, tokens, keySourceOf(config), Date.now());
    setMeta(db, "last_start", String(process.pid), Date.now());
    return { lock, db, tokens, key };
  } catch (error) {
    db?.close();
    lock?.release();
    throw storeFailure(path, error) ?? error;
  }
}

/** Starts every part of subkeeper that the configuration turns on. */
export async function startApp(config: Config): Promise<App> {
  for (const secret of [config.operatorToken, config.userBotToken, config.adminBotToken, config.secretKey, config.newSecretKey, config.webhookSecret, config.nowpayments?.apiKey, config.nowpayments?.ipnSecret]) {
    registerSecret(secret);
  }
  const log = createLogger({ level: config.logLevel, pretty: config.logPretty });
  setLogger(log);

  const { lock, db, tokens, key } = await openStoreToServe(config);
  const checkpoints = startCheckpointer(db, config.databasePath, { log: log.child({ part: "store" }) });
  log.info({ path: config.databasePath }, "store open");
  const metrics = createMetrics({ db });
  // Without a bot token the notices are logged, as before; with one they wait (and retry) until its bot connects.
  const notices = new TelegramNotices({
    store: openStore(db),
    defaultLanguage: config.defaultLanguage,
    log: log.child({ part: "notices" }),
    expectCustomerChannel: Boolean(config.userBotToken),
    expectAdminSink: Boolean(config.adminBotToken),
    // The runtime starts first and replays what a crash left pending; notices wait for their bot to connect.
    connectWaitMs: 20_000,
  });
  const core = buildCore({
    db,
    tokens,
    notices,
    publicUrl: config.publicUrl,
    log: log.child({ part: "runtime" }),
    healthIntervalMs: config.healthIntervalS * 1000,
    syncIntervalMs: config.syncIntervalS * 1000,
    observer: metrics.observer,
    wrapPanel: (driver, serverId) => timedDriver(driver, serverId, metrics),
  });
  notices.bindSubscriptions(core.subscriptions);
  // Before the runtime starts: a replayed invoice or poll effect finds its gateway.
  if (config.nowpayments) core.gateways.nowpayments = new NowPaymentsClient({ ...config.nowpayments, publicUrl: config.publicUrl });
  else log.info("crypto payments off: NOWPAYMENTS_API_KEY and NOWPAYMENTS_IPN_SECRET are not set, checkout offers no crypto");
  await core.runtime.start();
  // Servers added under other intervals take HEALTH_INTERVAL_S and SYNC_INTERVAL_S from now on.
  await core.servers.applyIntervals();

  const webhooks = new WebhookRoutes();
  // Receipt photos are downloaded through the user bot (a file id is good only for its own bot), for the admin
  // bot's cards and the console alike.
  const photos = config.userBotToken ? userBotPhotos({ token: config.userBotToken, apiRoot: config.telegramApiRoot, log: log.child({ part: "photos" }) }) : undefined;
  const app = createHttpApp({
    core,
    metrics,
    operatorToken: config.operatorToken,
    publicUrl: config.publicUrl,
    log: log.child({ part: "http" }),
    defaultLanguage: config.defaultLanguage,
    ...(photos ? { receiptPhotos: photos } : {}),
  }).use(webhooks.routes());
  app.listen({ hostname: config.httpHost, port: config.httpPort });
  const server = app.server as Server<unknown>;
  log.info({ url: `http://${config.httpHost}:${server.port}` }, "http listening");

  if (!config.operatorToken) log.warn("operator API off: OPERATOR_TOKEN is not set, /api/* answers 401");
  let userBot: UserBot | undefined;
  if (!config.userBotToken) log.warn("user bot off: USER_BOT_TOKEN is not set");
  else {
    try {
      userBot = await startUserBot({
        token: config.userBotToken,
        apiRoot: config.telegramApiRoot,
        db,
        core,
        notices,
        telegramNotices: notices,
        gateways: core.gateways,
        log,
        defaultLanguage: config.defaultLanguage,
        mode: config.botMode,
        notifier: { onRateLimited: () => metrics.telegramRateLimited.inc() },
        ...(config.botMode === "webhook" ? { webhook: { routes: webhooks, publicUrl: config.publicUrl, secret: config.webhookSecret! } } : {}),
      });
    } catch (error) {
      log.error({ err: describeError(error) }, "user bot could not start; customer notices wait for it");
    }
  }
  let adminBot: AdminBot | undefined;
  if (!config.adminBotToken) log.warn("admin bot off: ADMIN_BOT_TOKEN is not set");
  else {
    if (config.adminIds.length === 0) log.warn("admin bot has no admins: ADMIN_IDS is empty, everyone is refused");
    try {
      adminBot = await startAdminBot({
        token: config.adminBotToken,
        apiRoot: config.telegramApiRoot,
        core,
        tokens,
        adminIds: config.adminIds,
        log,
        defaultLanguage: config.defaultLanguage,
        userBotToken: config.userBotToken,
        ...(photos ? { photos } : {}),
        telegramNotices: notices,
        mode: config.botMode,
        notifier: { onRateLimited: () => metrics.telegramRateLimited.inc() },
        ...(config.botMode === "webhook" ? { webhook: { routes: webhooks, publicUrl: config.publicUrl, secret: config.webhookSecret! } } : {}),
      });
    } catch (error) {
      log.error({ err: describeError(error) }, "admin bot could not start; admin alerts wait for it");
    }
  }

  let backups: { stop(): void } | undefined;
  if (config.backupIntervalH === 0) log.info("scheduled backups off: BACKUP_INTERVAL_H=0");
  else if (!adminBot || config.adminIds.length === 0) log.warn("scheduled backups off: they are sent to the admins, and the admin bot or ADMIN_IDS is not set");
  else if (config.databasePath !== ":memory:") {
    const bot = adminBot;
    backups = startBackupSchedule({
      db,
      databasePath: config.databasePath,
      intervalH: config.backupIntervalH,
      secret: key,
      log: log.child({ part: "backups" }),
      deliver: (backup) => bot.sendBackup(backup),
    });
  }

  let stopped = false;
  return {
    config,
    core,
    metrics,
    port: server.port ?? config.httpPort,
    async stop() {
      if (stopped) return;
      stopped = true;
      backups?.stop();
      await adminBot?.stop();
      await userBot?.stop();
      await app.stop();
      await core.runtime.stop();
      await checkpoints.stop();
      db.close();
      lock.release();
      log.info("stopped");
    },
  };
}

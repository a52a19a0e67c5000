/**
 * Wiring: config → logger → store → core (runtime, panels, sales) → HTTP → bots, and a clean stop in reverse
 * order. Every part that is off (no bot token, no operator token) says so in one log line.
 */
import { Elysia } from "elysia";
import type { Server } from "bun";
import { type Config } from "./config.ts";
import { createLogger, registerSecret, setLogger } from "./log.ts";
import { openDatabase } from "./store/db.ts";
import { buildCore, type Core } from "./core.ts";
import { loadOrCreateKey, openTokenBox } from "./panels/token-box.ts";
import { LoggedNotices } from "./kinds/notices.ts";
import { healthRoutes } from "./http/health.ts";

export interface App {
  config: Config;
  core: Core;
  /** The bound HTTP port (useful when HTTP_PORT=0). */
  port: number;
  stop(): Promise<void>;
}

/** Starts every part of subkeeper that the configuration turns on. */
export async function startApp(config: Config): Promise<App> {
  for (const secret of [config.operatorToken, config.userBotToken, config.adminBotToken, config.secretKey, config.webhookSecret]) {
    registerSecret(secret);
  }
  const log = createLogger({ level: config.logLevel, pretty: config.logPretty });
  setLogger(log);

  const db = openDatabase(config.databasePath);
  log.info({ path: config.databasePath }, "store open");
  const tokens = await openTokenBox(loadOrCreateKey(config.databasePath, config.secretKey));
  const core = buildCore({
    db,
    tokens,
    notices: new LoggedNotices(log.child({ part: "notices" })),
    publicUrl: config.publicUrl,
    log: log.child({ part: "runtime" }),
    healthIntervalMs: config.healthIntervalS * 1000,
    syncIntervalMs: config.syncIntervalS * 1000,
  });
  await core.runtime.start();

  const app = new Elysia().use(healthRoutes({ db, runtime: core.runtime }));
  app.listen({ hostname: config.httpHost, port: config.httpPort });
  const server = app.server as Server<unknown>;
  log.info({ url: `http://${config.httpHost}:${server.port}` }, "http listening");

  if (!config.operatorToken) log.warn("operator API off: OPERATOR_TOKEN is not set, /api/* answers 401");
  if (!config.userBotToken) log.warn("user bot off: USER_BOT_TOKEN is not set");
  if (!config.adminBotToken) log.warn("admin bot off: ADMIN_BOT_TOKEN is not set");
  else if (config.adminIds.length === 0) log.warn("admin bot has no admins: ADMIN_IDS is empty, everyone is refused");

  let stopped = false;
  return {
    config,
    core,
    port: server.port ?? config.httpPort,
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.stop();
      await core.runtime.stop();
      db.close();
      log.info("stopped");
    },
  };
}

/**
 * Wiring: config → logger → store → runtime → HTTP → bots, and a clean stop in reverse order.
 * Every part that is off (no bot token, no operator token) says so in one log line.
 */
import { Elysia } from "elysia";
import type { Server } from "bun";
import { type Config } from "./config.ts";
import { createLogger, registerSecret, setLogger } from "./log.ts";
import { openDatabase } from "./store/db.ts";
import { Runtime } from "../actors/runtime.ts";
import { healthRoutes } from "./http/health.ts";

export interface App {
  config: Config;
  runtime: Runtime;
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
  const runtime = new Runtime({ db, log: log.child({ part: "runtime" }) });
  await runtime.start();

  const app = new Elysia().use(healthRoutes({ db, runtime }));
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
    runtime,
    port: server.port ?? config.httpPort,
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.stop();
      await runtime.stop();
      db.close();
      log.info("stopped");
    },
  };
}

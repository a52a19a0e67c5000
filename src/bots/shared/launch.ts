/**
 * Running a bot: long polling with @grammyjs/runner (the default), or a webhook served by the HTTP app at
 * `/telegram/<bot>` with Telegram's secret token checked (BOT_MODE=webhook).
 *
 * The runner handles updates concurrently; each bot puts `sequentialize` per chat in its own middleware so one
 * person's updates still run in order. The runner's own retry doubles its wait without a cap and prints to the
 * console, so polling here retries every few seconds and failures go to the log, once a minute at most.
 */
import { run, type RunnerHandle } from "@grammyjs/runner";
import { Elysia } from "elysia";
import { webhookCallback, type Bot, type Context, type Transformer } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "pino";
import { describeError } from "./bot.ts";

export type UpdateKind = Exclude<keyof Update, "update_id">;

/** The handlers the HTTP app serves at POST /telegram/:bot; bots register when they start in webhook mode. */
export class WebhookRoutes {
  private readonly handlers = new Map<string, (request: Request) => Promise<Response>>();

  register(bot: string, handler: (request: Request) => Promise<Response>): void {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(bot)) throw new RangeError(`webhook bot name ${JSON.stringify(bot)} must be a short lower-case word`);
    this.handlers.set(bot, handler);
  }

  unregister(bot: string): void {
    this.handlers.delete(bot);
  }

  /** Whether a bot is registered. */
  has(bot: string): boolean {
    return this.handlers.has(bot);
  }

  /**
   * The route to mount once on the HTTP app (before it listens); bots may register later. The app's own body
   * parser may already have read the request, so the update is handed on as a fresh request with the parsed body.
   */
  routes() {
    return new Elysia({ name: "telegram-webhooks" }).post(
      "/telegram/:bot",
      async ({ params, request, body, set }) => {
        const handler = this.handlers.get(params.bot);
        if (!handler) {
          set.status = 404;
          return { error: { code: "not-found", message: "no bot is served here" } };
        }
        const headers = new Headers(request.headers);
        headers.delete("content-length");
        return await handler(new Request(request.url, { method: "POST", headers, body: JSON.stringify(body ?? null) }));
      },
      { detail: { summary: "Telegram webhook of one bot (checks X-Telegram-Bot-Api-Secret-Token)", tags: ["telegram"] } },
    );
  }
}

export interface LaunchOptions {
  /** The bot's name in logs and in the webhook path ("user", "admin"). */
  name: string;
  mode: "polling" | "webhook";
  log: Logger;
  allowedUpdates?: UpdateKind[];
  /** Long polling timeout in seconds (default 25; the bot's client timeout must be longer). */
  pollTimeoutSeconds?: number;
  /** Milliseconds between getUpdates retries after a failure (default 3000). */
  pollRetryMs?: number;
  /** Webhook mode: where Telegram posts, and the secret it sends back. */
  webhook?: { routes: WebhookRoutes; publicUrl: string; secret: string };
}

export interface LaunchedBot {
  mode: "polling" | "webhook";
  /** Stops taking updates and waits for the updates in hand. */
  stop(): Promise<void>;
}

/** Starts taking updates. Resolves once the bot is known to Telegram (getMe) and polling or the webhook is set. */
export async function launchBot<C extends Context>(bot: Bot<C>, options: LaunchOptions): Promise<LaunchedBot> {
  const { log, name } = options;
  const allowed_updates = options.allowedUpdates ?? ["message", "callback_query"];
  await bot.init();

  if (options.mode === "webhook") {
    const webhook = options.webhook;
    if (!webhook) throw new Error(`bot ${name}: webhook mode needs the routes, the public URL and the secret`);
    const url = `${webhook.publicUrl.replace(/\/+$/, "")}/telegram/${name}`;
    const handler = webhookCallback(bot, "std/http", { secretToken: webhook.secret, onTimeout: "return", timeoutMilliseconds: 9_000 });
    webhook.routes.register(name, handler);
    await bot.api.setWebhook(url, { secret_token: webhook.secret, allowed_updates, drop_pending_updates: false });
    log.info({ bot: name, url }, "bot taking updates by webhook");
    return {
      mode: "webhook",
      async stop() {
        webhook.routes.unregister(name);
      },
    };
  }

  // A webhook left from an earlier run would make every getUpdates answer 409.
  await bot.api.deleteWebhook({ drop_pending_updates: false });
  bot.api.config.use(logPollFailures(log, name));
  const handle: RunnerHandle = run(bot, {
    runner: {
      fetch: { timeout: options.pollTimeoutSeconds ?? 25, allowed_updates },
      retryInterval: options.pollRetryMs ?? 3000,
      maxRetryTime: 365 * 24 * 3600_000,
      silent: true,
    },
  });
  handle.task()?.catch((error) => log.error({ bot: name, err: describeError(error) }, "bot stopped taking updates"));
  log.info({ bot: name, username: bot.botInfo.username }, "bot taking updates by long polling");
  return {
    mode: "polling",
    async stop() {
      if (handle.isRunning()) await handle.stop();
    },
  };
}

/** Logs failed getUpdates calls (at most one line a minute), since the runner retries them quietly. */
function logPollFailures(log: Logger, name: string): Transformer {
  let lastLogged = 0;
  const report = (words: string) => {
    if (Date.now() - lastLogged < 60_000) return;
    lastLogged = Date.now();
    log.warn({ bot: name, err: words }, "getUpdates failed; retrying");
  };
  return async (prev, method, payload, signal) => {
    if (method !== "getUpdates") return prev(method, payload, signal);
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok) report(`${result.error_code} ${result.description}`);
      return result;
    } catch (error) {
      if (!signal?.aborted) report(describeError(error));
      throw error;
    }
  };
}

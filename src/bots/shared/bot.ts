/**
 * Making a grammY bot the way both of subkeeper's bots need it: the API root from TELEGRAM_API_ROOT, auto-retry
 * with caps (its defaults retry forever), a watch for chats that blocked the bot, and an error boundary — grammY
 * stops polling on an error no `bot.catch` handles, so one is always installed: it logs the error and tells the
 * person, in their language, that something went wrong.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { Bot, BotError, GrammyError, HttpError, type Context, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import { isLanguage, pickLanguage, tPlain, type Language } from "../i18n.ts";

export interface BotOptions<C extends Context> {
  token: string;
  /** TELEGRAM_API_ROOT; Telegram's own when unset. */
  apiRoot?: string;
  log: Logger;
  defaultLanguage: Language;
  /** The person's language for the error line; by default ctx.lang when a middleware set it, else their Telegram language. */
  languageOf?: (ctx: C) => Language;
  /** Called when a call to a chat answers 403 "bot was blocked" / "user is deactivated". */
  onBlocked?: (chatId: number) => void;
  /** Caps for @grammyjs/auto-retry: attempts after the first, and the longest retry_after waited. */
  retry?: { maxRetryAttempts?: number; maxDelaySeconds?: number };
  /** Seconds before one API call is abandoned. */
  timeoutSeconds?: number;
  /** Skips getMe at start (tests, or a process that already knows). */
  botInfo?: UserFromGetMe;
  /** The custom context class, when the bot has one. */
  ContextConstructor?: new (...args: ConstructorParameters<typeof Context>) => C;
}

const BLOCKED = /bot was blocked by the user|user is deactivated/i;

/** Creates a bot with capped retries, the blocked-chat watch and the error boundary installed. */
export function createBot<C extends Context = Context>(options: BotOptions<C>): Bot<C> {
  const client = {
    ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
    timeoutSeconds: options.timeoutSeconds ?? 30,
  };
  const bot = new Bot<C>(options.token, {
    client,
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    ...(options.ContextConstructor ? { ContextConstructor: options.ContextConstructor } : {}),
  });
  if (options.onBlocked) bot.api.config.use(watchBlocked(options.onBlocked));
  bot.api.config.use(forgiveLateTapAnswers(options.log));
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: options.retry?.maxRetryAttempts ?? 2,
      maxDelaySeconds: options.retry?.maxDelaySeconds ?? 5,
      rethrowHttpErrors: true,
      rethrowInternalServerErrors: true,
    }),
  );
  installErrorBoundary(bot, options);
  return bot;
}

/** Reports 403 "blocked" answers for a chat; getUpdates and the like carry no chat and are ignored. */
function watchBlocked(onBlocked: (chatId: number) => void): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (!result.ok && result.error_code === 403 && BLOCKED.test(result.description)) {
      const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
      if (typeof chatId === "number") onBlocked(chatId);
    }
    return result;
  };
}

const LATE_TAP = /query is too old|query ID is invalid/i;
const ANSWERED_MEMORY = 5000;

/**
 * A first answer to a tap Telegram no longer knows — one queued while the process restarted is past Telegram's
 * answer window by the time it is handled — only stops a spinner Telegram already stopped. It is not a failure of
 * the update: without this, a tap whose action was applied ended in the error boundary, and the person was told
 * "something went wrong". A second answer to a tap answered before still fails (Telegram says the same words), so
 * the error boundary knows its toast was not shown.
 */
function forgiveLateTapAnswers(log: Logger): Transformer {
  const answered = new Set<string>();
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (method !== "answerCallbackQuery") return result;
    const id = String((payload as { callback_query_id?: unknown } | undefined)?.callback_query_id ?? "");
    if (result.ok) {
      answered.add(id);
      if (answered.size > ANSWERED_MEMORY) answered.delete(answered.values().next().value!);
      return result;
    }
    if (result.error_code === 400 && LATE_TAP.test(result.description) && !answered.has(id)) {
      log.debug({ description: result.description }, "a tap was answered too late; its spinner had already stopped");
      return { ok: true, result: true } as unknown as typeof result;
    }
    return result;
  };
}

/** The language of the person behind an update, for the error line. */
function fallbackLanguage<C extends Context>(ctx: C, defaultLanguage: Language): Language {
  const set = (ctx as { lang?: unknown }).lang;
  if (isLanguage(set)) return set;
  return pickLanguage(ctx.from?.language_code, defaultLanguage);
}

/**
 * The error boundary: logs the failed update (ids, no message texts) and answers "something went wrong" in the
 * person's language; a tap's spinner is stopped too. Never throws. It is the bot's first middleware, so a failure
 * ends there whatever brought the update: long polling goes on, and a webhook answers 200 (a 500 made Telegram
 * redeliver the update, and the HTTP layer logged it whole, the customer's text included). `bot.catch` points at
 * it too, for a failure outside the middleware.
 */
export function installErrorBoundary<C extends Context>(bot: Bot<C>, options: Pick<BotOptions<C>, "log" | "defaultLanguage" | "languageOf">): void {
  const boundary = async (error: BotError<C>) => {
    const ctx = error.ctx;
    const cause = error.error;
    const blocked = cause instanceof GrammyError && cause.error_code === 403 && BLOCKED.test(cause.description);
    const detail = {
      updateId: ctx.update.update_id,
      chatId: ctx.chat?.id,
      kind: Object.keys(ctx.update).find((key) => key !== "update_id"),
      err: describeError(cause),
    };
    if (blocked) {
      options.log.info(detail, "update not answered: the chat blocked the bot");
      return;
    }
    options.log.error(detail, "update failed");
    let lang: Language;
    try {
      lang = options.languageOf ? options.languageOf(ctx) : fallbackLanguage(ctx, options.defaultLanguage);
    } catch {
      lang = fallbackLanguage(ctx, options.defaultLanguage);
    }
    const words = tPlain(lang, "error-generic");
    try {
      // A tap the handler already answered cannot be answered again: then the words go to the chat.
      const toasted = ctx.callbackQuery ? await ctx.answerCallbackQuery({ text: words, show_alert: true }).catch(() => false) : false;
      if (!toasted && ctx.chat) await ctx.reply(words);
    } catch (replyError) {
      options.log.warn({ updateId: ctx.update.update_id, err: describeError(replyError) }, "could not tell the person about a failed update");
    }
  };
  bot.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      await boundary(error instanceof BotError ? (error as BotError<C>) : new BotError<C>(error, ctx));
    }
  });
  bot.catch(boundary);
}

/** An error in words for a log line: Telegram's answer, a network failure, or the message. */
export function describeError(error: unknown): string {
  if (error instanceof GrammyError) return `${error.method}: ${error.error_code} ${error.description}`;
  if (error instanceof HttpError) return `network: ${error.message}`;
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}

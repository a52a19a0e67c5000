/**
 * The user bot: every customer flow of the product (start, language, plans and buying, card receipts, wallet,
 * trial, my subscriptions, renewals and traffic packs, support, help), on the shared robustness pieces — an update
 * applied once, per-customer rate limits, state in SQLite, signed callback data, the error boundary.
 *
 * `createUserBot` builds the bot without touching the network; `startUserBot` also makes its notifier, connects
 * the Telegram notices, registers the commands in both languages and starts long polling (or the webhook).
 */
import { PendingInputs } from "../shared/pending-input.ts";
import type { Flow } from "./middlewares/flow.ts";
import type { Store } from "../../store/index.ts";
import type { Database } from "bun:sqlite";
import { sequentialize } from "@grammyjs/runner";
import { GrammyError, type Bot } from "grammy";
import type { BotCommand, UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import type { Runtime } from "../../../actors/runtime.ts";
import type { Notices } from "../../kinds/notices.ts";
import { createNotifier, type Notifier, type NotifierOptions } from "../../notify/index.ts";
import type { Sales } from "../../sales/orders.ts";
import type { Subscriptions } from "../../sales/subscriptions.ts";
import { markUnreachable } from "../../store/customers.ts";
import { LANGUAGES, tPlain, type Language } from "../i18n.ts";
import { createBot, describeError } from "../shared/bot.ts";
import type { StarsGateway } from "../../sales/payments/gateways.ts";
import { CallbackCodec } from "../shared/callback-data.ts";
import { languageMiddleware } from "../shared/language.ts";
import { launchBot, type WebhookRoutes } from "../shared/launch.ts";
import { RateLimiter, rateLimitUpdates, type RateLimit } from "../shared/rate-limit.ts";
import { BotStateStore } from "../../store/bot-state.ts";
import type { TelegramNotices } from "../shared/telegram-notices.ts";
import { applyOnce } from "../shared/update-dedupe.ts";
import { SeenUpdates } from "../../store/seen-updates.ts";
import { userCallbacks, type UserCallbacks } from "./callback-data/user-callbacks.ts";
import type { UserContext, UserServices } from "./context.ts";
import { checkoutFeature } from "./features/checkout.ts";
import { conversationFeature } from "./features/conversation.ts";
import { fallbackFeature } from "./features/fallback.ts";
import { helpFeature } from "./features/help.ts";
import { languageFeature } from "./features/language.ts";
import { menuFeature } from "./features/menu.ts";
import { plansFeature } from "./features/plans.ts";
import { receiptsFeature } from "./features/receipts.ts";
import { startFeature } from "./features/start.ts";
import { subscriptionsFeature } from "./features/subscriptions.ts";
import { supportFeature } from "./features/support.ts";
import { trialFeature } from "./features/trial.ts";
import { walletFeature } from "./features/wallet.ts";
import { paySupportFeature, starsGate } from "./features/stars.ts";
import { noticeButtons } from "./keyboards/notice-buttons.ts";
import { answerEveryTap, loadCustomer, privateChatsOnly, stopBanned } from "./middlewares/customer.ts";
import { leaveFlowOnNavigation } from "./middlewares/flow.ts";
import { say } from "./replies.ts";
import { ChannelMembership } from "./membership.ts";
import { channelGate, channelsFeature } from "./features/channels.ts";
import { agentFeature } from "./features/agent.ts";
import { getSettings } from "../../store/settings.ts";

/** The bot's name in the shared tables and in the webhook path. */
export const USER_BOT = "user";

/** Default limits: generous for a person tapping through menus, tight for receipts. */
export const USER_BOT_LIMITS = {
  updates: { limit: 20, windowMs: 10_000 } satisfies RateLimit,
  receipts: { limit: 5, windowMs: 10 * 60_000 } satisfies RateLimit,
};

export interface UserBotDeps {
  token: string;
  /** TELEGRAM_API_ROOT. */
  apiRoot?: string;
  db: Database;
  core: { sales: Sales; subscriptions: Subscriptions; store: Store; runtime: Pick<Runtime, "clock"> };
  /** Where support messages are raised to admins (the core's notices). */
  notices: Notices;
  log: Logger;
  defaultLanguage?: Language;
  limits?: { updates?: RateLimit; receipts?: RateLimit };
  /** Skips getMe (tests). */
  botInfo?: UserFromGetMe;
  /** How long a handler waits for a just-paid order's result (default 3 s). */
  settleWaitMs?: number;
  /** How long a channel-membership answer is kept per customer. Default 5 minutes. */
  membershipTtlMs?: number;
  /** A customer wrote again after blocking the bot. */
  onReachable?: (chatId: number) => void;
}

export interface UserBotParts {
  bot: Bot<UserContext>;
  callbacks: UserCallbacks;
  state: BotStateStore;
}

/** The commands in a language, for setMyCommands. */
export function userCommands(lang: Language): BotCommand[] {
  return ["start", "plans", "subs", "wallet", "trial", "support", "paysupport", "lang", "help"].map((command) => ({
    command,
    description: tPlain(lang, `command-${command}`),
  }));
}

/** Builds the user bot (no network calls). */
export function createUserBot(deps: UserBotDeps): UserBotParts {
  const log = deps.log.child({ part: "user-bot" });
  const defaultLanguage = deps.defaultLanguage ?? "fa";
  const clock = deps.core.runtime.clock;
  const callbacks = userCallbacks(CallbackCodec.fromToken(deps.token));
  const state = deps.core.store.botState(USER_BOT, { ttlMs: 7 * 24 * 3600_000, now: () => clock.now() });
  let api: () => Bot<UserContext>["api"] = () => {
    throw new Error("the user bot is not built yet");
  };
  const services: UserServices = {
    store: deps.core.store,
    sales: deps.core.sales,
    subscriptions: deps.core.subscriptions,
    notices: deps.notices,
    clock,
    state,
    inputs: new PendingInputs<Flow>(state),
    cb: callbacks,
    receiptLimiter: new RateLimiter(deps.limits?.receipts ?? USER_BOT_LIMITS.receipts),
    log,
    defaultLanguage,
    onReachable: deps.onReachable ?? (() => {}),
    settleWaitMs: deps.settleWaitMs ?? 3000,
    membership: new ChannelMembership({
      api: () => api(),
      channels: () => deps.core.store.getSettings().requiredChannels,
      notices: deps.notices,
      now: () => clock.now(),
      log,
      ...(deps.membershipTtlMs !== undefined ? { ttlMs: deps.membershipTtlMs } : {}),
    }),
  };

  const bot = createBot<UserContext>({
    token: deps.token,
    ...(deps.apiRoot ? { apiRoot: deps.apiRoot } : {}),
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
    log,
    defaultLanguage,
    timeoutSeconds: 60,
    onBlocked: (chatId) => markUnreachable(deps.db, chatId, clock.now()),
  });

  api = () => bot.api;

  // One person's updates in order; different people in parallel (the runner hands updates over concurrently).
  bot.use(sequentialize((ctx) => (ctx.chat?.id ?? ctx.from?.id)?.toString()));
  // Before the update dedupe and the rate limits: see features/stars.ts.
  bot.use(starsGate(services));
  bot.use(applyOnce(deps.core.store.seenUpdates(USER_BOT, () => Date.now()), log));
  bot.use(privateChatsOnly());
  bot.use(languageMiddleware<UserContext>((ctx) => ctx.lang ?? defaultLanguage));
  bot.use(loadCustomer(services));
  bot.use(answerEveryTap());
  bot.use(
    rateLimitUpdates<UserContext>(new RateLimiter(deps.limits?.updates ?? USER_BOT_LIMITS.updates), async (ctx, first) => {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.tp("error-rate-limited") });
      else if (first) await say(ctx, ctx.t("error-rate-limited"));
    }),
  );
  bot.use(stopBanned());
  bot.use(startFeature(services));
  bot.use(channelGate(services));
  bot.use(channelsFeature(services));
  bot.use(leaveFlowOnNavigation(services));
  bot.use(languageFeature(services));
  bot.use(menuFeature(services));
  bot.use(plansFeature(services));
  bot.use(checkoutFeature(services));
  bot.use(subscriptionsFeature(services));
  bot.use(walletFeature(services));
  bot.use(trialFeature(services));
  bot.use(agentFeature(services));
  bot.use(supportFeature(services));
  bot.use(helpFeature(services));
  bot.use(paySupportFeature());
  bot.use(receiptsFeature(services));
  bot.use(conversationFeature(services));
  bot.use(fallbackFeature(services));
  return { bot, callbacks, state };
}

export interface StartUserBotOptions extends UserBotDeps {
  mode?: "polling" | "webhook";
  webhook?: { routes: WebhookRoutes; publicUrl: string; secret: string };
  /** Customer notices go out through this bot's notifier once it starts. */
  telegramNotices?: TelegramNotices;
  /** The user bot plugs Telegram Stars refunds in here (the core's gateways). */
  gateways?: { plugStars(gateway: StarsGateway | null): void };
  /** Notifier pacing and retry caps (tests loosen the per-chat pace). */
  notifier?: Pick<NotifierOptions, "limits" | "retry" | "claimTimeoutMs" | "onRateLimited">;
}

export interface UserBot extends UserBotParts {
  notifier: Notifier;
  stop(): Promise<void>;
}

/** Starts the user bot; resolves once it takes updates. */
export async function startUserBot(options: StartUserBotOptions): Promise<UserBot> {
  const log = options.log.child({ part: "user-bot" });
  const clock = options.core.runtime.clock;
  const notifier = createNotifier({
    db: options.db,
    api: { token: options.token, ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}) },
    log: options.log.child({ part: "notifier", bot: USER_BOT }),
    clock: { now: () => Date.now() },
    onBlocked: (chatId) => markUnreachable(options.db, chatId, clock.now()),
    ...options.notifier,
  });
  const parts = createUserBot({
    ...options,
    onReachable: (chatId) => {
      notifier.markReachable(chatId);
      options.onReachable?.(chatId);
    },
  });
  const { bot } = parts;
  options.telegramNotices?.connectCustomers({ sender: notifier, keyboard: noticeButtons(parts.callbacks) });
  options.gateways?.plugStars({
    async refund(userId, chargeId) {
      try {
        await bot.api.refundStarPayment(userId, chargeId);
      } catch (error) {
        // Claimed locally before the call; a replay after a crash finds Telegram already did it.
        if (error instanceof GrammyError && /CHARGE_ALREADY_REFUNDED/.test(error.description)) return;
        throw Object.assign(new Error(describeError(error)), { kind: error instanceof GrammyError && error.error_code === 400 ? "permanent" : "transient" });
      }
    },
  });

  let launched;
  try {
    launched = await launchBot(bot, {
      name: USER_BOT,
      mode: options.mode ?? "polling",
      log,
      // Telegram sends pre_checkout_query only to a bot that asks for it.
      allowedUpdates: ["message", "callback_query", "pre_checkout_query"],
      ...(options.webhook ? { webhook: options.webhook } : {}),
    });
  } catch (error) {
    options.telegramNotices?.connectCustomers(null);
    throw error;
  }
  await registerCommands(bot, options.defaultLanguage ?? "fa", log);

  // Housekeeping: claims a crash left unconfirmed are reported, and old conversation state is dropped.
  const housekeeping = setInterval(() => {
    try {
      notifier.sweepUnconfirmed();
      parts.state.prune(30 * 24 * 3600_000);
    } catch (error) {
      log.warn({ err: String(error) }, "user bot housekeeping failed");
    }
  }, 10 * 60_000);
  housekeeping.unref?.();

  let stopped = false;
  return {
    ...parts,
    notifier,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(housekeeping);
      await launched.stop();
      options.telegramNotices?.connectCustomers(null);
      options.gateways?.plugStars(null);
      log.info("user bot stopped");
    },
  };
}

/** The command list in each language, and the default language's for everyone else. */
async function registerCommands(bot: Bot<UserContext>, defaultLanguage: Language, log: Logger): Promise<void> {
  try {
    for (const lang of LANGUAGES) await bot.api.setMyCommands(userCommands(lang), { language_code: lang });
    await bot.api.setMyCommands(userCommands(defaultLanguage));
  } catch (error) {
    log.warn({ err: String(error) }, "commands not registered; the bot works without the command list");
  }
}

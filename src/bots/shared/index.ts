/**
 * What the user bot and the admin bot share: bot.ts (a bot with capped retries and the error boundary),
 * update-dedupe.ts (an update applied once), rate-limit.ts,
 * callback-data.ts (typed, signed button data), language.ts (ctx.lang / ctx.t), launch.ts (long polling or a
 * webhook at /telegram/<bot>), telegram-notices.ts (Notices over Telegram) and qr-code.ts.
 */
export { createBot, describeError, installErrorBoundary, type BotOptions } from "./bot.ts";
export { applyOnce } from "./update-dedupe.ts";
export { SeenUpdates } from "../../store/seen-updates.ts";
export { RateLimiter, rateLimitUpdates, type RateDecision, type RateLimit } from "./rate-limit.ts";
export { BotStateStore } from "../../store/bot-state.ts";
export { CallbackCodec, CallbackData, field, CALLBACK_DATA_MAX_BYTES, type CallbackProblem, type CallbackValues, type Field } from "./callback-data.ts";
export { languageMiddleware, type LanguageFlavor } from "./language.ts";
export { launchBot, WebhookRoutes, type LaunchedBot, type LaunchOptions, type UpdateKind } from "./launch.ts";
export { NoticeError, TelegramNotices, type AdminAlertSink, type CustomerChannel, type TelegramNoticesOptions } from "./telegram-notices.ts";
export { qrPng } from "./qr-code.ts";

/** The user bot: see user-bot.ts; features/ holds one Composer per customer flow. */
export { createUserBot, startUserBot, userCommands, USER_BOT, USER_BOT_LIMITS, type StartUserBotOptions, type UserBot, type UserBotDeps } from "./user-bot.ts";
export type { UserContext } from "./context.ts";

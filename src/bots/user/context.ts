/**
 * The user bot's context and the services its features use. Features are functions of `UserServices` that return
 * a Composer; nothing in a feature reaches for a global.
 */
import type { Store } from "../../store/index.ts";
import type { Database } from "bun:sqlite";
import type { Context } from "grammy";
import type { Logger } from "pino";
import type { Clock } from "../../domain/time.ts";
import type { Notices } from "../../kinds/notices.ts";
import type { Sales } from "../../sales/orders.ts";
import type { Subscriptions } from "../../sales/subscriptions.ts";
import type { Customer } from "../../store/customers.ts";
import type { Language } from "../i18n.ts";
import type { LanguageFlavor } from "../shared/language.ts";
import type { RateLimiter } from "../shared/rate-limit.ts";
import type { BotStateStore } from "../../store/bot-state.ts";
import type { PendingInputs } from "../shared/pending-input.ts";
import type { Flow } from "./middlewares/flow.ts";
import type { UserCallbacks } from "./callback-data/user-callbacks.ts";
import type { ChannelMembership } from "./membership.ts";

export interface UserFlavor extends LanguageFlavor {
  /** The customer behind the update, loaded before the features run (null until /start registers them). */
  customer: Customer | null;
}

export type UserContext = Context & UserFlavor;

export interface UserServices {
  store: Store;
  sales: Sales;
  subscriptions: Subscriptions;
  /** Support messages are raised to admins through it. */
  notices: Notices;
  /** The core's clock: timestamps in the store and "now" for days left. */
  clock: Clock;
  state: BotStateStore;
  /** What each chat was asked to type next (middlewares/flow.ts). */
  inputs: PendingInputs<Flow>;
  cb: UserCallbacks;
  receiptLimiter: RateLimiter;
  log: Logger;
  defaultLanguage: Language;
  /** The customer wrote again after having blocked the bot: notices may reach them again. */
  onReachable: (chatId: number) => void;
  /** Whether a customer joined the required channels (cached a few minutes per customer). */
  membership: ChannelMembership;
  /** How long to wait for a just-paid order's result before answering without it (trial link, traffic pack). */
  settleWaitMs: number;
}

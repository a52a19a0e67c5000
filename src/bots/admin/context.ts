/**
 * What every admin feature works with: the context type (the admin's language and words, who they are, an audit
 * helper) and the kit of services and admin-bot parts, handed to each feature when the bot is built.
 */
import type { Store } from "../../store/index.ts";
import type { Api, Context } from "grammy";
import type { Database } from "bun:sqlite";
import type { Logger } from "pino";
import type { Runtime } from "../../../actors/runtime.ts";
import type { Clock } from "../../domain/time.ts";
import type { Notices } from "../../kinds/notices.ts";
import type { Sales } from "../../sales/orders.ts";
import type { Subscriptions } from "../../sales/subscriptions.ts";
import type { ServerService } from "../../servers/service.ts";
import type { TokenBox } from "../../panels/token-box.ts";
import type { Broadcasts } from "../../sales/broadcasts.ts";
import type { Notifier } from "../../notify/notifier.ts";
import type { Language, MessageArgs } from "../i18n.ts";
import type { AdminCallbacks } from "./callbacks.ts";
import type { Flows } from "./flows.ts";
import type { AdminDirectory } from "./directory.ts";
import type { ReceiptCards } from "./receipt-cards.ts";
import type { BroadcastProgress } from "./broadcast-progress.ts";
import type { FlowRouter } from "./flow-router.ts";

export interface AdminFlavor {
  lang: Language;
  /** The message as Telegram HTML, string arguments escaped. */
  t(key: string, args?: MessageArgs): string;
  /** The message as plain text, for buttons and toasts. */
  tp(key: string, args?: MessageArgs): string;
  /** The admin's Telegram id (the gate has let only admins through). */
  adminId: number;
  /** Records an admin decision: who (this admin), what, on what, before → after. */
  audit(action: string, target: string | null, before?: unknown, after?: unknown): void;
}

export type AdminContext = Context & AdminFlavor;

/** The services and parts the features use. */
export interface AdminKit {
  store: Store;
  runtime: Runtime;
  clock: Clock;
  log: Logger;
  sales: Sales;
  subscriptions: Subscriptions;
  servers: ServerService;
  broadcasts: Broadcasts;
  notices: Notices;
  tokens: TokenBox;
  api: Api;
  /** The admin bot's own paced, deduplicated sender (alerts, receipt cards). */
  notifier: Notifier;
  callbacks: AdminCallbacks;
  flows: Flows;
  router: FlowRouter;
  directory: AdminDirectory;
  cards: ReceiptCards;
  progress: BroadcastProgress;
}

/**
 * The store as the bots and the HTTP API see it: the repositories they may call, bound to the one connection.
 * They never get the raw Database, so every statement they cause is one written here in src/store/. Actors'
 * writers and projections (src/kinds/) and the services (src/sales/, src/servers/) call the repository functions
 * with the transaction's connection instead.
 */
import type { Database } from "bun:sqlite";
import { forgetReceiptCard, receiptCardCopies, recordReceiptCard, recordBroadcastMessage, unfinishedBroadcastMessages, updateBroadcastMessage, broadcastsShownUnfinished } from "./admin-messages.ts";
import { agentSales, getAgent, listAgents, removeAgent, saveAgent } from "./agents.ts";
import { audit, listAudit } from "./audit.ts";
import { BotStateStore } from "./bot-state.ts";
import { customersPage, findCustomerByReferralCode, findCustomerByUsername, getCustomer, searchCustomers, setLanguage, upsertCustomer } from "./customers.ts";
import { setMeta } from "./store-meta.ts";
import { deleteDiscount, getDiscount, listDiscounts, saveDiscount } from "./discounts.ts";
import { claimIdempotencyKey, completeIdempotencyKey, pruneIdempotencyKeys, releaseIdempotencyKey, releaseUnfinishedIdempotencyKeys, storedIdempotencyKey } from "./idempotency-keys.ts";
import { balanceOf, entriesOf, postEntry, revenueByDay } from "./ledger.ts";
import { awaitingPaymentOrderId, countOrdersOfCustomer, ordersOfCustomer, ordersPage } from "./orders.ts";
import { createPlan, deletePlan, getPlan, listPlans, updatePlan } from "./plans.ts";
import { firstOrderWithPhoto, pendingReceiptsPage, receiptFileId, receiptOf } from "./receipts.ts";
import { SeenUpdates } from "./seen-updates.ts";
import { getServer } from "./servers.ts";
import { getSettings, updateSettings } from "./settings.ts";
import { computeStats } from "./stats.ts";
import { storedSubscriptionCopy, storeSubscriptionCopy, subscriptionByToken } from "./subscriptions.ts";
import { addAdminReply, addCustomerMessage, closeTicket, getTicket, openTickets, ticketMessages } from "./tickets.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Repository = (db: Database, ...args: any[]) => unknown;
type Bound<T extends Record<string, Repository>> = {
  readonly [K in keyof T]: T[K] extends (db: Database, ...args: infer A) => infer R ? (...args: A) => R : never;
};

function bind<T extends Record<string, Repository>>(db: Database, repositories: T): Bound<T> {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(repositories)) bound[name] = (...args: unknown[]) => fn(db, ...args);
  return bound as Bound<T>;
}

export function openStore(db: Database) {
  return {
    ...bind(db, {
      getCustomer, findCustomerByUsername, findCustomerByReferralCode, upsertCustomer, setLanguage, searchCustomers, customersPage,
      getAgent, listAgents, saveAgent, removeAgent, agentSales,
      getPlan, listPlans, createPlan, updatePlan, deletePlan,
      getDiscount, listDiscounts, saveDiscount, deleteDiscount,
      balanceOf, entriesOf, postEntry, revenueByDay,
      ordersOfCustomer, countOrdersOfCustomer, ordersPage, awaitingPaymentOrderId,
      receiptOf, receiptFileId, pendingReceiptsPage, firstOrderWithPhoto, receiptCardCopies, recordReceiptCard, forgetReceiptCard,
      recordBroadcastMessage, unfinishedBroadcastMessages, updateBroadcastMessage, broadcastsShownUnfinished,
      getServer, subscriptionByToken, storedSubscriptionCopy, storeSubscriptionCopy,
      getSettings, updateSettings, computeStats,
      addCustomerMessage, addAdminReply, closeTicket, getTicket, openTickets, ticketMessages,
      audit, listAudit,
      storedIdempotencyKey, claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey, releaseUnfinishedIdempotencyKeys, pruneIdempotencyKeys,
      setMeta,
    }),
    /** Runs `work` in one transaction (synchronous: bun:sqlite's transactions cannot span an await). */
    transaction<T>(work: () => T): T {
      return db.transaction(work)();
    },
    /** A bot's per-chat state. */
    botState(bot: string, options: { ttlMs?: number; now?: () => number } = {}): BotStateStore {
      return new BotStateStore(db, bot, options);
    },
    /** The update ids a bot has taken. */
    seenUpdates(bot: string, now?: () => number): SeenUpdates {
      return new SeenUpdates(db, bot, now);
    },
  };
}

export type Store = ReturnType<typeof openStore>;

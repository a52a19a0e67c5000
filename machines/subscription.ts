/**
 * A customer's subscription and its one client on an S-UI panel.
 *
 * provisioning (placing → creating ⇄ retry_wait) → active ⇄ limited / expired → (renewal) active;
 * active ⇄ suspended (customer banned); moving (to another server, same link); revoking → revoked;
 * provision_failed after the retries, until an operator sends RETRY.
 *
 * The panel is told what the client should look like (enabled, volume, expiry) whenever that changes; a failed
 * update is retried on a durable timer with whatever is wanted by then, so the panel converges. Credentials come
 * in with the input, generated once before the first panel call.
 */
import { assign, enqueueActions, setup } from "xstate";
import { runtimeActions, type Stamped } from "./runtime-actions.ts";
import { expiryWarningKind, type NoticeKind } from "../src/domain/notice-kinds.ts";
import { addTraffic, isOverLimit, moveTraffic, renewExpiry, renewTraffic, usageLevel, type RenewalPolicy } from "../src/domain/subscription-rules.ts";

const DAY_MS = 86_400_000;
export const PROVISION_MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 15 * 60_000;

export interface SubscriptionInput {
  subscriptionId: string;
  customerId: number;
  orderId: string;
  planId: number | null;
  title: string;
  token: string;
  clientName: string;
  serverGroup: string;
  trafficBytes: number;
  days: number;
  policy: RenewalPolicy;
  credentials: Record<string, unknown>;
  /** Bought with money (not a trial or gift): if provisioning has to wait, the customer hears the payment arrived. */
  paid?: boolean;
}

export interface SubscriptionContext extends SubscriptionInput {
  serverId: string | null;
  /**
   * The panel's key for the client, opaque and kind-specific (S-UI's id, 3x-ui's email…). Subscriptions persisted
   * before panels had kinds hold S-UI's numeric id as a number; the S-UI driver reads both.
   */
  panelClientId: string | null;
  volumeBytes: number;
  usageBase: number;
  usedBytes: number;
  expiresAt: number | null;
  /** Grows with each renewal: expiry timers and warnings belong to one period. */
  period: number;
  /** Grows with each renewal and traffic pack: traffic warnings are once per traffic period. */
  trafficPeriod: number;
  notifiedLevel: number;
  attempts: number;
  excludedServers: string[];
  lastError: string | null;
  panelRetries: number;
  /** Orders waiting to hear that this subscription delivered them. */
  ordersToReport: string[];
  moveTo: string | null;
  /** The customer's auto-renew from the wallet: on, this many days before expiry (absent or null: off). */
  autoRenew?: { daysBefore: number } | null;
}

/**
 * Counters are per panel client: a figure read on one server means nothing on another. Events that carry one say
 * where it was read (`serverId`, `usedOnServerId`), and a figure from another server than the subscription's — a
 * usage sync or an order read just before a move — is not taken.
 */
type Change = { orderId: string; trafficBytes: number; days: number; policy: RenewalPolicy; usedBytes?: number; usedOnServerId?: string | null };

export type SubscriptionEvent = Stamped &
  (
    | { type: "PLACED"; serverId: string }
    | { type: "PROVISIONED"; serverId: string; panelClientId: string }
    | { type: "RETRY_PROVISION" }
    | { type: "RETRY" }
    | { type: "EFFECT_FAILED"; effect: string; errorKind: string; message: string; input: unknown; certainlyAbsent?: boolean }
    | { type: "USAGE"; usedBytes: number; serverId?: string }
    | ({ type: "RENEW" } & Change)
    | { type: "ADD_TRAFFIC"; orderId: string; trafficBytes: number; usedBytes?: number; usedOnServerId?: string | null }
    | { type: "EXPIRY_WARNING"; daysBefore: number; period: number }
    | { type: "EXPIRE"; period: number }
    /** `panelClientId`: the key the panel uses now, when it is no longer the stored one (a panel upgrade). */
    | { type: "PANEL_SYNCED"; usedBytes?: number; panelClientId?: string }
    | { type: "PANEL_RETRY" }
    | { type: "SUSPEND" }
    | { type: "UNSUSPEND" }
    | { type: "RESYNC" }
    | { type: "MOVE"; serverId: string }
    /**
     * `carriedBytes`: the old client's counter when it was deleted (read fresh by the move); `targetUsedBytes`: what
     * the new client had counted already (0 unless an earlier attempt of this move created it).
     */
    | { type: "MOVED"; serverId: string; panelClientId: string; carriedBytes?: number; targetUsedBytes?: number }
    | { type: "REVOKE" }
    | { type: "SET_AUTO_RENEW"; on: boolean; daysBefore: number }
    | { type: "AUTO_RENEW_DUE"; period: number }
    | { type: "CLIENT_DELETED" }
  );

/** Backoff for attempt n: 5 s doubling to 15 min, with a jitter derived from the id so the machine stays pure. */
export function provisionDelay(subscriptionId: string, attempt: number): number {
  const exponential = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  let hash = 0;
  for (const char of `${subscriptionId}:${attempt}`) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return Math.round(exponential * (0.75 + (hash % 500) / 1000));
}

const traffic = (c: SubscriptionContext) => ({ volumeBytes: c.volumeBytes, usageBase: c.usageBase, usedBytes: c.usedBytes });
/** A counter read on this subscription's current client (or one that does not say where it was read). */
const observedHere = (c: SubscriptionContext, usedBytes: number | undefined, serverId: string | null | undefined) =>
  serverId === undefined || serverId === c.serverId ? (usedBytes ?? 0) : 0;
const expirySeconds = (c: SubscriptionContext) => (c.expiresAt === null ? 0 : Math.floor(c.expiresAt / 1000));

/** Tell the panel what this client should be now (the effect skips a client not created yet). */
function syncPanel(enable: boolean) {
  return {
    type: "effect" as const,
    params: ({ context }: { context: SubscriptionContext }) => ({
      name: "syncPanel",
      input: {
        serverId: context.serverId,
        panelClientId: context.panelClientId,
        clientName: context.clientName,
        enable,
        volumeBytes: context.volumeBytes,
        expiryUnixS: expirySeconds(context),
      },
    }),
  };
}

const TRAFFIC_NOTICES = new Set(["traffic-80", "traffic-95", "limited", "traffic-added"]);

function notification(c: SubscriptionContext, kind: NoticeKind, vars: Record<string, unknown> = {}) {
  const period = TRAFFIC_NOTICES.has(kind) ? `t${c.trafficPeriod}` : `p${c.period}`;
  return {
    type: "effect" as const,
    params: {
      name: "notify",
      input: { customerId: c.customerId, kind, subscriptionId: c.subscriptionId, vars: { title: c.title, ...vars }, dedupeKey: `sub:${c.subscriptionId}:${kind}:${period}` },
    },
  };
}

export const subscriptionMachine = setup({
  types: {} as { context: SubscriptionContext; events: SubscriptionEvent; input: SubscriptionInput & { at: number } },
  actions: {
    ...runtimeActions,
    /** Durable timers for the expiry warnings and the expiry itself, for the current period. */
    armExpiry: enqueueActions(({ context, enqueue, event }) => {
      if (context.expiresAt === null) return;
      for (const daysBefore of [3, 1]) {
        const at = context.expiresAt - daysBefore * DAY_MS;
        if (at > event.at) enqueue({ type: "setTimer", params: { key: `warn-${daysBefore}d`, at, event: { type: "EXPIRY_WARNING", daysBefore, period: context.period } } });
        else enqueue({ type: "cancelTimer", params: { key: `warn-${daysBefore}d` } });
      }
      enqueue({ type: "setTimer", params: { key: "expire", at: context.expiresAt, event: { type: "EXPIRE", period: context.period } } });
      enqueue("armAutoRenew");
    }),
    /** A durable timer `daysBefore` days ahead of this period's expiry (at once when that is already past). */
    armAutoRenew: enqueueActions(({ context, enqueue, event }) => {
      if (!context.autoRenew || context.expiresAt === null || context.expiresAt <= event.at) {
        enqueue({ type: "cancelTimer", params: { key: "auto-renew" } });
        return;
      }
      const at = Math.max(event.at, context.expiresAt - context.autoRenew.daysBefore * DAY_MS);
      enqueue({ type: "setTimer", params: { key: "auto-renew", at, event: { type: "AUTO_RENEW_DUE", period: context.period } } });
    }),
    /** Tell the orders this subscription just delivered that they are fulfilled. */
    reportOrders: enqueueActions(({ context, enqueue }) => {
      for (const orderId of context.ordersToReport) {
        enqueue({ type: "effect", params: { name: "reportFulfilled", input: { orderId, subscriptionId: context.subscriptionId } } });
      }
      enqueue.assign({ ordersToReport: [] });
    }),
    /** Usage notifications for thresholds crossed in this period, each once. */
    notifyUsage: enqueueActions(({ context, enqueue }) => {
      const level = usageLevel(traffic(context));
      if (level > context.notifiedLevel && level < 100) {
        if (level >= 80 && context.notifiedLevel < 80 && level < 95) enqueue(notification(context, "traffic-80"));
        if (level >= 95) enqueue(notification(context, "traffic-95"));
        enqueue.assign({ notifiedLevel: level });
      }
    }),
    applyRenewal: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== "RENEW") return;
      const seen = { ...traffic(context), usedBytes: Math.max(context.usedBytes, observedHere(context, event.usedBytes, event.usedOnServerId)) };
      enqueue.assign({
        ...renewTraffic(seen, event.trafficBytes, event.policy),
        expiresAt: renewExpiry(context.expiresAt, event.at, event.days),
        period: context.period + 1,
        trafficPeriod: context.trafficPeriod + 1,
        notifiedLevel: 0,
        ordersToReport: [...context.ordersToReport, event.orderId],
      });
    }),
    applyTraffic: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== "ADD_TRAFFIC") return;
      const seen = { ...traffic(context), usedBytes: Math.max(context.usedBytes, observedHere(context, event.usedBytes, event.usedOnServerId)) };
      enqueue.assign({
        ...addTraffic(seen, event.trafficBytes),
        trafficPeriod: context.trafficPeriod + 1,
        notifiedLevel: 0,
        ordersToReport: [...context.ordersToReport, event.orderId],
      });
    }),
    /** Once per subscription: the panel keeps a paying customer waiting, so they hear the money arrived. */
    notifyPaymentWaits: enqueueActions(({ context, enqueue }) => {
      if (context.paid) enqueue(notification(context, "payment-approved", { number: context.orderId }));
    }),
    notifyRenewed: enqueueActions(({ context, enqueue }) => enqueue(notification(context, "renewed"))),
    notifyTrafficAdded: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === "ADD_TRAFFIC") enqueue(notification(context, "traffic-added", { trafficBytes: event.trafficBytes }));
    }),
    clearPanelRetry: enqueueActions(({ enqueue }) => {
      enqueue.assign({ panelRetries: 0 });
      enqueue({ type: "cancelTimer", params: { key: "panel-retry" } });
    }),
    schedulePanelRetry: enqueueActions(({ context, enqueue, event }) => {
      const attempt = context.panelRetries + 1;
      enqueue.assign({ panelRetries: attempt, lastError: event.type === "EFFECT_FAILED" ? event.message : context.lastError });
      enqueue({ type: "setTimer", params: { key: "panel-retry", at: event.at + provisionDelay(context.subscriptionId, attempt), event: { type: "PANEL_RETRY" } } });
    }),
  },
  guards: {
    overLimit: ({ context }) => isOverLimit(traffic(context)),
    expired: ({ context, event }) => context.expiresAt !== null && context.expiresAt <= event.at,
    currentPeriod: ({ context, event }) => "period" in event && event.period === context.period,
    hasServer: ({ context }) => context.serverId !== null,
    usageHere: ({ context, event }) => event.type === "USAGE" && (event.serverId === undefined || event.serverId === context.serverId),
    isEffect: ({ event }, params: { effect: string }) => event.type === "EFFECT_FAILED" && event.effect === params.effect,
  },
}).createMachine({
  id: "subscription",
  context: ({ input }) => ({
    ...input,
    serverId: null,
    panelClientId: null,
    volumeBytes: input.trafficBytes,
    usageBase: 0,
    usedBytes: 0,
    expiresAt: null,
    period: 0,
    trafficPeriod: 0,
    notifiedLevel: 0,
    attempts: 0,
    excludedServers: [],
    lastError: null,
    panelRetries: 0,
    ordersToReport: [input.orderId],
    moveTo: null,
  }),
  initial: "provisioning",
  on: {
    // Usage can arrive in any state; only the active state acts on it.
    USAGE: { guard: "usageHere", actions: assign({ usedBytes: ({ context, event }) => Math.max(context.usedBytes, event.usedBytes) }) },
    PANEL_SYNCED: {
      actions: ["clearPanelRetry", assign({ panelClientId: ({ context, event }) => event.panelClientId ?? context.panelClientId })],
    },
    EFFECT_FAILED: { guard: { type: "isEffect", params: { effect: "syncPanel" } }, actions: "schedulePanelRetry" },
    RESYNC: {
      guard: "hasServer",
      actions: { type: "effect", params: ({ context }) => ({ name: "fetchUsage", input: { serverId: context.serverId, panelClientId: context.panelClientId, clientName: context.clientName } }) },
    },
    // Paid for while the panel must stay as it is (suspended): recorded now, applied when the state allows.
    RENEW: { actions: ["applyRenewal", "armExpiry", "notifyRenewed", "reportOrders"] },
    ADD_TRAFFIC: { actions: ["applyTraffic", "notifyTrafficAdded", "reportOrders"] },
    REVOKE: ".revoking",
    SET_AUTO_RENEW: {
      actions: [
        assign({ autoRenew: ({ event }) => (event.type === "SET_AUTO_RENEW" && event.on ? { daysBefore: event.daysBefore } : null) }),
        "armAutoRenew",
      ],
    },
    // Once per period: the timer names its period, and a renewal starts a new one (and arms its own timer).
    AUTO_RENEW_DUE: {
      guard: ({ context, event }) => event.type === "AUTO_RENEW_DUE" && event.period === context.period && Boolean(context.autoRenew) && context.planId !== null,
      actions: {
        type: "effect",
        params: ({ context }) => ({ name: "autoRenew", input: { subscriptionId: context.subscriptionId, customerId: context.customerId, planId: context.planId, period: context.period } }),
      },
    },
  },
  states: {
    provisioning: {
      initial: "placing",
      entry: assign({ attempts: 0 }),
      states: {
        placing: {
          always: { guard: "hasServer", target: "creating" },
          entry: {
            type: "effect",
            params: ({ context }) => ({ name: "place", input: { serverGroup: context.serverGroup, exclude: context.excludedServers } }),
          },
          on: {
            PLACED: { target: "creating", actions: assign({ serverId: ({ event }) => event.serverId }) },
            EFFECT_FAILED: [
              {
                guard: ({ context, event }) => event.effect === "place" && context.attempts < PROVISION_MAX_ATTEMPTS,
                target: "retry_wait",
                actions: assign({ lastError: ({ event }) => event.message, attempts: ({ context }) => context.attempts + 1 }),
              },
              { guard: { type: "isEffect", params: { effect: "place" } }, target: "#subscription.provision_failed", actions: assign({ lastError: ({ event }) => event.message }) },
            ],
          },
        },
        creating: {
          entry: [
            assign({ attempts: ({ context }) => context.attempts + 1 }),
            {
              type: "effect",
              params: ({ context, event }) => ({
                name: "provision",
                input: {
                  serverId: context.serverId,
                  clientName: context.clientName,
                  volumeBytes: context.volumeBytes,
                  expiryUnixS: Math.floor((event.at + context.days * DAY_MS) / 1000),
                  credentials: context.credentials,
                },
              }),
            },
          ],
          on: {
            PROVISIONED: {
              target: "#subscription.active",
              actions: [
                assign({
                  serverId: ({ event }) => event.serverId,
                  panelClientId: ({ event }) => event.panelClientId,
                  expiresAt: ({ context, event }) => event.at + context.days * DAY_MS,
                  lastError: null,
                }),
                "armExpiry",
                enqueueActions(({ context, enqueue }) => enqueue(notification(context, "provisioned"))),
                "reportOrders",
              ],
            },
            EFFECT_FAILED: [
              {
                // A refused token is the server's trouble, not this client's: it is retried like a timeout (the
                // server actor reports the server down), so the customer is served once the token is fixed.
                guard: ({ event }) => event.effect === "provision" && event.errorKind !== "transient" && event.errorKind !== "auth",
                target: "#subscription.provision_failed",
                actions: assign({ lastError: ({ event }) => event.message }),
              },
              {
                guard: ({ context, event }) => event.effect === "provision" && context.attempts < PROVISION_MAX_ATTEMPTS,
                target: "retry_wait",
                actions: assign({
                  lastError: ({ event }) => event.message,
                  // Another server is tried only when this one certainly holds no client of ours.
                  excludedServers: ({ context, event }) =>
                    event.certainlyAbsent && context.attempts >= 2 && context.serverId ? [...context.excludedServers, context.serverId] : context.excludedServers,
                  serverId: ({ context, event }) => (event.certainlyAbsent && context.attempts >= 2 ? null : context.serverId),
                }),
              },
              { guard: { type: "isEffect", params: { effect: "provision" } }, target: "#subscription.provision_failed", actions: assign({ lastError: ({ event }) => event.message }) },
            ],
          },
        },
        retry_wait: {
          entry: [
            {
              type: "setTimer",
              params: ({ context, event }) => ({
                key: "provision-retry",
                at: event.at + provisionDelay(context.subscriptionId, context.attempts),
                event: { type: "RETRY_PROVISION" },
              }),
            },
            "notifyPaymentWaits",
          ],
          on: { RETRY_PROVISION: "placing" },
        },
      },
    },

    provision_failed: {
      entry: [
        {
          type: "effect",
          params: ({ context }) => ({
            name: "alertAdmins",
            input: { alert: "provision-failed", subscriptionId: context.subscriptionId, message: context.lastError, dedupeKey: `provision-failed:${context.subscriptionId}:${context.attempts}` },
          }),
        },
        "notifyPaymentWaits",
      ],
      on: { RETRY: { target: "provisioning", actions: assign({ excludedServers: [] }) } },
    },

    active: {
      always: [
        { guard: "overLimit", target: "limited" },
        { guard: "expired", target: "expired" },
      ],
      on: {
        USAGE: {
          guard: "usageHere",
          actions: [assign({ usedBytes: ({ context, event }) => Math.max(context.usedBytes, event.usedBytes) }), "notifyUsage"],
        },
        EXPIRY_WARNING: {
          guard: "currentPeriod",
          actions: enqueueActions(({ context, event, enqueue }) => enqueue(notification(context, expiryWarningKind(event.daysBefore)))),
        },
        EXPIRE: { guard: "currentPeriod", target: "expired" },
        ADD_TRAFFIC: { target: "active", reenter: true, actions: ["applyTraffic", syncPanel(true), "notifyTrafficAdded", "reportOrders"] },
        RENEW: { target: "active", reenter: true, actions: ["applyRenewal", "armExpiry", syncPanel(true), "notifyRenewed", "reportOrders"] },
        PANEL_RETRY: { actions: syncPanel(true) },
        SUSPEND: "suspended",
        MOVE: { target: "moving", actions: assign({ moveTo: ({ event }) => event.serverId }) },
      },
    },

    limited: {
      entry: [syncPanel(false), enqueueActions(({ context, enqueue }) => enqueue(notification(context, "limited")))],
      on: {
        EXPIRE: { guard: "currentPeriod", target: "expired" },
        ADD_TRAFFIC: { target: "active", actions: ["applyTraffic", syncPanel(true), "notifyTrafficAdded", "reportOrders"] },
        RENEW: { target: "active", actions: ["applyRenewal", "armExpiry", syncPanel(true), "notifyRenewed", "reportOrders"] },
        PANEL_RETRY: { actions: syncPanel(false) },
        SUSPEND: "suspended",
        MOVE: { target: "moving", actions: assign({ moveTo: ({ event }) => event.serverId }) },
      },
    },

    expired: {
      entry: [
        syncPanel(false),
        enqueueActions(({ context, enqueue }) => enqueue(notification(context, "expired"))),
      ],
      on: {
        RENEW: { target: "active", actions: ["applyRenewal", "armExpiry", syncPanel(true), "notifyRenewed", "reportOrders"] },
        PANEL_RETRY: { actions: syncPanel(false) },
        SUSPEND: "suspended",
        MOVE: { target: "moving", actions: assign({ moveTo: ({ event }) => event.serverId }) },
      },
    },

    suspended: {
      entry: syncPanel(false),
      on: {
        PANEL_RETRY: { actions: syncPanel(false) },
        UNSUSPEND: [
          { guard: "expired", target: "expired" },
          { guard: "overLimit", target: "limited" },
          { target: "active", actions: syncPanel(true) },
        ],
      },
    },

    moving: {
      entry: {
        type: "effect",
        params: ({ context }) => ({
          name: "move",
          input: {
            fromServerId: context.serverId,
            fromPanelClientId: context.panelClientId,
            toServerId: context.moveTo,
            clientName: context.clientName,
            // The effect reads the old client's counter fresh and gives the new one what is left of the volume.
            volumeBytes: context.volumeBytes,
            usedBytes: context.usedBytes,
            expiryUnixS: expirySeconds(context),
            credentials: context.credentials,
          },
        }),
      },
      on: {
        MOVED: {
          target: "active",
          // The usage so far is carried into the base, so the customer's period usage is unchanged (moveTraffic).
          actions: assign(({ context, event }) => ({
            serverId: event.serverId,
            panelClientId: event.panelClientId,
            ...moveTraffic(traffic(context), event.carriedBytes ?? context.usedBytes, event.targetUsedBytes ?? 0),
            moveTo: null,
          })),
        },
        EFFECT_FAILED: {
          guard: { type: "isEffect", params: { effect: "move" } },
          target: "active",
          actions: assign({ lastError: ({ event }) => `move failed: ${event.message}`, moveTo: null }),
        },
      },
    },

    revoking: {
      entry: {
        type: "effect",
        params: ({ context }) => ({ name: "deleteClient", input: { serverId: context.serverId, panelClientId: context.panelClientId, clientName: context.clientName } }),
      },
      on: {
        CLIENT_DELETED: "revoked",
        REVOKE: {},
        EFFECT_FAILED: {
          guard: { type: "isEffect", params: { effect: "deleteClient" } },
          target: "revoke_wait",
          actions: assign({ lastError: ({ event }) => event.message, panelRetries: ({ context }) => context.panelRetries + 1 }),
        },
      },
    },
    revoke_wait: {
      entry: {
        type: "setTimer",
        params: ({ context, event }) => ({ key: "revoke-retry", at: event.at + provisionDelay(context.subscriptionId, context.panelRetries), event: { type: "PANEL_RETRY" } }),
      },
      on: { PANEL_RETRY: "revoking", REVOKE: {} },
    },

    revoked: {
      type: "final",
      entry: [
        { type: "cancelTimer", params: { key: "expire" } },
        { type: "cancelTimer", params: { key: "warn-3d" } },
        { type: "cancelTimer", params: { key: "warn-1d" } },
        { type: "cancelTimer", params: { key: "panel-retry" } },
        { type: "cancelTimer", params: { key: "auto-renew" } },
      ],
    },
  },
});

/**
 * An order: a purchase, a renewal, a traffic pack, a wallet top-up, a free trial or an admin's gift.
 *
 * new → awaiting_payment (durable payment window) → paid → fulfilling → fulfilled, or cancelled / expired. A card
 * order passes through receipt_submitted, where an admin approves (→ paid) or rejects it; every other method is paid
 * by one PAYMENT_RECEIVED naming the method. Whatever the method, entering `paid` records the payment (the method's
 * module posts its ledger rows, in the same transaction) and credits the referrer: fulfilment, referral credit and
 * stats never ask how the money came. Only an order in receipt_submitted can be decided, and only one awaiting
 * payment can be paid, so a second decision or payment changes nothing.
 */
import { assign, enqueueActions, setup } from "xstate";
import { runtimeActions, type Stamped } from "./runtime-actions.ts";
import { GATEWAY_METHODS, REFUNDABLE_METHODS, type ExternalPrice, type PaymentMethod } from "../src/domain/payment-method.ts";

export type { PaymentMethod };
export type OrderKind = "purchase" | "renewal" | "traffic" | "topup" | "trial" | "gift";

/** What the order buys, frozen at order time so a later plan edit does not change a paid order. */
export interface OrderItem {
  planId: number | null;
  title: string;
  trafficBytes: number;
  days: number;
  policy: "reset" | "stack";
  serverGroup: string;
}

export interface OrderInput {
  orderId: string;
  number: number;
  customerId: number;
  kind: OrderKind;
  method: PaymentMethod;
  item: OrderItem | null;
  /** The subscription renewed or topped up with traffic; for a purchase, the one to create. */
  subscriptionId: string | null;
  amount: number;
  discountCode: string | null;
  /** What a gateway must be paid (Stars, USD), checked against what it reports; absent for Toman-only methods. */
  externalPrice?: ExternalPrice | null;
  paymentWindowMs: number;
  referrerId: number | null;
  referralPercent: number;
  /** The referral rule at order time: credit every paid order (true) or only a friend's first (false or absent). */
  referralEvery?: boolean;
}

export interface Decision {
  by: string;
  at: number;
  approved: boolean;
  reason: string | null;
}

export interface OrderContext extends OrderInput {
  createdAt: number;
  expiresAt: number;
  receipt: { fileId: string; at: number } | null;
  decision: Decision | null;
  /** For a top-up: what the admin credited (it may differ from what was asked). */
  creditedAmount: number | null;
  /** A gateway's hosted invoice (NOWPayments), once created. */
  invoice?: { id: string; url: string } | null;
  /** The gateway's payment for the invoice, learned from its first report; polled until final. */
  gatewayPaymentId?: string | null;
  /** Who or what paid: the admin who approved a receipt, the external charge's id (null for the wallet and free). */
  payment: { by: string | null; ref: string | null; at: number } | null;
  fulfilledAt: number | null;
  lastError: string | null;
}

export type OrderEvent = Stamped &
  (
    | { type: "RECEIPT_SUBMITTED"; fileId: string; fileUniqueId?: string }
    /** Money arrived by a method other than a card receipt (the wallet, or an external charge with its id as ref). */
    | { type: "PAYMENT_RECEIVED"; method: PaymentMethod; ref?: string | null; by?: string | null }
    | { type: "APPROVE"; by: string; amount?: number }
    | { type: "REJECT"; by: string; reason: string }
    | { type: "CANCEL"; by: string }
    | { type: "PAYMENT_WINDOW_ENDED" }
    | { type: "FULFILLED"; subscriptionId: string }
    | { type: "RETRY" }
    | { type: "EFFECT_FAILED"; effect: string; message: string; errorKind: string }
    /** An admin gives a gateway's payment back; REFUNDED comes back from the effect once the gateway did it. */
    | { type: "REFUND"; by: string }
    | { type: "REFUNDED" }
    /** A gateway's invoice for this order exists (NOWPayments), and what its payments report. */
    | InvoiceCreated
    | ({ type: "GATEWAY_PROGRESS" | "PARTIALLY_PAID" | "PAYMENT_FAILED" | "PAYMENT_UNMATCHED" } & Omit<GatewayReport, "type" | "at">)
    | { type: "POLL_GATEWAY" }
  );

type InvoiceCreated = { type: "INVOICE_CREATED"; invoiceId: string; invoiceUrl: string };
type GatewayReport = Stamped & { type: string; paymentId: string; status: string; actuallyPaid: number; payAmount: number; payCurrency: string };

/** How often an order asks a gateway about a payment whose IPN may never come. */
const GATEWAY_POLL_MS = 5 * 60_000;

const paymentOf = (event: OrderEvent) => {
  const e = event as Extract<OrderEvent, { type: "PAYMENT_RECEIVED" }>;
  return { by: e.by ?? null, ref: e.ref ?? null, at: e.at };
};

const isFree = (context: OrderContext) => context.method === "free";

export const orderMachine = setup({
  types: {} as { context: OrderContext; events: OrderEvent; input: OrderInput & { at: number } },
  actions: {
    ...runtimeActions,
    releaseDiscount: enqueueActions(({ context, enqueue }) => {
      if (context.discountCode) enqueue({ type: "write", params: { name: "releaseDiscount", input: { orderId: context.orderId } } });
    }),
    /** A gateway reported less than the price: nothing is paid, the admins get the amounts. */
    alertPartialPayment: enqueueActions(({ context, event, enqueue }) => {
      const e = event as GatewayReport;
      enqueue({
        type: "effect",
        params: {
          name: "alertAdmins",
          input: { alert: "payment-partial", orderId: context.orderId, paymentId: e.paymentId, actuallyPaid: e.actuallyPaid, payAmount: e.payAmount, payCurrency: e.payCurrency, dedupeKey: `partial:${context.orderId}:${e.paymentId}:${e.actuallyPaid}` },
        },
      });
    }),
    /** Money the order cannot take (a repeated deposit, another price): the admins sort it out by hand. */
    alertUnmatchedPayment: enqueueActions(({ context, event, enqueue }) => {
      const e = event as GatewayReport;
      enqueue({
        type: "effect",
        params: { name: "alertAdmins", input: { alert: "payment-unmatched", orderId: context.orderId, method: context.method, amount: e.actuallyPaid, dedupeKey: `unmatched:${context.orderId}:${e.paymentId}` } },
      });
    }),
    rememberGatewayPayment: assign({ gatewayPaymentId: ({ context, event }) => context.gatewayPaymentId ?? (event as GatewayReport).paymentId }),
    armGatewayPoll: enqueueActions(({ event, enqueue }) => {
      enqueue({ type: "setTimer", params: { key: "gateway-poll", at: event.at + GATEWAY_POLL_MS, event: { type: "POLL_GATEWAY" } } });
    }),
    notifyTopup: enqueueActions(({ context, enqueue }) => {
      enqueue({
        type: "effect",
        params: { name: "notify", input: { customerId: context.customerId, kind: "topup-approved", vars: { amount: context.creditedAmount }, dedupeKey: `order:${context.orderId}:topup` } },
      });
    }),
  },
  guards: {
    free: ({ context }) => isFree(context),
    byCard: ({ context }) => context.method === "card",
    /** A card order is paid by an admin's approval, a free one at once: PAYMENT_RECEIVED is for the others. */
    paidByThisMethod: ({ context, event }) =>
      event.type === "PAYMENT_RECEIVED" && event.method === context.method && context.method !== "card" && context.method !== "free",
    /** Money a gateway took after the window ended or the customer cancelled is honoured, not lost. */
    paidLateByGateway: ({ context, event }) =>
      event.type === "PAYMENT_RECEIVED" && event.method === context.method && GATEWAY_METHODS.includes(context.method) && !context.payment,
    gatewayPaid: ({ context }) => GATEWAY_METHODS.includes(context.method) && context.method !== "stars",
    refundable: ({ context }) => REFUNDABLE_METHODS.includes(context.method) && Boolean(context.payment?.ref),
    isTopup: ({ context }) => context.kind === "topup",
    validTopupAmount: ({ context, event }) =>
      context.kind !== "topup" || event.type !== "APPROVE" || event.amount === undefined || (Number.isSafeInteger(event.amount) && event.amount > 0),
  },
}).createMachine({
  id: "order",
  context: ({ input }) => ({
    ...input,
    createdAt: input.at,
    expiresAt: input.at + input.paymentWindowMs,
    receipt: null,
    decision: null,
    creditedAmount: null,
    payment: null,
    fulfilledAt: null,
    lastError: null,
  }),
  initial: "new",
  states: {
    new: {
      entry: enqueueActions(({ context, enqueue }) => {
        if (context.discountCode) {
          enqueue({ type: "write", params: { name: "reserveDiscount", input: { code: context.discountCode, customerId: context.customerId, orderId: context.orderId } } });
        }
        if (context.kind === "trial") {
          enqueue({ type: "write", params: { name: "claimTrial", input: { customerId: context.customerId, orderId: context.orderId } } });
        }
      }),
      always: [{ guard: "free", target: "paid" }, { target: "awaiting_payment" }],
    },

    awaiting_payment: {
      entry: [
        { type: "setTimer", params: ({ context }) => ({ key: "payment-window", at: context.expiresAt, event: { type: "PAYMENT_WINDOW_ENDED" } }) },
        enqueueActions(({ context, enqueue }) => {
          if (context.method === "nowpayments" && context.externalPrice) {
            enqueue({
              type: "effect",
              params: { name: "createGatewayInvoice", input: { orderId: context.orderId, number: context.number, usdCents: context.externalPrice.amount, title: context.item?.title ?? "" } },
            });
          }
        }),
      ],
      on: {
        INVOICE_CREATED: { actions: assign({ invoice: ({ event }) => ({ id: (event as InvoiceCreated).invoiceId, url: (event as InvoiceCreated).invoiceUrl }) }) },
        GATEWAY_PROGRESS: { guard: "gatewayPaid", actions: ["rememberGatewayPayment", "armGatewayPoll"] },
        EFFECT_FAILED: [
          // A poll that failed for good is tried again on the next tick; the order still waits for its payment.
          { guard: ({ event }) => event.effect === "pollGatewayPayment", actions: "armGatewayPoll" },
          {
            guard: ({ event }) => event.effect === "createGatewayInvoice",
            target: "cancelled",
            actions: [
              assign({ lastError: ({ event }) => (event as Extract<OrderEvent, { type: "EFFECT_FAILED" }>).message }),
              { type: "cancelTimer", params: { key: "payment-window" } },
              "releaseDiscount",
            ],
          },
        ],
        POLL_GATEWAY: {
          guard: ({ context }) => Boolean(context.gatewayPaymentId),
          actions: { type: "effect", params: ({ context }) => ({ name: "pollGatewayPayment", input: { orderId: context.orderId, paymentId: context.gatewayPaymentId } }) },
        },
        PARTIALLY_PAID: { guard: "gatewayPaid", actions: ["rememberGatewayPayment", "armGatewayPoll", "alertPartialPayment"] },
        PAYMENT_UNMATCHED: { guard: "gatewayPaid", actions: "alertUnmatchedPayment" },
        PAYMENT_FAILED: {
          guard: "gatewayPaid",
          target: "expired",
          actions: [
            { type: "cancelTimer", params: { key: "payment-window" } },
            { type: "cancelTimer", params: { key: "gateway-poll" } },
            "releaseDiscount",
            { type: "effect", params: ({ context }) => ({ name: "notify", input: { customerId: context.customerId, kind: "order-expired", vars: { number: context.number }, dedupeKey: `order:${context.orderId}:expired` } }) },
          ],
        },
        RECEIPT_SUBMITTED: {
          guard: "byCard",
          target: "receipt_submitted",
          actions: [
            assign({ receipt: ({ event }) => ({ fileId: event.fileId, at: event.at }) }),
            { type: "cancelTimer", params: { key: "payment-window" } },
            { type: "write", params: ({ context, event }) => ({ name: "saveReceipt", input: { orderId: context.orderId, customerId: context.customerId, fileId: event.fileId, fileUniqueId: event.fileUniqueId ?? null, amount: context.amount } }) },
            { type: "effect", params: ({ context }) => ({ name: "alertAdmins", input: { alert: "new-receipt", orderId: context.orderId, dedupeKey: `receipt:${context.orderId}` } }) },
          ],
        },
        PAYMENT_RECEIVED: {
          guard: "paidByThisMethod",
          target: "paid",
          actions: [
            { type: "cancelTimer", params: { key: "payment-window" } },
            { type: "cancelTimer", params: { key: "gateway-poll" } },
            assign({ payment: ({ event }) => paymentOf(event) }),
          ],
        },
        CANCEL: { target: "cancelled", actions: [{ type: "cancelTimer", params: { key: "payment-window" } }, "releaseDiscount"] },
        PAYMENT_WINDOW_ENDED: {
          target: "expired",
          actions: [
            { type: "cancelTimer", params: { key: "gateway-poll" } },
            "releaseDiscount",
            { type: "effect", params: ({ context }) => ({ name: "notify", input: { customerId: context.customerId, kind: "order-expired", vars: { number: context.number }, dedupeKey: `order:${context.orderId}:expired` } }) },
          ],
        },
      },
    },

    receipt_submitted: {
      on: {
        RECEIPT_SUBMITTED: {
          actions: [
            assign({ receipt: ({ event }) => ({ fileId: event.fileId, at: event.at }) }),
            { type: "write", params: ({ context, event }) => ({ name: "saveReceipt", input: { orderId: context.orderId, customerId: context.customerId, fileId: event.fileId, fileUniqueId: event.fileUniqueId ?? null, amount: context.amount } }) },
          ],
        },
        APPROVE: {
          guard: "validTopupAmount",
          target: "paid",
          actions: [
            assign({
              decision: ({ event }) => ({ by: event.by, at: event.at, approved: true, reason: null }),
              creditedAmount: ({ context, event }) => (context.kind === "topup" ? (event.amount ?? context.amount) : null),
            }),
            assign({ payment: ({ event }) => ({ by: (event as Extract<OrderEvent, { type: "APPROVE" }>).by, ref: null, at: event.at }) }),
            { type: "write", params: ({ context }) => ({ name: "decideReceipt", input: { orderId: context.orderId, approved: true, by: context.decision!.by, reason: null } }) },
          ],
        },
        REJECT: {
          target: "rejected",
          actions: [
            assign({ decision: ({ event }) => ({ by: event.by, at: event.at, approved: false, reason: event.reason }) }),
            { type: "write", params: ({ context, event }) => ({ name: "decideReceipt", input: { orderId: context.orderId, approved: false, by: event.by, reason: event.reason } }) },
            "releaseDiscount",
            { type: "effect", params: ({ context, event }) => ({ name: "notify", input: { customerId: context.customerId, kind: "receipt-rejected", vars: { number: context.number, reason: event.reason }, dedupeKey: `order:${context.orderId}:rejected` } }) },
          ],
        },
      },
    },

    paid: {
      entry: enqueueActions(({ context, enqueue }) => {
        enqueue({
          type: "write",
          params: {
            name: "recordPayment",
            input: {
              orderId: context.orderId,
              customerId: context.customerId,
              kind: context.kind,
              method: context.method,
              amount: context.amount,
              creditedAmount: context.creditedAmount,
              by: context.payment?.by ?? null,
              ref: context.payment?.ref ?? null,
            },
          },
        });
        const paidMoney = context.kind !== "topup" && context.amount > 0;
        if (paidMoney && context.referrerId !== null && context.referralPercent > 0) {
          enqueue({
            type: "write",
            params: {
              name: "creditReferrer",
              input: { customerId: context.customerId, referrerId: context.referrerId, orderId: context.orderId, amount: context.amount, percent: context.referralPercent, every: context.referralEvery === true },
            },
          });
          // After commit: tells the referrer when (and only when) a credit landed.
          enqueue({ type: "effect", params: { name: "notifyReferrer", input: { orderId: context.orderId } } });
        }
        if (context.kind === "gift") {
          enqueue({ type: "effect", params: { name: "notify", input: { customerId: context.customerId, kind: "gift-received", vars: { title: context.item?.title ?? "" }, dedupeKey: `order:${context.orderId}:gift` } } });
        }
      }),
      always: [
        { guard: "isTopup", target: "fulfilled", actions: [assign({ fulfilledAt: ({ event }) => event.at }), "notifyTopup"] },
        { target: "fulfilling" },
      ],
    },

    fulfilling: {
      entry: {
        type: "effect",
        params: ({ context }) => ({
          name: "fulfil",
          input: { orderId: context.orderId, kind: context.kind, customerId: context.customerId, subscriptionId: context.subscriptionId, item: context.item },
        }),
      },
      on: {
        FULFILLED: { target: "fulfilled", actions: assign({ fulfilledAt: ({ event }) => event.at, subscriptionId: ({ event }) => event.subscriptionId }) },
        EFFECT_FAILED: {
          // Only the hand-off itself: a failed alert must not raise another alert.
          guard: ({ event }) => event.effect === "fulfil",
          actions: [
            assign({ lastError: ({ event }) => event.message }),
            { type: "effect", params: ({ context }) => ({ name: "alertAdmins", input: { alert: "fulfil-failed", orderId: context.orderId, message: context.lastError, dedupeKey: `fulfil-failed:${context.orderId}` } }) },
          ],
        },
        RETRY: { target: "fulfilling", reenter: true },
      },
    },

    // Not final: a gateway's payment can still be refunded.
    fulfilled: {
      on: { REFUND: { guard: "refundable", target: "refunding", actions: assign({ lastError: null }) } },
    },

    // Entering this state is the local claim on the refund (a second REFUND finds it taken); the effect asks the gateway.
    refunding: {
      entry: {
        type: "effect",
        params: ({ context }) => ({
          name: "refundPayment",
          input: { orderId: context.orderId, method: context.method, customerId: context.customerId, ref: context.payment?.ref ?? null },
        }),
      },
      on: {
        REFUNDED: {
          target: "refunded",
          actions: [
            {
              type: "write",
              params: ({ context }) => ({
                name: "recordRefund",
                input: { orderId: context.orderId, customerId: context.customerId, kind: context.kind, method: context.method, amount: context.amount, creditedAmount: null, by: null, ref: context.payment?.ref ?? null },
              }),
            },
            enqueueActions(({ context, enqueue }) => {
              if (context.kind !== "topup" && context.subscriptionId) {
                enqueue({ type: "effect", params: { name: "revokeSubscription", input: { subscriptionId: context.subscriptionId } } });
              }
            }),
            { type: "effect", params: ({ context }) => ({ name: "notify", input: { customerId: context.customerId, kind: "order-refunded", vars: { number: context.number }, dedupeKey: `order:${context.orderId}:refunded` } }) },
          ],
        },
        EFFECT_FAILED: {
          guard: ({ event }) => event.effect === "refundPayment",
          target: "fulfilled",
          actions: [
            assign({ lastError: ({ event }) => event.message }),
            { type: "effect", params: ({ context }) => ({ name: "alertAdmins", input: { alert: "refund-failed", orderId: context.orderId, message: context.lastError, dedupeKey: `refund-failed:${context.orderId}:${context.lastError}` } }) },
          ],
        },
      },
    },

    refunded: { type: "final" },
    rejected: { type: "final" },
    cancelled: {
      // The window ended or the customer cancelled, but a gateway may still report money it took: honoured, or told.
      on: {
        PAYMENT_RECEIVED: { guard: "paidLateByGateway", target: "paid", actions: assign({ payment: ({ event }) => paymentOf(event) }) },
        PARTIALLY_PAID: { guard: "gatewayPaid", actions: "alertPartialPayment" },
        PAYMENT_UNMATCHED: { guard: "gatewayPaid", actions: "alertUnmatchedPayment" },
      },
    },
    expired: {
      // The window ended or the customer cancelled, but a gateway may still report money it took: honoured, or told.
      on: {
        PAYMENT_RECEIVED: { guard: "paidLateByGateway", target: "paid", actions: assign({ payment: ({ event }) => paymentOf(event) }) },
        PARTIALLY_PAID: { guard: "gatewayPaid", actions: "alertPartialPayment" },
        PAYMENT_UNMATCHED: { guard: "gatewayPaid", actions: "alertUnmatchedPayment" },
      },
    },
  },
});



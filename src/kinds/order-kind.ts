/** The order actor: its machine, the money writers that run inside its transitions, fulfilment, and its read model. */
import type { Database } from "bun:sqlite";
import type { KindDefinition } from "../../actors/types.ts";
import type { Runtime } from "../../actors/runtime.ts";
import { orderMachine, type OrderContext, type OrderItem, type OrderKind } from "../../machines/order.ts";
import type { SubscriptionInput } from "../../machines/subscription.ts";
import { postEntry } from "../store/ledger.ts";
import { releaseDiscount, reserveDiscount } from "../store/discounts.ts";
import { claimReferralCredit, claimTrial, projectOrder, referralCreditOf } from "../store/orders.ts";
import { decideReceipt, saveReceipt } from "../store/receipts.ts";
import { getSubscription } from "../store/subscriptions.ts";
import { referralShare } from "../domain/money.ts";
import { clientNameOf, newSubscriptionToken } from "../domain/identifiers.ts";
import { generateCredentials } from "../panels/credentials.ts";
import { noticeEffects, type Notices } from "./notices.ts";
import { Refusal } from "../domain/refusal.ts";
import { paymentMethods, type PaidOrder } from "../sales/payments/index.ts";
import { gatewayError, type PaymentGateways } from "../sales/payments/gateways.ts";
import { eventOfReport } from "../sales/payments/nowpayments.ts";

export interface OrderKindDeps {
  db: Database;
  notices: Notices;
  runtime: () => Runtime;
  gateways: PaymentGateways;
}

export function orderKind(deps: OrderKindDeps): KindDefinition {
  const { notices } = deps;
  return {
    kind: "order",
    machine: orderMachine,
    version: 1,
    writers: {
      reserveDiscount(db, input: { code: string; customerId: number; orderId: string }, meta) {
        reserveDiscount(db, input, meta.at);
      },
      releaseDiscount(db, input: { orderId: string }) {
        releaseDiscount(db, input.orderId);
      },
      claimTrial(db, input: { customerId: number; orderId: string }, meta) {
        // The unique row is the rule: two racing trial requests cannot both insert it.
        if (!claimTrial(db, input.customerId, input.orderId, meta.at)) throw new Refusal("trial-used", "the free trial was already used by this account");
      },
      saveReceipt(db, input: { orderId: string; customerId: number; fileId: string; fileUniqueId?: string | null; amount: number }, meta) {
        saveReceipt(db, input, meta.at);
      },
      decideReceipt(db, input: { orderId: string; approved: boolean; by: string; reason: string | null }, meta) {
        decideReceipt(db, { orderId: input.orderId, approved: input.approved, by: Number(input.by) || null, reason: input.reason }, meta.at);
      },
      recordPayment(db, input: PaidOrder, meta) {
        paymentMethods[input.method].record(db, input, meta.at);
      },
      recordRefund(db, input: PaidOrder, meta) {
        paymentMethods[input.method].refund?.(db, input, meta.at);
      },
      creditReferrer(db, input: { customerId: number; referrerId: number; orderId: string; amount: number; percent: number; every?: boolean }, meta) {
        const share = referralShare(input.amount, input.percent);
        if (share <= 0) return;
        const first = claimReferralCredit(db, { referredId: input.customerId, referrerId: input.referrerId, orderId: input.orderId, amount: share }, meta.at);
        if (first) postEntry(db, { customerId: input.referrerId, amount: share, reason: "referral", ref: String(input.customerId) }, meta.at);
        // Every purchase: each later order is its own credit, once per order (the ledger's (reason, ref) is unique).
        else if (input.every) postEntry(db, { customerId: input.referrerId, amount: share, reason: "referral", ref: `order:${input.orderId}` }, meta.at);
      },
    },
    effects: {
      fulfil: {
        maxAttempts: 10,
        async run(input: { orderId: string; kind: OrderKind; customerId: number; subscriptionId: string; item: OrderItem }, ctx) {
          const runtime = deps.runtime();
          if (input.kind === "purchase" || input.kind === "trial" || input.kind === "gift") {
            const clientName = clientNameOf(input.subscriptionId);
            const subscription: SubscriptionInput = {
              subscriptionId: input.subscriptionId,
              customerId: input.customerId,
              orderId: input.orderId,
              planId: input.item.planId,
              title: input.item.title,
              token: newSubscriptionToken(),
              clientName,
              serverGroup: input.item.serverGroup,
              trafficBytes: input.item.trafficBytes,
              days: input.item.days,
              policy: input.item.policy,
              // Generated once, before the first panel call, and kept in the subscription's context.
              credentials: generateCredentials(clientName) as Record<string, unknown>,
              // Money was taken: a customer kept waiting by a panel is told the payment arrived.
              paid: ((runtime.read("order", input.orderId)?.context as OrderContext | undefined)?.amount ?? 0) > 0,
            };
            // Creating an existing subscription returns it unchanged: a replayed fulfilment creates nothing new.
            runtime.create("subscription", input.subscriptionId, subscription, { dedupeKey: ctx.dedupeKey });
            return;
          }
          // The counter says which server it was read on: after a move it is another client's, and not taken.
          const row = getSubscription(deps.db, input.subscriptionId);
          const seen = { usedBytes: row?.used_bytes ?? 0, usedOnServerId: row?.server_id ?? null };
          const event =
            input.kind === "renewal"
              ? { type: "RENEW", orderId: input.orderId, trafficBytes: input.item.trafficBytes, days: input.item.days, policy: input.item.policy, ...seen }
              : { type: "ADD_TRAFFIC", orderId: input.orderId, trafficBytes: input.item.trafficBytes, ...seen };
          await runtime.send("subscription", input.subscriptionId, event, { dedupeKey: ctx.dedupeKey });
        },
      },
      refundPayment: {
        maxAttempts: 6,
        async run(input: { orderId: string; method: string; customerId: number; ref: string | null }) {
          if (input.method !== "stars" || !input.ref) throw gatewayError("permanent", `order ${input.orderId} has no refundable ${input.method} charge`);
          const stars = deps.gateways.stars;
          if (!stars) throw gatewayError("transient", "the user bot is not connected; Stars cannot be refunded yet");
          await stars.refund(input.customerId, input.ref);
          return { type: "REFUNDED" };
        },
      },
      createGatewayInvoice: {
        maxAttempts: 6,
        async run(input: { orderId: string; number: number; usdCents: number; title: string }) {
          const client = deps.gateways.nowpayments;
          if (!client) throw gatewayError("permanent", "NOWPayments is not configured");
          const invoice = await client.createInvoice({ orderId: input.orderId, usdCents: input.usdCents, description: `#${input.number} ${input.title}`.slice(0, 120) });
          return { type: "INVOICE_CREATED", ...invoice };
        },
      },
      pollGatewayPayment: {
        maxAttempts: 3,
        async run(input: { orderId: string; paymentId: string }) {
          const client = deps.gateways.nowpayments;
          if (!client) throw gatewayError("permanent", "NOWPayments is not configured");
          const report = await client.paymentStatus(input.paymentId);
          const order = deps.runtime().read("order", input.orderId)?.context as OrderContext | undefined;
          return eventOfReport(report, order?.externalPrice ?? null);
        },
      },
      notifyReferrer: {
        maxAttempts: 8,
        async run(input: { orderId: string }) {
          const credit = referralCreditOf(deps.db, input.orderId);
          if (!credit) return;
          await notices.customer({ customerId: credit.referrerId, kind: "referral-credited", vars: { amount: credit.amount }, dedupeKey: `referral:${input.orderId}` });
        },
      },
      revokeSubscription: {
        maxAttempts: 10,
        async run(input: { subscriptionId: string }, ctx) {
          await deps.runtime().send("subscription", input.subscriptionId, { type: "REVOKE" }, { dedupeKey: ctx.dedupeKey });
        },
      },
      ...noticeEffects(notices),
    },
    project(db, actor) {
      const c = actor.context as OrderContext;
      projectOrder(
        db,
        {
          id: c.orderId,
          number: c.number,
          customer_id: c.customerId,
          kind: c.kind,
          plan_id: c.item?.planId ?? null,
          subscription_id: c.subscriptionId,
          amount: c.kind === "topup" ? (c.creditedAmount ?? c.amount) : c.amount,
          method: c.method,
          discount_code: c.discountCode,
          state: actor.state,
          decided_by: c.decision ? Number(c.decision.by) || null : null,
          decided_at: c.decision?.at ?? null,
          reject_reason: c.decision?.reason ?? null,
          created_at: c.createdAt,
        },
        actor.at,
      );
    },
  };
}

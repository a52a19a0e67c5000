/**
 * Starting and deciding orders: the one place the bots and the HTTP API go through, so every rule (plan active,
 * code valid, trial once, balance covers, only a submitted receipt can be decided) is checked the same way.
 */
import type { Database } from "bun:sqlite";
import type { Runtime } from "../../actors/runtime.ts";
import { ActorError } from "../../actors/types.ts";
import type { OrderContext, OrderInput, OrderItem, OrderKind, PaymentMethod } from "../../machines/order.ts";
import { getCustomer } from "../store/customers.ts";
import { getPlan, type Plan } from "../store/plans.ts";
import { agentPrice, getAgent } from "../store/agents.ts";
import { checkDiscount } from "../store/discounts.ts";
import { getSettings } from "../store/settings.ts";
import { balanceOf, postEntry } from "../store/ledger.ts";
import { nextNumber } from "../store/sequences.ts";
import { hasUsedTrial } from "../store/orders.ts";
import { latestPendingReceiptOf, pendingReceipts } from "../store/receipts.ts";
import { getSubscription } from "../store/subscriptions.ts";
import { discountedPrice } from "../domain/money.ts";
import { HOUR_MS } from "../domain/time.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import { refusalOf } from "../domain/refusal.ts";
import { paymentMethods, type PaymentPort } from "./payments/index.ts";
import { starsPrice } from "./payments/stars.ts";
import { eventOfReport, usdCents, type PaymentReport } from "./payments/nowpayments.ts";
import type { PaymentGateways } from "./payments/gateways.ts";
import type { Notices } from "../kinds/notices.ts";
import type { AutoRenewDue } from "../kinds/subscription-kind.ts";
import type { ExternalPrice } from "../domain/payment-method.ts";

export interface SalesDeps {
  db: Database;
  runtime: Runtime;
  /** The gateways' clients (NOWPayments); absent: those methods are not offered. */
  gateways?: PaymentGateways;
  /** Where auto-renew tells the customer it could not take the wallet. */
  notices?: Notices;
}

export interface OrderView {
  orderId: string;
  number: number;
  state: string;
  kind: OrderKind;
  method: PaymentMethod;
  amount: number;
  customerId: number;
  subscriptionId: string | null;
  item: OrderItem | null;
  expiresAt: number;
  decision: OrderContext["decision"];
  creditedAmount: number | null;
  externalPrice: ExternalPrice | null;
  /** A gateway's hosted invoice page (NOWPayments), once created. */
  invoiceUrl: string | null;
  /** The external charge that paid it (a Stars charge id), when a gateway did. */
  paymentRef: string | null;
}

function itemOf(plan: Plan): OrderItem {
  return { planId: plan.id, title: plan.name, trafficBytes: plan.traffic_bytes, days: plan.days, policy: plan.renewal_policy, serverGroup: plan.server_group };
}

function toView(id: string, state: string, c: OrderContext): OrderView {
  return {
    orderId: id,
    number: c.number,
    state,
    kind: c.kind,
    method: c.method,
    amount: c.amount,
    customerId: c.customerId,
    subscriptionId: c.subscriptionId,
    item: c.item,
    expiresAt: c.expiresAt,
    decision: c.decision,
    creditedAmount: c.creditedAmount,
    externalPrice: c.externalPrice ?? null,
    invoiceUrl: c.invoice?.url ?? null,
    paymentRef: c.payment?.ref ?? null,
  };
}

/** Turns a runtime refusal into a Result with the code the rule that refused gave (see domain/refusal.ts). */
function refusal<T>(error: unknown): Result<T> {
  const rule = refusalOf(error);
  if (rule) return fail(rule.code, rule.message);
  if (error instanceof ActorError) return fail(error.kind === "not-found" ? "order-not-found" : error.kind, error.message);
  throw error;
}

/** Hears every applied receipt decision, whoever made it (the admin bot, HTTP, the web console). */
export type DecisionListener = (order: OrderView) => unknown;

export class Sales implements PaymentPort {
  private readonly decisionListeners = new Set<DecisionListener>();

  constructor(private readonly deps: SalesDeps) {}

  /**
   * Calls `listener` after each applied decision (the admin bot edits every copy of the receipt card with it);
   * returns the function that stops it. A listener's failure never undoes or fails the decision.
   */
  onDecided(listener: DecisionListener): () => void {
    this.decisionListeners.add(listener);
    return () => this.decisionListeners.delete(listener);
  }

  private get db() {
    return this.deps.db;
  }

  /** The current view of an order, or null. */
  order(orderId: string): OrderView | null {
    const actor = this.deps.runtime.read("order", orderId);
    return actor ? toView(orderId, actor.state, actor.context as OrderContext) : null;
  }

  /** Price of a plan for a customer with an optional discount code; the code is checked, not yet counted. */
  quote(customerId: number, planId: number, code: string | null): Result<{ plan: Plan; price: number; code: string | null }> {
    const plan = getPlan(this.db, planId);
    if (!plan || !plan.active) return fail("plan-unavailable", "this plan is not on sale");
    const base = this.priceOf(customerId, plan);
    if (!code) return ok({ plan, price: base, code: null });
    const check = checkDiscount(this.db, code, customerId, this.deps.runtime.clock.now());
    if (!check.ok) return fail(`discount-${check.problem}`, `discount code cannot be used: ${check.problem}`);
    return ok({ plan, price: discountedPrice(base, check.discount), code: check.discount.code });
  }

  /** What this customer pays for `plan` before any code: an agent's price, or the list price. */
  priceOf(customerId: number, plan: Plan): number {
    const agent = getAgent(this.db, customerId);
    return agent ? agentPrice(agent, plan.id, plan.price) : plan.price;
  }

  /**
   * Starts a purchase, a renewal or a traffic pack, paid by `method` (its module in payments/ checks what it needs
   * first and starts the payment): card orders wait for a receipt; wallet orders are paid at once from the balance
   * (atomically, or not at all); a free order (price 0 after the code) is paid at once.
   */
  async startOrder(input: {
    customerId: number;
    kind: "purchase" | "renewal" | "traffic";
    planId: number;
    method: "card" | "wallet" | "stars" | "nowpayments";
    subscriptionId?: string;
    discountCode?: string | null;
    /** A purchase an agent makes for one of their customers: the name the subscription goes by. */
    label?: string;
  }, orderId?: string): Promise<Result<OrderView>> {
    if (input.label !== undefined && !/^\S(.{0,38}\S)?$/u.test(input.label)) return fail("label-invalid", "a name is 1 to 40 characters");
    const customer = getCustomer(this.db, input.customerId);
    if (!customer) return fail("customer-unknown", "start the bot first");
    if (customer.banned) return fail("banned", "this account is banned");
    const quote = this.quote(input.customerId, input.planId, input.discountCode ?? null);
    if (!quote.ok) return quote;
    const { plan, price, code } = quote.value;
    if ((input.kind === "traffic") !== (plan.kind === "traffic")) return fail("plan-unavailable", "this plan does not fit this kind of order");
    if (input.kind !== "purchase") {
      const sub = getSubscription(this.db, input.subscriptionId ?? "");
      if (!sub || sub.customer_id !== input.customerId) return fail("subscription-not-found", "no such subscription");
      const allowed = input.kind === "renewal" ? ["active", "limited", "expired"] : ["active", "limited"];
      if (!allowed.includes(sub.state)) return fail("subscription-not-renewable", `a ${sub.state} subscription cannot take this order`);
    }
    const stars = input.method === "stars" ? starsPrice(plan, price) : null;
    if (input.method === "stars" && stars === null) return fail("stars-unavailable", "this plan is not sold for Telegram Stars");
    const cents = input.method === "nowpayments" ? this.cryptoPrice(price) : null;
    if (input.method === "nowpayments" && cents === null) return fail("crypto-unavailable", "crypto payments are not configured");
    const method = paymentMethods[price === 0 ? "free" : input.method];
    const checked = method.precheck?.(this.db, { customerId: input.customerId, amount: price });
    if (checked && !checked.ok) return checked;
    const created = this.create({
      customerId: input.customerId,
      kind: input.kind,
      method: method.method,
      item: input.label !== undefined && input.kind === "purchase" ? { ...itemOf(plan), title: input.label } : itemOf(plan),
      subscriptionId: input.kind === "purchase" ? null : input.subscriptionId!,
      amount: price,
      discountCode: code,
      externalPrice: price <= 0 ? null : stars !== null ? { currency: "XTR", amount: stars } : cents !== null ? { currency: "USD", amount: cents } : null,
    }, orderId);
    if (!created.ok || !method.start || created.value.state !== "awaiting_payment") return created;
    const started = await method.start(this, { orderId: created.value.orderId, customerId: input.customerId });
    return started.ok ? ok(this.order(created.value.orderId)!) : (started as Result<never>);
  }

  /** A wallet top-up: the customer sends a receipt, an admin approves it with the amount received. */
  startTopup(customerId: number, amount: number): Result<OrderView> {
    const settings = getSettings(this.db);
    if (!Number.isSafeInteger(amount) || amount < settings.topupMin || amount > settings.topupMax) {
      return fail("topup-amount", `a top-up is ${settings.topupMin} to ${settings.topupMax} Toman`);
    }
    const customer = getCustomer(this.db, customerId);
    if (!customer) return fail("customer-unknown", "start the bot first");
    if (customer.banned) return fail("banned", "this account is banned");
    return this.create({ customerId, kind: "topup", method: "card", item: null, subscriptionId: null, amount, discountCode: null });
  }

  /** The free trial: once per Telegram account, provisioned at once. */
  startTrial(customerId: number): Result<OrderView> {
    const customer = getCustomer(this.db, customerId);
    if (!customer) return fail("customer-unknown", "start the bot first");
    if (customer.banned) return fail("banned", "this account is banned");
    if (hasUsedTrial(this.db, customerId)) return fail("trial-used", "the free trial was already used by this account");
    const settings = getSettings(this.db);
    const item: OrderItem = { planId: null, title: "Trial", trafficBytes: settings.trialBytes, days: settings.trialDays, policy: "reset", serverGroup: "default" };
    return this.create({ customerId, kind: "trial", method: "free", item, subscriptionId: null, amount: 0, discountCode: null });
  }

  /** An admin gives a customer a subscription of a plan, free. */
  gift(customerId: number, planId: number): Result<OrderView> {
    const plan = getPlan(this.db, planId);
    if (!plan || plan.kind !== "subscription") return fail("plan-unavailable", "no such subscription plan");
    if (!getCustomer(this.db, customerId)) return fail("customer-unknown", "no such customer");
    return this.create({ customerId, kind: "gift", method: "free", item: itemOf(plan), subscriptionId: null, amount: 0, discountCode: null });
  }

  /**
   * A subscription with auto-renew on is due (its durable timer): renew it from the wallet with its plan, once per
   * period. The order's id names the subscription and period, so an effect replayed after a crash finds the order
   * it already made instead of making a second; without enough balance the customer is told once how much is missing.
   */
  async autoRenew(due: AutoRenewDue): Promise<void> {
    const orderId = `renew-${due.subscriptionId}-p${due.period}`;
    const existing = this.order(orderId);
    if (existing) {
      if (existing.state === "awaiting_payment") await this.pay(orderId, { method: "wallet" }, `auto-renew:${orderId}`);
      return;
    }
    const quote = this.quote(due.customerId, due.planId, null);
    if (!quote.ok || quote.value.plan.kind !== "subscription") return;
    const price = quote.value.price;
    const balance = balanceOf(this.db, due.customerId);
    if (balance < price) {
      await this.deps.notices?.customer({
        customerId: due.customerId,
        kind: "auto-renew-low-balance",
        subscriptionId: due.subscriptionId,
        vars: { amount: price, missing: price - balance },
        dedupeKey: `auto-renew-low:${due.subscriptionId}:p${due.period}`,
      });
      return;
    }
    const started = await this.startOrder({ customerId: due.customerId, kind: "renewal", planId: due.planId, method: "wallet", subscriptionId: due.subscriptionId }, orderId);
    if (!started.ok) return;
    await this.deps.notices?.customer({
      customerId: due.customerId,
      kind: "auto-renewed",
      subscriptionId: due.subscriptionId,
      vars: { amount: price, number: started.value.number },
      dedupeKey: `auto-renewed:${due.subscriptionId}:p${due.period}`,
    });
  }

  private create(
    input: Omit<OrderInput, "orderId" | "number" | "paymentWindowMs" | "referrerId" | "referralPercent" | "referralEvery">,
    id?: string,
  ): Result<OrderView> {
    const settings = getSettings(this.db);
    const customer = getCustomer(this.db, input.customerId)!;
    const number = nextNumber(this.db, "order");
    const orderId = id ?? String(number);
    const needsSubscription = input.kind === "purchase" || input.kind === "trial" || input.kind === "gift";
    const orderInput: OrderInput = {
      ...input,
      orderId,
      number,
      subscriptionId: needsSubscription ? String(nextNumber(this.db, "subscription")) : input.subscriptionId,
      paymentWindowMs: settings.paymentWindowHours * HOUR_MS,
      referrerId: customer.referrer_id,
      referralPercent: settings.referralPercent,
      referralEvery: settings.referralEvery,
    };
    try {
      const result = this.deps.runtime.create("order", orderId, orderInput);
      return ok(toView(orderId, result.state, result.context as OrderContext));
    } catch (error) {
      return refusal(error);
    }
  }

  /**
   * Money arrived for an order by `payment.method` (the wallet, or an external charge whose id is `ref`). Refused,
   * changing nothing, when the order is not awaiting payment by that method or the method's rule says no (the
   * balance does not cover it). `dedupeKey` names the external event, so its redelivery is not applied again.
   */
  async pay(
    orderId: string,
    payment: { method: PaymentMethod; ref?: string | null; by?: string | null },
    dedupeKey?: string,
  ): Promise<Result<{ applied: boolean; order: OrderView }>> {
    const order = this.order(orderId);
    if (!order) return fail("order-not-found", "no such order");
    if (order.method !== payment.method) return fail("order-not-awaiting", `order ${order.number} is not paid by ${payment.method}`);
    try {
      const result = await this.deps.runtime.send("order", orderId, { type: "PAYMENT_RECEIVED", ...payment }, { dedupeKey });
      if (result.duplicate) return ok({ applied: false, order: this.order(orderId)! });
      if (!result.changed) return fail("order-not-awaiting", `order ${order.number} is ${result.state}`);
      return ok({ applied: true, order: this.order(orderId)! });
    } catch (error) {
      return refusal(error);
    }
  }

  /** Whether crypto (NOWPayments) is offered: configured, and an admin set the Toman-per-USD rate. */
  cryptoOffered(): boolean {
    return Boolean(this.deps.gateways?.nowpayments) && getSettings(this.db).tomanPerUsd > 0;
  }

  /**
   * An admin's change to a customer's wallet (a ledger "adjustment"), once per `ref`; the customer is told. Refused
   * with insufficient-balance when a debit would make the balance negative.
   */
  async adjustBalance(customerId: number, amount: number, by: { ref: string; actor: string }): Promise<Result<{ posted: boolean; balance: number }>> {
    if (!Number.isSafeInteger(amount) || amount === 0) return fail("invalid-input", "an adjustment is a whole, non-zero number of Toman");
    let posted: boolean;
    try {
      posted = this.db.transaction(() => postEntry(this.db, { customerId, amount, reason: "adjustment", ref: by.ref, actor: by.actor }, this.deps.runtime.clock.now()))();
    } catch (error) {
      const rule = refusalOf(error);
      if (rule) return fail(rule.code, rule.message);
      throw error;
    }
    if (posted) await this.tell({ customerId, kind: "balance-adjusted", vars: { amount, signed: amount }, dedupeKey: `adjustment:${by.ref}` });
    return ok({ posted, balance: balanceOf(this.db, customerId) });
  }

  /** A notice to a customer outside any actor; a failure is logged, the change it announces stays made. */
  private async tell(notice: Parameters<Notices["customer"]>[0]): Promise<void> {
    try {
      await this.deps.notices?.customer(notice);
    } catch (error) {
      this.deps.runtime.log.warn({ customerId: notice.customerId, kind: notice.kind, err: String(error) }, "customer notice not sent");
    }
  }

  /** A Toman price in US cents at the admin's rate, or null when crypto is not offered. */
  cryptoPrice(toman: number): number | null {
    return this.cryptoOffered() ? usdCents(toman, getSettings(this.db).tomanPerUsd) : null;
  }

  /**
   * What NOWPayments reported of a payment (a verified IPN): the order event it means, applied once per report
   * (the payment id, status and amount are the event's identity, so a resent IPN changes nothing).
   */
  async gatewayReport(report: PaymentReport): Promise<Result<{ applied: boolean; event: string }>> {
    const order = report.orderId ? this.order(report.orderId) : null;
    if (!order || order.method !== "nowpayments") return fail("order-not-found", `no crypto order ${report.orderId ?? "-"}`);
    const event = eventOfReport(report, order.externalPrice);
    try {
      const result = await this.deps.runtime.send("order", order.orderId, event, { dedupeKey: `nowpayments:${report.paymentId}:${report.status}:${report.actuallyPaid}` });
      return ok({ applied: result.changed && !result.duplicate, event: event.type });
    } catch (error) {
      return refusal(error);
    }
  }

  /**
   * Whether a gateway may take `price` for an order now (Telegram's pre-checkout question): the order is the
   * customer's, waits for payment by `method`, and the price is exactly the one frozen on it.
   */
  checkGatewayPayment(orderId: string, customerId: number, method: PaymentMethod, price: ExternalPrice): Result<OrderView> {
    const order = this.order(orderId);
    if (!order || order.customerId !== customerId || order.method !== method) return fail("order-not-found", "no such order");
    if (order.state !== "awaiting_payment") return fail(order.state === "expired" ? "order-expired" : "order-not-awaiting", `order ${order.number} is ${order.state}`);
    if (order.expiresAt <= this.deps.runtime.clock.now()) return fail("order-expired", `order ${order.number}'s payment window ended`);
    const expected = order.externalPrice;
    if (!expected || expected.currency !== price.currency || expected.amount !== price.amount) return fail("price-mismatch", `order ${order.number} costs another amount`);
    return ok(order);
  }

  /**
   * An admin gives a gateway's payment back. Only a fulfilled order paid through a gateway that refunds (Stars);
   * the first request claims the refund, a later one changes nothing and says so.
   */
  async refund(orderId: string, by: string, dedupeKey?: string): Promise<Result<{ applied: boolean; order: OrderView }>> {
    const order = this.order(orderId);
    if (!order) return fail("order-not-found", "no such order");
    if (order.state === "refunding" || order.state === "refunded") return ok({ applied: false, order });
    if (order.state !== "fulfilled" || !paymentMethods[order.method].refund || !order.paymentRef) {
      return fail("not-refundable", `order ${order.number} (${order.method}, ${order.state}) cannot be refunded here`);
    }
    const result = await this.deps.runtime.send("order", orderId, { type: "REFUND", by }, { dedupeKey });
    return ok({ applied: result.changed && !result.duplicate, order: this.order(orderId)! });
  }

  /** A customer's receipt photo for a card order. */
  async submitReceipt(orderId: string, customerId: number, fileId: string, dedupeKey?: string, fileUniqueId?: string): Promise<Result<OrderView>> {
    const order = this.order(orderId);
    if (!order || order.customerId !== customerId) return fail("order-not-found", "no such order");
    if (order.method !== "card" || !["awaiting_payment", "receipt_submitted"].includes(order.state)) {
      return fail("order-not-awaiting", `order ${order.number} is ${order.state}`);
    }
    const result = await this.deps.runtime.send("order", orderId, { type: "RECEIPT_SUBMITTED", fileId, ...(fileUniqueId ? { fileUniqueId } : {}) }, { dedupeKey });
    if (!result.changed && !result.duplicate) return fail("order-not-awaiting", `order ${order.number} is ${result.state}`);
    return ok(this.order(orderId)!);
  }

  /**
   * An admin's decision. Only an order in receipt_submitted can be decided: the first decision wins; a later one
   * changes nothing and the answer says who decided and when.
   */
  async decide(
    orderId: string,
    decision: { by: string; approve: true; amount?: number } | { by: string; approve: false; reason: string },
    dedupeKey?: string,
  ): Promise<Result<{ applied: boolean; order: OrderView }>> {
    const before = this.order(orderId);
    if (!before) return fail("order-not-found", "no such order");
    if (!decision.approve && (!decision.reason.trim() || decision.reason.length > 500)) return fail("reason-required", "a rejection needs a reason of up to 500 characters");
    if (decision.approve && decision.amount !== undefined && (!Number.isSafeInteger(decision.amount) || decision.amount <= 0)) {
      return fail("topup-amount", "the approved amount is a whole, positive number of Toman");
    }
    const event = decision.approve
      ? { type: "APPROVE", by: decision.by, ...(decision.amount !== undefined ? { amount: decision.amount } : {}) }
      : { type: "REJECT", by: decision.by, reason: decision.reason.trim() };
    try {
      const result = await this.deps.runtime.send("order", orderId, event, { dedupeKey });
      const applied = result.changed && !result.duplicate;
      const order = this.order(orderId)!;
      if (applied) await Promise.allSettled([...this.decisionListeners].map(async (listener) => listener(order)));
      return ok({ applied, order });
    } catch (error) {
      return refusal(error);
    }
  }

  /** The customer gives up an order that waits for payment. */
  async cancel(orderId: string, customerId: number): Promise<Result<OrderView>> {
    const order = this.order(orderId);
    if (!order || order.customerId !== customerId) return fail("order-not-found", "no such order");
    const result = await this.deps.runtime.send("order", orderId, { type: "CANCEL", by: String(customerId) });
    if (!result.changed) return fail("order-not-awaiting", `order ${order.number} is ${result.state}`);
    return ok(this.order(orderId)!);
  }

  /** Orders waiting for an admin's decision, oldest first. */
  pendingReceipts(limit = 20): { orderId: string; customerId: number; fileId: string; amount: number; submittedAt: number }[] {
    return pendingReceipts(this.db, limit).map((r) => ({ orderId: r.order_id, customerId: r.customer_id, fileId: r.file_id, amount: r.amount, submittedAt: r.submitted_at }));
  }

  /** The customer's newest order whose receipt waits for an admin's decision, or null. */
  receiptAwaitingDecision(customerId: number): OrderView | null {
    const orderId = latestPendingReceiptOf(this.db, customerId);
    return orderId ? this.order(orderId) : null;
  }
}

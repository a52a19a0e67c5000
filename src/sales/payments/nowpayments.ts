/**
 * Crypto through NOWPayments (after its API reference: invoices, payment status, IPN).
 *
 * The order's USD price is frozen at order time from the `tomanPerUsd` setting (never a scraped rate). An order
 * effect creates the invoice (POST /v1/invoice, `x-api-key`; 201 with `id` and `price_amount` as strings) and the
 * bot shows its `invoice_url`. NOWPayments reports the payment by IPN (POST to ipn_callback_url, signed in
 * `x-nowpayments-sig`: HMAC-SHA512 of the JSON body with its keys sorted recursively, keyed by the IPN secret;
 * `payment_id` and `invoice_id` are numbers there). An invoice flow learns `payment_id` from the first IPN; from then
 * on the order also polls GET /v1/payment/{id} on a durable timer, so an IPN that never arrives is caught.
 * `finished` pays the order once (the payment id is the ledger row's ref); `partially_paid` pays nothing and tells
 * the admins the amounts; `failed` and `expired` end the order. A repeated deposit (`parent_payment_id` set) never
 * fulfils.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { ExternalPrice } from "../../domain/payment-method.ts";
import { recordGatewayPayment, type PaymentMethodModule } from "./method.ts";
import { gatewayError } from "./gateways.ts";

export const NOWPAYMENTS_API_ROOT = "https://api.nowpayments.io";

/** US cents for a Toman price at the admin's rate, rounded up; null when crypto is off (no rate). */
export function usdCents(toman: number, tomanPerUsd: number): number | null {
  if (!Number.isSafeInteger(tomanPerUsd) || tomanPerUsd <= 0 || toman <= 0) return null;
  return Math.max(1, Math.ceil((toman * 100) / tomanPerUsd));
}

/** A JSON value with every object's keys sorted, at every depth (what NOWPayments signs). */
export function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value as object).sort().map((key) => [key, sortedDeep((value as Record<string, unknown>)[key])]));
  }
  return value;
}

function ipnSignature(body: unknown, secret: string): string {
  return createHmac("sha512", secret).update(JSON.stringify(sortedDeep(body))).digest("hex");
}

/** Checks `x-nowpayments-sig` in constant time. */
export function validIpnSignature(body: unknown, signature: string | null, secret: string): boolean {
  if (!signature || !/^[0-9a-f]{128}$/i.test(signature)) return false;
  return timingSafeEqual(Buffer.from(ipnSignature(body, secret), "hex"), Buffer.from(signature.toLowerCase(), "hex"));
}

/** What NOWPayments says of a payment, from an IPN or GET /v1/payment/{id}. */
export interface PaymentReport {
  paymentId: string;
  status: string;
  orderId: string | null;
  priceAmount: number;
  priceCurrency: string;
  payAmount: number;
  actuallyPaid: number;
  payCurrency: string;
  parentPaymentId: string | null;
}

export function reportOf(raw: Record<string, unknown>): PaymentReport | null {
  const id = raw.payment_id;
  if ((typeof id !== "number" && typeof id !== "string") || !/^\d{1,20}$/.test(String(id)) || typeof raw.payment_status !== "string") return null;
  const num = (v: unknown) => (typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : 0);
  const parent = raw.parent_payment_id;
  return {
    paymentId: String(id),
    status: raw.payment_status,
    orderId: raw.order_id === undefined || raw.order_id === null ? null : String(raw.order_id),
    priceAmount: num(raw.price_amount),
    priceCurrency: String(raw.price_currency ?? "").toLowerCase(),
    payAmount: num(raw.pay_amount),
    actuallyPaid: num(raw.actually_paid),
    payCurrency: String(raw.pay_currency ?? ""),
    parentPaymentId: parent === undefined || parent === null || parent === "" ? null : String(parent),
  };
}

/** The order event a report means for an order priced `price` (the same rules for an IPN and a poll). */
export function eventOfReport(report: PaymentReport, price: ExternalPrice | null): { type: string; [field: string]: unknown } {
  const amounts = { paymentId: report.paymentId, actuallyPaid: report.actuallyPaid, payAmount: report.payAmount, payCurrency: report.payCurrency, status: report.status };
  switch (report.status) {
    case "finished": {
      const matches = price?.currency === "USD" && report.priceCurrency === "usd" && Math.round(report.priceAmount * 100) === price.amount;
      if (report.parentPaymentId !== null || !matches) return { type: "PAYMENT_UNMATCHED", ...amounts };
      return { type: "PAYMENT_RECEIVED", method: "nowpayments", ref: report.paymentId };
    }
    case "partially_paid":
      return { type: "PARTIALLY_PAID", ...amounts };
    case "failed":
    case "expired":
      return { type: "PAYMENT_FAILED", ...amounts };
    default:
      return { type: "GATEWAY_PROGRESS", ...amounts };
  }
}

export interface NowPaymentsConfig {
  apiKey: string;
  ipnSecret: string;
  apiRoot: string;
  /** PUBLIC_URL: the IPN callback and the success page are under it. */
  publicUrl: string;
}

/** The NOWPayments REST API, as the order effects call it. */
export class NowPaymentsClient {
  constructor(
    readonly config: NowPaymentsConfig,
    private readonly timeoutMs = 15_000,
  ) {}

  private async call(path: string, init: RequestInit): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(`${this.config.apiRoot.replace(/\/+$/, "")}${path}`, {
        ...init,
        headers: { "x-api-key": this.config.apiKey, "content-type": "application/json", ...init.headers },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw gatewayError("transient", `NOWPayments unreachable: ${(error as Error).name}`);
    }
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (!response.ok || !body) {
      const words = `NOWPayments answered ${response.status} ${String(body?.code ?? "")} ${String(body?.message ?? "")}`.trim();
      throw gatewayError(response.status >= 500 || response.status === 429 ? "transient" : "permanent", words);
    }
    return body;
  }

  /** POST /v1/invoice: the hosted page where the customer picks a coin and pays. */
  async createInvoice(input: { orderId: string; usdCents: number; description: string }): Promise<{ invoiceId: string; invoiceUrl: string }> {
    const body = await this.call("/v1/invoice", {
      method: "POST",
      body: JSON.stringify({
        price_amount: input.usdCents / 100,
        price_currency: "usd",
        order_id: input.orderId,
        order_description: input.description,
        ipn_callback_url: `${this.config.publicUrl.replace(/\/+$/, "")}/pay/nowpayments/ipn`,
        success_url: `${this.config.publicUrl.replace(/\/+$/, "")}/pay/nowpayments/done`,
      }),
    });
    const invoiceUrl = body.invoice_url;
    if (typeof invoiceUrl !== "string" || !/^https?:\/\//.test(invoiceUrl) || body.id === undefined) throw gatewayError("permanent", "NOWPayments invoice without an id or url");
    return { invoiceId: String(body.id), invoiceUrl };
  }

  /** GET /v1/payment/{id}. */
  async paymentStatus(paymentId: string): Promise<PaymentReport> {
    const body = await this.call(`/v1/payment/${encodeURIComponent(paymentId)}`, { method: "GET" });
    const report = reportOf(body);
    if (!report) throw gatewayError("transient", "NOWPayments payment status without an id or status");
    return report;
  }
}

export const nowPaymentsPayment: PaymentMethodModule = {
  method: "nowpayments",
  record: recordGatewayPayment("nowpayments-payment"),
};

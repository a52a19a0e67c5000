/**
 * A NOWPayments API at the wire, after its API reference: POST /v1/invoice (x-api-key; 201 with `id` and
 * `price_amount` as strings; 401 INVALID_API_KEY; 400 INVALID_REQUEST_PARAMS), GET /v1/payment/{id} (404 for an
 * unknown id), and IPNs: POST to the invoice's ipn_callback_url with `x-nowpayments-sig` = HMAC-SHA512 of the JSON
 * body with keys sorted recursively, keyed by the IPN secret; `payment_id` and `invoice_id` are numbers; a nested
 * `fee` object; resent with backoff while the answer is not 2xx. The body's own key order is NOT sorted, so a
 * receiver that signs the raw bytes fails, as against the real service.
 *
 * Tests drive the customer's side: `pay(invoiceId, status)` makes a payment for an invoice and sends its IPN;
 * `setStatus` moves it on (with or without the IPN, for a lost one).
 */
import { createHmac } from "node:crypto";

export interface FakeInvoice {
  id: string;
  orderId: string;
  priceAmount: number;
  priceCurrency: string;
  ipnCallbackUrl: string;
  successUrl: string | null;
  invoiceUrl: string;
}

export interface FakePayment {
  paymentId: number;
  invoiceId: number;
  status: string;
  payAmount: number;
  actuallyPaid: number;
  payCurrency: string;
  parentPaymentId: number | null;
}

export interface IpnDelivery {
  paymentId: number;
  status: string;
  attempt: number;
  httpStatus: number | null;
}

function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value as object).sort().map((k) => [k, sortedDeep((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export function signIpn(body: unknown, secret: string): string {
  return createHmac("sha512", secret).update(JSON.stringify(sortedDeep(body))).digest("hex");
}

export class FakeNowPayments {
  readonly invoices = new Map<string, FakeInvoice>();
  readonly payments = new Map<number, FakePayment>();
  readonly deliveries: IpnDelivery[] = [];
  readonly requests: { method: string; path: string; status: number }[] = [];
  /** Milliseconds between IPN retries (the real service waits minutes; tests shorten it). */
  retryDelaysMs = [50, 100, 200];
  private nextId = 4_522_625_843;
  private readonly server: ReturnType<typeof Bun.serve>;
  readonly apiRoot: string;

  constructor(
    readonly apiKey: string,
    readonly ipnSecret: string,
  ) {
    this.server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (request) => this.handle(request) });
    this.apiRoot = `http://127.0.0.1:${this.server.port}`;
  }

  stop(): void {
    this.server.stop(true);
  }

  private answer(request: Request, status: number, body: unknown): Response {
    this.requests.push({ method: request.method, path: new URL(request.url).pathname, status });
    return Response.json(body, { status });
  }

  private refuse(request: Request, status: number, code: string, message: string): Response {
    return this.answer(request, status, { status: false, statusCode: status, code, message });
  }

  private async handle(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (request.headers.get("x-api-key") !== this.apiKey) return this.refuse(request, 401, "INVALID_API_KEY", "Invalid api key");
    if (request.method === "POST" && path === "/v1/invoice") {
      let body: Record<string, unknown>;
      try {
        body = (await request.json()) as Record<string, unknown>;
      } catch {
        return this.refuse(request, 400, "INVALID_REQUEST_PARAMS", "Invalid JSON");
      }
      if (typeof body.price_amount !== "number" || !(body.price_amount > 0)) return this.refuse(request, 400, "INVALID_REQUEST_PARAMS", '"price_amount" must be a positive number');
      if (typeof body.price_currency !== "string" || !/^[a-z]{3,10}$/i.test(body.price_currency)) return this.refuse(request, 400, "INVALID_REQUEST_PARAMS", '"price_currency" is required');
      if (body.ipn_callback_url !== undefined && (typeof body.ipn_callback_url !== "string" || !/^https?:\/\//.test(body.ipn_callback_url))) {
        return this.refuse(request, 400, "INVALID_REQUEST_PARAMS", '"ipn_callback_url" must be a valid uri');
      }
      const id = String(this.nextId++);
      const invoice: FakeInvoice = {
        id,
        orderId: String(body.order_id ?? ""),
        priceAmount: body.price_amount,
        priceCurrency: body.price_currency.toLowerCase(),
        ipnCallbackUrl: String(body.ipn_callback_url ?? ""),
        successUrl: typeof body.success_url === "string" ? body.success_url : null,
        invoiceUrl: `https://nowpayments.io/payment/?iid=${id}`,
      };
      this.invoices.set(id, invoice);
      const now = new Date().toISOString();
      return this.answer(request, 201, {
        id,
        token_id: `tok${id}`,
        order_id: invoice.orderId,
        order_description: body.order_description ?? null,
        price_amount: String(invoice.priceAmount),
        price_currency: invoice.priceCurrency,
        pay_currency: null,
        ipn_callback_url: invoice.ipnCallbackUrl,
        invoice_url: invoice.invoiceUrl,
        success_url: invoice.successUrl,
        cancel_url: null,
        created_at: now,
        updated_at: now,
      });
    }
    const payment = /^\/v1\/payment\/(\d+)$/.exec(path);
    if (request.method === "GET" && payment) {
      const found = this.payments.get(Number(payment[1]));
      if (!found) return this.refuse(request, 404, "PAYMENT_NOT_FOUND", "Payment not found");
      return this.answer(request, 200, this.paymentBody(found));
    }
    return this.refuse(request, 404, "NOT_FOUND", "Not found");
  }

  private paymentBody(p: FakePayment): Record<string, unknown> {
    const invoice = this.invoices.get(String(p.invoiceId))!;
    // Deliberately not in sorted order, as the service's own bodies are not.
    return {
      payment_id: p.paymentId,
      parent_payment_id: p.parentPaymentId,
      invoice_id: p.invoiceId,
      payment_status: p.status,
      pay_address: "TXYZfakeaddress",
      price_amount: invoice.priceAmount,
      price_currency: invoice.priceCurrency,
      pay_amount: p.payAmount,
      actually_paid: p.actuallyPaid,
      actually_paid_at_fiat: 0,
      pay_currency: p.payCurrency,
      order_id: invoice.orderId,
      order_description: null,
      purchase_id: `${p.paymentId}1`,
      outcome_amount: p.actuallyPaid,
      outcome_currency: p.payCurrency,
      fee: { currency: p.payCurrency, depositFee: 0, withdrawalFee: 0, serviceFee: 0 },
      payment_extra_ids: null,
      updated_at: Date.now(),
    };
  }

  /** The customer pays an invoice: a payment with `status`, and its IPN (unless `ipn: false`). */
  async pay(invoiceId: string, options: { status?: string; payAmount?: number; actuallyPaid?: number; ipn?: boolean; parentPaymentId?: number } = {}): Promise<FakePayment> {
    if (!this.invoices.has(invoiceId)) throw new Error(`fake nowpayments: no invoice ${invoiceId}`);
    const payAmount = options.payAmount ?? 12.5;
    const p: FakePayment = {
      paymentId: this.nextId++,
      invoiceId: Number(invoiceId),
      status: options.status ?? "waiting",
      payAmount,
      actuallyPaid: options.actuallyPaid ?? 0,
      payCurrency: "usdttrc20",
      parentPaymentId: options.parentPaymentId ?? null,
    };
    this.payments.set(p.paymentId, p);
    if (options.ipn !== false) await this.sendIpn(p.paymentId);
    return p;
  }

  /** The payment moves on; its IPN is sent unless `ipn: false` (an IPN that never arrives). */
  async setStatus(paymentId: number, status: string, options: { actuallyPaid?: number; ipn?: boolean } = {}): Promise<void> {
    const p = this.payments.get(paymentId)!;
    p.status = status;
    if (options.actuallyPaid !== undefined) p.actuallyPaid = options.actuallyPaid;
    else if (status === "finished") p.actuallyPaid = p.payAmount;
    if (options.ipn !== false) await this.sendIpn(paymentId);
  }

  /** Sends (and resends, while the answer is not 2xx) the payment's IPN; resolves with the last HTTP status. */
  async sendIpn(paymentId: number, options: { secret?: string } = {}): Promise<number | null> {
    const p = this.payments.get(paymentId)!;
    const invoice = this.invoices.get(String(p.invoiceId))!;
    const body = this.paymentBody(p);
    const signature = signIpn(body, options.secret ?? this.ipnSecret);
    let last: number | null = null;
    for (let attempt = 1; attempt <= this.retryDelaysMs.length + 1; attempt++) {
      try {
        const response = await fetch(invoice.ipnCallbackUrl, { method: "POST", headers: { "content-type": "application/json", "x-nowpayments-sig": signature }, body: JSON.stringify(body) });
        last = response.status;
        await response.body?.cancel();
      } catch {
        last = null;
      }
      this.deliveries.push({ paymentId, status: p.status, attempt, httpStatus: last });
      if (last !== null && last >= 200 && last < 300) return last;
      await Bun.sleep(this.retryDelaysMs[attempt - 1] ?? 0);
    }
    return last;
  }

  /** The IPN body of a payment as the service would send it, and its signature (for tests that tamper with it). */
  ipnOf(paymentId: number): { body: Record<string, unknown>; signature: string } {
    const body = this.paymentBody(this.payments.get(paymentId)!);
    return { body, signature: signIpn(body, this.ipnSecret) };
  }
}

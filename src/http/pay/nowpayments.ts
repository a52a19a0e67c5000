/**
 * NOWPayments' IPN endpoint (POST /pay/nowpayments/ipn, outside the operator API: NOWPayments has no bearer token)
 * and the page its checkout returns to. An IPN counts only with a valid `x-nowpayments-sig` (checked in constant
 * time); a bad one is refused and changes nothing. A valid one is answered 200 even when it changes nothing (a
 * duplicate, or an order that is not ours), since any other answer makes NOWPayments send it again and again.
 */
import { Elysia } from "elysia";
import { reportOf, validIpnSignature } from "../../sales/payments/nowpayments.ts";
import { tPlain } from "../../bots/i18n.ts";
import { ApiError } from "../errors.ts";
import type { HttpDeps } from "../deps.ts";

export function nowPaymentsRoutes(deps: HttpDeps) {
  const { sales, gateways } = deps.core;
  return new Elysia()
    .post(
      "/pay/nowpayments/ipn",
      async ({ body, request }) => {
        const client = gateways.nowpayments;
        if (!client) throw new ApiError(404, "not-found", "crypto payments are not configured");
        if (!body || typeof body !== "object" || Array.isArray(body)) throw new ApiError(400, "invalid-input", "the IPN body is a JSON object");
        if (!validIpnSignature(body, request.headers.get("x-nowpayments-sig"), client.config.ipnSecret)) {
          deps.log.warn({ part: "nowpayments" }, "IPN with a bad signature refused");
          throw new ApiError(401, "bad-signature", "the IPN signature does not match");
        }
        const report = reportOf(body as Record<string, unknown>);
        if (!report) throw new ApiError(400, "invalid-input", "the IPN has no payment_id or payment_status");
        const result = await sales.gatewayReport(report);
        const ids = { part: "nowpayments", orderId: report.orderId, paymentId: report.paymentId, status: report.status };
        if (!result.ok) deps.log.warn({ ...ids, code: result.error.code }, "IPN for no crypto order of ours");
        else deps.log.info({ ...ids, event: result.value.event, applied: result.value.applied }, "IPN applied");
        return { ok: true };
      },
      { detail: { hide: true } },
    )
    .get("/pay/nowpayments/done", ({ set }) => {
      set.headers["content-type"] = "text/plain; charset=utf-8";
      return tPlain(deps.defaultLanguage ?? "fa", "crypto-done-page");
    }, { detail: { hide: true } });
}

import type { NowPaymentsClient } from "./nowpayments.ts";
/**
 * The outside systems payment effects call. The core is built before its edges, so each gateway is plugged in when
 * its edge starts (the user bot plugs in Stars); until then an effect that needs it fails as transient and is retried.
 */
export interface StarsGateway {
  /** refundStarPayment; resolves when Telegram refunded it, also when it says it was refunded before. */
  refund(userId: number, chargeId: string): Promise<void>;
}

export class PaymentGateways {
  stars: StarsGateway | null = null;
  /** Set from NOWPAYMENTS_* at start; null: crypto is not offered. */
  nowpayments: NowPaymentsClient | null = null;

  plugStars(gateway: StarsGateway | null): void {
    this.stars = gateway;
  }
}

/** An error an effect classifies, as the outbox reads it: transient ones are retried. */
export function gatewayError(kind: "transient" | "permanent", message: string): Error {
  return Object.assign(new Error(message), { kind });
}

/**
 * Every kind of notice an actor sends a customer, and how hard delivery tries for each. A new kind is a new key in
 * DELIVERY_POLICY (the type makes the choice unavoidable) and a `notify-<kind>` message in the locale files.
 *
 * at-least-once: the message hands the customer what they paid for or tells them what happened to their money. A
 *   send a crash left in doubt is sent again, marked as resent: a rare duplicate is harmless, a missing one is a lost
 *   customer. If it can never be delivered, the admins are told who missed what.
 * at-most-once: warnings and marketing. A send left in doubt is reported and never repeated: a second "80% used" or
 *   a second promotion is exactly what customers complain about.
 */
export type DeliveryPolicy = "at-least-once" | "at-most-once";

export const DELIVERY_POLICY = {
  provisioned: "at-least-once",
  renewed: "at-least-once",
  "traffic-added": "at-least-once",
  "payment-approved": "at-least-once",
  "receipt-rejected": "at-least-once",
  "order-expired": "at-least-once",
  "topup-approved": "at-least-once",
  "topup-rejected": "at-least-once",
  "support-reply": "at-least-once",
  "order-refunded": "at-least-once",
  "auto-renewed": "at-least-once",
  "gift-received": "at-least-once",
  "balance-adjusted": "at-least-once",
  "ticket-closed": "at-least-once",
  "referral-credited": "at-least-once",
  "auto-renew-low-balance": "at-least-once",
  "traffic-80": "at-most-once",
  "traffic-95": "at-most-once",
  limited: "at-most-once",
  "expires-3d": "at-most-once",
  "expires-1d": "at-most-once",
  expired: "at-most-once",
} as const satisfies Record<string, DeliveryPolicy>;

export type NoticeKind = keyof typeof DELIVERY_POLICY;

/** The policy of a kind; an unknown kind (an old snapshot's) is treated as the cautious at-most-once. */
export function deliveryPolicyOf(kind: string): DeliveryPolicy {
  return (DELIVERY_POLICY as Record<string, DeliveryPolicy>)[kind] ?? "at-most-once";
}

/** The warning sent `daysBefore` days ahead of expiry. */
export function expiryWarningKind(daysBefore: number): NoticeKind {
  return daysBefore === 3 ? "expires-3d" : "expires-1d";
}

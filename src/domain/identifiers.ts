/** Names and tokens derived for customers' subscriptions. */

/** The panel client's name, derived from the subscription id so a retry finds what it created before. */
export function clientNameOf(subscriptionId: string): string {
  return `sk-${subscriptionId}`;
}

/** An unguessable subscription token: 128 random bits, base64url (22 characters). */
export function newSubscriptionToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Buffer.from(bytes).toString("base64url");
}

/** A short referral code for a customer: 48 random bits, base64url. */
export function newReferralCode(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString("base64url");
}

/** What customers, admins and operators see of subscriptions, and the admin's operations on them. */
import type { Database } from "bun:sqlite";
import type { Runtime } from "../../actors/runtime.ts";
import { periodUsage } from "../domain/subscription-rules.ts";
import { daysLeft } from "../domain/time.ts";
import { setBanned } from "../store/customers.ts";
import { getSettings } from "../store/settings.ts";
import { getServer } from "../store/servers.ts";
import { getSubscription, subscriptionByToken, subscriptionsOfCustomer, type SubscriptionRow } from "../store/subscriptions.ts";
import { fail, ok, type Result } from "../domain/result.ts";

export interface SubscriptionView {
  id: string;
  customerId: number;
  title: string;
  state: string;
  usedBytes: number;
  totalBytes: number;
  expiresAt: number | null;
  daysLeft: number | null;
  link: string;
  serverId: string | null;
  token: string;
}


export class Subscriptions {
  constructor(private readonly deps: { db: Database; runtime: Runtime; publicUrl: string }) {}

  /** The customer's stable link: PUBLIC_URL/sub/<token>. */
  linkOf(token: string): string {
    return `${this.deps.publicUrl}/sub/${token}`;
  }

  private view(row: SubscriptionRow): SubscriptionView {
    const usage = periodUsage({ volumeBytes: row.volume_bytes, usageBase: row.usage_base, usedBytes: row.used_bytes });
    return {
      id: row.id,
      customerId: row.customer_id,
      title: row.title,
      state: row.state,
      usedBytes: usage.used,
      totalBytes: usage.total,
      expiresAt: row.expires_at,
      daysLeft: daysLeft(row.expires_at, this.deps.runtime.clock.now()),
      link: this.linkOf(row.token),
      serverId: row.server_id,
      token: row.token,
    };
  }

  get(id: string): SubscriptionView | null {
    const row = getSubscription(this.deps.db, id);
    return row ? this.view(row) : null;
  }

  byToken(token: string): SubscriptionView | null {
    const row = subscriptionByToken(this.deps.db, token);
    return row ? this.view(row) : null;
  }

  ofCustomer(customerId: number): SubscriptionView[] {
    return subscriptionsOfCustomer(this.deps.db, customerId).map((row) => this.view(row));
  }

  /** Reads the client's counters from the panel now. */
  async resync(id: string): Promise<Result<SubscriptionView>> {
    return this.operate(id, { type: "RESYNC" });
  }

  /** Provisions a failed subscription again: the RETRY an operator sends over HTTP. */
  async retry(id: string): Promise<Result<SubscriptionView>> {
    return this.operate(id, { type: "RETRY" });
  }

  /** Whether the customer switched auto-renew from the wallet on for this subscription. */
  autoRenewOn(id: string): boolean {
    const context = this.deps.runtime.read("subscription", id)?.context as { autoRenew?: { daysBefore: number } | null } | undefined;
    return Boolean(context?.autoRenew);
  }

  /** Switches auto-renew from the wallet on or off; on, it renews `autoRenewDaysBefore` days before expiry. */
  async setAutoRenew(id: string, on: boolean): Promise<Result<SubscriptionView>> {
    return this.operate(id, { type: "SET_AUTO_RENEW", on, daysBefore: getSettings(this.deps.db).autoRenewDaysBefore });
  }

  /** Deletes the panel client and ends the subscription. */
  async revoke(id: string): Promise<Result<SubscriptionView>> {
    return this.operate(id, { type: "REVOKE" });
  }

  /** Moves the client to another server; the customer's link stays the same. */
  async move(id: string, serverId: string): Promise<Result<SubscriptionView>> {
    const target = getServer(this.deps.db, serverId);
    if (!target) return fail("server-not-found", "no such server");
    if (target.state !== "healthy") return fail("server-unavailable", `server ${serverId} is ${target.state}`);
    if (this.get(id)?.serverId === serverId) return fail("same-server", "the subscription is already on that server");
    return this.operate(id, { type: "MOVE", serverId });
  }

  /** Bans or unbans a customer: their subscriptions are suspended or resumed with them. */
  async setBanned(customerId: number, banned: boolean): Promise<number> {
    setBanned(this.deps.db, customerId, banned, this.deps.runtime.clock.now());
    let changed = 0;
    for (const sub of this.ofCustomer(customerId)) {
      const result = await this.deps.runtime.send("subscription", sub.id, { type: banned ? "SUSPEND" : "UNSUSPEND" });
      if (result.changed) changed++;
    }
    return changed;
  }

  private async operate(id: string, event: { type: string; [k: string]: unknown }): Promise<Result<SubscriptionView>> {
    if (!this.get(id)) return fail("subscription-not-found", "no such subscription");
    const result = await this.deps.runtime.send("subscription", id, event);
    if (!result.changed) return fail("not-allowed-now", `a ${result.state} subscription does not take ${event.type}`);
    return ok(this.get(id)!);
  }
}

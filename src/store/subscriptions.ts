/**
 * The subscriptions read model (projected by the subscription actor in its transactions) and the last good copy of
 * each subscription's panel answer. Actors own the state; these rows are what lists, the usage sync and `/sub`
 * read without waking one.
 */
import type { Database } from "bun:sqlite";

export interface SubscriptionRow {
  id: string;
  customer_id: number;
  plan_id: number | null;
  token: string;
  client_name: string;
  server_id: string | null;
  /** Text, or a number for S-UI clients stored before panels had kinds. */
  panel_client_id: string | number | null;
  state: string;
  volume_bytes: number;
  usage_base: number;
  used_bytes: number;
  /** The usage level (percent) the actor has acted on; the usage sync wakes it only past this. */
  usage_level: number;
  expires_at: number | null;
  title: string;
  created_at: number;
  updated_at: number;
}

export function getSubscription(db: Database, id: string): SubscriptionRow | null {
  return db.query<SubscriptionRow, [string]>("SELECT * FROM subscriptions WHERE id = ?").get(id);
}

export function subscriptionByToken(db: Database, token: string): SubscriptionRow | null {
  return db.query<SubscriptionRow, [string]>("SELECT * FROM subscriptions WHERE token = ?").get(token);
}

/** A customer's subscriptions that are not revoked, newest first. */
export function subscriptionsOfCustomer(db: Database, customerId: number): SubscriptionRow[] {
  return db
    .query<SubscriptionRow, [number]>("SELECT * FROM subscriptions WHERE customer_id = ? AND state <> 'revoked' ORDER BY created_at DESC")
    .all(customerId);
}

/** What the bulk usage sync reads of a subscription. */
export type SubscriptionUsageRow = Pick<
  SubscriptionRow,
  "id" | "client_name" | "panel_client_id" | "state" | "volume_bytes" | "usage_base" | "used_bytes" | "usage_level"
>;

/** Every subscription placed on a server, for the bulk usage sync (only the columns it reads: 10,000 rows a sync). */
export function subscriptionsOnServer(db: Database, serverId: string): SubscriptionUsageRow[] {
  return db
    .query<SubscriptionUsageRow, [string]>(
      `SELECT id, client_name, panel_client_id, state, volume_bytes, usage_base, used_bytes, usage_level
         FROM subscriptions WHERE server_id = ?`,
    )
    .all(serverId);
}

/** The usage sync's fresh counter for one subscription. */
export function setUsedBytes(db: Database, id: string, usedBytes: number): void {
  db.query<void, [number, string]>("UPDATE subscriptions SET used_bytes = ? WHERE id = ?").run(usedBytes, id);
}

export type SubscriptionProjection = Omit<SubscriptionRow, "created_at" | "updated_at">;

/** The subscription actor's projection: inserted on its first event, updated on each after. */
export function projectSubscription(db: Database, row: SubscriptionProjection, at: number): void {
  db.query(
    `INSERT INTO subscriptions (id, customer_id, plan_id, token, client_name, server_id, panel_client_id, state, volume_bytes,
       usage_base, used_bytes, usage_level, expires_at, title, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET
       server_id = excluded.server_id, panel_client_id = excluded.panel_client_id, state = excluded.state,
       volume_bytes = excluded.volume_bytes, usage_base = excluded.usage_base,
       -- the bulk usage sync may have seen newer counters than this actor; counters only grow on one client
       used_bytes = CASE WHEN subscriptions.server_id IS excluded.server_id THEN MAX(subscriptions.used_bytes, excluded.used_bytes) ELSE excluded.used_bytes END,
       usage_level = excluded.usage_level, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
  ).run(
    row.id,
    row.customer_id,
    row.plan_id,
    row.token,
    row.client_name,
    row.server_id,
    row.panel_client_id,
    row.state,
    row.volume_bytes,
    row.usage_base,
    row.used_bytes,
    row.usage_level,
    row.expires_at,
    row.title,
    at,
    at,
  );
}

/** Subscriptions per state. */
export function subscriptionCountsByState(db: Database): { state: string; n: number }[] {
  return db.query<{ state: string; n: number }, []>("SELECT state, COUNT(*) AS n FROM subscriptions GROUP BY state").all();
}

export function countSubscriptionsIn(db: Database, state: string): number {
  return db.query<{ n: number }, [string]>("SELECT COUNT(*) AS n FROM subscriptions WHERE state = ?").get(state)!.n;
}

/** A panel answer kept for when the panel is down: the body as bytes, the headers as JSON. */
export interface StoredSubscriptionCopy {
  body: Uint8Array | string;
  headers: string;
  fetched_at: number;
}

export function storedSubscriptionCopy(db: Database, subscriptionId: string, format: string): StoredSubscriptionCopy | null {
  return db
    .query<StoredSubscriptionCopy, [string, string]>("SELECT body, headers, fetched_at FROM subscription_cache WHERE subscription_id = ? AND format = ?")
    .get(subscriptionId, format);
}

export function storeSubscriptionCopy(db: Database, subscriptionId: string, format: string, copy: { body: Uint8Array; headers: string; fetchedAt: number }): void {
  db.query<void, [string, string, Uint8Array, string, number]>(
    `INSERT INTO subscription_cache (subscription_id, format, body, headers, fetched_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (subscription_id, format) DO UPDATE SET body = excluded.body, headers = excluded.headers, fetched_at = excluded.fetched_at`,
  ).run(subscriptionId, format, copy.body, copy.headers, copy.fetchedAt);
}

/**
 * The subscription proxy behind `GET /sub/:token`: finds the subscription by its token, fetches its client's
 * subscription from the panel of the server the read model says it is on now (so it follows a move), and keeps the
 * last good copy in `subscription_cache` to serve while that panel fails.
 *
 * Three layers keep panels calm when many apps refresh at once:
 *  - a short in-memory copy per subscription and format (`cacheMs`, a few seconds): a hot token costs one indexed
 *    SQLite read and no panel request (the benchmark measures this path);
 *  - one panel request in flight per subscription and format: concurrent misses share it;
 *  - after a server fails, its subscriptions are served from their stored copies for `failureBackoffMs` without
 *    asking it again, so a dead panel costs each app nothing but the stored copy.
 * A client the panel keeps disabled (limited, expired, suspended) gets its stored copy without a panel request: the
 * panel's subscription server refuses disabled clients anyway.
 */
import type { Store } from "../../store/index.ts";
import type { Database } from "bun:sqlite";
import type { Logger } from "pino";
import type { Clock } from "../../domain/time.ts";
import { isPanelError, type PanelDriver, type SubscriptionFormat } from "../../panels/panel.ts";
import type { Metrics } from "../metrics/metrics.ts";
import { type SubscriptionRow } from "../../store/subscriptions.ts";
import { contentDisposition, periodUserinfo, profileTitle, type PanelCounters } from "./headers.ts";


/** What the panel answered, as kept in memory and in subscription_cache. */
interface PanelCopy {
  serverId: string;
  body: string;
  contentType: string | null;
  counters: PanelCounters | null;
  updateInterval: string | null;
  fetchedAt: number;
}

export interface ProxyAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
  outcome: "fresh" | "cached" | "stale" | "unavailable";
}

export interface SubscriptionProxyDeps {
  store: Store;
  panels: { driverFor(serverId: string): Promise<PanelDriver> };
  clock: Clock;
  metrics?: Pick<Metrics, "subscriptionServed">;
  log: Logger;
  cacheMs?: number;
  timeoutMs?: number;
  failureBackoffMs?: number;
  /** Most copies kept in memory. */
  maxEntries?: number;
}

/** States whose panel client is disabled: the stored copy is served without asking the panel. */
const PANEL_DISABLED = new Set(["limited", "expired", "suspended"]);

export class SubscriptionProxy {
  private readonly memory = new Map<string, PanelCopy>();
  private readonly inFlight = new Map<string, Promise<PanelCopy>>();
  private readonly failingUntil = new Map<string, number>();
  private readonly cacheMs: number;
  private readonly timeoutMs: number;
  private readonly failureBackoffMs: number;
  private readonly maxEntries: number;

  constructor(private readonly deps: SubscriptionProxyDeps) {
    this.cacheMs = deps.cacheMs ?? 5_000;
    this.timeoutMs = deps.timeoutMs ?? 5_000;
    this.failureBackoffMs = deps.failureBackoffMs ?? 10_000;
    this.maxEntries = deps.maxEntries ?? 50_000;
  }

  /** The subscription a token names; null for an unknown or revoked one. */
  find(token: string): SubscriptionRow | null {
    const row = this.deps.store.subscriptionByToken(token);
    return row && row.state !== "revoked" ? row : null;
  }

  /** The subscription's panel answer with the customer's headers: fresh, from memory, or the stored copy. */
  async answer(row: SubscriptionRow, format: SubscriptionFormat): Promise<ProxyAnswer> {
    const answer = await this.resolve(row, format);
    this.deps.metrics?.subscriptionServed(answer.outcome);
    return answer;
  }

  private async resolve(row: SubscriptionRow, format: SubscriptionFormat): Promise<ProxyAnswer> {
    const now = this.deps.clock.now();
    const key = `${row.id}:${format}`;
    const serverId = row.server_id;
    const held = this.memory.get(key);
    if (held && held.serverId === serverId && now - held.fetchedAt < this.cacheMs) return this.render(row, format, held, "cached");
    if (serverId === null || PANEL_DISABLED.has(row.state) || (this.failingUntil.get(serverId) ?? 0) > now) {
      return this.fallback(row, format, now);
    }
    try {
      return this.render(row, format, await this.fetchShared(key, row, serverId, format), "fresh");
    } catch (error) {
      // A refusal about this one client (S-UI answers 400 for a client it does not serve) says nothing about the
      // server; a network failure, a timeout, a 5xx or a refused token does.
      if (!isPanelError(error) || error.kind !== "permanent") this.failingUntil.set(serverId, now + this.failureBackoffMs);
      this.deps.log.warn({ subscriptionId: row.id, serverId, err: error }, "panel subscription fetch failed; serving the stored copy");
      return this.fallback(row, format, now);
    }
  }

  private fetchShared(key: string, row: SubscriptionRow, serverId: string, format: SubscriptionFormat): Promise<PanelCopy> {
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.fetch(row, serverId, format).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async fetch(row: SubscriptionRow, serverId: string, format: SubscriptionFormat): Promise<PanelCopy> {
    const driver = await this.deps.panels.driverFor(serverId);
    const sub = await driver.fetchSubscription(row.client_name, format, { timeoutMs: this.timeoutMs });
    const copy: PanelCopy = {
      serverId,
      body: sub.body,
      contentType: sub.contentType,
      counters: sub.usage ? { uploadBytes: sub.usage.uploadBytes, downloadBytes: sub.usage.downloadBytes } : null,
      updateInterval: sub.profileUpdateInterval,
      fetchedAt: this.deps.clock.now(),
    };
    this.remember(`${row.id}:${format}`, copy);
    const { body, ...headers } = copy;
    this.deps.store.storeSubscriptionCopy(row.id, format, { body: new TextEncoder().encode(body), headers: JSON.stringify(headers), fetchedAt: copy.fetchedAt });
    this.failingUntil.delete(serverId);
    return copy;
  }

  private remember(key: string, copy: PanelCopy): void {
    this.memory.delete(key);
    if (this.memory.size >= this.maxEntries) {
      // Drop the oldest insertion (Map keeps insertion order): an approximate LRU that costs nothing per hit.
      const oldest = this.memory.keys().next().value;
      if (oldest !== undefined) this.memory.delete(oldest);
    }
    this.memory.set(key, copy);
  }

  /** The stored copy, marked stale; 503 when there has never been one. */
  private fallback(row: SubscriptionRow, format: SubscriptionFormat, now: number): ProxyAnswer {
    const stored = this.deps.store.storedSubscriptionCopy(row.id, format);
    if (!stored) {
      return {
        status: 503,
        body: "This subscription cannot be fetched right now. Please try again in a few minutes.\n",
        headers: { "content-type": "text/plain; charset=utf-8", "retry-after": "60", "cache-control": "no-store" },
        outcome: "unavailable",
      };
    }
    const meta = JSON.parse(stored.headers) as Omit<PanelCopy, "body">;
    const body = typeof stored.body === "string" ? stored.body : new TextDecoder().decode(stored.body);
    const answer = this.render(row, format, { ...meta, body, fetchedAt: stored.fetched_at }, "stale");
    const age = Math.max(0, Math.floor((now - stored.fetched_at) / 1000));
    answer.headers["x-subkeeper-stale"] = String(age);
    answer.headers.warning = '110 - "Response is Stale"';
    return answer;
  }

  private render(row: SubscriptionRow, format: SubscriptionFormat, copy: PanelCopy, outcome: ProxyAnswer["outcome"]): ProxyAnswer {
    // Panel counters count for the client on the server the subscription is on now; a copy from before a move
    // does not. The read model may lag the panel by a sync, so the larger of the two wins.
    const samePanel = copy.serverId === row.server_id;
    const panelUsed = samePanel && copy.counters ? copy.counters.uploadBytes + copy.counters.downloadBytes : 0;
    const usedBytes = Math.max(row.used_bytes, panelUsed);
    const headers: Record<string, string> = {
      "content-type": copy.contentType ?? "text/plain; charset=utf-8",
      "subscription-userinfo": periodUserinfo(
        { volumeBytes: row.volume_bytes, usageBase: row.usage_base, usedBytes },
        row.expires_at,
        samePanel ? copy.counters : null,
      ),
      "profile-title": profileTitle(row.title),
      "profile-update-interval": copy.updateInterval ?? "12",
      "content-disposition": contentDisposition(row.title, format),
      "cache-control": "no-store",
    };
    return { status: 200, body: copy.body, headers, outcome };
  }
}

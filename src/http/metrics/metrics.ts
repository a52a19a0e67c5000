/**
 * subkeeper's Prometheus metrics, on a Registry of their own (never prom-client's global one, so two apps in one
 * test process do not collide).
 *
 * - runtime: events applied and transitions per kind, effect failures, actor errors, quarantines, group commits —
 *   fed by the RuntimeObserver this returns (pass it to buildCore as `observer`);
 * - provisioning latency: from a subscription's creation to its first active state, read from the journal at scrape
 *   time (the observer does not carry actor ids, the journal does);
 * - panels: request latency and errors per server and call, by wrapping each server's driver (`timedDriver`, given
 *   to buildCore as `wrapPanel`);
 * - Telegram 429s: a counter the notifier increments through its `onRateLimited` hook;
 * - subscription proxy answers by outcome (fresh, cached, stale, unavailable);
 * - gauges read from the store at scrape time: pending receipts, active subscriptions, quarantined actors,
 *   servers per state.
 */
import type { Database } from "bun:sqlite";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { RuntimeObserver } from "../../../actors/types.ts";
import { arrivalsSince, lastJournalSeq, quarantinedByKind } from "../../../actors/reports.ts";
import { pendingReceiptCount } from "../../store/receipts.ts";
import { serverCountsByState } from "../../store/servers.ts";
import { countSubscriptionsIn } from "../../store/subscriptions.ts";
import { isPanelError, type PanelDriver } from "../../panels/panel.ts";

export type SubscriptionOutcome = "fresh" | "cached" | "stale" | "unavailable" | "page";

export interface Metrics {
  registry: Registry;
  /** Hand to buildCore({ observer }). */
  observer: RuntimeObserver;
  /** Increment on every Telegram 429 (the notifier's `onRateLimited`). */
  telegramRateLimited: Counter<never>;
  /** Counts one /sub answer. */
  subscriptionServed(outcome: SubscriptionOutcome): void;
  /** Times one panel call; used by `timedDriver` and anything else that calls a panel directly. */
  observePanelCall(serverId: string, call: string, seconds: number, error?: unknown): void;
}

const PANEL_CALLS = [
  "probe",
  "listClients",
  "getClient",
  "findClientByName",
  "createClient",
  "updateClient",
  "deleteClient",
  "listInbounds",
  "fetchSubscription",
] as const;

export function createMetrics(options: { db: Database; prefix?: string; defaultMetrics?: boolean }): Metrics {
  const { db } = options;
  const p = options.prefix ?? "subkeeper_";
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: p });
  const registers = [registry];

  const events = new Counter({ name: `${p}actor_events_total`, help: "Events applied by actors (each one journaled), per kind", labelNames: ["kind"], registers });
  const transitions = new Counter({
    name: `${p}actor_transitions_total`,
    help: "State changes per kind, from and to state",
    labelNames: ["kind", "from", "to"],
    registers,
  });
  const effectFailures = new Counter({
    name: `${p}effect_failures_total`,
    help: "Failed effect runs per kind and effect; final=true when no retry follows",
    labelNames: ["kind", "effect", "final"],
    registers,
  });
  const actorErrors = new Counter({ name: `${p}actor_errors_total`, help: "Events an actor failed on (a bug the journal records)", labelNames: ["kind"], registers });
  const quarantines = new Counter({ name: `${p}actor_quarantines_total`, help: "Actors put in quarantine since start", labelNames: ["kind"], registers });
  const commits = new Counter({ name: `${p}runtime_commits_total`, help: "Group commits of the runtime", registers });
  const committedEvents = new Counter({ name: `${p}runtime_committed_sends_total`, help: "Sends committed by group commits", registers });

  const telegramRateLimited = new Counter({ name: `${p}telegram_rate_limited_total`, help: "HTTP 429 answers from the Telegram Bot API", registers });

  const panelSeconds = new Histogram({
    name: `${p}panel_request_duration_seconds`,
    help: "Panel calls per server and call, success or not",
    labelNames: ["server", "call"],
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const panelErrors = new Counter({
    name: `${p}panel_errors_total`,
    help: "Failed panel calls per server, call and error kind (transient, auth, permanent)",
    labelNames: ["server", "call", "kind"],
    registers,
  });

  const subscriptionAnswers = new Counter({
    name: `${p}subscription_requests_total`,
    help: "GET /sub/:token answers by outcome: fresh from the panel, cached in memory, stale copy, unavailable, page",
    labelNames: ["outcome"],
    registers,
  });

  // Provisioning latency: journal rows since the last scrape where a subscription first became active.
  let lastSeq = lastJournalSeq(db);
  const firstActive = { kind: "subscription", fromPrefix: "provisioning", toState: "active" };
  new Histogram({
    name: `${p}provisioning_duration_seconds`,
    help: "From a subscription's creation to its client working on a panel (first active state)",
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 21600],
    registers,
    collect() {
      const upTo = lastJournalSeq(db) || lastSeq;
      for (const row of arrivalsSince(db, lastSeq, firstActive)) if (row.seq <= upTo) this.observe(Math.max(0, row.seconds));
      lastSeq = upTo;
    },
  });

  new Gauge({
    name: `${p}pending_receipts`,
    help: "Receipts waiting for an admin's decision",
    registers,
    collect() {
      this.set(pendingReceiptCount(db));
    },
  });
  new Gauge({
    name: `${p}active_subscriptions`,
    help: "Subscriptions in the active state",
    registers,
    collect() {
      this.set(countSubscriptionsIn(db, "active"));
    },
  });
  new Gauge({
    name: `${p}quarantined_actors`,
    help: "Actors in quarantine now, per kind",
    labelNames: ["kind"],
    registers,
    collect() {
      this.reset();
      for (const row of quarantinedByKind(db)) this.set({ kind: row.kind }, row.n);
    },
  });
  new Gauge({
    name: `${p}servers`,
    help: "Servers per state (healthy, degraded, down, draining, retired…)",
    labelNames: ["state"],
    registers,
    collect() {
      this.reset();
      for (const row of serverCountsByState(db)) this.set({ state: row.state }, row.n);
    },
  });

  const observer: RuntimeObserver = {
    onTransition(kind, from, to) {
      events.inc({ kind });
      if (from !== to) transitions.inc({ kind, from: from ?? "none", to });
    },
    onActorError(kind) {
      actorErrors.inc({ kind });
    },
    onEffectFailure(kind, effect, final) {
      effectFailures.inc({ kind, effect, final: String(final) });
    },
    onQuarantine(kind) {
      quarantines.inc({ kind });
    },
    onCommit(sends) {
      commits.inc();
      committedEvents.inc(sends);
    },
  };

  return {
    registry,
    observer,
    telegramRateLimited,
    subscriptionServed(outcome) {
      subscriptionAnswers.inc({ outcome });
    },
    observePanelCall(serverId, call, seconds, error) {
      panelSeconds.observe({ server: serverId, call }, seconds);
      if (error !== undefined) panelErrors.inc({ server: serverId, call, kind: isPanelError(error) ? error.kind : "unknown" });
    },
  };
}

/** A driver whose every call is timed and whose failures are counted for `serverId`. */
export function timedDriver(driver: PanelDriver, serverId: string, metrics: Pick<Metrics, "observePanelCall">): PanelDriver {
  const timed: Record<string, unknown> = {};
  for (const call of PANEL_CALLS) {
    const original = (driver[call] as (...args: unknown[]) => Promise<unknown>).bind(driver);
    timed[call] = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        const result = await original(...args);
        metrics.observePanelCall(serverId, call, (performance.now() - started) / 1000);
        return result;
      } catch (error) {
        metrics.observePanelCall(serverId, call, (performance.now() - started) / 1000, error);
        throw error;
      }
    };
  }
  return Object.assign(Object.create(driver) as PanelDriver, timed, { kind: driver.kind, capabilities: driver.capabilities });
}

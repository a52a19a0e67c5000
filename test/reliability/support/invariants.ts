/**
 * What must hold when a reliability run is over, read from the store, the S-UI simulator and the fake Telegram:
 * each problem is a line a person can act on, and the figures say how much was checked.
 *
 *  - every approved order fulfilled exactly once, and paid for exactly once in the ledger;
 *  - exactly one panel client per subscription, none left over, each as the store says it should be;
 *  - every renewal applied once (the expiry moved by one period, not two);
 *  - ledger sums equal balances;
 *  - every must-arrive notification the workload causes delivered (blocked chats aside), any second copy marked as
 *    resent; no warning twice, and one missing only when a kill caught it on the wire;
 *  - no actor quarantined, none stuck (resting, or waiting on a timer), no effect pending or failed;
 *  - no transition that threw (the journal records those).
 */
import { deliveryPolicyOf } from "../../../src/domain/notice-kinds.ts";
import { ledgerMismatches } from "../../../src/store/ledger.ts";
import type { FakeMessage } from "../../fakes/telegram.ts";
import { PLAN, type Shop } from "./shop.ts";
import { TRAFFIC_NOTICE, type CustomerOutcome } from "./workload.ts";

const DAY_MS = 86_400_000;

/** What each notice looks like in English (src/bots/locales/en.ftl, notify-*). */
export const NOTICE_TEXT: Record<string, RegExp> = {
  provisioned: /^✅ Your subscription .+ is ready!/,
  renewed: / is renewed until /,
  "traffic-80": /You've used 80% of the traffic/,
  "traffic-95": /Only 5% of the traffic/,
  limited: /has run out of traffic/,
  expired: /has expired\. Renew it/,
  "expires-3d": /expires in 3 days/,
  "expires-1d": /expires tomorrow/,
  "order-expired": /expired because no receipt arrived/,
  "receipt-rejected": /Your receipt for order .+ was not approved/,
};

/** The line a resent must-arrive notice ends with (en.ftl, notify-resent). */
export const RESENT_MARK = /↻ Sent again: /;

/** States an actor may rest in with nothing running: finished, or waiting for a person or a durable timer. */
const RESTING: Record<string, string[]> = {
  order: ["fulfilled", "rejected", "cancelled", "expired", "awaiting_payment"],
  subscription: ["active", "limited", "expired", "suspended", "revoked"],
  server: ["healthy"],
  broadcast: ["done", "cancelled"],
};

export interface Report {
  figures: Record<string, number>;
  problems: Record<string, string[]>;
}

export interface BroadcastExpectation {
  text: string;
  /** Customers who must get it exactly once. */
  mustReach: number[];
}

export interface CheckOptions {
  broadcast?: BroadcastExpectation;
  /**
   * Notification keys that were claimed and unanswered when the process was SIGKILLed: their request may have been
   * on the wire. At-most-once ones are marked unconfirmed and never resent (src/notify/notifier.ts); at-least-once
   * ones are sent again, marked as resent.
   */
  inFlightAtKill?: ReadonlySet<string>;
}

export function checkShop(shop: Shop, customers: CustomerOutcome[], options: CheckOptions = {}): Report {
  const db = shop.db;
  const problems: Record<string, string[]> = {};
  const figures: Record<string, number> = {};
  const problem = (key: string, line: string) => (problems[key] ??= []).push(line);
  const count = (sql: string, ...args: (string | number)[]) => (db.query(sql).get(...args) as { n: number }).n;

  // ---- orders: approved → fulfilled once, paid once
  const approved = db
    .query<{ id: string; number: number; kind: string; state: string; customer_id: number; amount: number }, []>(
      `SELECT o.id, o.number, o.kind, o.state, o.customer_id, o.amount FROM orders o JOIN receipts r ON r.order_id = o.id WHERE r.state = 'approved'`,
    )
    .all();
  figures.ordersApproved = approved.length;
  figures.ordersFulfilled = 0;
  for (const order of approved) {
    if (order.state !== "fulfilled") problem("approvedNotFulfilled", `order #${order.number} (${order.kind}, customer ${order.customer_id}) is ${order.state}`);
    else figures.ordersFulfilled++;
    const fulfilments = count(
      "SELECT COUNT(*) AS n FROM journal WHERE kind = 'order' AND id = ? AND event_type = 'FULFILLED' AND to_state = 'fulfilled' AND from_state <> 'fulfilled'",
      order.id,
    );
    if (order.state === "fulfilled" && fulfilments !== 1) problem("fulfilledTwice", `order #${order.number} was fulfilled ${fulfilments} times`);
    for (const reason of ["card-payment", "purchase"]) {
      const entries = count("SELECT COUNT(*) AS n FROM ledger WHERE ref = ? AND reason = ?", order.id, reason);
      if (entries !== 1) problem("ledgerEntries", `order #${order.number} has ${entries} '${reason}' entries`);
    }
  }
  const undecided = db.query<{ number: number }, []>("SELECT number FROM orders WHERE state = 'receipt_submitted'").all();
  for (const order of undecided) problem("receiptNeverDecided", `order #${order.number} still waits for a decision`);

  // ---- subscriptions: one per purchase, one client each, renewals applied once
  const subscriptions = db
    .query<{ id: string; customer_id: number; state: string; client_name: string; volume_bytes: number; expires_at: number | null; snapshot: string }, []>(
      `SELECT s.id, s.customer_id, s.state, s.client_name, s.volume_bytes, s.expires_at, a.snapshot
         FROM subscriptions s JOIN actors a ON a.kind = 'subscription' AND a.id = s.id`,
    )
    .all();
  figures.subscriptions = subscriptions.length;
  const clients = shop.panel.clients();
  figures.panelClients = clients.length;
  const byName = new Map<string, typeof clients>();
  for (const client of clients) byName.set(client.name, [...(byName.get(client.name) ?? []), client]);
  const names = new Set(subscriptions.map((s) => s.client_name));
  for (const name of byName.keys()) if (!names.has(name)) problem("orphanPanelClients", `panel client ${name} belongs to no subscription`);
  const purchasesBy = new Map<number, number>();
  for (const order of approved) if (order.kind === "purchase" && order.state === "fulfilled") purchasesBy.set(order.customer_id, (purchasesBy.get(order.customer_id) ?? 0) + 1);
  const subsBy = new Map<number, number>();
  for (const sub of subscriptions) subsBy.set(sub.customer_id, (subsBy.get(sub.customer_id) ?? 0) + 1);
  for (const [customerId, n] of purchasesBy) {
    if ((subsBy.get(customerId) ?? 0) !== n) problem("subscriptionsPerPurchase", `customer ${customerId} bought ${n} and holds ${subsBy.get(customerId) ?? 0} subscriptions`);
  }
  for (const sub of subscriptions) {
    const copies = byName.get(sub.client_name) ?? [];
    if (copies.length !== 1) problem("panelClientsPerSubscription", `subscription ${sub.id} (${sub.state}) has ${copies.length} panel clients named ${sub.client_name}`);
    const client = copies[0];
    if (client && sub.state === "active") {
      if (!client.enable) problem("panelNotConverged", `${sub.client_name} is active here and disabled on the panel`);
      if (client.volume !== sub.volume_bytes) problem("panelNotConverged", `${sub.client_name}: volume ${client.volume} on the panel, ${sub.volume_bytes} here`);
      if (sub.expires_at !== null && client.expiry !== Math.floor(sub.expires_at / 1000)) {
        problem("panelNotConverged", `${sub.client_name}: expiry ${client.expiry} on the panel, ${Math.floor(sub.expires_at / 1000)} here`);
      }
    }
    const context = (JSON.parse(sub.snapshot) as { context: { period: number } }).context;
    const renewals = count("SELECT COUNT(*) AS n FROM orders WHERE kind = 'renewal' AND subscription_id = ? AND state = 'fulfilled'", sub.id);
    if (context.period !== renewals) problem("renewalsApplied", `subscription ${sub.id}: ${renewals} renewals paid, ${context.period} applied`);
    const provisioned = db
      .query<{ at: number }, [string]>("SELECT at FROM journal WHERE kind = 'subscription' AND id = ? AND event_type = 'PROVISIONED' AND from_state LIKE 'provisioning%' ORDER BY seq")
      .all(sub.id);
    if (provisioned.length !== 1) problem("provisionedTwice", `subscription ${sub.id} was provisioned ${provisioned.length} times`);
    else if (sub.expires_at !== null && sub.expires_at - provisioned[0]!.at !== (renewals + 1) * PLAN.days * DAY_MS) {
      problem("expiry", `subscription ${sub.id} expires ${(sub.expires_at - provisioned[0]!.at) / DAY_MS} days after it was provisioned, with ${renewals} renewals`);
    }
  }

  // ---- money
  for (const row of ledgerMismatches(db)) problem("ledgerMismatches", `customer ${row.customer_id}: balance ${row.balance}, ledger sum ${row.sum}`);

  // ---- notifications, by delivery policy (src/domain/notice-kinds.ts): a must-arrive notice reaches every customer,
  // any second copy marked as resent; a warning never comes twice, and may be missing only when a kill caught it.
  const perPolicy = { "at-least-once": { expected: 0, delivered: 0, duplicated: 0, missing: 0 }, "at-most-once": { expected: 0, delivered: 0, duplicated: 0, missing: 0 } };
  let blockedNotices = 0;
  const subOf = new Map(subscriptions.map((s) => [s.customer_id, s]));
  for (const customer of customers) {
    const person = shop.person(customer.id);
    const shown = (m: FakeMessage) => m.text ?? m.caption ?? "";
    const messages = person.messages();
    const kinds: string[] = [];
    if (purchasesBy.has(customer.id)) kinds.push("provisioned");
    const sub = subOf.get(customer.id);
    if (sub && count("SELECT COUNT(*) AS n FROM orders WHERE kind = 'renewal' AND subscription_id = ? AND state = 'fulfilled'", sub.id) > 0) kinds.push("renewed");
    const traffic = TRAFFIC_NOTICE[customer.traffic];
    if (traffic && customer.trafficAdded > 0) kinds.push(traffic);
    for (const [kind, pattern] of Object.entries(NOTICE_TEXT)) {
      const copies = messages.filter((m) => pattern.test(shown(m)));
      const policy = deliveryPolicyOf(kind);
      if (copies.length > 1 && policy === "at-most-once") problem("notificationsTwice", `customer ${customer.id} got "${kind}" ${copies.length} times`);
      if (copies.length > 1 && policy === "at-least-once") {
        perPolicy[policy].duplicated += copies.length - 1;
        const unmarked = copies.slice(1).filter((m) => !RESENT_MARK.test(shown(m))).length;
        if (unmarked > 0) problem("duplicateNotMarked", `customer ${customer.id} got "${kind}" ${copies.length} times, ${unmarked} extra copies not marked as resent`);
      }
      if (!kinds.includes(kind) && copies.length > 0) problem("unexpectedNotifications", `customer ${customer.id} got "${kind}"`);
    }
    for (const kind of kinds) {
      const policy = deliveryPolicyOf(kind);
      perPolicy[policy].expected++;
      const n = messages.filter((m) => NOTICE_TEXT[kind]!.test(shown(m))).length;
      if (n >= 1) {
        perPolicy[policy].delivered++;
        continue;
      }
      const key = sub ? `sub:${sub.id}:${kind}:%` : "";
      const row = db.query<{ dedupe_key: string; status: string }, [string]>("SELECT dedupe_key, status FROM notifications WHERE dedupe_key LIKE ? LIMIT 1").get(key);
      if (customer.blocksBot && row?.status === "blocked") {
        blockedNotices++;
        const unreachable = db.query<{ unreachable: number }, [number]>("SELECT unreachable FROM customers WHERE telegram_id = ?").get(customer.id)?.unreachable;
        if (unreachable !== 1) problem("blockedNotMarked", `customer ${customer.id} blocked the bot and is not marked unreachable`);
      } else if (policy === "at-most-once" && row?.status === "unconfirmed" && options.inFlightAtKill?.has(row.dedupe_key)) perPolicy[policy].missing++;
      else problem("notificationsLost", `customer ${customer.id} never got "${kind}" (${policy}; notifications row: ${row?.status ?? "none"})`);
    }
  }
  for (const [policy, f] of Object.entries(perPolicy)) {
    const name = policy === "at-least-once" ? "mustArrive" : "atMostOnce";
    figures[`${name}Expected`] = f.expected;
    figures[`${name}Delivered`] = f.delivered;
    figures[`${name}Duplicated`] = f.duplicated;
    figures[`${name}Missing`] = f.missing;
  }
  figures.notificationsToBlockedChats = blockedNotices;
  figures.notificationsResent = count("SELECT COALESCE(SUM(resends), 0) AS n FROM notifications");
  let inDoubt = 0;
  const unreachable = new Set(db.query<{ telegram_id: number }, []>("SELECT telegram_id FROM customers WHERE unreachable = 1").all().map((r) => r.telegram_id));
  for (const row of db.query<{ dedupe_key: string; chat_id: number; status: string; error: string | null; policy: string }, []>("SELECT dedupe_key, chat_id, status, error, policy FROM notifications WHERE status IN ('sending', 'unconfirmed', 'failed')").all()) {
    // In doubt by design: an at-most-once claim that was on the wire at a kill, reported, never sent a second time.
    if (row.status === "unconfirmed" && row.policy === "at-most-once" && options.inFlightAtKill?.has(row.dedupe_key)) inDoubt++;
    // A broadcast message Telegram refused (429) to a customer who then blocked the bot: the retried batch no longer
    // counts them in the audience, and a promotion is owed to nobody.
    else if (row.status === "failed" && row.dedupe_key.startsWith("broadcast:") && unreachable.has(row.chat_id)) continue;
    else problem("notificationsUnsettled", `${row.dedupe_key} (${row.policy}) is ${row.status}${row.error ? ` (${row.error})` : ""}`);
  }
  figures.notificationsInDoubtAfterKill = inDoubt;

  if (options.broadcast) {
    const { text, mustReach } = options.broadcast;
    let reached = 0;
    for (const customer of customers) {
      const n = shop.person(customer.id).messages().filter((m) => (m.text ?? "").includes(text)).length;
      if (n > 1) problem("broadcastTwice", `customer ${customer.id} got the broadcast ${n} times`);
      if (n === 1) reached++;
      else if (mustReach.includes(customer.id)) problem("broadcastLost", `customer ${customer.id} never got the broadcast`);
    }
    figures.broadcastDelivered = reached;
  }

  // ---- actors: none quarantined, none stuck; no effect left behind; no transition that threw
  for (const row of db.query<{ kind: string; id: string; quarantine_reason: string }, []>("SELECT kind, id, quarantine_reason FROM actors WHERE quarantine_reason IS NOT NULL").all()) {
    problem("quarantined", `${row.kind} ${row.id}: ${row.quarantine_reason}`);
  }
  const actors = db.query<{ kind: string; id: string; state: string; timers: number }, []>(
    `SELECT a.kind, a.id, a.state, (SELECT COUNT(*) FROM timers t WHERE t.kind = a.kind AND t.id = a.id) AS timers FROM actors a`,
  ).all();
  figures.actors = actors.length;
  for (const actor of actors) {
    const resting = (RESTING[actor.kind] ?? []).includes(actor.state);
    if (!resting && actor.timers === 0) problem("stuck", `${actor.kind} ${actor.id} is in ${actor.state} with no timer`);
    else if (!resting && actor.kind !== "server") problem("notConverged", `${actor.kind} ${actor.id} is still in ${actor.state} (waiting on a timer)`);
    else if (!resting) problem("notConverged", `server ${actor.id} is ${actor.state}`);
  }
  // A server's health probe and usage sync are effects every second by design: only older ones count as stuck.
  const pending = db
    .query<{ kind: string; id: string; effect: string; attempts: number; created_at: number; last_error: string | null }, []>(
      "SELECT kind, id, effect, attempts, created_at, last_error FROM outbox WHERE status = 'pending'",
    )
    .all()
    .filter((row) => row.kind !== "server" || Date.now() - row.created_at > 15_000);
  for (const row of pending) problem("outboxPending", `${row.kind} ${row.id} ${row.effect} (attempts ${row.attempts}${row.last_error ? `, ${row.last_error}` : ""})`);
  for (const row of db.query<{ kind: string; id: string; effect: string; last_error: string | null }, []>("SELECT kind, id, effect, last_error FROM outbox WHERE status = 'failed'").all()) {
    problem("outboxFailed", `${row.kind} ${row.id} ${row.effect}: ${row.last_error}`);
  }
  for (const row of db.query<{ kind: string; id: string; event_type: string; error: string }, []>("SELECT kind, id, event_type, error FROM journal WHERE error IS NOT NULL LIMIT 20").all()) {
    problem("journalErrors", `${row.kind} ${row.id} on ${row.event_type}: ${row.error.slice(0, 200)}`);
  }
  figures.journalRows = count("SELECT COUNT(*) AS n FROM journal");
  // How long a notification's outcome is unknown: from its claim to Telegram's answer being recorded.
  const windows = db.query<{ ms: number }, []>("SELECT sent_at - claimed_at AS ms FROM notifications WHERE status = 'sent' ORDER BY ms").all().map((r) => r.ms);
  if (windows.length > 0) {
    figures.claimToSentP50Ms = windows[Math.floor(windows.length * 0.5)]!;
    figures.claimToSentP99Ms = windows[Math.floor(windows.length * 0.99)]!;
    figures.claimToSentMaxMs = windows.at(-1)!;
  }
  return { figures, problems };
}

/** Every secret that shows up in the texts, with where (a short excerpt around it). */
export function secretLeaks(secrets: Record<string, string>, texts: { where: string; text: string }[]): string[] {
  const leaks: string[] = [];
  for (const { where, text } of texts) {
    for (const [name, secret] of Object.entries(secrets)) {
      const at = text.indexOf(secret);
      if (at >= 0) leaks.push(`${name} in ${where}: …${text.slice(Math.max(0, at - 60), at)}<SECRET>…`);
    }
  }
  return leaks;
}

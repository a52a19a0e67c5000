/**
 * `subkeeper demo`: the whole flow in one process against a built-in simulated S-UI panel — a customer orders,
 * sends a receipt, an admin approves, the subscription is provisioned, traffic is used, warnings fire, the customer
 * renews, time runs out — printing what the customer would receive at each step and what the panel holds.
 * subkeeper's HTTP server runs on a free local port, and the customer's VPN app is shown fetching her link from
 * its /sub/<token>: the headers it reads and the config links it decodes.
 * Time is simulated, so thirty days pass in a moment; nothing leaves this machine.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "./config.ts";
import { createLogger, setLogger } from "./log.ts";
import { openDatabase } from "./store/db.ts";
import { buildCore, type Core } from "./core.ts";
import { RecordingNotices, type CustomerNotice, type AdminAlert } from "./kinds/notices.ts";
import { openTokenBox } from "./panels/token-box.ts";
import { upsertCustomer } from "./store/customers.ts";
import { createPlan } from "./store/plans.ts";
import { postEntry, balanceOf, entriesOf } from "./store/ledger.ts";
import { getSettings } from "./store/settings.ts";
import { renderNotice } from "./bots/notice-text.ts";
import { formatBytes, formatToman, t, html, type Language } from "./bots/i18n.ts";
import { DAY_MS } from "./domain/time.ts";
import { startSuiPanel, type SuiPanel } from "./panels/simulated/sui-panel.ts";
import { createHttpApp } from "./http/app.ts";
import { createMetrics } from "./http/metrics/index.ts";
import { lastJournalSeq } from "../actors/reports.ts";
import { GB } from "./domain/units.ts";


/** HTML as a terminal shows it. */
function plain(text: string): string {
  return text
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line, i) => (i === 0 ? prefix : " ".repeat(prefix.length)) + line)
    .join("\n");
}

class DemoClock {
  at = Date.now();
  now = () => this.at;
}

export async function runDemo(config: Config, argv: string[] = []): Promise<number> {
  const lang: Language = argv.includes("--fa") ? "fa" : "en";
  const silent = createLogger({ level: "silent" });
  setLogger(silent);
  const dir = mkdtempSync(join(tmpdir(), "subkeeper-demo-"));
  const panel = await startSuiPanel();
  const db = openDatabase(join(dir, "demo.sqlite"));
  const clock = new DemoClock();
  const notices = new RecordingNotices();
  // The port comes first (the links handed out carry it); the app answers once it is built.
  let handle: (request: Request) => Response | Promise<Response> = () => new Response("starting\n", { status: 503 });
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (request) => handle(request) });
  const publicUrl = `http://127.0.0.1:${server.port}`;
  const core = buildCore({ db, tokens: await openTokenBox("demo key, never used for real tokens"), notices, publicUrl, clock, autoSchedule: false });
  const app = createHttpApp({ core, metrics: createMetrics({ db, defaultMetrics: false }), operatorToken: undefined, publicUrl, log: silent });
  handle = (request) => app.handle(request);
  await core.runtime.start();

  const say = (text: string) => console.log(text);
  const step = (text: string) => console.log(`\n▸ ${text}`);
  notices.onNotice = (notice: CustomerNotice) => say(indent(plain(renderNotice({ store: core.store, subscriptions: core.subscriptions, defaultLanguage: lang }, notice).text), "  ← bot to customer: "));
  notices.onAlert = (alert: AdminAlert) => say(`  ⇢ alert to admins: ${alert.alert}${alert.orderId ? ` (order #${alert.orderId})` : ""}`);

  try {
    say("subkeeper demo — one customer's subscription from purchase to expiry, against a simulated S-UI panel.");
    say("Time is simulated: thirty days pass in a moment. Nothing here talks to Telegram or a real panel.");

    step(`The operator adds an S-UI server "Frankfurt-1" (simulated at ${panel.url})`);
    const added = await core.servers.add({ name: "Frankfurt-1", panelUrl: panel.url, apiToken: panel.token, subUrl: panel.subUrl, inboundIds: [1, 2], capacity: 500 });
    if (!added.ok) throw new Error(added.error.message);
    await settle(core);
    const server = core.servers.get(added.value.id);
    say(`  probed before saving, then by its actor: ${server?.actorState}, core running ${server?.coreRunning}, ${server?.latencyMs} ms`);

    step("The admin creates a plan");
    const plan = createPlan(db, { name: "Monthly 20 GB", price: 150_000, trafficBytes: 20 * GB, days: 30, renewalPolicy: "reset" }, clock.now());
    say(`  ${plan.name}: ${formatBytes(lang, plan.traffic_bytes)}, ${plan.days} days, ${formatToman(lang, plan.price)}`);

    step("Sara opens the user bot and buys it, paying card-to-card");
    const sara = 424242;
    upsertCustomer(db, { telegramId: sara, username: "sara", firstName: "Sara", language: lang }, clock.now());
    const order = await core.sales.startOrder({ customerId: sara, kind: "purchase", planId: plan.id, method: "card" });
    if (!order.ok) throw new Error(order.error.message);
    const cards = getSettings(db).cards.map((card) => t(lang, "card-line", { number: card.number, holder: card.holder })).join("\n");
    say(indent(plain(t(lang, "card-instructions", { order: String(order.value.number), amount: formatToman(lang, order.value.amount), cards: html(cards), hours: getSettings(db).paymentWindowHours })), "  ← bot to customer: "));

    step("Sara sends a photo of her bank receipt");
    await core.sales.submitReceipt(order.value.orderId, sara, "AgACAgQAAxkBAAIB-demo-photo");
    say(indent(plain(`${t(lang, "receipt-received", { order: String(order.value.number) })}\n${t(lang, "receipt-waiting")}`), "  ← bot to customer: "));
    await settle(core);

    step("An admin taps Approve (and a second admin taps it too, a moment later)");
    const first = await core.sales.decide(order.value.orderId, { by: "1001", approve: true });
    const second = await core.sales.decide(order.value.orderId, { by: "1002", approve: true });
    say(`  first tap applied: ${first.ok && first.value.applied}; second tap applied: ${second.ok && second.value.applied} (decided by ${second.ok ? second.value.order.decision?.by : "?"})`);
    await settle(core);
    const subscriptionId = order.value.subscriptionId!;
    showPanel(panel, subscriptionId, say);

    step("Sara uses 16.5 GB; the usage sync reads the panel's counters");
    await useTraffic(core, panel, subscriptionId, 16.5 * GB);
    step(`Sara's VPN app refreshes her link from subkeeper's own /sub (${publicUrl})`);
    await showWhatTheAppGets(core.subscriptions.get(subscriptionId)!.link, say);

    step("… and 2.7 GB more");
    await useTraffic(core, panel, subscriptionId, 2.7 * GB);
    step("… and 1 GB more: over the limit (S-UI's rule: up + down > volume)");
    await useTraffic(core, panel, subscriptionId, 1 * GB);
    showPanel(panel, subscriptionId, say);

    step("Sara tops up her wallet (the admin approves 200,000 Toman) and renews from it");
    const topup = core.sales.startTopup(sara, 200_000);
    if (!topup.ok) throw new Error(topup.error.message);
    await core.sales.submitReceipt(topup.value.orderId, sara, "AgACAgQAAxkBAAIB-demo-topup");
    await core.sales.decide(topup.value.orderId, { by: "1001", approve: true });
    await settle(core);
    const renewal = await core.sales.startOrder({ customerId: sara, kind: "renewal", planId: plan.id, method: "wallet", subscriptionId });
    if (!renewal.ok) throw new Error(renewal.error.message);
    await settle(core);
    showPanel(panel, subscriptionId, say);

    step("Fifty-eight days pass");
    for (let day = 0; day < 58; day++) {
      clock.at += DAY_MS;
      await settle(core);
    }
    step("… and two more");
    clock.at += 2 * DAY_MS + 60_000;
    await settle(core);
    showPanel(panel, subscriptionId, say);

    step("What the books say");
    for (const entry of entriesOf(db, sara).reverse()) say(`  ${entry.reason.padEnd(13)} ${String(entry.amount).padStart(9)} Toman  (order ${entry.ref})`);
    say(`  wallet balance: ${formatToman(lang, balanceOf(db, sara))}`);
    const clients = panel.clients().filter((c) => c.name === `sk-${subscriptionId}`).length;
    const keys = new Set(notices.sent.map((n) => n.dedupeKey)).size;
    const fulfilled = core.store.ordersOfCustomer(sara, 100).filter((order) => order.state === "fulfilled").length;
    say(`\nDone: ${clients} client on the panel for one subscription, ${notices.sent.length} notifications (${keys} distinct), orders: ${fulfilled} fulfilled.`);
    say(`Sara's stable link: ${core.subscriptions.get(subscriptionId)!.link}`);
    return 0;
  } finally {
    await core.runtime.stop(100);
    server.stop(true);
    panel.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Delivers everything due and waits for effects, until nothing changes. */
async function settle(core: Core): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const before = lastJournalSeq(core.db);
    await core.runtime.runDue();
    await core.runtime.idle();
    if (lastJournalSeq(core.db) === before) return;
  }
}

/** Fetches the customer's link as a VPN app does, and prints what the app reads: the usage header and the configs. */
async function showWhatTheAppGets(link: string, say: (text: string) => void): Promise<void> {
  const userAgent = "v2rayNG/1.9.16";
  const response = await fetch(link, { headers: { "user-agent": userAgent } });
  const body = await response.text();
  say(`  GET ${link}  (User-Agent: ${userAgent})`);
  say(`  → HTTP ${response.status}`);
  for (const name of ["Subscription-Userinfo", "Profile-Title", "Profile-Update-Interval"]) {
    const value = response.headers.get(name);
    if (value !== null) say(`  → ${name}: ${value}`);
  }
  const links = decodeLinks(body);
  say(`  → ${links.length} config link${links.length === 1 ? "" : "s"}, decoded from the base64 body:`);
  for (const line of links) say(`      ${line}`);
}

/** A links subscription is the links one per line, usually base64 (S-UI's subEncode); plain text is accepted too. */
function decodeLinks(body: string): string[] {
  const text = body.includes("://") ? body : Buffer.from(body.trim(), "base64").toString("utf8");
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.includes("://"));
}

async function useTraffic(core: Core, panel: SuiPanel, subscriptionId: string, bytes: number): Promise<void> {
  const down = Math.round(bytes * 0.9);
  panel.addTraffic(`sk-${subscriptionId}`, Math.round(bytes) - down, down);
  await core.subscriptions.resync(subscriptionId);
  await settle(core);
  const sub = core.subscriptions.get(subscriptionId)!;
  console.log(`  subscription: ${sub.state}, ${formatBytes("en", sub.usedBytes)} of ${formatBytes("en", sub.totalBytes)} used`);
}

function showPanel(panel: SuiPanel, subscriptionId: string, say: (text: string) => void): void {
  for (const client of panel.clients().filter((c) => c.name === `sk-${subscriptionId}`)) {
    const expiry = client.expiry ? new Date(client.expiry * 1000).toISOString().slice(0, 10) : "never";
    say(`  panel holds: ${client.name} ${client.enable ? "enabled" : "DISABLED"}, used ${formatBytes("en", client.up + client.down)} of volume ${formatBytes("en", client.volume)}, expiry ${expiry}`);
  }
}

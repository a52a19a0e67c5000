/**
 * The overview: every server with its state, latency, clients and last error; receipts waiting, active
 * subscriptions, provisioning failures; and the revenue of the last 30 days as a chart. All from the read models
 * (the stats the admin bot and /api/stats show, the servers' rows, the ledger's daily sums); the live view keeps
 * the servers and the counts current without a reload.
 */
import type { ServerDetails } from "../../../servers/service.ts";
import { revenueChart } from "../chart.ts";
import { html } from "../html.ts";
import { noteOf, page, type ConsoleKit } from "../kit.ts";
import { statePill } from "../layout.ts";
import type { Visit } from "../visit.ts";
import { money, num, w, when, type Language } from "../words.ts";

export function latencyText(lang: Language, server: ServerDetails): string {
  return server.latencyMs === null ? "—" : w(lang, "ms", { ms: server.latencyMs });
}

function serverRows(lang: Language, servers: ServerDetails[]) {
  return servers.map(
    (s) => html`<tr>
<td><a href="/console/servers#server-${s.id}">${s.name}</a> <span class="muted">${s.panelKind}</span></td>
<td>${statePill(lang, s.state, `server:${s.id}:state`)}</td>
<td data-live-text="server:${s.id}:latency">${latencyText(lang, s)}</td>
<td data-live-text="server:${s.id}:clients">${num(lang, s.clientCount)}</td>
<td class="error" data-live-text="server:${s.id}:error">${s.lastError ?? ""}</td>
</tr>`,
  );
}

export function showOverview(kit: ConsoleKit, visit: Visit): Response {
  const { lang } = visit;
  const { servers } = kit.deps.core;
  const now = kit.now();
  const { stats, revenueFrom: from, revenuePerDay: totals } = kit.figures();
  const list = servers.list();
  const card = (label: string, value: string, live: string, href?: string) =>
    html`<div class="card"><div class="label">${href ? html`<a href="${href}">${label}</a>` : label}</div><div class="value" data-live-text="${live}">${value}</div></div>`;
  const content = html`${noteOf(visit)}
<div class="cards">
${card(w(lang, "overview-receipts"), num(lang, stats.pendingReceipts), "count:receipts", "/console/receipts")}
${card(w(lang, "overview-active"), num(lang, stats.subscriptions.active), "count:active")}
${card(w(lang, "overview-failures"), num(lang, stats.provisioningFailures), "count:failures")}
${card(w(lang, "overview-customers"), num(lang, stats.customers.total), "count:customers", "/console/customers")}
${card(w(lang, "overview-revenue-30d"), money(lang, stats.revenue.last30d), "money:revenue30d")}
</div>
<h2>${w(lang, "overview-servers")}</h2>
${
  list.length === 0
    ? html`<p class="muted">${w(lang, "servers-none")} <a href="/console/servers">${w(lang, "servers-add")}</a></p>`
    : html`<table id="servers"><thead><tr><th>${w(lang, "server-name")}</th><th>${w(lang, "state")}</th><th>${w(lang, "server-latency")}</th><th>${w(lang, "server-clients")}</th><th>${w(lang, "server-last-error")}</th></tr></thead>
<tbody>${serverRows(lang, list)}</tbody></table>`
}
<h2>${w(lang, "overview-revenue-chart")}</h2>
${revenueChart(lang, from, totals)}
<p class="muted">${w(lang, "updated-at")} <span data-live-text="at">${when(lang, now)}</span></p>`;
  return page(kit, visit, { title: w(lang, "nav-overview"), section: "overview", live: "/console/live?parts=servers,counts" }, content);
}

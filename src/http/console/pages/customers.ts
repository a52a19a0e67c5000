/**
 * Customers: search by Telegram id or @username (or browse the newest), and one customer's whole picture —
 * balance, subscriptions, orders, ledger — with ban / unban (their subscriptions are suspended with them, as in
 * the admin bot) and a balance adjustment with a reason (a ledger "adjustment", once per form: the form carries its
 * own reference, so sending it twice credits once).
 */
import { randomUUID } from "node:crypto";
import { type Customer } from "../../../store/customers.ts";
import { auditOperator } from "../../deps.ts";
import { wholeNumber } from "../form.ts";
import { html } from "../html.ts";
import { csrfField, errorPage, noteOf, page, type ConsoleKit } from "../kit.ts";
import { statePill } from "../layout.ts";
import { redirect, type Visit } from "../visit.ts";
import { bytes, money, num, w, when } from "../words.ts";

const PAGE_SIZE = 50;
const REASON_MAX = 200;

function customerRows(visit: Visit, customers: Customer[]) {
  const { lang } = visit;
  return customers.map(
    (c) => html`<tr><td><a href="/console/customers/${c.telegram_id}">${String(c.telegram_id)}</a></td><td>${c.username ? `@${c.username}` : "—"}</td><td>${c.first_name}</td>
<td>${c.banned ? html`<span class="state" data-state="revoked">${w(lang, "customer-banned")}</span>` : ""}</td><td class="muted">${when(lang, c.created_at)}</td></tr>`,
  );
}

export function showCustomers(kit: ConsoleKit, visit: Visit): Response {
  const { lang, url } = visit;
  const { store } = kit.deps.core;
  const query = (url.searchParams.get("q") ?? "").slice(0, 64);
  const cursor = /^(\d{1,15})-(\d{1,15})$/.exec(url.searchParams.get("before") ?? "");
  const found = query ? store.searchCustomers(query, PAGE_SIZE) : store.customersPage({ before: cursor ? { createdAt: Number(cursor[1]), telegramId: Number(cursor[2]) } : null, limit: PAGE_SIZE });
  // An exact id or username goes straight to the customer.
  if (query && found.length === 1 && (found[0]!.telegram_id === Number(query) || found[0]!.username?.toLowerCase() === query.replace(/^@/, "").toLowerCase())) {
    return redirect(`/console/customers/${found[0]!.telegram_id}`);
  }
  const last = found[found.length - 1];
  const content = html`<form method="get" action="/console/customers" class="inline" role="search">
<input name="q" value="${query}" placeholder="${w(lang, "customers-search")}" aria-label="${w(lang, "customers-search")}" maxlength="64">
<button type="submit">${w(lang, "search")}</button></form>
${
  found.length === 0
    ? html`<p class="muted" id="customers-none">${query ? w(lang, "customers-not-found", { query }) : w(lang, "none")}</p>`
    : html`<table id="customers"><thead><tr><th>${w(lang, "customer-id")}</th><th>${w(lang, "customer-username")}</th><th>${w(lang, "customer-name")}</th><th></th><th>${w(lang, "customer-since")}</th></tr></thead><tbody>${customerRows(visit, found)}</tbody></table>`
}
<div class="pager">${!query && found.length === PAGE_SIZE && last ? html`<a href="/console/customers?before=${last.created_at}-${last.telegram_id}">${w(lang, "page-next")}</a>` : ""}</div>`;
  return page(kit, visit, { title: w(lang, "nav-customers"), section: "customers" }, content);
}

export function showCustomer(kit: ConsoleKit, visit: Visit, idText: string, problem?: string, status = 200): Response {
  const { lang } = visit;
  const { store, subscriptions } = kit.deps.core;
  const id = wholeNumber(idText);
  const customer = id !== null && id > 0 ? store.getCustomer(id) : null;
  if (!customer || id === null) return errorPage(kit, visit, 404, w(lang, "customer-unknown"));
  const subs = subscriptions.ofCustomer(id);
  const orders = store.ordersOfCustomer(id, 20);
  const ledger = store.entriesOf(id, 20);
  const content = html`${noteOf(visit)}${problem ? html`<p class="notice bad" role="alert" id="customer-problem">${problem}</p>` : ""}
<div class="card">
<p><strong>${customer.first_name || String(id)}</strong> ${customer.username ? `@${customer.username}` : ""} <span class="muted">${String(id)} · ${customer.language} · ${when(lang, customer.created_at)}</span></p>
${customer.banned ? html`<p class="notice bad">${w(lang, "customer-banned-note")}</p>` : ""}
<p>${w(lang, "customer-balance")}: <strong id="balance">${money(lang, store.balanceOf(id))}</strong></p>
<form class="inline" method="post" action="/console/customers/${id}/${customer.banned ? "unban" : "ban"}"${customer.banned ? "" : html` data-confirm="${w(lang, "customer-ban-confirm")}"`}>${csrfField(visit)}
<button type="submit"${customer.banned ? "" : html` class="danger"`}>${w(lang, customer.banned ? "customer-unban" : "customer-ban")}</button></form>
</div>
<h2>${w(lang, "customer-adjust")}</h2>
<form method="post" action="/console/customers/${id}/adjust" class="card" id="adjust">${csrfField(visit)}<input type="hidden" name="ref" value="${randomUUID()}">
<label><span>${w(lang, "customer-adjust-amount")}</span><input name="amount" required inputmode="numeric" pattern="-?[0-9۰-۹,٬]{1,15}"></label>
<label><span>${w(lang, "customer-adjust-reason")}</span><input name="reason" required maxlength="${REASON_MAX}"></label>
<button type="submit">${w(lang, "customer-adjust-submit")}</button></form>
<h2>${w(lang, "customer-subscriptions")}</h2>
${
  subs.length === 0
    ? html`<p class="muted">${w(lang, "none")}</p>`
    : html`<table id="subscriptions"><thead><tr><th>#</th><th>${w(lang, "sub-plan")}</th><th>${w(lang, "state")}</th><th>${w(lang, "sub-used")}</th><th>${w(lang, "sub-expires")}</th></tr></thead><tbody>
${subs.map((s) => html`<tr><td><a href="/console/subscriptions/${s.id}">${s.id}</a></td><td>${s.title}</td><td>${statePill(lang, s.state)}</td><td>${bytes(lang, s.usedBytes)} / ${s.totalBytes === 0 ? w(lang, "unlimited") : bytes(lang, s.totalBytes)}</td><td>${when(lang, s.expiresAt)}</td></tr>`)}</tbody></table>`
}
<h2>${w(lang, "customer-orders")}</h2>
${
  orders.length === 0
    ? html`<p class="muted">${w(lang, "none")}</p>`
    : html`<table id="orders"><thead><tr><th>#</th><th>${w(lang, "order-kind")}</th><th>${w(lang, "order-amount")}</th><th>${w(lang, "order-method")}</th><th>${w(lang, "state")}</th><th>${w(lang, "order-created")}</th></tr></thead><tbody>
${orders.map((o) => html`<tr><td>${String(o.number)}</td><td>${o.kind}</td><td>${money(lang, o.amount)}</td><td>${o.method}</td><td>${statePill(lang, o.state)}${o.reject_reason ? html` <span class="muted">${o.reject_reason}</span>` : ""}</td><td class="muted">${when(lang, o.created_at)}</td></tr>`)}</tbody></table>`
}
<h2>${w(lang, "customer-ledger")}</h2>
${
  ledger.length === 0
    ? html`<p class="muted">${w(lang, "none")}</p>`
    : html`<table id="ledger"><thead><tr><th>${w(lang, "ledger-at")}</th><th>${w(lang, "ledger-amount")}</th><th>${w(lang, "ledger-reason")}</th><th>${w(lang, "ledger-ref")}</th></tr></thead><tbody>
${ledger.map((e) => html`<tr><td class="muted">${when(lang, e.at)}</td><td>${money(lang, e.amount)}</td><td>${e.reason}</td><td><code>${e.ref}</code></td></tr>`)}</tbody></table>`
}`;
  return page(kit, visit, { title: w(lang, "customer-title", { name: customer.first_name || String(id) }), section: "customers" }, content, status);
}

export async function banCustomer(kit: ConsoleKit, visit: Visit, idText: string, banned: boolean): Promise<Response> {
  const { store, subscriptions } = kit.deps.core;
  const id = wholeNumber(idText);
  const customer = id !== null && id > 0 ? store.getCustomer(id) : null;
  if (!customer || id === null) return errorPage(kit, visit, 404, w(visit.lang, "customer-unknown"));
  if (Boolean(customer.banned) !== banned) {
    const changed = await subscriptions.setBanned(id, banned);
    auditOperator(kit.deps, banned ? "customer.ban" : "customer.unban", `customer/${id}`, { banned: Boolean(customer.banned) }, { banned, subscriptionsChanged: changed, via: "console" });
  }
  return redirect(`/console/customers/${id}?note=${banned ? "banned" : "unbanned"}`);
}

export async function adjustBalance(kit: ConsoleKit, visit: Visit, idText: string): Promise<Response> {
  const { lang, form } = visit;
  const { store } = kit.deps.core;
  const id = wholeNumber(idText);
  const customer = id !== null && id > 0 ? store.getCustomer(id) : null;
  if (!customer || id === null) return errorPage(kit, visit, 404, w(lang, "customer-unknown"));
  const amount = wholeNumber(form.amount);
  const reason = (form.reason ?? "").replace(/\s+/g, " ").trim();
  const ref = /^[0-9a-f-]{36}$/.test(form.ref ?? "") ? form.ref! : null;
  if (amount === null || amount === 0 || !reason || reason.length > REASON_MAX || !ref) return showCustomer(kit, visit, idText, w(lang, "customer-adjust-invalid"), 400);
  const before = store.balanceOf(id);
  const adjusted = await kit.deps.core.sales.adjustBalance(id, amount, { ref: `console:${ref}`, actor: "operator" });
  if (!adjusted.ok) {
    if (adjusted.error.code === "insufficient-balance") return showCustomer(kit, visit, idText, w(lang, "customer-adjust-insufficient", { balance: money(lang, before) }), 409);
    return showCustomer(kit, visit, idText, w(lang, "customer-adjust-invalid"), 400);
  }
  if (adjusted.value.posted) auditOperator(kit.deps, "customer.adjust", `customer/${id}`, { balance: before }, { balance: store.balanceOf(id), amount, reason, via: "console" });
  return redirect(`/console/customers/${id}?note=adjusted`);
}

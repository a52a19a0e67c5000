/**
 * One subscription: its state, usage, days left, server and link; the pending timers and the journal of its actor;
 * and the operator events its state takes (retry, resync, move, suspend, unsuspend, revoke), sent through the same
 * path as POST /api/actors/subscription/:id/events — allow-list, checks, audit row.
 */
import { eventsFor } from "../../actors/operator-events.ts";
import { readActor, sendOperatorEvent } from "../../actors/send-event.ts";
import { ApiError } from "../../errors.ts";
import { html, type Markup } from "../html.ts";
import { csrfField, errorPage, noteOf, page, type ConsoleKit } from "../kit.ts";
import { statePill } from "../layout.ts";
import { redirect, type Visit } from "../visit.ts";
import { bytes, w, when, type Language } from "../words.ts";

const JOURNAL_PAGE = 20;
const ID = /^[0-9]{1,20}$/;

function usage(lang: Language, used: number, total: number): Markup {
  if (total === 0) return html`<p>${w(lang, "sub-usage-unlimited", { used: bytes(lang, used) })}</p>`;
  const percent = Math.min(100, Math.round((used / total) * 100));
  return html`<p>${w(lang, "sub-usage", { used: bytes(lang, used), total: bytes(lang, total), percent })}</p>
<progress max="${total}" value="${Math.min(used, total)}" aria-label="${w(lang, "sub-usage-label")}">${percent}%</progress>`;
}

export function showSubscription(kit: ConsoleKit, visit: Visit, id: string, problem?: string, status = 200): Response {
  const { lang } = visit;
  const { subscriptions, runtime, servers } = kit.deps.core;
  const sub = ID.test(id) ? subscriptions.get(id) : null;
  if (!sub) return errorPage(kit, visit, 404, w(lang, "sub-unknown"));
  const actor = readActor(runtime, "subscription", id);
  const beforeSeq = Number(visit.url.searchParams.get("before")) || undefined;
  const journal = runtime.journal("subscription", id, { limit: JOURNAL_PAGE, ...(beforeSeq ? { before: beforeSeq } : {}) });
  const server = sub.serverId ? servers.get(sub.serverId) : null;
  const events = actor.quarantineReason ? [] : eventsFor("subscription", actor.state);
  const targets = servers.list().filter((s) => s.state === "healthy" && s.id !== sub.serverId);
  const action = (type: string): Markup => {
    const confirm = type === "REVOKE" ? html` data-confirm="${w(lang, "sub-revoke-confirm")}"` : "";
    if (type === "MOVE") {
      if (targets.length === 0) return html``;
      return html`<form class="inline" method="post" action="/console/subscriptions/${id}/events">${csrfField(visit)}<input type="hidden" name="type" value="MOVE">
<select name="serverId" aria-label="${w(lang, "sub-move-to")}">${targets.map((s) => html`<option value="${s.id}">${s.name}</option>`)}</select>
<button type="submit">${w(lang, "event-move")}</button></form>`;
    }
    return html`<form class="inline" method="post" action="/console/subscriptions/${id}/events"${confirm}>${csrfField(visit)}<input type="hidden" name="type" value="${type}"><button type="submit"${type === "REVOKE" ? html` class="danger"` : ""}>${w(lang, `event-${type.toLowerCase()}`)}</button></form>`;
  };
  const content = html`${noteOf(visit)}
${problem ? html`<p class="notice bad" role="alert">${problem}</p>` : ""}
${actor.quarantineReason ? html`<p class="notice bad">${w(lang, "quarantined", { reason: actor.quarantineReason })}</p>` : ""}
<div class="card">
<p>${statePill(lang, actor.state, `subscription:${id}:state`)}${actor.state.includes(".") ? html` <span class="muted">${actor.state}</span>` : ""}</p>
<p><a href="/console/customers/${sub.customerId}">${w(lang, "sub-customer", { id: String(sub.customerId) })}</a></p>
${usage(lang, sub.usedBytes, sub.totalBytes)}
<p>${sub.daysLeft === null ? w(lang, "sub-no-expiry") : w(lang, "sub-days-left", { days: sub.daysLeft, date: when(lang, sub.expiresAt) })}</p>
<p>${w(lang, "sub-server")}: ${server ? html`<a href="/console/servers#server-${server.id}">${server.name}</a>` : "—"}</p>
<p class="muted"><code>${sub.link}</code></p>
<div>${events.map(action)}</div>
</div>
<h2>${w(lang, "sub-timers")}</h2>
${
  actor.timers.length === 0
    ? html`<p class="muted">${w(lang, "none")}</p>`
    : html`<table><thead><tr><th>${w(lang, "timer-key")}</th><th>${w(lang, "timer-due")}</th><th>${w(lang, "timer-event")}</th></tr></thead><tbody>
${actor.timers.map((t) => html`<tr><td><code>${t.key}</code></td><td>${when(lang, t.dueAt)}</td><td><code>${t.event.type}</code></td></tr>`)}</tbody></table>`
}
<h2>${w(lang, "journal")}</h2>
<table id="journal"><thead><tr><th>#</th><th>${w(lang, "journal-at")}</th><th>${w(lang, "journal-event")}</th><th>${w(lang, "journal-change")}</th></tr></thead><tbody>
${journal.map(
  (entry) => html`<tr><td>${String(entry.seq)}</td><td>${when(lang, entry.at)}</td><td><code>${entry.eventType}</code></td><td>${entry.fromState ?? "∅"} → ${entry.toState}${entry.error ? html` <span class="error">${entry.error}</span>` : ""}</td></tr>`,
)}</tbody></table>
<div class="pager">${beforeSeq ? html`<a href="/console/subscriptions/${id}">${w(lang, "page-first")}</a>` : ""}${journal.length === JOURNAL_PAGE ? html`<a href="/console/subscriptions/${id}?before=${journal[journal.length - 1]!.seq}">${w(lang, "page-next")}</a>` : ""}</div>`;
  return page(kit, visit, { title: w(lang, "sub-title", { id, title: sub.title }), section: "customers", live: `/console/live?subscription=${id}` }, content, status);
}

export async function subscriptionEvent(kit: ConsoleKit, visit: Visit, id: string): Promise<Response> {
  const { form } = visit;
  if (!ID.test(id)) return errorPage(kit, visit, 404, w(visit.lang, "sub-unknown"));
  const body: { type: string; [field: string]: unknown } = { type: form.type ?? "" };
  if (form.type === "MOVE") body.serverId = form.serverId ?? "";
  try {
    await sendOperatorEvent(kit.deps, "subscription", id, body, { via: "console" });
  } catch (error) {
    if (error instanceof ApiError) return showSubscription(kit, visit, id, error.message, error.status);
    throw error;
  }
  return redirect(`/console/subscriptions/${id}?note=event-sent`);
}

/**
 * Broadcasts: write one for an audience, then send, pause, resume or cancel it — each one event to the broadcast's
 * actor through the Broadcasts service the admin bot uses. A running broadcast's counts are live on its page.
 */
import { AUDIENCES, Broadcasts, BROADCAST_TEXT_MAX, type Audience, type BroadcastView } from "../../../sales/broadcasts.ts";
import { auditOperator } from "../../deps.ts";
import { html } from "../html.ts";
import { csrfField, noteOf, page, type ConsoleKit } from "../kit.ts";
import { statePill } from "../layout.ts";
import { redirect, type Visit } from "../visit.ts";
import { num, w, when } from "../words.ts";

const BY = "operator";
const serviceOf = (kit: ConsoleKit) => new Broadcasts({ db: kit.deps.core.db, runtime: kit.deps.core.runtime });

/** The most recent broadcasts, newest first (ids are sequence numbers). */
function recent(kit: ConsoleKit, limit: number): BroadcastView[] {
  const service = serviceOf(kit);
  const views: BroadcastView[] = [];
  let cursor: string | undefined;
  // Broadcasts are few (a handful a week); read their ids a page at a time and keep the newest.
  for (let pages = 0; pages < 20; pages++) {
    const page = kit.deps.core.runtime.list("broadcast", { limit: 200, ...(cursor ? { cursor } : {}) });
    for (const item of page.items) {
      const view = service.get(item.id);
      if (view) views.push(view);
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return views.sort((a, b) => Number(b.id) - Number(a.id)).slice(0, limit);
}

function progress(lang: Visit["lang"], b: BroadcastView) {
  const live = (key: string, value: number) => html`<span data-live-text="broadcast:${b.id}:${key}">${num(lang, value)}</span>`;
  return html`${w(lang, "broadcast-delivered")} ${live("delivered", b.delivered)} · ${w(lang, "broadcast-blocked")} ${live("blocked", b.blocked)} · ${w(lang, "broadcast-failed")} ${live("failed", b.failed)} · ${w(lang, "broadcast-remaining")} ${live("remaining", b.remaining)}`;
}

export function showBroadcasts(kit: ConsoleKit, visit: Visit, problem?: string, status = 200): Response {
  const { lang } = visit;
  const service = serviceOf(kit);
  const list = recent(kit, 20);
  const commands: Record<string, string[]> = { draft: ["confirm", "cancel"], sending: ["pause", "cancel"], paused: ["resume", "cancel"] };
  const rows = list.map(
    (b) => html`<tr id="broadcast-${b.id}"><td><a href="/console/broadcasts/${b.id}">#${b.id}</a></td><td>${statePill(lang, b.state, `broadcast:${b.id}:state`)}</td>
<td>${w(lang, `audience-${b.audience}`)}</td><td>${progress(lang, b)}</td><td class="muted">${when(lang, b.createdAt)}</td>
<td>${(commands[b.state] ?? []).map((c) => html`<form class="inline" method="post" action="/console/broadcasts/${b.id}/${c}">${csrfField(visit)}<button type="submit"${c === "cancel" ? html` class="danger"` : ""}>${w(lang, `broadcast-${c}`)}</button></form>`)}</td></tr>`,
  );
  const content = html`${noteOf(visit)}${problem ? html`<p class="notice bad" role="alert">${problem}</p>` : ""}
${list.length === 0 ? html`<p class="muted">${w(lang, "none")}</p>` : html`<table><thead><tr><th>#</th><th>${w(lang, "state")}</th><th>${w(lang, "broadcast-audience")}</th><th>${w(lang, "broadcast-progress")}</th><th></th><th></th></tr></thead><tbody>${rows}</tbody></table>`}
<h2>${w(lang, "broadcast-new")}</h2>
<form method="post" action="/console/broadcasts" class="card">${csrfField(visit)}
<label><span>${w(lang, "broadcast-audience")}</span><select name="audience">${AUDIENCES.map((a) => html`<option value="${a}">${w(lang, `audience-${a}`)} (${num(lang, service.audienceSize(a))})</option>`)}</select></label>
<label><span>${w(lang, "broadcast-text")}</span><textarea name="text" rows="5" cols="60" required maxlength="${BROADCAST_TEXT_MAX}"></textarea></label>
<button type="submit">${w(lang, "broadcast-draft")}</button></form>`;
  const running = list.filter((b) => b.state === "sending" || b.state === "paused").map((b) => b.id);
  return page(kit, visit, { title: w(lang, "nav-broadcasts"), section: "broadcasts", ...(running[0] ? { live: `/console/live?broadcast=${running[0]}` } : {}) }, content, status);
}

export function showBroadcast(kit: ConsoleKit, visit: Visit, id: string): Response {
  const { lang } = visit;
  const b = /^\d{1,12}$/.test(id) ? serviceOf(kit).get(id) : null;
  if (!b) return showBroadcasts(kit, visit, w(lang, "not-found"), 404);
  const content = html`<div class="card">
<p>${statePill(lang, b.state, `broadcast:${b.id}:state`)} · ${w(lang, `audience-${b.audience}`)}</p>
<p id="broadcast-progress">${progress(lang, b)}</p>
<p class="error" data-live-text="broadcast:${b.id}:error">${b.lastError ?? ""}</p>
<pre>${b.text}</pre></div>
<p><a href="/console/broadcasts">${w(lang, "nav-broadcasts")}</a></p>`;
  return page(kit, visit, { title: w(lang, "broadcast-title", { id: b.id }), section: "broadcasts", live: `/console/live?broadcast=${b.id}`, liveEveryMs: 1000 }, content);
}

export function draftBroadcast(kit: ConsoleKit, visit: Visit): Response {
  const { form } = visit;
  const audience = (AUDIENCES as readonly string[]).includes(form.audience ?? "") ? (form.audience as Audience) : null;
  if (!audience) return showBroadcasts(kit, visit, w(visit.lang, "broadcast-audience-invalid"), 400);
  const result = serviceOf(kit).draft({ audience, text: form.text ?? "", by: BY });
  if (!result.ok) return showBroadcasts(kit, visit, result.error.message, 400);
  auditOperator(kit.deps, "broadcast.draft", `broadcast/${result.value.id}`, undefined, { audience, recipients: result.value.remaining, via: "console" });
  return redirect("/console/broadcasts?note=broadcast-drafted");
}

export async function broadcastCommand(kit: ConsoleKit, visit: Visit, id: string, command: string): Promise<Response> {
  const service = serviceOf(kit);
  const run: Record<string, (id: string, by: string) => ReturnType<Broadcasts["confirm"]>> = {
    confirm: (x, by) => service.confirm(x, by),
    pause: (x, by) => service.pause(x, by),
    resume: (x, by) => service.resume(x, by),
    cancel: (x, by) => service.cancel(x, by),
  };
  const before = /^\d{1,12}$/.test(id) ? service.get(id) : null;
  if (!before || !run[command]) return showBroadcasts(kit, visit, w(visit.lang, "not-found"), 404);
  const result = await run[command]!(id, BY);
  if (!result.ok) return showBroadcasts(kit, visit, result.error.message, 409);
  auditOperator(kit.deps, `broadcast.${command}`, `broadcast/${id}`, { state: before.state, delivered: before.delivered }, { state: result.value.state, remaining: result.value.remaining, via: "console" });
  return redirect(command === "confirm" ? `/console/broadcasts/${id}?note=broadcast-sending` : `/console/broadcasts?note=saved`);
}

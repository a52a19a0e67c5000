/**
 * Servers: each with its live state, latency, clients, capacity and last error; drain, resume and retire; and a form
 * to add a panel, checked on the live panel by ServerService before anything is saved (the same service as POST
 * /api/servers and the admin bot). The panel token is write-only: a refused form never echoes it back.
 */
import type { AddServerInput, ServerResult } from "../../../servers/service.ts";
import { auditOperator } from "../../deps.ts";
import { numberList, optionalText, wholeNumber } from "../form.ts";
import { html } from "../html.ts";
import { csrfField, noteOf, page, type ConsoleKit } from "../kit.ts";
import { statePill } from "../layout.ts";
import { redirect, type Visit } from "../visit.ts";
import { num, w, when } from "../words.ts";
import { latencyText } from "./overview.ts";

export function showServers(kit: ConsoleKit, visit: Visit, problem?: string, status = 200): Response {
  const { lang, form } = visit;
  const servers = kit.deps.core.servers.list();
  const kinds = kit.deps.core.servers.kinds();
  const act = (id: string, action: "drain" | "resume" | "retire", danger = false) =>
    html`<form class="inline" method="post" action="/console/servers/${id}/${action}"${danger ? html` data-confirm="${w(lang, "server-retire-confirm")}"` : ""}>${csrfField(visit)}<button type="submit"${danger ? html` class="danger"` : html` class="secondary"`}>${w(lang, `server-${action}`)}</button></form>`;
  const rows = servers.map(
    (s) => html`<tr id="server-${s.id}">
<td><strong>${s.name}</strong><br><span class="muted ltr">${s.panelKind} · ${s.panelUrl}</span></td>
<td>${statePill(lang, s.state, `server:${s.id}:state`)}</td>
<td data-live-text="server:${s.id}:latency">${latencyText(lang, s)}</td>
<td><span data-live-text="server:${s.id}:clients">${num(lang, s.clientCount)}</span> / ${s.capacity === 0 ? "∞" : num(lang, s.capacity)}</td>
<td>${s.serverGroup}</td>
<td class="error" data-live-text="server:${s.id}:error">${s.lastError ?? ""}</td>
<td class="muted">${when(lang, s.lastSyncAt)}</td>
<td>${s.state === "retired" ? "" : html`${s.state.startsWith("draining") ? act(s.id, "resume") : act(s.id, "drain")}${act(s.id, "retire", true)}`}</td>
</tr>`,
  );
  const value = (key: string) => (problem ? (form[key] ?? "") : "");
  const content = html`${noteOf(visit)}
${problem ? html`<p class="notice bad" role="alert" id="server-problem">${problem}</p>` : ""}
${
  servers.length === 0
    ? html`<p class="muted">${w(lang, "servers-none")}</p>`
    : html`<table><thead><tr><th>${w(lang, "server-name")}</th><th>${w(lang, "state")}</th><th>${w(lang, "server-latency")}</th><th>${w(lang, "server-clients")}</th><th>${w(lang, "server-group")}</th><th>${w(lang, "server-last-error")}</th><th>${w(lang, "server-last-sync")}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
}
<h2>${w(lang, "servers-add")}</h2>
<form method="post" action="/console/servers" class="card" id="add-server">${csrfField(visit)}
<label><span>${w(lang, "server-kind")}</span><select name="panel">${kinds.map((kind) => html`<option value="${kind}"${value("panel") === kind ? html` selected` : ""}>${kind}</option>`)}</select></label>
<label><span>${w(lang, "server-name")}</span><input name="name" required maxlength="64" value="${value("name")}"></label>
<label><span>${w(lang, "server-panel-url")}</span><input dir="ltr" name="panelUrl" required maxlength="500" placeholder="http://1.2.3.4:2095/app/" value="${value("panelUrl")}"></label>
<p class="muted">${w(lang, "server-credentials-hint")}</p>
<label><span>${w(lang, "server-token")}</span><input dir="ltr" name="apiToken" type="password" maxlength="512" autocomplete="off"></label>
<label><span>${w(lang, "server-username")}</span><input dir="ltr" name="username" maxlength="128" autocomplete="off" value="${value("username")}"></label>
<label><span>${w(lang, "server-password")}</span><input dir="ltr" name="password" type="password" maxlength="512" autocomplete="off"></label>
<label><span>${w(lang, "server-sub-url")}</span><input dir="ltr" name="subUrl" maxlength="500" value="${value("subUrl")}"></label>
<label><span>${w(lang, "server-inbounds")}</span><input dir="ltr" name="inboundIds" placeholder="1, 2" value="${value("inboundIds")}"></label>
<label><span>${w(lang, "server-capacity")}</span><input name="capacity" inputmode="numeric" value="${value("capacity") || "0"}"></label>
<label><span>${w(lang, "server-group")}</span><input name="group" maxlength="32" value="${value("group") || "default"}"></label>
<button type="submit">${w(lang, "servers-add")}</button>
</form>`;
  return page(kit, visit, { title: w(lang, "nav-servers"), section: "servers", live: "/console/live?parts=servers" }, content, status);
}

export async function addServer(kit: ConsoleKit, visit: Visit): Promise<Response> {
  const { form, lang } = visit;
  const capacity = wholeNumber(form.capacity ?? "0");
  if (capacity === null || capacity < 0) return showServers(kit, visit, w(lang, "server-capacity-invalid"), 400);
  // Numbers where every id is one (S-UI, 3x-ui, PasarGuard), else text (Marzban tags, Remnawave squads): the
  // service checks them against the kind.
  const items = (form.inboundIds ?? "").split(/[\s,،]+/).filter(Boolean);
  const numbers = numberList(form.inboundIds);
  const input: AddServerInput = {
    panel: form.panel ?? "s-ui",
    name: form.name ?? "",
    panelUrl: form.panelUrl ?? "",
    ...(optionalText(form.apiToken) ? { apiToken: form.apiToken! } : {}),
    ...(optionalText(form.username) ? { username: form.username!, password: form.password ?? "" } : {}),
    inboundIds: numbers ?? items,
    capacity,
    ...(optionalText(form.subUrl) ? { subUrl: optionalText(form.subUrl)! } : {}),
    ...(optionalText(form.group) ? { group: optionalText(form.group)! } : {}),
  };
  const result = await kit.deps.core.servers.add(input);
  if (!result.ok) return showServers(kit, visit, result.error.message, result.error.code === "invalid-input" ? 400 : 422);
  const { apiToken, password, ...withoutSecrets } = input;
  auditOperator(kit.deps, "server:add", `server/${result.value.id}`, undefined, {
    ...withoutSecrets,
    ...(apiToken ? { apiToken: "[set]" } : {}),
    ...(password !== undefined ? { password: "[set]" } : {}),
    via: "console",
  });
  return redirect("/console/servers?note=server-added");
}

export async function serverCommand(kit: ConsoleKit, visit: Visit, id: string, action: string): Promise<Response> {
  const { servers } = kit.deps.core;
  const run: Record<string, (id: string) => Promise<ServerResult<{ state: string }>>> = {
    drain: (x) => servers.drain(x),
    resume: (x) => servers.resume(x),
    retire: (x) => servers.retire(x),
  };
  const command = run[action];
  if (!command) return showServers(kit, visit, w(visit.lang, "not-found"), 404);
  const before = servers.get(id);
  const result = await command(id);
  if (!result.ok) return showServers(kit, visit, result.error.message, result.error.code === "not-found" ? 404 : 409);
  auditOperator(kit.deps, `server:${action}`, `server/${id}`, before ? { state: before.state } : undefined, { state: result.value.state, via: "console" });
  return redirect(`/console/servers?note=server-${action}`);
}

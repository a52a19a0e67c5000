/**
 * What is on sale: plans (create, hide or show, delete — a plan that was sold is hidden instead) and discount codes
 * (create or change, switch on or off, delete). The same store functions and checks as /api/plans and the admin
 * bot, each change in the audit log.
 */
import { validatePlan, type PlanInput } from "../../../store/plans.ts";
import { validateDiscount, type DiscountInput } from "../../../store/discounts.ts";
import { auditOperator } from "../../deps.ts";
import { optionalText, wholeNumber } from "../form.ts";
import { html } from "../html.ts";
import { csrfField, noteOf, page, type ConsoleKit } from "../kit.ts";
import { redirect, type Visit } from "../visit.ts";
import { bytes, money, num, w, when } from "../words.ts";
import { GB } from "../../../domain/units.ts";

export function showPlans(kit: ConsoleKit, visit: Visit, problem?: string, status = 200): Response {
  const { lang } = visit;
  const plans = kit.deps.core.store.listPlans();
  const rows = plans.map(
    (p) => html`<tr id="plan-${p.id}"><td>${p.name}</td><td>${w(lang, `plan-kind-${p.kind}`)}</td><td>${money(lang, p.price)}${p.stars !== null ? html` · ⭐ ${num(lang, p.stars)}` : ""}</td>
<td>${p.traffic_bytes === 0 ? w(lang, "unlimited") : bytes(lang, p.traffic_bytes)}</td><td>${num(lang, p.days)}</td><td>${p.renewal_policy}</td><td>${p.server_group}</td>
<td>${p.active ? w(lang, "on-sale") : w(lang, "hidden")}</td>
<td><form class="inline" method="post" action="/console/plans/${p.id}/${p.active ? "hide" : "show"}">${csrfField(visit)}<button class="secondary" type="submit">${w(lang, p.active ? "plan-hide" : "plan-show")}</button></form>
<form class="inline" method="post" action="/console/plans/${p.id}/delete" data-confirm="${w(lang, "plan-delete-confirm")}">${csrfField(visit)}<button class="danger" type="submit">${w(lang, "delete")}</button></form></td></tr>`,
  );
  const content = html`${noteOf(visit)}${problem ? html`<p class="notice bad" role="alert">${problem}</p>` : ""}
<table><thead><tr><th>${w(lang, "plan-name")}</th><th>${w(lang, "plan-kind")}</th><th>${w(lang, "plan-price")}</th><th>${w(lang, "plan-traffic")}</th><th>${w(lang, "plan-days")}</th><th>${w(lang, "plan-policy")}</th><th>${w(lang, "server-group")}</th><th>${w(lang, "state")}</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<h2>${w(lang, "plan-add")}</h2>
<form method="post" action="/console/plans" class="card">${csrfField(visit)}
<label><span>${w(lang, "plan-name")}</span><input name="name" required maxlength="64"></label>
<label><span>${w(lang, "plan-kind")}</span><select name="kind"><option value="subscription">${w(lang, "plan-kind-subscription")}</option><option value="traffic">${w(lang, "plan-kind-traffic")}</option></select></label>
<label><span>${w(lang, "plan-price")}</span><input name="price" required inputmode="numeric"></label>
<label><span>${w(lang, "plan-stars")}</span><input name="stars" inputmode="numeric"></label>
<label><span>${w(lang, "plan-traffic-gb")}</span><input name="trafficGb" required inputmode="numeric" value="0"></label>
<label><span>${w(lang, "plan-days")}</span><input name="days" required inputmode="numeric" value="30"></label>
<label><span>${w(lang, "plan-policy")}</span><select name="renewalPolicy"><option value="reset">reset</option><option value="stack">stack</option></select></label>
<label><span>${w(lang, "server-group")}</span><input name="serverGroup" value="default" maxlength="32"></label>
<button type="submit">${w(lang, "plan-add")}</button></form>`;
  return page(kit, visit, { title: w(lang, "nav-plans"), section: "plans" }, content, status);
}

export function addPlan(kit: ConsoleKit, visit: Visit): Response {
  const { form } = visit;
  const gb = wholeNumber(form.trafficGb);
  const input: PlanInput = {
    name: (form.name ?? "").trim(),
    kind: form.kind === "traffic" ? "traffic" : "subscription",
    price: wholeNumber(form.price) ?? Number.NaN,
    stars: optionalText(form.stars) ? (wholeNumber(form.stars) ?? Number.NaN) : null,
    trafficBytes: gb === null ? Number.NaN : gb * GB,
    days: wholeNumber(form.days) ?? Number.NaN,
    renewalPolicy: form.renewalPolicy === "stack" ? "stack" : "reset",
    serverGroup: optionalText(form.serverGroup) ?? "default",
  };
  const problem = validatePlan(input);
  if (problem) return showPlans(kit, visit, problem.message, 400);
  const plan = kit.deps.core.store.createPlan(input, kit.now());
  auditOperator(kit.deps, "plan:create", `plan/${plan.id}`, undefined, { ...input, via: "console" });
  return redirect("/console/plans?note=saved");
}

export function changePlan(kit: ConsoleKit, visit: Visit, idText: string, action: string): Response {
  const { store } = kit.deps.core;
  const id = wholeNumber(idText);
  const before = id === null ? null : store.getPlan(id);
  if (!before || id === null) return showPlans(kit, visit, w(visit.lang, "not-found"), 404);
  if (action === "delete") {
    store.deletePlan(id);
    const outcome = store.getPlan(id) ? "hide" : "delete";
    auditOperator(kit.deps, `plan:${outcome}`, `plan/${id}`, before, { via: "console" });
    return redirect(`/console/plans?note=${outcome === "delete" ? "deleted" : "hidden"}`);
  }
  if (action !== "hide" && action !== "show") return showPlans(kit, visit, w(visit.lang, "not-found"), 404);
  const after = store.updatePlan(id, { active: action === "show" }, kit.now());
  auditOperator(kit.deps, "plan:update", `plan/${id}`, { active: before.active === 1 }, { active: after?.active === 1, via: "console" });
  return redirect("/console/plans?note=saved");
}

export function showCodes(kit: ConsoleKit, visit: Visit, problem?: string, status = 200): Response {
  const { lang } = visit;
  const codes = kit.deps.core.store.listDiscounts();
  const rows = codes.map(
    (c) => html`<tr id="code-${c.code}"><td><code>${c.code}</code></td><td>${c.percent !== null ? `${num(lang, c.percent)}%` : money(lang, c.amount ?? 0)}</td>
<td>${num(lang, c.uses)} / ${c.max_uses === 0 ? "∞" : num(lang, c.max_uses)}</td><td>${c.per_customer_once ? w(lang, "yes") : w(lang, "no")}</td><td>${when(lang, c.valid_until)}</td>
<td>${c.active ? w(lang, "on") : w(lang, "off")}</td>
<td><form class="inline" method="post" action="/console/codes/${c.code}/${c.active ? "off" : "on"}">${csrfField(visit)}<button class="secondary" type="submit">${w(lang, c.active ? "code-off" : "code-on")}</button></form>
<form class="inline" method="post" action="/console/codes/${c.code}/delete" data-confirm="${w(lang, "code-delete-confirm")}">${csrfField(visit)}<button class="danger" type="submit">${w(lang, "delete")}</button></form></td></tr>`,
  );
  const content = html`${noteOf(visit)}${problem ? html`<p class="notice bad" role="alert">${problem}</p>` : ""}
${codes.length === 0 ? html`<p class="muted">${w(lang, "none")}</p>` : html`<table><thead><tr><th>${w(lang, "code")}</th><th>${w(lang, "code-discount")}</th><th>${w(lang, "code-uses")}</th><th>${w(lang, "code-once")}</th><th>${w(lang, "code-until")}</th><th>${w(lang, "state")}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`}
<h2>${w(lang, "code-add")}</h2>
<form method="post" action="/console/codes" class="card">${csrfField(visit)}
<label><span>${w(lang, "code")}</span><input name="code" required pattern="[A-Za-z0-9_-]{3,32}"></label>
<label><span>${w(lang, "code-percent")}</span><input name="percent" inputmode="numeric"></label>
<label><span>${w(lang, "code-amount")}</span><input name="amount" inputmode="numeric"></label>
<label><span>${w(lang, "code-max-uses")}</span><input name="maxUses" inputmode="numeric" value="0"></label>
<label><span>${w(lang, "code-valid-days")}</span><input name="validDays" inputmode="numeric"></label>
<label><input type="checkbox" name="perCustomerOnce" value="1" checked> ${w(lang, "code-once")}</label>
<button type="submit">${w(lang, "code-add")}</button></form>`;
  return page(kit, visit, { title: w(lang, "nav-codes"), section: "codes" }, content, status);
}

export function addCode(kit: ConsoleKit, visit: Visit): Response {
  const { form } = visit;
  const days = wholeNumber(form.validDays);
  const input: DiscountInput = {
    code: (form.code ?? "").trim(),
    percent: optionalText(form.percent) ? (wholeNumber(form.percent) ?? Number.NaN) : null,
    amount: optionalText(form.amount) ? (wholeNumber(form.amount) ?? Number.NaN) : null,
    maxUses: wholeNumber(form.maxUses ?? "0") ?? Number.NaN,
    perCustomerOnce: form.perCustomerOnce === "1",
    validUntil: days !== null && days > 0 ? kit.now() + days * 86_400_000 : null,
  };
  const problem = validateDiscount(input);
  if (problem) return showCodes(kit, visit, problem.message, 400);
  const before = kit.deps.core.store.getDiscount(input.code);
  const after = kit.deps.core.store.saveDiscount(input, kit.now());
  auditOperator(kit.deps, before ? "code.update" : "code.create", `code/${after.code}`, before ?? undefined, { ...after, via: "console" });
  return redirect("/console/codes?note=saved");
}

export function changeCode(kit: ConsoleKit, visit: Visit, code: string, action: string): Response {
  const { store } = kit.deps.core;
  const before = /^[A-Za-z0-9_-]{3,32}$/.test(code) ? store.getDiscount(code) : null;
  if (!before) return showCodes(kit, visit, w(visit.lang, "not-found"), 404);
  if (action === "delete") {
    store.deleteDiscount(code);
    auditOperator(kit.deps, "code.delete", `code/${code}`, before, { after: store.getDiscount(code), via: "console" });
    return redirect("/console/codes?note=deleted");
  }
  if (action !== "on" && action !== "off") return showCodes(kit, visit, w(visit.lang, "not-found"), 404);
  const after = store.saveDiscount({ code, percent: before.percent, amount: before.amount, maxUses: before.max_uses, perCustomerOnce: before.per_customer_once === 1, validUntil: before.valid_until, active: action === "on" },
    kit.now(),
  );
  auditOperator(kit.deps, action === "on" ? "code.enable" : "code.disable", `code/${code}`, before, { ...after, via: "console" });
  return redirect("/console/codes?note=saved");
}

/**
 * The business settings (the same ones as /api/settings and the admin bot): payment window, trial, referral share,
 * support hours, top-up bounds, Toman per USD (crypto), auto-renew days, channels customers must join, and the
 * card numbers shown for card-to-card. Checked by the store; audited.
 */
import { type Settings } from "../../../store/settings.ts";
import { auditOperator } from "../../deps.ts";
import { wholeNumber } from "../form.ts";
import { html } from "../html.ts";
import { csrfField, noteOf, page, type ConsoleKit } from "../kit.ts";
import { redirect, type Visit } from "../visit.ts";
import { w } from "../words.ts";
import { GB } from "../../../domain/units.ts";

const NUMBERS = ["paymentWindowHours", "trialDays", "referralPercent", "topupMin", "topupMax", "tomanPerUsd", "autoRenewDaysBefore"] as const;
/** A setting's words in the catalogue (whose ids are lower case). */
const label = (lang: Visit["lang"], key: string) => w(lang, `setting-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);

export function showSettings(kit: ConsoleKit, visit: Visit, problem?: string, status = 200): Response {
  const { lang } = visit;
  const s = kit.deps.core.store.getSettings();
  const field = (key: string, value: string | number, extra = "") =>
    html`<label><span>${label(lang, key)}</span><input name="${key}" value="${String(value)}"${extra ? html` inputmode="${extra}"` : ""}></label>`;
  const content = html`${noteOf(visit)}${problem ? html`<p class="notice bad" role="alert">${problem}</p>` : ""}
<form method="post" action="/console/settings" class="card">${csrfField(visit)}
${NUMBERS.map((key) => field(key, s[key], "numeric"))}
${field("trialGb", Math.round((s.trialBytes / GB) * 100) / 100, "decimal")}
${field("supportHours", s.supportHours)}
${field("requiredChannels", s.requiredChannels.join(" "))}
<label><span>${label(lang, "cards")}</span><textarea name="cards" rows="4" cols="48">${s.cards.map((c) => `${c.number} ${c.holder}`).join("\n")}</textarea></label>
<button type="submit">${w(lang, "save")}</button></form>`;
  return page(kit, visit, { title: w(lang, "nav-settings"), section: "settings" }, content, status);
}

/** "6037-9911-2233-4455 Name" per line → cards; null when a line has no number. */
function parseCards(text: string): Settings["cards"] | null {
  const cards: Settings["cards"] = [];
  for (const line of text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const match = /^([0-9 -]{16,23}?)\s+(\S.*)$/.exec(line) ?? /^([0-9 -]{16,23})$/.exec(line);
    if (!match) return null;
    cards.push({ number: match[1]!.trim(), holder: (match[2] ?? "").trim() });
  }
  return cards;
}

export function saveSettings(kit: ConsoleKit, visit: Visit): Response {
  const { form, lang } = visit;
  const patch: Partial<Settings> = {};
  for (const key of NUMBERS) {
    const value = wholeNumber(form[key]);
    if (value === null) return showSettings(kit, visit, w(lang, "setting-invalid", { setting: label(lang, key) }), 400);
    patch[key] = value;
  }
  const gb = Number((form.trialGb ?? "").trim());
  if (!Number.isFinite(gb) || gb <= 0) return showSettings(kit, visit, w(lang, "setting-invalid", { setting: label(lang, "trialGb") }), 400);
  patch.trialBytes = Math.round(gb * GB);
  patch.supportHours = (form.supportHours ?? "").trim();
  patch.requiredChannels = (form.requiredChannels ?? "").split(/[\s,،]+/).filter(Boolean);
  const cards = parseCards(form.cards ?? "");
  if (!cards) return showSettings(kit, visit, w(lang, "setting-invalid", { setting: label(lang, "cards") }), 400);
  patch.cards = cards;
  const { store } = kit.deps.core;
  const before = store.getSettings();
  const problem = store.updateSettings(patch);
  if (problem) return showSettings(kit, visit, problem, 400);
  const after = store.getSettings();
  const changed = Object.keys(patch).filter((key) => JSON.stringify(before[key as keyof Settings]) !== JSON.stringify(after[key as keyof Settings]));
  if (changed.length > 0) {
    const pick = (from: Settings) => Object.fromEntries(changed.map((key) => [key, from[key as keyof Settings]]));
    auditOperator(kit.deps, "settings:update", "settings", pick(before), { ...pick(after), via: "console" });
  }
  return redirect("/console/settings?note=saved");
}

/**
 * The revenue chart: one bar per day, drawn here as SVG from the ledger's daily sums (no script, no library). Bars
 * run left to right, oldest first, in both languages (a time axis reads that way in Persian dashboards too); each
 * bar's tooltip names its day and amount.
 */
import { html, trusted, type Markup } from "./html.ts";
import { money, w, type Language } from "./words.ts";
import { DISPLAY_TIME_ZONE } from "../../domain/time.ts";

const WIDTH = 720;
const HEIGHT = 200;
const PAD = { top: 12, right: 8, bottom: 24, left: 8 };
const DAY_MS = 86_400_000;

const dayFormats: Record<Language, Intl.DateTimeFormat> = {
  ru: new Intl.DateTimeFormat("ru-RU", { timeZone: DISPLAY_TIME_ZONE, month: "short", day: "numeric" }),
  fa: new Intl.DateTimeFormat("fa-IR-u-ca-persian", { timeZone: DISPLAY_TIME_ZONE, month: "short", day: "numeric" }),
  en: new Intl.DateTimeFormat("en-GB", { timeZone: DISPLAY_TIME_ZONE, month: "short", day: "numeric" }),
};

/** `totals[i]` is the revenue of the day starting at `from + i days`. */
export function revenueChart(lang: Language, from: number, totals: number[]): Markup {
  const max = Math.max(1, ...totals);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, totals.length);
  const barW = Math.max(1, slot * 0.7);
  const bars = totals.map((total, i) => {
    const h = total === 0 ? 0 : Math.max(1, (total / max) * plotH);
    const x = PAD.left + i * slot + (slot - barW) / 2;
    const y = PAD.top + plotH - h;
    const day = dayFormats[lang].format(from + i * DAY_MS);
    return html`<rect class="col" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}"><title>${day}: ${money(lang, total)}</title></rect>`;
  });
  const labels = totals
    .map((_, i) => i)
    .filter((i) => i % 5 === 0 || i === totals.length - 1)
    .map((i) => html`<text x="${(PAD.left + i * slot + slot / 2).toFixed(1)}" y="${HEIGHT - 6}" text-anchor="middle">${dayFormats[lang].format(from + i * DAY_MS)}</text>`);
  const axis = trusted(`<line class="axis" x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${WIDTH - PAD.right}" y2="${PAD.top + plotH}"/>`);
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${w(lang, "revenue-chart", { max: money(lang, max) })}" direction="ltr" xmlns="http://www.w3.org/2000/svg">${axis}${bars}${labels}<text x="${PAD.left}" y="${PAD.top - 2}">${money(lang, max)}</text></svg>`;
}

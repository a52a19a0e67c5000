/**
 * The subscription page: what a customer sees when they open their subscription link in a browser. Name, state, a
 * usage bar, days left, the QR code of the link, one-tap import buttons and a copy button; Persian (right to left,
 * Persian digits, Jalali dates in Asia/Tehran), English or Russian (dates in Moscow time). One self-contained document: inline CSS, inline JS, the
 * QR code as inline SVG, no external asset, so it loads on a slow or filtered network.
 */
import QRCode from "qrcode";
import { daysLeft } from "../../domain/time.ts";
import { LANGUAGE_TIME_ZONE } from "../../domain/time.ts";
import { importLinks } from "./deep-links.ts";
import { PAGE_LANGUAGES, PAGE_STRINGS, type PageLanguage } from "./strings.ts";
import { MB, GB } from "../../domain/units.ts";

export interface PageInput {
  lang: PageLanguage;
  title: string;
  /** The read model's state (top level: active, limited, expired, suspended, provisioning…). */
  state: string;
  usedBytes: number;
  /** 0 means unlimited. */
  totalBytes: number;
  expiresAt: number | null;
  now: number;
  /** The customer's subscription link (PUBLIC_URL/sub/<token>). */
  link: string;
}

/** Security headers for the page: nothing may load from elsewhere. */
export const PAGE_HEADERS: Record<string, string> = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
  vary: "Accept, Accept-Language, User-Agent",
};

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const LOCALE: Record<PageLanguage, string> = { fa: "fa-IR", en: "en-GB", ru: "ru-RU" };
const CALENDAR_LOCALE: Record<PageLanguage, string> = { fa: "fa-IR-u-ca-persian", en: "en-GB", ru: "ru-RU" };
const numberFormats = Object.fromEntries(
  PAGE_LANGUAGES.map((lang) => [lang, (digits: number) => new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: digits })]),
) as Record<PageLanguage, (digits: number) => Intl.NumberFormat>;
const dateFormats = Object.fromEntries(
  PAGE_LANGUAGES.map((lang) => [lang, new Intl.DateTimeFormat(CALENDAR_LOCALE[lang], { timeZone: LANGUAGE_TIME_ZONE[lang], dateStyle: "long" })]),
) as Record<PageLanguage, Intl.DateTimeFormat>;


function formatBytes(lang: PageLanguage, bytes: number): string {
  const s = PAGE_STRINGS[lang];
  if (bytes >= GB) return s.gb(numberFormats[lang](2).format(bytes / GB));
  return s.mb(numberFormats[lang](bytes >= 10 * MB ? 0 : 1).format(bytes / MB));
}

/** The QR code of `text` as an inline SVG element. */
async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#111111", light: "#ffffff" } });
}

export async function renderSubscriptionPage(input: PageInput): Promise<string> {
  const { lang } = input;
  const s = PAGE_STRINGS[lang];
  const num = numberFormats[lang](0);
  const stateName = s.states[input.state] ?? input.state;
  const hint = s.stateHint[input.state];
  const unlimited = input.totalBytes <= 0;
  const fraction = unlimited ? 0 : Math.min(1, input.usedBytes / input.totalBytes);
  const percent = Math.round(fraction * 100);
  const tone = input.state !== "active" ? "bad" : fraction >= 0.95 ? "bad" : fraction >= 0.8 ? "warn" : "ok";
  const usage = s.used(formatBytes(lang, input.usedBytes), unlimited ? s.unlimited : formatBytes(lang, input.totalBytes));
  const remaining = unlimited ? "" : s.remaining(formatBytes(lang, Math.max(0, input.totalBytes - input.usedBytes)));
  const days = daysLeft(input.expiresAt, input.now);
  const timeLine =
    input.expiresAt === null
      ? s.noExpiry
      : input.expiresAt <= input.now
        ? s.expiredOn(dateFormats[lang].format(input.expiresAt))
        : `${s.daysLeft(num.format(days ?? 0))} · ${s.expiresOn(dateFormats[lang].format(input.expiresAt))}`;
  const qr = await qrSvg(input.link);
  const otherLanguages = PAGE_LANGUAGES.filter((other) => other !== lang)
    .map((other) => `<a href="?lang=${other}" hreflang="${other}">${escapeHtml(PAGE_STRINGS[other].languageName)}</a>`)
    .join(" · ");
  const buttons = importLinks(input.link, input.title)
    .map((link) => `<a class="app" href="${escapeHtml(link.href)}">${escapeHtml(link.app)}</a>`)
    .join("");

  return `<!doctype html>
<html lang="${lang}" dir="${s.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="color-scheme" content="light">
<title>${escapeHtml(s.pageTitle(input.title))}</title>
<style>
*{box-sizing:border-box}
body{margin:0;background:#f3f5f9;color:#1b2330;font:16px/1.5 ${lang === "fa" ? "Vazirmatn,Tahoma," : ""}system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:480px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:16px;padding:18px;margin-bottom:14px;box-shadow:0 1px 3px rgba(20,30,50,.08)}
h1{font-size:1.3rem;margin:0 0 8px}
.badge{display:inline-block;padding:2px 10px;border-radius:999px;font-size:.85rem;font-weight:600}
.badge.ok{background:#e3f6ea;color:#17733b}.badge.warn{background:#fff3dc;color:#8a5a00}.badge.bad{background:#fde8e8;color:#a12424}
.hint{margin:10px 0 0;color:#5b6678;font-size:.92rem}
.bar{height:12px;background:#e7ebf2;border-radius:999px;overflow:hidden;margin:10px 0 6px}
.bar span{display:block;height:100%;border-radius:999px}
.bar .ok{background:#2fb463}.bar .warn{background:#f0a020}.bar .bad{background:#e04848}
.row{display:flex;justify-content:space-between;gap:8px;color:#5b6678;font-size:.92rem;flex-wrap:wrap}
.qr{display:flex;justify-content:center}.qr svg{width:220px;height:220px}
.center{text-align:center;color:#5b6678;font-size:.9rem;margin:6px 0 0}
label{display:block;font-size:.9rem;color:#5b6678;margin-bottom:6px}
.copyrow{display:flex;gap:8px}
input{flex:1;min-width:0;padding:10px;border:1px solid #d5dbe5;border-radius:10px;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;background:#f8fafc;color:#1b2330}
button,.app{border:0;border-radius:10px;padding:10px 14px;font:inherit;font-weight:600;cursor:pointer;text-decoration:none;text-align:center}
button{background:#2456d6;color:#fff;white-space:nowrap}
.apps{display:grid;grid-template-columns:1fr 1fr;gap:8px;margin-top:10px}
.app{display:block;background:#eef2fb;color:#1d3f99}
h2{font-size:1.05rem;margin:0 0 4px}
.lang{text-align:center;margin:4px 0 20px}.lang a{color:#2456d6}
</style>
</head>
<body>
<main>
<section class="card">
<h1>${escapeHtml(input.title)}</h1>
<span class="badge ${input.state === "active" ? "ok" : input.state === "provisioning" || input.state === "moving" ? "warn" : "bad"}" id="state">${escapeHtml(stateName)}</span>
${hint ? `<p class="hint">${escapeHtml(hint)}</p>` : ""}
<div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${percent}"><span class="${tone}" style="width:${percent}%"></span></div>
<div class="row"><span id="usage">${escapeHtml(usage)}</span><span>${escapeHtml(remaining)}</span></div>
<div class="row"><span id="time">${escapeHtml(timeLine)}</span></div>
</section>
<section class="card">
<div class="qr">${qr}</div>
<p class="center">${escapeHtml(s.scan)}</p>
</section>
<section class="card">
<label for="link">${escapeHtml(s.link)}</label>
<div class="copyrow"><input id="link" dir="ltr" readonly value="${escapeHtml(input.link)}"><button id="copy" type="button" data-done="${escapeHtml(s.copied)}">${escapeHtml(s.copy)}</button></div>
</section>
<section class="card">
<h2>${escapeHtml(s.importTitle)}</h2>
<p class="hint">${escapeHtml(s.importHint)}</p>
<div class="apps">${buttons}</div>
</section>
<p class="lang">${otherLanguages}</p>
</main>
<script>
(function(){var b=document.getElementById("copy"),i=document.getElementById("link"),t=b.textContent;
b.addEventListener("click",function(){function done(){b.textContent=b.getAttribute("data-done");setTimeout(function(){b.textContent=t},2000)}
if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(i.value).then(done,function(){i.select();document.execCommand("copy");done()})}
else{i.select();document.execCommand("copy");done()}})})();
</script>
</body>
</html>
`;
}

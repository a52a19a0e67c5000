/**
 * The console's page chrome: the document in the visit's language and direction, our stylesheet and script by
 * path (fingerprinted, so a new binary is never served an old copy), the navigation, and the logout form.
 */
import { html, type Markup } from "./html.ts";
import { CONSOLE_LANGUAGES, dirOf, hasWord, w, type Language } from "./words.ts";
import { ASSET_PATHS } from "./assets.ts";

export type Section = "overview" | "receipts" | "customers" | "servers" | "plans" | "codes" | "broadcasts" | "settings";

const NAV: { section: Section; path: string }[] = [
  { section: "overview", path: "/console" },
  { section: "receipts", path: "/console/receipts" },
  { section: "customers", path: "/console/customers" },
  { section: "servers", path: "/console/servers" },
  { section: "plans", path: "/console/plans" },
  { section: "codes", path: "/console/codes" },
  { section: "broadcasts", path: "/console/broadcasts" },
  { section: "settings", path: "/console/settings" },
];

export interface PageOptions {
  lang: Language;
  title: string;
  /** Highlighted in the navigation; none on the login page (which has no navigation). */
  section?: Section;
  csrf?: string;
  /** The live view this page polls (a /console path), and how often. */
  live?: string;
  liveEveryMs?: number;
  /** The page's own path, for the language switch. */
  path: string;
}

function languageSwitch(lang: Language, path: string): Markup {
  const join = path.includes("?") ? "&" : "?";
  const others = CONSOLE_LANGUAGES.filter((other) => other !== lang);
  return html`<span class="languages">${others.map((other) => html`<a href="${path}${join}lang=${other}" hreflang="${other}" lang="${other}">${w(other, "language-name")}</a> `)}</span>`;
}

export function document(options: PageOptions, content: Markup): string {
  const { lang } = options;
  const nav = options.section
    ? html`<header>
  <span class="brand">subkeeper</span>
  <nav>${NAV.map((item) => html`<a href="${item.path}"${item.section === options.section ? html` aria-current="page"` : ""}>${w(lang, `nav-${item.section}`)}</a>`)}</nav>
  ${languageSwitch(lang, options.path)}
  <form method="post" action="/console/logout"><input type="hidden" name="csrf" value="${options.csrf ?? ""}"><button class="secondary" type="submit">${w(lang, "logout")}</button></form>
</header>`
    : html`<header><span class="brand">subkeeper</span><nav></nav>${languageSwitch(lang, options.path)}</header>`;
  const live = options.live ? html` data-live="${options.live}" data-live-every="${options.liveEveryMs ?? 2000}"` : "";
  return html`<!doctype html>
<html lang="${lang}" dir="${dirOf(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title} · subkeeper</title>
<link rel="stylesheet" href="${ASSET_PATHS.css}">
<script src="${ASSET_PATHS.js}" defer></script>
</head>
<body${live}>
${nav}
<main>
<h1>${options.title}</h1>
${content}
</main>
</body>
</html>`.value;
}

/** A state as a pill; `liveKey` lets the live view change it in place. */
export function statePill(lang: Language, state: string, liveKey?: string): Markup {
  return html`<span class="state" data-state="${state}"${liveKey ? html` data-live-state="${liveKey}"` : ""}>${stateWord(lang, state)}</span>`;
}

/** A state in words when the catalogue has them, else the state's own name. */
export function stateWord(lang: Language, state: string): string {
  const key = `state-${state.replace(/[^a-z]/g, "-")}`;
  return hasWord(lang, key) ? w(lang, key) : state;
}

/**
 * What every console page is built from: the HTTP deps (core, metrics, log), the sessions and the login throttle,
 * and the helpers that turn a page's content into an answer. The wrapper `handle` is the one gate: it reads the
 * visit, sends anyone without a live session to the login page, refuses a change without this session's CSRF token
 * or from another origin, and turns a failure into an error page (the log has the details, the page does not).
 */
import type { Context } from "elysia";
import type { HttpDeps } from "../deps.ts";
import { errorBody } from "../errors.ts";
import { csrfMatches, LoginThrottle, Sessions } from "./session.ts";
import { figuresCache, type Figures } from "./figures.ts";
import { document, type PageOptions } from "./layout.ts";
import { html, type Markup } from "./html.ts";
import { CONSOLE_LANGUAGES, hasWord, w, type Language } from "./words.ts";
import { cookieOf, COOKIE, htmlResponse, jsonResponse, langCookie, LANG_COOKIE, redirect, sameOrigin, type Visit } from "./visit.ts";

export interface ConsoleKit {
  deps: HttpDeps;
  sessions: Sessions;
  throttle: LoginThrottle;
  /** PUBLIC_URL is https: cookies are Secure. */
  secure: boolean;
  now(): number;
  /** The overview's aggregates, a few seconds old at most (figures.ts). */
  figures: () => Figures;
}

export function createKit(deps: HttpDeps): ConsoleKit {
  const now = () => deps.core.runtime.clock.now();
  return {
    deps,
    sessions: new Sessions(now, deps.consoleSessionLimits),
    throttle: new LoginThrottle(now),
    secure: deps.publicUrl.startsWith("https:"),
    now,
    figures: figuresCache(deps.core.store, now, deps.consoleFiguresTtlMs),
  };
}

type Gate = "public" | "page" | "change" | "live";
type Handler = (visit: Visit) => Response | Promise<Response>;

function languageOf(url: URL, request: Request, fallback: Language): { lang: Language; chosen: boolean } {
  const asked = url.searchParams.get("lang");
  if (asked && (CONSOLE_LANGUAGES as string[]).includes(asked)) return { lang: asked as Language, chosen: true };
  const kept = cookieOf(request, LANG_COOKIE);
  if (kept && (CONSOLE_LANGUAGES as string[]).includes(kept)) return { lang: kept as Language, chosen: false };
  return { lang: fallback, chosen: false };
}

function formOf(body: unknown): Record<string, string> {
  const form: Record<string, string> = {};
  if (body && typeof body === "object" && !Array.isArray(body)) {
    for (const [key, value] of Object.entries(body)) if (typeof value === "string") form[key] = value;
  }
  return form;
}

/** An Elysia handler for a console route behind `gate`. */
export function handle(kit: ConsoleKit, gate: Gate, handler: Handler) {
  return async (ctx: Context & { server?: { requestIP(request: Request): { address: string } | null } | null }) => {
    const request = ctx.request;
    // A base for the odd request line whose URL is only a path (a Host the URL parser refuses); only the path and
    // the query are read from it.
    const url = new URL(request.url, "http://console.invalid");
    const { lang, chosen } = languageOf(url, request, kit.deps.defaultLanguage ?? "fa");
    const sessionId = cookieOf(request, COOKIE);
    const session = kit.sessions.get(sessionId);
    const visit: Visit = {
      request,
      url,
      lang,
      session,
      sessionId,
      form: formOf(ctx.body),
      address: ctx.server?.requestIP(request)?.address ?? "unknown",
    };
    let response: Response;
    try {
      if (gate !== "public" && !session) {
        // A page sends the browser to the login form; a change is refused (nothing was done) with a way back in.
        if (gate === "live") response = jsonResponse(errorBody("signed-out", "log in to the console again"), 401);
        else if (gate === "page") response = redirect(`/console/login?next=${encodeURIComponent(url.pathname + url.search)}`);
        else response = signedOut(kit, visit);
      } else if (gate === "change" && (!sameOrigin(request) || !csrfMatches(session!, visit.form.csrf))) {
        kit.deps.log.warn({ path: url.pathname, address: visit.address }, "console change refused: no valid CSRF token");
        response = errorPage(kit, visit, 403, w(lang, "csrf-refused"));
      } else {
        response = await handler(visit);
      }
    } catch (error) {
      kit.deps.log.error({ err: error, path: url.pathname }, "console page failed");
      response = errorPage(kit, visit, 500, w(lang, "failed"));
    }
    if (chosen) response.headers.append("set-cookie", langCookie(lang, kit.secure));
    return response;
  };
}

/** A whole console page. */
export function page(kit: ConsoleKit, visit: Visit, options: Omit<PageOptions, "lang" | "csrf" | "path">, content: Markup, status = 200): Response {
  const query = new URLSearchParams(visit.url.search);
  query.delete("lang");
  query.delete("note");
  const path = visit.url.pathname + (query.size > 0 ? `?${query}` : "");
  return htmlResponse(document({ ...options, lang: visit.lang, csrf: visit.session?.csrf, path }, content), { status });
}

function signedOut(kit: ConsoleKit, visit: Visit): Response {
  const content = html`<p class="notice bad">${w(visit.lang, "signed-out")}</p><p><a href="/console/login">${w(visit.lang, "login-title")}</a></p>`;
  return page(kit, visit, { title: w(visit.lang, "error-title") }, content, 401);
}

export function errorPage(kit: ConsoleKit, visit: Visit, status: number, message: string): Response {
  return page(kit, visit, { title: w(visit.lang, "error-title"), section: visit.session ? "overview" : undefined }, html`<p class="notice bad">${message}</p><p><a href="/console">${w(visit.lang, "back")}</a></p>`, status);
}

/** The notice a redirect after a change asks for (`?note=<key>`), from the catalogue only: never reflected text. */
export function noteOf(visit: Visit): Markup | "" {
  const key = visit.url.searchParams.get("note");
  if (!key || !/^[a-z-]{1,40}$/.test(key) || !hasWord(visit.lang, `note-${key}`)) return "";
  return html`<p class="notice" role="status">${w(visit.lang, `note-${key}`)}</p>`;
}

/** A hidden CSRF field for a form. */
export function csrfField(visit: Visit): Markup {
  return html`<input type="hidden" name="csrf" value="${visit.session?.csrf ?? ""}">`;
}

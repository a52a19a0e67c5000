/**
 * One request to the console as the pages see it: the language, the session (if any), the form fields, and the
 * answers a page gives — an HTML document with the console's security headers, a redirect to one of our own paths,
 * or JSON for the live view. Nothing here reads the Host header: every URL we write is a path.
 */
import type { Language } from "./words.ts";
import type { Session } from "./session.ts";

export const COOKIE = "sk_console";
export const LANG_COOKIE = "sk_console_lang";
const CONSOLE_PATH = "/console";

/** Nothing may load from elsewhere; our own script and stylesheet only; forms post only to us; no framing. */
export const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "cache-control": "no-store",
};

export interface Visit {
  request: Request;
  url: URL;
  lang: Language;
  /** The session the cookie names, when it is live. */
  session: Session | null;
  sessionId: string | undefined;
  /** Form fields of a POST (strings only). */
  form: Record<string, string>;
  /** The client's address as the socket saw it (never a forwarded header). */
  address: string;
}

export function cookieOf(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionCookie(value: string, options: { secure: boolean; maxAgeS: number }): string {
  return `${COOKIE}=${value}; Path=${CONSOLE_PATH}; HttpOnly; SameSite=Strict; Max-Age=${options.maxAgeS}${options.secure ? "; Secure" : ""}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${COOKIE}=; Path=${CONSOLE_PATH}; HttpOnly; SameSite=Strict; Max-Age=0${secure ? "; Secure" : ""}`;
}

export function langCookie(lang: Language, secure: boolean): string {
  return `${LANG_COOKIE}=${lang}; Path=${CONSOLE_PATH}; SameSite=Strict; Max-Age=31536000${secure ? "; Secure" : ""}`;
}

export function htmlResponse(body: string, init: { status?: number; headers?: Record<string, string>; cookies?: string[] } = {}): Response {
  const headers = new Headers({ "content-type": "text/html; charset=utf-8", ...SECURITY_HEADERS, ...init.headers });
  for (const cookie of init.cookies ?? []) headers.append("set-cookie", cookie);
  return new Response(body, { status: init.status ?? 200, headers });
}

export function jsonResponse(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json; charset=utf-8", ...SECURITY_HEADERS } });
}

/** A console path a redirect may go to: /console or below it, our characters only (no "//", no scheme, no "\"). */
function safeConsolePath(candidate: string | null | undefined): string | null {
  if (!candidate) return null;
  if (!/^\/console(\/[A-Za-z0-9._~\-/]*)?(\?[A-Za-z0-9._~\-=&%@+]*)?$/.test(candidate)) return null;
  if (candidate.includes("//") || candidate.includes("/..")) return null;
  return candidate;
}

/** Where to go after logging in: a console page, never the login page itself. */
export function safeNext(candidate: string | null | undefined): string | null {
  const path = safeConsolePath(candidate);
  return path && !path.startsWith("/console/login") && !path.startsWith("/console/logout") ? path : null;
}

/** 303 to one of our own paths (never a URL from outside: the path is checked). */
export function redirect(path: string, cookies: string[] = []): Response {
  const target = safeConsolePath(path) ?? CONSOLE_PATH;
  const headers = new Headers({ location: target, ...SECURITY_HEADERS });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}

/** Whether a change request comes from our own pages: the browser's fetch metadata, or the Origin against Host. */
export function sameOrigin(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin";
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  try {
    return new URL(origin).host === request.headers.get("host");
  } catch {
    return false;
  }
}

/**
 * Bearer auth for the operator API (`/api` and everything under it). It runs before routing, so a caller without
 * the token learns nothing: not which routes exist, not what a body should look like. The comparison is constant
 * time over SHA-256 digests (equal length whatever was sent). With no OPERATOR_TOKEN the API is off: every request
 * is refused with a message that says so.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { Elysia } from "elysia";
import { errorResponse } from "./errors.ts";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** The path of a request URL without parsing the whole URL (this runs on every request, /sub included). */
export function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const query = url.indexOf("?", start);
  return query < 0 ? url.slice(start) : url.slice(start, query);
}

export function isOperatorPath(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

/** Whether `header` (an Authorization value) carries the expected bearer token; constant time in the token. */
export function bearerMatches(header: string | null, expected: Buffer): boolean {
  const match = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  // Compare something even when nothing was sent, so the answer takes the same time.
  return timingSafeEqual(digest(match?.[1] ?? ""), expected) && match !== null;
}

export function operatorAuth(options: { token: string | undefined }) {
  const expected = options.token ? digest(options.token) : null;
  const challenge = { "www-authenticate": 'Bearer realm="subkeeper"' };
  return new Elysia({ name: "operator-auth" }).onRequest(({ request }) => {
    if (!isOperatorPath(pathOf(request.url))) return;
    if (!expected) {
      return errorResponse(401, "api-off", "the operator API is off: OPERATOR_TOKEN is not set on this server", challenge);
    }
    if (!bearerMatches(request.headers.get("authorization"), expected)) {
      return errorResponse(401, "unauthorized", "send Authorization: Bearer <OPERATOR_TOKEN>", challenge);
    }
  });
}

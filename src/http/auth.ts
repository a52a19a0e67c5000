/**
 * Bearer auth for the operator API. The guard is a hook on the routes of the `/api` group itself (see
 * `operatorApi` in app.ts), so it decides on exactly the route the router picked: no second reading of the URL that
 * could disagree with the router's (a short Host header, an absolute-form target or `//api` once let requests
 * reach `/api/...` handlers while a path-prefix check saw another path). It runs at the transform step, after
 * routing and before validation, so a caller without the token learns nothing about what a body should hold. The
 * comparison is constant time over SHA-256 digests (equal length whatever was sent). With no OPERATOR_TOKEN the
 * API is off: every request is refused with a message that says so.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { Elysia } from "elysia";
import { ApiError } from "./errors.ts";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** Whether a route pattern belongs to the operator API (used by the OpenAPI document's security marks). */
export function isOperatorPath(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

/** Whether `header` (an Authorization value) carries the expected bearer token; constant time in the token. */
export function bearerMatches(header: string | null, expected: Buffer): boolean {
  const match = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  // Compare something even when nothing was sent, so the answer takes the same time.
  return timingSafeEqual(digest(match?.[1] ?? ""), expected) && match !== null;
}

/** The guard, scoped: it covers every route of the instance that uses it (the `/api` group), and nothing else. */
export function operatorAuth(options: { token: string | undefined }) {
  const expected = options.token ? digest(options.token) : null;
  return new Elysia({ name: "operator-auth" }).onTransform({ as: "scoped" }, ({ request, set }) => {
    const authorized = expected !== null && bearerMatches(request.headers.get("authorization"), expected);
    if (authorized) return;
    set.headers["www-authenticate"] = 'Bearer realm="subkeeper"';
    if (!expected) throw new ApiError(401, "api-off", "the operator API is off: OPERATOR_TOKEN is not set on this server");
    throw new ApiError(401, "unauthorized", "send Authorization: Bearer <OPERATOR_TOKEN>");
  });
}

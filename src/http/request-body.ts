/**
 * Request bodies: JSON only, at most `limitBytes`. A declared Content-Length over the limit is refused before
 * routing; a body sent without one is read as a stream and refused as soon as it passes the limit, so an oversized
 * upload never sits in memory whole. The raw text's hash is kept for the idempotency check.
 */
import { Elysia } from "elysia";
import { ApiError, errorResponse } from "./errors.ts";

/** Routes that take HTML form posts: the console's (decided on the route the router picked, not the raw URL). */
const takesForms = (route: string) => route === "/console" || route.startsWith("/console/");

const DEFAULT_BODY_LIMIT = 64 * 1024;
/** No body of ours nests deeper than a few levels; a deeper one is refused before it reaches the parser or schemas. */
const MAX_JSON_DEPTH = 32;

const rawHashes = new WeakMap<Request, string>();

/** SHA-256 of the request's raw body ("" when it had none); set by the parser below. */
export function bodyHashOf(request: Request): string {
  return rawHashes.get(request) ?? "";
}

async function readLimited(request: Request, limitBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => {});
      throw new ApiError(413, "body-too-large", `the body is larger than ${limitBytes} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

/**
 * How deep `text` nests arrays and objects, stopping as soon as it passes `limit`. One pass over the characters;
 * brackets inside strings do not count. Validation walks a value recursively, so 30,000 levels overflowed its stack.
 */
function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export function requestBody(options: { limitBytes?: number } = {}) {
  const limitBytes = options.limitBytes ?? DEFAULT_BODY_LIMIT;
  return new Elysia({ name: "request-body" })
    .onRequest(({ request }) => {
      const declared = request.headers.get("content-length");
      if (declared !== null && Number(declared) > limitBytes) {
        return errorResponse(413, "body-too-large", `the body is larger than ${limitBytes} bytes`, { connection: "close" });
      }
    })
    .onParse({ as: "global" }, async ({ request, contentType, route }) => {
      const text = await readLimited(request, limitBytes);
      rawHashes.set(request, text === "" ? "" : new Bun.CryptoHasher("sha256").update(text).digest("hex"));
      // null, not undefined: undefined would hand the (already read) body to Elysia's own parser.
      if (text.trim() === "") return null;
      const type = contentType.split(";")[0]!.trim().toLowerCase();
      // The console's pages post plain HTML forms; everywhere else a body is JSON.
      // (A console route reads nothing else: another body is no form, and the page's own checks refuse it.)
      if (takesForms(route)) return type === "application/x-www-form-urlencoded" ? Object.fromEntries(new URLSearchParams(text)) : null;
      if (type !== "application/json" && !type.endsWith("+json")) {
        throw new ApiError(415, "unsupported-media-type", "send the body as JSON (Content-Type: application/json)");
      }
      if (nestingExceeds(text, MAX_JSON_DEPTH)) {
        throw new ApiError(400, "body-too-deep", `the body nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`);
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new ApiError(400, "malformed-body", "the body is not valid JSON");
      }
    });
}

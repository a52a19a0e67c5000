/** The admin JWT and the signed subscription tokens of the Marzban-family simulator. */
import { createHmac } from "node:crypto";
import type { MarzbanFlavor, SimUser } from "./model.ts";

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const head = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${b64url(JSON.stringify(payload))}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

/** The payload of a well-signed JWT, or null; expiry is checked by the caller (each panel has its own leeway). */
export function verifyJwt(token: string, secret: string): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const expected = createHmac("sha256", secret).update(`${parts[0]}.${parts[1]}`).digest("base64url");
  if (expected !== parts[2]) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1] ?? "", "base64url").toString("utf8")) as unknown;
    return typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// Python's `b64encode(…, altchars=b"-_")` is base64url with its padding; every use here strips or cuts it off.
const sha256 = (text: string) => Buffer.from(Bun.CryptoHasher.hash("sha256", text)).toString("base64url");

/**
 * Marzban: `b64(username,<ceil now>)` without padding, then the first 10 characters of `b64(sha256(that + secret))`.
 * PasarGuard: `b64("v3,<id>,<ceil now>")` + "." + `b64(HMAC-SHA256(secret, that))` without padding.
 */
export function subscriptionToken(flavor: MarzbanFlavor, user: SimUser, nowS: number, secret: string): string {
  const issued = Math.ceil(nowS);
  if (flavor === "marzban") {
    const data = b64url(`${user.username},${issued}`);
    return data + sha256(data + secret).slice(0, 10);
  }
  const data = b64url(`v3,${user.id},${issued}`);
  return `${data}.${createHmac("sha256", secret).update(data).digest("base64url")}`;
}

/** Reads a subscription token back: the user key it names and when it was issued, or null when forged. */
export function readSubscriptionToken(
  flavor: MarzbanFlavor,
  token: string,
  secret: string,
): { username?: string; id?: number; issuedS: number } | null {
  const decode = (data: string) => Buffer.from(data.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
  if (flavor === "marzban") {
    if (token.length < 15) return null;
    const data = token.slice(0, -10);
    const signature = sha256(data + secret).slice(0, 10);
    if (signature !== token.slice(-10)) return null;
    const [username, issued] = decode(data).split(",");
    return username && issued ? { username, issuedS: Number(issued) } : null;
  }
  const [data, signature] = token.split(".");
  if (!data || signature !== createHmac("sha256", secret).update(data).digest("base64url")) return null;
  const [version, id, issued] = decode(data).split(",");
  return version === "v3" && id && issued ? { id: Number(id), issuedS: Number(issued) } : null;
}

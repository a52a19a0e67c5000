/**
 * Console sessions and the login throttle, in memory: a restart (or a new OPERATOR_TOKEN, which needs one) logs
 * everyone out, and nothing about a session is ever written to disk. A session id is 32 random bytes issued only at
 * a successful login (a fixed id planted before login is never adopted); the map is keyed by its SHA-256, so a
 * lookup's timing says nothing about a real id. Each session has its own CSRF token, an idle limit and an absolute
 * limit.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export interface Session {
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionLimits {
  /** A session unused this long is gone. */
  idleMs: number;
  /** A session older than this is gone, used or not (the cookie's Max-Age). */
  absoluteMs: number;
  /** Most live sessions; the oldest is dropped past it. */
  max: number;
}

const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 30 * 60_000, absoluteMs: 8 * 3600_000, max: 64 };

const keyOf = (id: string) => createHash("sha256").update(id, "utf8").digest("base64url");
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export class Sessions {
  private readonly live = new Map<string, Session>();

  constructor(
    private readonly now: () => number,
    readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
  ) {}

  /** A new session; returns the id for the cookie (never stored as is). */
  create(): { id: string; session: Session } {
    const id = randomBytes(32).toString("base64url");
    const at = this.now();
    const session: Session = { csrf: randomBytes(32).toString("base64url"), createdAt: at, lastSeenAt: at };
    this.live.set(keyOf(id), session);
    while (this.live.size > this.limits.max) this.live.delete(this.live.keys().next().value!);
    return { id, session };
  }

  /** The live session for a cookie value, touched; null when unknown, idle too long or too old. */
  get(id: string | undefined): Session | null {
    if (!id || !SESSION_ID.test(id)) return null;
    const key = keyOf(id);
    const session = this.live.get(key);
    if (!session) return null;
    const at = this.now();
    if (at - session.lastSeenAt > this.limits.idleMs || at - session.createdAt > this.limits.absoluteMs) {
      this.live.delete(key);
      return null;
    }
    session.lastSeenAt = at;
    return session;
  }

  destroy(id: string | undefined): void {
    if (id && SESSION_ID.test(id)) this.live.delete(keyOf(id));
  }

  get size(): number {
    return this.live.size;
  }
}

/** Whether a form's CSRF value is the session's, in constant time. */
export function csrfMatches(session: Session, sent: unknown): boolean {
  const expected = createHash("sha256").update(session.csrf).digest();
  const got = createHash("sha256").update(typeof sent === "string" ? sent : "").digest();
  return timingSafeEqual(expected, got) && typeof sent === "string" && sent.length > 0;
}

/**
 * Failed logins per client address in a sliding window: past `max` failures, that address is refused until its
 * oldest failure leaves the window. A success does not clear the record (a guesser who also knows the token gains
 * nothing from it).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly max = 5,
    private readonly windowMs = 10 * 60_000,
  ) {}

  /** Milliseconds until `address` may try again; 0 when it may now. */
  waitMs(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.max) return 0;
    return Math.max(1, recent[recent.length - this.max]! + this.windowMs - this.now());
  }

  fail(address: string): void {
    const recent = this.recent(address);
    recent.push(this.now());
    this.failures.set(address, recent.slice(-this.max));
    // Bounded memory under a spray of addresses: forget the oldest address first.
    while (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(address: string): number[] {
    const cutoff = this.now() - this.windowMs;
    return (this.failures.get(address) ?? []).filter((at) => at > cutoff);
  }
}

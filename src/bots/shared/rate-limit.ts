/**
 * Per-person rate limits: a fixed window per key (a Telegram user id, or "receipt:<id>"), kept in memory. A person
 * over the limit is told once per window; the updates past the limit are dropped.
 */
import type { Context, MiddlewareFn } from "grammy";

export interface RateLimit {
  /** How many actions a key may take per window. */
  limit: number;
  windowMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; firstRefusal: boolean; retryInMs: number };

interface Window {
  startedAt: number;
  count: number;
  told: boolean;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly rule: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one action for `key` and says whether it may go ahead. */
  take(key: string | number): RateDecision {
    const at = this.now();
    const id = String(key);
    let window = this.windows.get(id);
    if (!window || at - window.startedAt >= this.rule.windowMs) {
      if (this.windows.size > 10_000) this.sweep(at);
      window = { startedAt: at, count: 0, told: false };
      this.windows.set(id, window);
    }
    window.count += 1;
    if (window.count <= this.rule.limit) return { allowed: true };
    const firstRefusal = !window.told;
    window.told = true;
    return { allowed: false, firstRefusal, retryInMs: window.startedAt + this.rule.windowMs - at };
  }

  private sweep(at: number): void {
    for (const [key, window] of this.windows) if (at - window.startedAt >= this.rule.windowMs) this.windows.delete(key);
  }
}

/**
 * Middleware: counts each update against its sender; past the limit, `onLimited` runs once per window (to say
 * "slow down") and the update goes no further. Updates with no sender pass.
 */
export function rateLimitUpdates<C extends Context>(
  limiter: RateLimiter,
  onLimited: (ctx: C, firstRefusal: boolean) => Promise<void>,
): MiddlewareFn<C> {
  return async (ctx, next) => {
    const from = ctx.from?.id;
    if (from === undefined) return next();
    const decision = limiter.take(from);
    if (decision.allowed) return next();
    await onLimited(ctx, decision.firstRefusal);
  };
}

/**
 * The rules of a subscription's traffic and time, kept out of the machine so they can be read and tested alone.
 *
 * Panel counters are never reset: a renewal with the `reset` policy moves `usageBase` up to the traffic used so
 * far instead. Usage shown to the customer is `used - usageBase` out of `volume - usageBase`. Setting an absolute
 * volume is idempotent, so a replayed panel update can neither wipe nor double traffic, and S-UI's own rule
 * (`up + down > volume`, strictly greater) still limits at the right moment.
 */
import { DAY_MS } from "./time.ts";

export type RenewalPolicy = "reset" | "stack";

export interface Traffic {
  /** Absolute panel volume in bytes (what S-UI compares up + down against). */
  volumeBytes: number;
  /** Panel up + down at the start of the current period. */
  usageBase: number;
  /** Panel up + down as last seen. */
  usedBytes: number;
}

/** Limited when the panel's counters are strictly greater than its volume, as S-UI decides. */
export function isOverLimit(traffic: Traffic): boolean {
  return traffic.usedBytes > traffic.volumeBytes;
}

/** What the customer sees: used and total for the current period. */
export function periodUsage(traffic: Traffic): { used: number; total: number } {
  return {
    used: Math.max(0, traffic.usedBytes - traffic.usageBase),
    total: Math.max(0, traffic.volumeBytes - traffic.usageBase),
  };
}

/** 0, 80, 95 or 100 (over the limit): the notification thresholds crossed so far in this period. */
export function usageLevel(traffic: Traffic): 0 | 80 | 95 | 100 {
  if (isOverLimit(traffic)) return 100;
  const { used, total } = periodUsage(traffic);
  if (total <= 0) return 0;
  if (used * 100 >= total * 95) return 95;
  if (used * 100 >= total * 80) return 80;
  return 0;
}

/** Traffic after a renewal: `reset` starts a fresh period of the plan's volume; `stack` carries what was left. */
export function renewTraffic(traffic: Traffic, planBytes: number, policy: RenewalPolicy): Traffic {
  if (policy === "reset") {
    return { usedBytes: traffic.usedBytes, usageBase: traffic.usedBytes, volumeBytes: traffic.usedBytes + planBytes };
  }
  return { ...traffic, volumeBytes: Math.max(traffic.volumeBytes, traffic.usedBytes) + planBytes };
}

/** Traffic after a pack: the remaining volume grows by `packBytes` (an exhausted period starts from what was used). */
export function addTraffic(traffic: Traffic, packBytes: number): Traffic {
  return { ...traffic, volumeBytes: Math.max(traffic.volumeBytes, traffic.usedBytes) + packBytes };
}

/**
 * Traffic after a move to a new panel client. The customer's usage so far (`carriedBytes`, the old client's last
 * counter) stays counted: it goes into the base, so what is shown (`used - usageBase` of `volume - usageBase`) is
 * unchanged, and the new client's volume is what was left plus whatever that client had already counted
 * (`targetUsedBytes`, 0 for a fresh client). Panels that cannot set a counter need nothing more, so every kind moves
 * the same way.
 */
export function moveTraffic(traffic: Traffic, carriedBytes: number, targetUsedBytes: number): Traffic {
  const carried = Math.max(traffic.usedBytes, carriedBytes);
  return {
    usedBytes: targetUsedBytes,
    usageBase: traffic.usageBase - carried + targetUsedBytes,
    volumeBytes: traffic.volumeBytes - carried + targetUsedBytes,
  };
}

/** A renewal extends from the later of now and the current expiry. */
export function renewExpiry(expiresAt: number | null, now: number, days: number): number {
  return Math.max(now, expiresAt ?? now) + days * DAY_MS;
}

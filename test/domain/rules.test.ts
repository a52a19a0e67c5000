/**
 * The rules, alone: renewal and traffic arithmetic (the panel's counters are never reset), the warning thresholds,
 * money rounding, days left, and every notice kind's delivery policy.
 */
import { describe, expect, test } from "bun:test";
import { discountedPrice, referralShare } from "../../src/domain/money.ts";
import { DELIVERY_POLICY, deliveryPolicyOf, expiryWarningKind } from "../../src/domain/notice-kinds.ts";
import { addTraffic, isOverLimit, moveTraffic, periodUsage, renewExpiry, renewTraffic, usageLevel } from "../../src/domain/subscription-rules.ts";
import { DAY_MS, daysLeft } from "../../src/domain/time.ts";

const GB = 1024 ** 3;

describe("traffic", () => {
  test("limited only when the counters are strictly greater than the volume, as the panel decides", () => {
    expect(isOverLimit({ volumeBytes: 20 * GB, usageBase: 0, usedBytes: 20 * GB })).toBe(false);
    expect(isOverLimit({ volumeBytes: 20 * GB, usageBase: 0, usedBytes: 20 * GB + 1 })).toBe(true);
  });

  test("the customer sees this period's use: counters minus the base, never negative", () => {
    expect(periodUsage({ volumeBytes: 32 * GB, usageBase: 12 * GB, usedBytes: 15 * GB })).toEqual({ used: 3 * GB, total: 20 * GB });
    expect(periodUsage({ volumeBytes: 5 * GB, usageBase: 10 * GB, usedBytes: 4 * GB })).toEqual({ used: 0, total: 0 });
  });

  test("thresholds: 80 and 95 inclusive of the period's volume, 100 past it, 0 with no volume", () => {
    const at = (used: number) => usageLevel({ volumeBytes: 100, usageBase: 0, usedBytes: used });
    expect([79, 80, 94, 95, 100, 101].map(at)).toEqual([0, 80, 80, 95, 95, 100]);
    expect(usageLevel({ volumeBytes: 10, usageBase: 10, usedBytes: 10 })).toBe(0);
    // After a reset renewal the thresholds are of the new period only.
    expect(usageLevel({ volumeBytes: 120, usageBase: 100, usedBytes: 116 })).toBe(80);
  });

  test("reset renewal: a fresh period of the plan from what was used; stack: the plan on top of what was left", () => {
    const seen = { volumeBytes: 20 * GB, usageBase: 0, usedBytes: 12 * GB };
    expect(renewTraffic(seen, 20 * GB, "reset")).toEqual({ volumeBytes: 32 * GB, usageBase: 12 * GB, usedBytes: 12 * GB });
    expect(renewTraffic(seen, 20 * GB, "stack")).toEqual({ volumeBytes: 40 * GB, usageBase: 0, usedBytes: 12 * GB });
    // Stacking on an exhausted period adds to what was used, not to a volume already passed.
    expect(renewTraffic({ volumeBytes: 20 * GB, usageBase: 0, usedBytes: 25 * GB }, 20 * GB, "stack").volumeBytes).toBe(45 * GB);
  });

  test("a traffic pack grows what is left, from what was used when the period ran out", () => {
    expect(addTraffic({ volumeBytes: 20 * GB, usageBase: 0, usedBytes: 5 * GB }, 10 * GB).volumeBytes).toBe(30 * GB);
    expect(addTraffic({ volumeBytes: 20 * GB, usageBase: 0, usedBytes: 21 * GB }, 10 * GB).volumeBytes).toBe(31 * GB);
  });

  test("a move carries what was used: the same usage shown, the new client gets what is left", () => {
    const before = { volumeBytes: 20 * GB, usageBase: 0, usedBytes: 3 * GB };
    const moved = moveTraffic(before, 3 * GB, 0);
    expect(moved).toEqual({ volumeBytes: 17 * GB, usageBase: -3 * GB, usedBytes: 0 });
    expect(periodUsage(moved)).toEqual(periodUsage(before));
    // A fresher counter read at the move wins over the last one seen; one the new client had stays its own.
    expect(periodUsage(moveTraffic(before, 4 * GB, 1 * GB))).toEqual({ used: 4 * GB, total: 20 * GB });
    expect(moveTraffic(before, 4 * GB, 1 * GB).volumeBytes).toBe(17 * GB);
    // A period that renewed (reset) before the move keeps its base too.
    const renewed = { volumeBytes: 30 * GB, usageBase: 10 * GB, usedBytes: 12 * GB };
    expect(periodUsage(moveTraffic(renewed, 12 * GB, 0))).toEqual({ used: 2 * GB, total: 20 * GB });
  });
});

describe("time", () => {
  const now = Date.UTC(2026, 11, 1);
  test("a renewal extends from the later of now and the current expiry", () => {
    expect(renewExpiry(now + 5 * DAY_MS, now, 30)).toBe(now + 35 * DAY_MS);
    expect(renewExpiry(now - 5 * DAY_MS, now, 30)).toBe(now + 30 * DAY_MS);
    expect(renewExpiry(null, now, 30)).toBe(now + 30 * DAY_MS);
  });

  test("days left round up, never below zero; none for a subscription without an expiry", () => {
    expect(daysLeft(now + 30 * DAY_MS, now)).toBe(30);
    expect(daysLeft(now + 1, now)).toBe(1);
    expect(daysLeft(now - DAY_MS, now)).toBe(0);
    expect(daysLeft(null, now)).toBeNull();
  });
});

describe("money", () => {
  test("a percent discount rounds down in the customer's favour; an amount never takes the price below zero", () => {
    expect(discountedPrice(150_000, null)).toBe(150_000);
    expect(discountedPrice(99_999, { percent: 10, amount: null })).toBe(90_000);
    expect(discountedPrice(150_000, { percent: null, amount: 20_000 })).toBe(130_000);
    expect(discountedPrice(10_000, { percent: null, amount: 20_000 })).toBe(0);
  });

  test("the referrer's share is rounded down to whole Toman", () => {
    expect(referralShare(150_000, 10)).toBe(15_000);
    expect(referralShare(99_999, 7)).toBe(6_999);
  });
});

describe("notice kinds", () => {
  test("what hands over what was paid for or tells what happened to the money must arrive; warnings at most once", () => {
    const mustArrive = Object.entries(DELIVERY_POLICY).filter(([, p]) => p === "at-least-once").map(([k]) => k).sort();
    expect(mustArrive).toEqual(expect.arrayContaining(["order-expired", "payment-approved", "provisioned", "receipt-rejected", "renewed", "support-reply", "topup-approved", "topup-rejected", "traffic-added"]));
    for (const warning of ["traffic-80", "traffic-95", "limited", "expires-3d", "expires-1d", "expired"]) expect(deliveryPolicyOf(warning)).toBe("at-most-once");
    expect(deliveryPolicyOf("a kind an old snapshot named")).toBe("at-most-once");
    expect([expiryWarningKind(3), expiryWarningKind(1)]).toEqual(["expires-3d", "expires-1d"]);
  });
});

/** Instants are UTC epoch milliseconds; the panel speaks unix seconds; people read Asia/Tehran. */

export const HOUR_MS = 3600_000;
export const DAY_MS = 86_400_000;
export const DISPLAY_TIME_ZONE = "Asia/Tehran";

/**
 * The time zone a customer reads dates in. Telegram does not tell a bot its user's zone, so it follows the language
 * they chose: Persian and English readers are the shop's Iranian customers, Russian readers mostly live on Moscow time.
 */
export const LANGUAGE_TIME_ZONE = { fa: DISPLAY_TIME_ZONE, en: DISPLAY_TIME_ZONE, ru: "Europe/Moscow" } as const;

/** The one clock: inject it where time matters so tests can move it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Whole days left until `expiresAt`, rounded up: 30 right after buying a 30-day plan, 0 once expired. */
export function daysLeft(expiresAt: number | null, now: number): number | null {
  if (expiresAt === null) return null;
  return Math.max(0, Math.ceil((expiresAt - now) / DAY_MS));
}

/** Epoch ms of the last midnight in `timeZone` at or before `now`. */
export function startOfDay(now: number, timeZone = DISPLAY_TIME_ZONE): number {
  const offset =
    new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(now).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(offset);
  const offsetMs = match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 3600_000 + Number(match[3]) * 60_000) : 0;
  return Math.floor((now + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
}

/** Business settings: stored as text, read with their defaults, editable from the admin bot and over HTTP. */
import type { Database } from "bun:sqlite";
import { GB } from "../domain/units.ts";

export interface Settings {
  /** Card numbers shown for card-to-card, each with the holder's name. */
  cards: { number: string; holder: string }[];
  paymentWindowHours: number;
  trialBytes: number;
  trialDays: number;
  /** Percent of a referred customer's first paid order credited to the referrer. */
  referralPercent: number;
  supportHours: string;
  /** Wallet top-up bounds in Toman. */
  topupMin: number;
  topupMax: number;
  /** Public channels (@name) a customer must have joined before plans, the trial or checkout. */
  requiredChannels: string[];
  /** Toman per US dollar for crypto prices, set by an admin (never scraped); 0: crypto is not offered. */
  tomanPerUsd: number;
  /** Days before expiry a subscription with auto-renew on renews itself from the wallet. */
  autoRenewDaysBefore: number;
  /** The referral rule: false credits the referrer for a friend's first paid order only, true for every one. */
  referralEvery: boolean;
}

/** A public channel's @username as Telegram allows them: 5 to 32 letters, digits and underscores. */
const CHANNEL_NAME = /^@[A-Za-z][A-Za-z0-9_]{3,30}[A-Za-z0-9]$/;
const MAX_REQUIRED_CHANNELS = 5;

const DEFAULT_SETTINGS: Settings = {
  cards: [{ number: "6037-9911-2233-4455", holder: "Subkeeper" }],
  paymentWindowHours: 24,
  trialBytes: GB,
  trialDays: 1,
  referralPercent: 10,
  supportHours: "10:00-22:00",
  topupMin: 10_000,
  topupMax: 50_000_000,
  requiredChannels: [],
  tomanPerUsd: 0,
  autoRenewDaysBefore: 1,
  referralEvery: false,
};

export function getSettings(db: Database): Settings {
  const rows = db.query<{ key: string; value: string }, []>("SELECT key, value FROM settings").all();
  const stored = Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value)]));
  return { ...DEFAULT_SETTINGS, ...stored } as Settings;
}

/** Validates and saves some settings; returns an error message for a bad value and changes nothing then. */
export function updateSettings(db: Database, patch: Partial<Settings>): string | null {
  const problem = validateSettings(patch);
  if (problem) return problem;
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      db.query("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, JSON.stringify(value));
    }
  })();
  return null;
}

function validateSettings(patch: Partial<Settings>): string | null {
  const wholeIn = (value: unknown, min: number, max: number) => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
  for (const key of Object.keys(patch)) if (!(key in DEFAULT_SETTINGS)) return `unknown setting ${key}`;
  if (patch.cards !== undefined) {
    if (!Array.isArray(patch.cards) || patch.cards.length === 0) return "cards must list at least one card";
    for (const card of patch.cards) {
      if (!/^[0-9 -]{16,23}$/.test(card?.number ?? "") || (card.number.match(/\d/g) ?? []).length !== 16) return "a card number has 16 digits";
      if (typeof card.holder !== "string" || card.holder.length > 64) return "a card holder is a name up to 64 characters";
    }
  }
  if (patch.paymentWindowHours !== undefined && !wholeIn(patch.paymentWindowHours, 1, 168)) return "payment window is 1 to 168 hours";
  if (patch.trialBytes !== undefined && !wholeIn(patch.trialBytes, 1, 1024 ** 4)) return "trial volume is 1 byte to 1 TB";
  if (patch.trialDays !== undefined && !wholeIn(patch.trialDays, 1, 30)) return "trial length is 1 to 30 days";
  if (patch.referralPercent !== undefined && !wholeIn(patch.referralPercent, 0, 50)) return "referral share is 0 to 50 percent";
  if (patch.supportHours !== undefined && (typeof patch.supportHours !== "string" || patch.supportHours.length > 100)) return "support hours are a short text";
  if (patch.topupMin !== undefined && !wholeIn(patch.topupMin, 1, 1e9)) return "minimum top-up is a whole Toman amount";
  if (patch.topupMax !== undefined && !wholeIn(patch.topupMax, 1, 1e10)) return "maximum top-up is a whole Toman amount";
  if (patch.requiredChannels !== undefined) {
    const channels = patch.requiredChannels;
    if (!Array.isArray(channels) || channels.length > MAX_REQUIRED_CHANNELS) return `required channels are a list of up to ${MAX_REQUIRED_CHANNELS}`;
    for (const channel of channels) if (typeof channel !== "string" || !CHANNEL_NAME.test(channel)) return `a required channel is a public @username like @my_channel (got ${String(channel).slice(0, 40)})`;
    if (new Set(channels.map((c) => c.toLowerCase())).size !== channels.length) return "a required channel is listed twice";
  }
  if (patch.tomanPerUsd !== undefined && !wholeIn(patch.tomanPerUsd, 0, 1e9)) return "toman per USD is a whole number (0 turns crypto off)";
  if (patch.autoRenewDaysBefore !== undefined && !wholeIn(patch.autoRenewDaysBefore, 1, 7)) return "auto-renew is 1 to 7 days before expiry";
  if (patch.referralEvery !== undefined && typeof patch.referralEvery !== "boolean") return "the referral rule is first purchase (false) or every purchase (true)";
  return null;
}

/**
 * The process configuration, read once from the environment and validated. Every variable is optional:
 * with none set, subkeeper runs with an embedded store under ./data and HTTP on 127.0.0.1:8080.
 */

export type Language = "fa" | "en" | "ru";

export interface Config {
  databasePath: string;
  httpHost: string;
  httpPort: number;
  publicUrl: string;
  operatorToken: string | undefined;
  userBotToken: string | undefined;
  adminBotToken: string | undefined;
  adminIds: number[];
  telegramApiRoot: string;
  secretKey: string | undefined;
  /** The key `subkeeper rotate-key` re-seals the store's secrets with (read by that command only). */
  newSecretKey: string | undefined;
  /** Hours between scheduled backups sent to the admins; 0 turns them off. */
  backupIntervalH: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  logPretty: boolean;
  defaultLanguage: Language;
  healthIntervalS: number;
  syncIntervalS: number;
  botMode: "polling" | "webhook";
  webhookSecret: string | undefined;
  /** Crypto through NOWPayments: both NOWPAYMENTS_API_KEY and NOWPAYMENTS_IPN_SECRET, or neither (crypto off). */
  nowpayments: { apiKey: string; ipnSecret: string; apiRoot: string } | undefined;
}

/** A bad environment value: names the variable and what it expects. */
export class ConfigError extends Error {
  readonly kind = "invalid-input";
  constructor(
    readonly variable: string,
    expected: string,
    got: string,
  ) {
    super(`${variable} must be ${expected} (got ${JSON.stringify(got)})`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `a whole number from ${min} to ${max}`, raw);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) throw new ConfigError(name, `one of ${choices.join(", ")}`, raw);
  return raw as T;
}

function flag(env: Env, name: string): boolean {
  const raw = text(env, name);
  if (raw === undefined) return false;
  if (["1", "true", "yes", "on"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "no", "off"].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, "true or false", raw);
}

function url(env: Env, name: string, fallback: string): string {
  const raw = text(env, name) ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, "an absolute http(s) URL", raw);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new ConfigError(name, "an absolute http(s) URL", raw);
  }
  return raw.replace(/\/+$/, "");
}

function botToken(env: Env, name: string): string | undefined {
  const raw = text(env, name);
  if (raw !== undefined && !/^\d+:[A-Za-z0-9_-]{10,}$/.test(raw)) {
    throw new ConfigError(name, "a Telegram bot token like 123456:ABC-DEF…", "<hidden>");
  }
  return raw;
}

function idList(env: Env, name: string): number[] {
  const raw = text(env, name);
  if (raw === undefined) return [];
  const parts = raw.split(",").map((part) => part.trim()).filter(Boolean);
  for (const part of parts) {
    if (!/^\d{1,15}$/.test(part)) throw new ConfigError(name, "comma-separated Telegram user ids", raw);
  }
  return parts.map(Number);
}

/** Reads and validates the configuration; throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env): Config {
  const httpPort = integer(env, "HTTP_PORT", 8080, 0, 65535);
  const httpHost = text(env, "HTTP_HOST") ?? "127.0.0.1";
  const botMode = oneOf(env, "BOT_MODE", ["polling", "webhook"] as const, "polling");
  const webhookSecret = text(env, "WEBHOOK_SECRET");
  if (botMode === "webhook" && (!webhookSecret || !/^[A-Za-z0-9_-]{1,256}$/.test(webhookSecret))) {
    throw new ConfigError("WEBHOOK_SECRET", "set to 1-256 characters A-Z a-z 0-9 _ - when BOT_MODE=webhook", "<hidden>");
  }
  const operatorToken = text(env, "OPERATOR_TOKEN");
  if (operatorToken !== undefined && operatorToken.length < 16) {
    throw new ConfigError("OPERATOR_TOKEN", "at least 16 characters", "<hidden>");
  }
  const secretKey = text(env, "SECRET_KEY");
  if (secretKey !== undefined && secretKey.length < 16) {
    throw new ConfigError("SECRET_KEY", "at least 16 characters", "<hidden>");
  }
  const newSecretKey = text(env, "NEW_SECRET_KEY");
  if (newSecretKey !== undefined && newSecretKey.length < 16) {
    throw new ConfigError("NEW_SECRET_KEY", "at least 16 characters", "<hidden>");
  }
  const npKey = text(env, "NOWPAYMENTS_API_KEY");
  const npSecret = text(env, "NOWPAYMENTS_IPN_SECRET");
  if (Boolean(npKey) !== Boolean(npSecret)) {
    // Without the IPN secret NOWPayments sends no IPNs, and without the key no invoice can be made.
    throw new ConfigError(npKey ? "NOWPAYMENTS_IPN_SECRET" : "NOWPAYMENTS_API_KEY", "set together with the other NOWPAYMENTS_ variable", "<hidden>");
  }
  const nowpayments = npKey && npSecret ? { apiKey: npKey, ipnSecret: npSecret, apiRoot: url(env, "NOWPAYMENTS_API_ROOT", "https://api.nowpayments.io") } : undefined;
  return {
    nowpayments,
    databasePath: text(env, "DATABASE_PATH") ?? "./data/subkeeper.sqlite",
    httpHost,
    httpPort,
    publicUrl: url(env, "PUBLIC_URL", `http://127.0.0.1:${httpPort}`),
    operatorToken,
    userBotToken: botToken(env, "USER_BOT_TOKEN"),
    adminBotToken: botToken(env, "ADMIN_BOT_TOKEN"),
    adminIds: idList(env, "ADMIN_IDS"),
    telegramApiRoot: url(env, "TELEGRAM_API_ROOT", "https://api.telegram.org"),
    secretKey,
    newSecretKey,
    backupIntervalH: integer(env, "BACKUP_INTERVAL_H", 24, 0, 24 * 365),
    logLevel: oneOf(env, "LOG_LEVEL", ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const, "info"),
    logPretty: flag(env, "LOG_PRETTY"),
    defaultLanguage: oneOf(env, "DEFAULT_LANGUAGE", ["fa", "en", "ru"] as const, "fa"),
    healthIntervalS: integer(env, "HEALTH_INTERVAL_S", 60, 1, 86400),
    syncIntervalS: integer(env, "SYNC_INTERVAL_S", 60, 1, 86400),
    botMode,
    webhookSecret,
  };
}

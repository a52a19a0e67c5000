/**
 * The one logger: pino, JSON lines to stdout, pretty-printed in-process when LOG_PRETTY is on (pino's worker
 * transports cannot start inside a `bun build --compile` binary).
 *
 * Secrets are kept out twice: known keys are redacted by path, and every secret the process learns (bot tokens,
 * the operator token, panel tokens once decrypted) is registered here and scrubbed from each finished line, so a
 * token that slips into an error message or a URL is still never written.
 */
import pino, { type Logger, type DestinationStream } from "pino";
import pretty from "pino-pretty";

const secrets = new Set<string>();
const BOT_TOKEN_IN_TEXT = /\b\d{5,}:[A-Za-z0-9_-]{30,}\b/g;

/** Registers a value that must never appear in a log line. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

/** Replaces every registered secret and anything shaped like a bot token. */
export function scrubSecrets(line: string): string {
  let out = line.replace(BOT_TOKEN_IN_TEXT, "[Redacted]");
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join("[Redacted]");
  return out;
}

const REDACT_PATHS = [
  "token",
  "apiToken",
  "password",
  "secret",
  "authorization",
  "*.token",
  "*.apiToken",
  "*.password",
  "*.secret",
  "*.authorization",
  "headers.authorization",
  "headers.Token",
  "req.headers.authorization",
];

export interface LogOptions {
  level?: string;
  pretty?: boolean;
  /** Where lines go; stdout by default. Tests pass a collector. */
  sink?: { write(line: string): void };
}

function scrubbingStream(target: { write(line: string): void }): DestinationStream {
  return { write: (line: string) => target.write(scrubSecrets(line)) };
}

/** Builds a logger; the process calls this once in main and passes children around. */
export function createLogger(options: LogOptions = {}): Logger {
  const base = options.sink ?? process.stdout;
  const destination = options.pretty
    ? scrubbingStream(pretty({ sync: true, colorize: false, destination: 1 }) as unknown as { write(line: string): void })
    : scrubbingStream(base);
  return pino(
    {
      level: options.level ?? "info",
      redact: { paths: REDACT_PATHS, censor: "[Redacted]" },
      base: { app: "subkeeper" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** A logger for modules imported before main runs and for tests; main replaces it with setLogger. */
export let log: Logger = createLogger({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
});

export function setLogger(logger: Logger): void {
  log = logger;
}

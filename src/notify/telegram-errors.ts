/**
 * What a failed Bot API call means for a notification: the chat blocked the bot; Telegram refused and nothing was
 * delivered (safe to try again later); or we cannot know whether the message arrived.
 */
import { GrammyError, HttpError } from "grammy";
import type { NotifyFailure } from "./types.ts";

export type CallOutcome =
  | { kind: "blocked"; description: string }
  | { kind: "failed"; failure: NotifyFailure; delivered: "no" | "unknown" };

const UNREACHABLE = /bot was blocked by the user|user is deactivated/i;

/** Network errors raised before a request could reach Telegram: nothing was delivered. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ConnectionRefused",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "FailedToOpenSocket",
]);

/** Classifies an error thrown by a grammY API call (after auto-retry gave up). */
export function classifyCallError(error: unknown): CallOutcome {
  if (error instanceof GrammyError) {
    const description = error.description;
    if (error.error_code === 403 && UNREACHABLE.test(description)) return { kind: "blocked", description };
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after ?? 1;
      return failed("transient", "rate-limited", description, "no", seconds * 1000);
    }
    if (error.error_code >= 500) return failed("transient", "unavailable", description, "no");
    return failed("permanent", "rejected", description, "no");
  }
  if (error instanceof HttpError) {
    const code = (error.error as { code?: unknown } | undefined)?.code;
    if (typeof code === "string" && NOT_SENT_CODES.has(code)) {
      return failed("transient", "network", `Telegram unreachable (${code})`, "no");
    }
    return failed("permanent", "uncertain", `no answer from Telegram: ${errorWords(error.error ?? error)}`, "unknown");
  }
  return failed("permanent", "uncertain", `send interrupted: ${errorWords(error)}`, "unknown");
}

function failed(
  kind: NotifyFailure["kind"],
  reason: NotifyFailure["reason"],
  message: string,
  delivered: "no" | "unknown",
  retryAfterMs?: number,
): CallOutcome {
  const failure: NotifyFailure = { kind, reason, message };
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  return { kind: "failed", failure, delivered };
}

function errorWords(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The answer envelope S-UI and 3x-ui share (3x-ui grew from the same code): HTTP 200 with `{success, msg, obj}`
 * whether or not the call worked. Read and classified once here; each driver brings the words its panel uses.
 */
import { log } from "../log.ts";
import { PanelError, type PanelErrorReason } from "./panel.ts";
import { badResponse, classifyStatus, isRow, parseJson, str, type WireResponse } from "./wire.ts";

/** What one panel's envelope says in its own words. */
export interface EnvelopeDialect {
  /** The panel's name, for an answer that is no envelope. */
  panel: string;
  /** Words for the HTTP statuses a person can fix (see classifyStatus). */
  statusAdvice: { auth?: string; notFound?: string };
  /** A refusal `msg` (lower case) that says the thing is missing. */
  notFound: RegExp;
  /** A refusal `msg` (lower case) that says the credentials are wrong, and what to do about it. */
  invalidToken?: { words: RegExp; advice: string };
}

/** A failure envelope's `msg` as a PanelError; the panel's words (trimmed) stay the message of a refusal. */
export function envelopeRefusal(action: string, rawMessage: string, dialect: EnvelopeDialect): PanelError {
  const panelMessage = rawMessage.trim();
  const lower = panelMessage.toLowerCase();
  if (lower.includes("database is locked")) {
    return new PanelError("transient", "database-locked", action, `the panel's database was busy (${panelMessage})`, { panelMessage });
  }
  if (dialect.invalidToken?.words.test(lower)) return new PanelError("auth", "invalid-token", action, dialect.invalidToken.advice, { panelMessage });
  const reason: PanelErrorReason = dialect.notFound.test(lower) ? "not-found" : "rejected";
  return new PanelError("permanent", reason, action, panelMessage || "the panel refused without a reason", { panelMessage });
}

/** The envelope's `obj` (null when absent), or the failure classified: the HTTP status, no envelope, or a refusal. */
export function envelopeObject(action: string, host: string, response: WireResponse, dialect: EnvelopeDialect): unknown {
  if (response.status !== 200) throw classifyStatus(action, host, response.status, dialect.statusAdvice);
  const parsed = parseJson(action, host, response.body);
  if (!isRow(parsed) || typeof parsed.success !== "boolean") throw badResponse(action, host, `no ${dialect.panel} envelope`);
  if (!parsed.success) {
    const error = envelopeRefusal(action, str(parsed.msg), dialect);
    log.debug({ panel: host, action, kind: error.kind, reason: error.reason }, "panel call refused");
    throw error;
  }
  return parsed.obj ?? null;
}

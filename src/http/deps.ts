/** What the HTTP modules are built from: the core, the metrics, and the few settings that are theirs. */
import type { Logger } from "pino";
import type { Core } from "../core.ts";
import type { Metrics } from "./metrics/metrics.ts";
import { audit } from "../store/audit.ts";
import type { SessionLimits } from "./console/session.ts";

export interface HttpDeps {
  core: Core;
  metrics: Metrics;
  /** Bearer token for /api/*; unset turns the operator API off (every call answers 401). */
  operatorToken: string | undefined;
  /** Base of customers' subscription links (PUBLIC_URL). */
  publicUrl: string;
  log: Logger;
  /** Language of the subscription page when neither ?lang= nor Accept-Language decides. Default fa. */
  defaultLanguage?: "fa" | "en" | "ru";
  /** Largest request body in bytes. Default 64 KB. */
  bodyLimitBytes?: number;
  /** How long a panel's subscription answer is reused from memory. Default 5 s. */
  subscriptionCacheMs?: number;
  /** Deadline of one panel fetch for /sub. Default 5 s. */
  panelTimeoutMs?: number;
  /** Loads a receipt photo (a Telegram file id) through the user bot, for the console; unset without a user bot. */
  receiptPhotos?: (fileId: string) => Promise<Uint8Array | null>;
  /** How long the console's overview figures are reused, in ms. Default 3 s; 0 recomputes them every time. */
  consoleFiguresTtlMs?: number;
  /** Console session idle and absolute limits (tests shorten them). */
  consoleSessionLimits?: SessionLimits;
}

/** Every state-changing operator call leaves an audit row, actor "operator". */
export function auditOperator(deps: HttpDeps, action: string, target: string, before?: unknown, after?: unknown): void {
  deps.core.store.audit({ actor: "operator", action, target, before, after }, deps.core.runtime.clock.now());
}

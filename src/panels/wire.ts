/**
 * What every panel driver needs on the wire, written once: reading untrusted JSON, URLs, one call's deadline, one
 * HTTP exchange with transport failures classified, HTTP statuses classified, a write queue, and the
 * `Subscription-Userinfo` header. Drivers keep only their panel's routes, envelopes and quirks.
 */
import { ofetch, type $Fetch } from "ofetch";
import { log } from "../log.ts";
import { PanelError, type PanelErrorKind, type SubscriptionUsage } from "./panel.ts";

export type Row = Record<string, unknown>;

export function isRow(value: unknown): value is Row {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

export function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export function rows(value: unknown): Row[] {
  return Array.isArray(value) ? value.filter(isRow) : [];
}

export function invalidInput(action: string, message: string): PanelError {
  return new PanelError("permanent", "invalid-input", action, message);
}

export function checkCount(action: string, what: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw invalidInput(action, `${what} must be a whole number ≥ 0`);
}

/** Parses an absolute http(s) URL, query and fragment dropped; anything else is invalid input naming `what`. */
export function parseHttpUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalidInput("config", `${what} must be an absolute http(s) URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw invalidInput("config", `${what} must be an absolute http(s) URL`);
  }
  url.search = "";
  url.hash = "";
  return url;
}

/** A base URL with its path ending in "/", after dropping a pasted API tail matched by `apiTail` (e.g. `/apiv2`). */
export function baseUrl(raw: string, what: string, apiTail?: RegExp): string {
  const url = parseHttpUrl(raw, what);
  let path = url.pathname.replace(/\/+$/, "");
  if (apiTail) path = path.replace(apiTail, "");
  url.pathname = `${path}/`;
  return url.toString();
}

/** `Subscription-Userinfo: upload=…; download=…; total=…; expire=…` read into numbers. */
function parseUsage(header: string | null): SubscriptionUsage | null {
  if (header === null) return null;
  const fields = new Map<string, number>();
  for (const part of header.split(";")) {
    const [key, value] = part.split("=").map((s) => s.trim());
    if (key && value !== undefined && /^-?\d+$/.test(value)) fields.set(key, Number(value));
  }
  return {
    uploadBytes: fields.get("upload") ?? 0,
    downloadBytes: fields.get("download") ?? 0,
    totalBytes: fields.get("total") ?? 0,
    expireUnixS: fields.get("expire") ?? 0,
  };
}

/**
 * Panels write header values as raw UTF-8 bytes; fetch hands them over as latin1 characters. Reads them back as
 * UTF-8 when they are valid UTF-8, else leaves them as they came.
 */
function utf8Header(value: string | null): string | null {
  if (value === null || !/[\u0080-\u00ff]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return value;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(value, "latin1"));
  } catch {
    return value;
  }
}

/**
 * A non-2xx status as a PanelError: 5xx, 408 and 429 are transient, 401 and 403 auth, the rest permanent.
 * `advice` adds the kind's words for the statuses a person can fix (401/403 and 404).
 */
export function classifyStatus(
  action: string,
  host: string,
  status: number,
  advice: { auth?: string; notFound?: string } = {},
): PanelError {
  let kind: PanelErrorKind = "permanent";
  let words = "";
  if (status >= 500 || status === 408 || status === 429) kind = "transient";
  else if (status === 401 || status === 403) {
    kind = "auth";
    words = advice.auth ? `: ${advice.auth}` : "";
  } else if (status === 404 && advice.notFound) words = `: ${advice.notFound}`;
  return new PanelError(kind, "http-status", action, `the panel at ${host} answered HTTP ${status} to ${action}${words}`, { status });
}

/** One call's deadline: the caller's signal joined with a timeout, told apart afterwards. */
export interface Deadline {
  signal: AbortSignal;
  timeoutMs: number;
  timedOut(): boolean;
  dispose(): void;
}

export function deadline(timeoutMs: number, callerSignal: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException("timed out", "TimeoutError"));
  }, timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal;
  return { signal, timeoutMs, timedOut: () => timedOut, dispose: () => clearTimeout(timer) };
}

/** Runs `call` under one deadline made from the call's options and the driver's default timeout. */
export async function within<T>(
  options: { signal?: AbortSignal; timeoutMs?: number },
  defaultTimeoutMs: number,
  call: (due: Deadline) => Promise<T>,
): Promise<T> {
  const due = deadline(options.timeoutMs ?? defaultTimeoutMs, options.signal);
  try {
    return await call(due);
  } finally {
    due.dispose();
  }
}

/** What `call` answers, or `absent` when the panel said, as a "not found" error, that the thing is not there. */
export async function unlessNotFound<T, A>(call: () => Promise<T>, absent: A): Promise<T | A> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PanelError && error.reason === "not-found") return absent;
    throw error;
  }
}

/** Runs tasks one at a time; a failed task does not block the next. */
export class WriteQueue {
  private tail: Promise<void> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}

export interface WireRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  headers?: Record<string, string>;
  body?: URLSearchParams | string;
  /** Manual: a 3xx is returned as it is (a login answer's cookie must not be lost to a redirect). */
  redirect?: "manual";
}

export interface WireResponse {
  status: number;
  headers: Headers;
  body: string;
}

/** One HTTP client for one panel: no retries, every answer returned whatever its status, transport failures classified. */
export class PanelWire {
  private readonly http: $Fetch = ofetch.create({ retry: 0, ignoreResponseError: true });

  async send(action: string, url: string, init: WireRequest, due: Deadline): Promise<WireResponse> {
    const started = performance.now();
    const host = new URL(url).host;
    try {
      const response = await this.http.raw<string, "text">(url, {
        method: init.method,
        ...(init.headers ? { headers: init.headers } : {}),
        ...(init.body !== undefined ? { body: init.body } : {}),
        ...(init.redirect ? { redirect: init.redirect } : {}),
        signal: due.signal,
        responseType: "text",
        retry: 0,
        ignoreResponseError: true,
      });
      log.debug({ host, action, status: response.status, ms: Math.round(performance.now() - started) }, "panel call");
      return { status: response.status, headers: response.headers, body: response._data ?? "" };
    } catch (cause) {
      const error = due.timedOut()
        ? new PanelError("transient", "timeout", action, `${host} did not answer ${action} within ${due.timeoutMs} ms`, { cause })
        : due.signal.aborted
          ? new PanelError("transient", "aborted", action, `the call ${action} to ${host} was cancelled`, { cause })
          : new PanelError("transient", "network", action, `cannot reach ${host} (${action})`, { cause });
      log.debug({ host, action, reason: error.reason }, "panel call failed");
      throw error;
    }
  }
}

/** Parses a JSON answer; anything else is a permanent bad-response naming the call. */
export function parseJson(action: string, host: string, body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw badResponse(action, host, "the answer is not JSON");
  }
}

export function badResponse(action: string, host: string, what: string): PanelError {
  return new PanelError("permanent", "bad-response", action, `the panel at ${host} gave an unexpected answer to ${action}: ${what}`);
}

/** The parts of a subscription answer clients read, the same on every panel's subscription server. */
export function subscriptionFrom(response: WireResponse) {
  const headers = response.headers;
  const userinfo = headers.get("subscription-userinfo");
  return {
    body: response.body,
    contentType: headers.get("content-type"),
    subscriptionUserinfo: userinfo,
    usage: parseUsage(userinfo),
    profileTitle: utf8Header(headers.get("profile-title")),
    profileUpdateInterval: headers.get("profile-update-interval"),
    contentDisposition: headers.get("content-disposition"),
  };
}

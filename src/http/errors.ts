/**
 * One error shape for the whole HTTP surface: `{"error": {"code", "message"}}` with a fitting status. Handlers throw
 * an ApiError; Elysia's own failures (validation, malformed bodies, unknown routes) and anything unexpected are
 * mapped here, so no stack trace, SQL text or secret ever reaches a response.
 */
import { Elysia, ValidationError } from "elysia";
import type { Logger } from "pino";
import { ActorError } from "../../actors/types.ts";

/** A failure a handler reports on purpose: its status, a stable code, and words an operator can act on. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra fields placed inside `error` (e.g. the actor's current state on a 409). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; [detail: string]: unknown };
}

export function errorBody(code: string, message: string, details: Record<string, unknown> = {}): ErrorBody {
  return { error: { code, message, ...details } };
}

/** A JSON error response, for hooks that answer before routing (auth, size limit). */
export function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(errorBody(code, message)), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** The runtime's refusals as HTTP answers. */
export function fromActorError(error: ActorError): ApiError {
  switch (error.kind) {
    case "not-found":
      return new ApiError(404, "actor-not-found", error.message);
    case "unknown-kind":
      return new ApiError(404, "unknown-kind", error.message);
    case "quarantined":
      return new ApiError(409, "actor-quarantined", error.message);
    case "stopped":
      return new ApiError(503, "runtime-stopped", "the runtime is stopping; try again shortly");
    case "rejected":
      return new ApiError(409, "event-refused", error.message);
    case "actor-error":
      return new ApiError(500, "actor-error", "the actor failed on this event; the journal records why");
  }
}

interface SchemaBranch {
  const?: unknown;
  type?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
}

interface SchemaError {
  path: string;
  message: string;
  schema?: { anyOf?: SchemaBranch[] };
}

/** What a union wanted, in words: its choices, or the type Elysia coerces strings into (numbers, booleans). */
function expectedOf(branches: SchemaBranch[]): string | null {
  const choices = branches.map((b) => b.const).filter((value) => value !== undefined);
  if (choices.length > 0) return `expected one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`;
  const real = branches.find((b) => b.type !== "string" || !["numeric", "integer", "boolean"].includes(String(b.format)));
  if (!real?.type) return null;
  const range = [real.minimum !== undefined ? `at least ${real.minimum}` : "", real.maximum !== undefined ? `at most ${real.maximum}` : ""].filter(Boolean);
  const noun = real.type === "integer" ? "a whole number" : real.type === "number" ? "a number" : `a ${real.type}`;
  return `expected ${noun}${range.length > 0 ? ` (${range.join(", ")})` : ""}`;
}

/** "body /serverId: expected a string" — the first few problems, with the allowed values of a choice spelled out. */
function validationMessage(error: ValidationError): string {
  // "property": Elysia checked one coerced query or param value on its own and does not say which; the value helps.
  if (error.type === "property") {
    const first = (error.all as SchemaError[] | undefined)?.[0];
    return `a parameter is out of range: ${first?.message ?? "not valid"} (got ${JSON.stringify(error.value)})`;
  }
  const all = (error.all as SchemaError[] | undefined) ?? [];
  const parts = all.slice(0, 3).map((problem) => {
    const words = (problem.schema?.anyOf && expectedOf(problem.schema.anyOf)) || problem.message;
    return `${error.type} ${problem.path || "(whole)"}: ${words}`;
  });
  return parts.length > 0 ? parts.join("; ") : `${error.type} is not valid`;
}

/**
 * Maps every error to the one shape. Registered globally, first, so it covers every module's routes. `answered`
 * hears every error answer (the idempotency store keeps it for a retry).
 */
export function errorHandling(options: { log: Logger; answered?: (request: Request, status: number, body: unknown) => void }) {
  const { log } = options;
  return new Elysia({ name: "http-errors" }).onError({ as: "global" }, ({ code, error, set, request }) => {
    let failure: ApiError;
    if (error instanceof ApiError) failure = error;
    else if (error instanceof ValidationError) failure = new ApiError(400, "invalid-input", validationMessage(error));
    else if (code === "PARSE") {
      const cause = (error as { cause?: unknown }).cause;
      failure = cause instanceof ApiError ? cause : new ApiError(400, "malformed-body", "the body is not valid JSON");
    } else if (code === "NOT_FOUND") failure = new ApiError(404, "not-found", "no such route");
    else if (error instanceof ActorError) failure = fromActorError(error);
    else {
      log.error({ err: error, method: request.method, path: new URL(request.url).pathname }, "http handler failed");
      failure = new ApiError(500, "internal", "something went wrong on our side; the log has the details");
    }
    set.status = failure.status;
    const body = errorBody(failure.code, failure.message, failure.details);
    options.answered?.(request, failure.status, body);
    set.headers["content-type"] = "application/json; charset=utf-8";
    return body;
  });
}

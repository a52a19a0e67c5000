/**
 * The HTTP face of the fake: `/bot<token>/<method>` with JSON, multipart or urlencoded bodies (or a query string),
 * `/file/bot<token>/<path>` for downloads, answers shaped like Telegram's, injected faults, and a request log.
 */
import type { Server } from "bun";
import { METHODS, type Params } from "./methods.ts";
import type { TelegramState } from "./state.ts";
import { ApiFailure } from "./validate.ts";
import { rememberUploadName } from "./documents.ts";

/** One request the fake answered. */
export interface RequestRecord {
  bot: string;
  method: string;
  /** Epoch ms when the request arrived. */
  at: number;
  chatId: number | undefined;
  ok: boolean;
  errorCode: number | undefined;
  description: string | undefined;
  params: Record<string, unknown>;
}

/** A fault to answer instead of running the method, `times` times. */
export interface FaultRule {
  times: number;
  failure: ApiFailure;
  /** Only this method; by default every method except polling and webhook setup. */
  method?: string;
  chatId?: number;
  /** Only this bot's token. */
  token?: string;
}

const NOT_FAULTED_BY_DEFAULT = new Set(["getUpdates", "getMe", "setWebhook", "deleteWebhook", "getWebhookInfo"]);

export class TelegramHttp {
  readonly requests: RequestRecord[] = [];
  private readonly faults: FaultRule[] = [];
  private server: Server<undefined> | undefined;

  constructor(private readonly state: TelegramState) {}

  /** Starts listening on 127.0.0.1 and a free port; returns the apiRoot for grammY. */
  listen(): string {
    this.server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      development: false,
      // Long polls wait up to the client's timeout; Bun's default idle timeout (10 s) would cut them.
      idleTimeout: 0,
      fetch: (request) => this.handle(request),
    });
    return `http://127.0.0.1:${this.server.port}`;
  }

  async stop(): Promise<void> {
    await this.server?.stop(true);
  }

  addFault(rule: FaultRule): void {
    this.faults.push(rule);
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  private async handle(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    const api = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
    if (api) return await this.call(request, decodeURIComponent(api[1]!), api[2]!);
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
    if (file) return this.download(decodeURIComponent(file[1]!), decodeURIComponent(file[2]!));
    return failure(new ApiFailure(404, "Not Found"));
  }

  private download(token: string, path: string): Response {
    if (!this.state.bots.has(token)) return failure(new ApiFailure(401, "Unauthorized"));
    for (const file of this.state.files.values()) {
      if (file.path === path) return new Response(file.bytes as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType(path) } });
    }
    return failure(new ApiFailure(404, "Not Found"));
  }

  private async call(request: Request, token: string, methodName: string): Promise<Response> {
    const bot = this.state.bots.get(token);
    if (!bot) return failure(new ApiFailure(401, "Unauthorized"));
    const method = METHODS.get(methodName.toLowerCase());
    if (!method) return failure(new ApiFailure(404, "Not Found: method not found"));
    const at = Date.now();
    let params: Params;
    try {
      params = await readParams(request);
    } catch {
      return failure(new ApiFailure(400, "Bad Request: can't parse request body"));
    }
    const record: RequestRecord = {
      bot: bot.username,
      method: method.name,
      at,
      chatId: chatIdOf(params),
      ok: true,
      errorCode: undefined,
      description: undefined,
      params: withoutBytes(params),
    };
    this.requests.push(record);
    try {
      const fault = this.takeFault(token, method.name, record.chatId);
      if (fault) throw fault;
      const result = await method.run({ state: this.state, bot, params, signal: request.signal });
      this.state.changed();
      return Response.json({ ok: true, result });
    } catch (error) {
      const answer =
        error instanceof ApiFailure ? error : new ApiFailure(500, `Internal Server Error: ${String(error)}`);
      if (!(error instanceof ApiFailure)) console.error("fake telegram: method crashed", error);
      record.ok = false;
      record.errorCode = answer.errorCode;
      record.description = answer.description;
      this.state.changed();
      return failure(answer);
    }
  }

  private takeFault(token: string, method: string, chatId: number | undefined): ApiFailure | undefined {
    const rule = this.faults.find(
      (f) =>
        f.times > 0 &&
        (f.method ? f.method === method : !NOT_FAULTED_BY_DEFAULT.has(method)) &&
        (f.chatId === undefined || f.chatId === chatId) &&
        (f.token === undefined || f.token === token),
    );
    if (!rule) return undefined;
    rule.times -= 1;
    return rule.failure;
  }
}

function failure(error: ApiFailure): Response {
  const body: Record<string, unknown> = { ok: false, error_code: error.errorCode, description: error.description };
  if (error.parameters) body.parameters = error.parameters;
  return Response.json(body, { status: error.errorCode });
}

/** Reads a request's parameters; multipart `attach://<name>` references become the bytes of that part. */
async function readParams(request: Request): Promise<Params> {
  const params: Params = Object.fromEntries(new URL(request.url).searchParams);
  if (request.method !== "POST") return params;
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const text = await request.text();
    return text.trim() ? { ...params, ...(JSON.parse(text) as Params) } : params;
  }
  if (type.includes("multipart/form-data") || type.includes("application/x-www-form-urlencoded")) {
    const form = await request.formData();
    const parts = new Map<string, Uint8Array>();
    for (const [name, value] of form.entries()) {
      if (typeof value === "string") params[name] = value;
      else {
        const bytes = new Uint8Array(await (value as Blob).arrayBuffer());
        const fileName = (value as { name?: unknown }).name;
        if (typeof fileName === "string" && fileName !== "") rememberUploadName(bytes, fileName);
        parts.set(name, bytes);
      }
    }
    const attached = new Set<string>();
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === "string" && value.startsWith("attach://")) {
        const part = value.slice("attach://".length);
        attached.add(part);
        params[name] = parts.get(part) ?? value;
      }
    }
    // A client may also upload a file directly under the parameter's own name.
    for (const [name, bytes] of parts) if (!attached.has(name) && !(name in params)) params[name] = bytes;
    return params;
  }
  return params;
}

function chatIdOf(params: Params): number | undefined {
  const raw = params.chat_id;
  if (typeof raw === "number") return raw;
  if (typeof raw === "string" && /^-?\d+$/.test(raw)) return Number(raw);
  return undefined;
}

function withoutBytes(params: Params): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, v instanceof Uint8Array ? `<${v.byteLength} bytes>` : v]),
  );
}

function contentType(path: string): string {
  if (path.endsWith(".png")) return "image/png";
  if (path.endsWith(".jpg")) return "image/jpeg";
  return "application/octet-stream";
}

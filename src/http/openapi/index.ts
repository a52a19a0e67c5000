/**
 * `GET /openapi/json` and `GET /openapi`: the OpenAPI 3 document of every route the app has, built from the routes
 * themselves — their params, query and body `t` schemas (TypeBox objects are JSON Schema) and the `detail` each
 * route declares (see `doc` in schemas.ts). Nothing runs tsc at runtime (docs/ARCHITECTURE.md, "Pitfalls"), and a route cannot be
 * left out: the document is made from the app's own route table the first time it is asked for.
 */
import { Elysia } from "elysia";
import { ErrorSchema } from "../schemas.ts";
import { isOperatorPath } from "../auth.ts";

/** What the document needs of a route (Elysia's `app.routes` entries). */
export interface RouteInfo {
  method: string;
  path: string;
  hooks?: { params?: unknown; query?: unknown; body?: unknown; detail?: unknown };
}

type Json = Record<string, unknown>;

/** Drops Elysia's coercion branches (numbers and booleans sent as strings) so the document shows the real type. */
function clean(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(clean);
  if (schema === null || typeof schema !== "object") return schema;
  const object = schema as Json;
  if (Array.isArray(object.anyOf)) {
    const branches = object.anyOf as Json[];
    const coerced = branches.filter((b) => b.type === "string" && ["numeric", "integer", "boolean"].includes(String(b.format)));
    const real = branches.filter((b) => !coerced.includes(b));
    if (coerced.length > 0 && real.length === 1) {
      const { anyOf: _anyOf, ...rest } = object;
      return clean({ ...real[0], ...rest });
    }
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(object)) if (key !== "default" || typeof value !== "object") out[key] = clean(value);
  return out;
}

const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

function parameters(schema: unknown, location: "path" | "query"): Json[] {
  const object = clean(schema) as { properties?: Record<string, Json>; required?: string[] } | undefined;
  if (!object?.properties) return [];
  return Object.entries(object.properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === "path" || (object.required ?? []).includes(name),
      schema: rest,
      ...(description ? { description } : {}),
    };
  });
}

function errorResponse(description: string): Json {
  return { description, content: { "application/json": { schema: clean(ErrorSchema) } } };
}

/** The OpenAPI 3.0 document for `routes`. */
function openApiDocument(routes: readonly RouteInfo[], info: { title: string; version: string }): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const method = route.method.toLowerCase();
    if (!["get", "post", "put", "patch", "delete", "head", "options"].includes(method)) continue;
    const hooks = route.hooks ?? {};
    const detail = (hooks.detail ?? {}) as Json;
    // Hidden routes are not the API (the console's HTML pages).
    if (detail.hide === true) continue;
    const operation: Json = { ...detail, responses: clean(detail.responses ?? { 200: { description: "OK" } }) };
    const responses = operation.responses as Json;
    const params = [...parameters(hooks.params, "path"), ...parameters(hooks.query, "query")];
    if (params.length > 0) operation.parameters = params;
    if (hooks.body) {
      operation.requestBody = { required: true, content: { "application/json": { schema: clean(hooks.body) } } };
      responses[413] ??= errorResponse("the body is larger than the limit (64 KB)");
      responses[415] ??= errorResponse("the body is not JSON");
    }
    if (hooks.body || hooks.params || hooks.query) responses[400] ??= errorResponse("a parameter or the body is missing, malformed or out of range");
    if (isOperatorPath(route.path)) {
      operation.security = [{ bearer: [] }];
      responses[401] ??= errorResponse("no or wrong bearer token, or the operator API is off (OPERATOR_TOKEN unset)");
      if (method === "post") {
        operation.parameters = [
          ...((operation.parameters as Json[] | undefined) ?? []),
          { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 200 }, description: "a retry with the same key and body gets the first answer back; another body gets 422" },
        ];
      }
    }
    paths[openApiPath(route.path)] ??= {};
    paths[openApiPath(route.path)]![method] = operation;
  }
  return {
    openapi: "3.0.3",
    info: { ...info, description: "subkeeper's operator API, subscription proxy, health and metrics. Errors are {\"error\": {\"code\", \"message\"}}." },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "OPERATOR_TOKEN" } },
      schemas: { Error: clean(ErrorSchema) },
    },
    paths,
  };
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A plain, self-contained HTML rendering of the document: every route with its parameters, body and answers. */
function openApiHtml(document: Json): string {
  const paths = document.paths as Record<string, Record<string, Json>>;
  const sections = Object.entries(paths)
    .flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, op]) => {
        const params = ((op.parameters as Json[] | undefined) ?? [])
          .map((p) => `<li><code>${escapeHtml(String(p.name))}</code> (${escapeHtml(String(p.in))}${p.required ? ", required" : ""}) <code>${escapeHtml(JSON.stringify(p.schema))}</code></li>`)
          .join("");
        const body = op.requestBody ? `<details><summary>body</summary><pre>${escapeHtml(JSON.stringify((op.requestBody as any).content["application/json"].schema, null, 2))}</pre></details>` : "";
        const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
          .map(([status, r]) => `<li><b>${escapeHtml(status)}</b> ${escapeHtml(String(r.description ?? ""))}</li>`)
          .join("");
        return `<section><h2><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h2><p>${escapeHtml(String(op.summary ?? ""))}</p>${params ? `<ul>${params}</ul>` : ""}${body}<ul>${responses}</ul></section>`;
      }),
    )
    .join("\n");
  const info = document.info as { title: string; version: string; description: string };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(info.title)} API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:0 auto;padding:16px;color:#1b2330}section{border-top:1px solid #e3e7ee;padding:8px 0}h2{font-size:1rem;margin:6px 0}.m{display:inline-block;min-width:64px;padding:2px 6px;border-radius:6px;color:#fff;font-size:.8rem;text-align:center}.get{background:#2f7dd1}.post{background:#2fa35f}.patch{background:#c98a12}.delete{background:#c23b3b}pre{background:#f5f7fa;padding:8px;overflow:auto}code{font-size:.9em}</style></head>
<body><h1>${escapeHtml(info.title)} ${escapeHtml(info.version)}</h1><p>${escapeHtml(info.description)} The machine-readable document is at <a href="/openapi/json">/openapi/json</a>.</p>
${sections}</body></html>`;
}

export function openApiRoutes(routes: () => readonly RouteInfo[], info: { title: string; version: string }) {
  let document: Json | undefined;
  const build = () => (document ??= openApiDocument(routes(), info));
  return new Elysia()
    .get("/openapi/json", () => build(), { detail: { summary: "This OpenAPI document", tags: ["docs"], responses: { 200: { description: "OpenAPI 3.0 JSON" } } } })
    .get("/openapi", () => new Response(openApiHtml(build()), { headers: { "content-type": "text/html; charset=utf-8" } }), {
      detail: { summary: "The API documentation as a page", tags: ["docs"], responses: { 200: { description: "HTML" } } },
    });
}

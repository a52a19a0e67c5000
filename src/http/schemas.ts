/** `t` schemas shared by the operator API's modules, and the helper that documents a route for OpenAPI. */
import { t, type TSchema } from "elysia";

export const ErrorSchema = t.Object(
  {
    error: t.Object({ code: t.String(), message: t.String() }, { additionalProperties: true }),
  },
  { description: "Every error: a stable code and words a person can act on" },
);

/** Ids in URLs: actor ids, order ids, server ids are short and plain. */
export const IdString = t.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_.:-]+$" });

/** A page size for lists. */
export const Limit = t.Numeric({ minimum: 1, maximum: 500, description: "page size (default 50)" });

type Described = string | [description: string, schema: TSchema];

/**
 * The `detail` of a route: summary, tag and responses. The OpenAPI document (openapi/index.ts) adds the params,
 * query and body schemas from the route's own `t` schemas, and the 400/401/413 answers every API route can give.
 */
export function doc(summary: string, tag: string, responses: Record<number, Described>, description?: string) {
  const out: Record<string, unknown> = {};
  for (const [status, described] of Object.entries(responses)) {
    const [text, schema] = typeof described === "string" ? [described, Number(status) >= 400 ? ErrorSchema : undefined] : described;
    out[status] = schema ? { description: text, content: { "application/json": { schema } } } : { description: text };
  }
  // Elysia types `detail` as an OpenAPI operation; the schemas here are TypeBox objects, which are JSON Schema.
  return { summary, tags: [tag], responses: out as never, ...(description ? { description } : {}) };
}

/** The audit log over HTTP, newest first. */
import { Elysia, t } from "elysia";
import type { HttpDeps } from "../deps.ts";
import { Limit, doc } from "../schemas.ts";

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

const AuditPage = t.Object({
  items: t.Array(
    t.Object({
      id: t.Number(),
      actor: t.String(),
      action: t.String(),
      target: t.Union([t.String(), t.Null()]),
      before: t.Unknown(),
      after: t.Unknown(),
      at: t.Number(),
    }),
  ),
  nextBefore: t.Union([t.Number(), t.Null()]),
});

export function auditRoutes(deps: HttpDeps) {
  return new Elysia({ prefix: "/api/audit" }).get(
    "",
    ({ query }) => {
      const limit = query.limit ?? 50;
      const items = deps.core.store.listAudit({ limit, before: query.before }).map((row) => ({ ...row, before: parse(row.before), after: parse(row.after) }));
      return { items, nextBefore: items.length === limit ? items[items.length - 1]!.id : null };
    },
    {
      query: t.Object({ limit: t.Optional(Limit), before: t.Optional(t.Numeric({ minimum: 1, description: "nextBefore of the previous page" })) }),
      detail: doc("Read the audit log, newest first", "audit", { 200: ["a page of audit entries", AuditPage] }),
    },
  );
}

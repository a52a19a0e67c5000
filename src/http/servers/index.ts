/**
 * Servers over HTTP, through the ServerService: add (probed on the live panel before anything is saved), list,
 * read, change (a new URL or token is probed again), and DELETE, which retires the server (its subscriptions keep
 * their rows; retiring stops probes and placement). The API token is write-only.
 */
import { Elysia, t } from "elysia";
import type { ServerErrorCode, ServerResult } from "../../servers/service.ts";
import { auditOperator, type HttpDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { doc } from "../schemas.ts";
import { ServerBody, ServerDetails, ServerParams, ServerPatch } from "./schemas.ts";

const STATUS: Record<ServerErrorCode, number> = {
  "invalid-input": 400,
  "not-found": 404,
  "duplicate-name": 409,
  "invalid-state": 409,
  unreachable: 422,
  auth: 422,
  "unknown-inbound": 422,
  "unsupported-version": 422,
  "panel-error": 422,
};

function unwrap<T>(result: ServerResult<T>): T {
  if (result.ok) return result.value;
  throw new ApiError(STATUS[result.error.code] ?? 400, result.error.code, result.error.message);
}

/** What the audit log keeps of a request: everything but the secrets, which are only said to be set. */
function withoutToken<T extends { apiToken?: string; password?: string }>(input: T): Omit<T, "apiToken" | "password"> & { apiToken?: "[set]"; password?: "[set]" } {
  const { apiToken, password, ...rest } = input;
  return { ...rest, ...(apiToken === undefined ? {} : { apiToken: "[set]" as const }), ...(password === undefined ? {} : { password: "[set]" as const }) };
}

const failures = {
  400: "a field is missing or wrong",
  409: "the name is taken, or the server's state does not allow it",
  422: "the panel did not answer, refused the credentials, runs a version subkeeper does not drive, or lacks an inbound",
};

export function serverRoutes(deps: HttpDeps) {
  const service = deps.core.servers;
  return new Elysia({ prefix: "/api/servers" })
    .get("", () => service.list(), { detail: doc("List servers with their health", "servers", { 200: ["every server, oldest first", t.Array(ServerDetails)] }) })
    .post(
      "",
      async ({ body, set }) => {
        const server = unwrap(await service.add(body));
        auditOperator(deps, "server:add", `server/${server.id}`, undefined, withoutToken(body));
        set.status = 201;
        return server;
      },
      {
        body: ServerBody,
        detail: doc("Add a server; the panel is probed and its inbounds checked before it is saved", "servers", {
          201: ["the server, now watched", ServerDetails],
          ...failures,
        }),
      },
    )
    .get(
      "/:id",
      ({ params }) => {
        const server = service.get(params.id);
        if (!server) throw new ApiError(404, "not-found", `there is no server ${params.id}`);
        return server;
      },
      { params: ServerParams, detail: doc("Read a server", "servers", { 200: ["the server", ServerDetails], 404: "no such server" }) },
    )
    .patch(
      "/:id",
      async ({ params, body }) => {
        const before = service.get(params.id);
        const server = unwrap(await service.update(params.id, body));
        auditOperator(deps, "server:update", `server/${params.id}`, before && { name: before.name, panelUrl: before.panelUrl }, withoutToken(body));
        return server;
      },
      {
        params: ServerParams,
        body: ServerPatch,
        detail: doc("Change a server; a new URL, token or inbound list is checked on the panel first", "servers", {
          200: ["the server as changed", ServerDetails],
          404: "no such server",
          ...failures,
        }),
      },
    )
    .delete(
      "/:id",
      async ({ params }) => {
        const server = unwrap(await service.retire(params.id));
        auditOperator(deps, "server:retire", `server/${params.id}`, undefined, { state: server.state });
        return server;
      },
      {
        params: ServerParams,
        detail: doc("Retire a server: no more probes, syncs or new clients (its rows stay for the record)", "servers", {
          200: ["the retired server", ServerDetails],
          404: "no such server",
          409: "the server has no actor",
        }),
      },
    );
}

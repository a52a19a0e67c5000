/**
 * The operator's console at /console: server-rendered pages over the read models, changes through the same
 * services, actors and audit log as the bots and the API. Routes are listed here; every one goes through `handle`
 * (kit.ts), which decides who may see it.
 */
import { Elysia } from "elysia";
import type { HttpDeps } from "../deps.ts";
import { ASSETS } from "./assets.ts";
import { createKit, errorPage, handle } from "./kit.ts";
import { liveView } from "./live.ts";
import { logout, showLogin, submitLogin } from "./pages/login.ts";
import { showOverview } from "./pages/overview.ts";
import { decideReceipt, receiptPhoto, showReceipts } from "./pages/receipts.ts";
import { SECURITY_HEADERS } from "./visit.ts";
import { w } from "./words.ts";

function asset(asset: { body: string; type: string }): Response {
  return new Response(asset.body, {
    headers: { ...SECURITY_HEADERS, "content-type": asset.type, "cache-control": "public, max-age=31536000, immutable" },
  });
}

/** Console routes are pages, not the API: the OpenAPI document leaves them out. */
const hidden = { detail: { hide: true } };

export function consoleRoutes(deps: HttpDeps) {
  const kit = createKit(deps);
  return new Elysia({ name: "console" })
    .get("/console/assets/console.css", () => asset(ASSETS.css), hidden)
    .get("/console/assets/console.js", () => asset(ASSETS.js), hidden)
    .get("/console/login", handle(kit, "public", (visit) => showLogin(kit, visit)), hidden)
    .post("/console/login", handle(kit, "public", (visit) => submitLogin(kit, visit)), hidden)
    .post("/console/logout", handle(kit, "change", (visit) => logout(kit, visit)), hidden)
    .get("/console", handle(kit, "page", (visit) => showOverview(kit, visit)), hidden)
    .get("/console/live", handle(kit, "live", (visit) => liveView(kit, visit)), hidden)
    .get("/console/receipts", handle(kit, "page", (visit) => showReceipts(kit, visit)), hidden)
    .get("/console/receipts/:orderId/photo", (ctx) => handle(kit, "page", (visit) => receiptPhoto(kit, visit, ctx.params.orderId))(ctx), hidden)
    .post("/console/receipts/:orderId/approve", (ctx) => handle(kit, "change", (visit) => decideReceipt(kit, visit, ctx.params.orderId, true))(ctx), hidden)
    .post("/console/receipts/:orderId/reject", (ctx) => handle(kit, "change", (visit) => decideReceipt(kit, visit, ctx.params.orderId, false))(ctx), hidden)
    .get("/console/*", handle(kit, "page", (visit) => errorPage(kit, visit, 404, w(visit.lang, "not-found"))), hidden);
}

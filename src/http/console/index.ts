/**
 * The operator's console at /console: server-rendered pages over the read models, changes through the same
 * services, actors and audit log as the bots and the API. Routes are listed here; every one goes through `handle`
 * (kit.ts), which decides who may see it.
 */
import { Elysia } from "elysia";
import type { HttpDeps } from "../deps.ts";
import { ASSETS } from "./assets.ts";
import { createKit, errorPage, handle, type ConsoleKit } from "./kit.ts";
import { liveView } from "./live.ts";
import { broadcastCommand, draftBroadcast, showBroadcast, showBroadcasts } from "./pages/broadcasts.ts";
import { addCode, addPlan, changeCode, changePlan, showCodes, showPlans } from "./pages/catalog.ts";
import { adjustBalance, banCustomer, showCustomer, showCustomers } from "./pages/customers.ts";
import { logout, showLogin, submitLogin } from "./pages/login.ts";
import { showOverview } from "./pages/overview.ts";
import { decideReceipt, receiptPhoto, showReceipts } from "./pages/receipts.ts";
import { addServer, serverCommand, showServers } from "./pages/servers.ts";
import { saveSettings, showSettings } from "./pages/settings.ts";
import { showSubscription, subscriptionEvent } from "./pages/subscription.ts";
import { SECURITY_HEADERS, type Visit } from "./visit.ts";
import { w } from "./words.ts";

function asset(asset: { body: string; type: string }): Response {
  return new Response(asset.body, {
    headers: { ...SECURITY_HEADERS, "content-type": asset.type, "cache-control": "public, max-age=31536000, immutable" },
  });
}

/** Console routes are pages, not the API: the OpenAPI document leaves them out. */
const hidden = { detail: { hide: true } };

type Params = Record<string, string>;
type Route = (kit: ConsoleKit, visit: Visit, params: Params) => Response | Promise<Response>;

export function consoleRoutes(deps: HttpDeps) {
  const kit = createKit(deps);
  const page = (route: Route) => (ctx: Parameters<ReturnType<typeof handle>>[0] & { params: Params }) => handle(kit, "page", (v) => route(kit, v, ctx.params))(ctx);
  const change = (route: Route) => (ctx: Parameters<ReturnType<typeof handle>>[0] & { params: Params }) => handle(kit, "change", (v) => route(kit, v, ctx.params))(ctx);
  return new Elysia({ name: "console" })
    .get("/console/assets/console.css", () => asset(ASSETS.css), hidden)
    .get("/console/assets/console.js", () => asset(ASSETS.js), hidden)
    .get("/console/login", handle(kit, "public", (v) => showLogin(kit, v)), hidden)
    .post("/console/login", handle(kit, "public", (v) => submitLogin(kit, v)), hidden)
    .post("/console/logout", change((k, v) => logout(k, v)), hidden)
    .get("/console/live", handle(kit, "live", (v) => liveView(kit, v)), hidden)
    .get("/console", page((k, v) => showOverview(k, v)), hidden)
    .get("/console/receipts", page((k, v) => showReceipts(k, v)), hidden)
    .get("/console/receipts/:orderId/photo", page((k, v, p) => receiptPhoto(k, v, p.orderId!)), hidden)
    .post("/console/receipts/:orderId/approve", change((k, v, p) => decideReceipt(k, v, p.orderId!, true)), hidden)
    .post("/console/receipts/:orderId/reject", change((k, v, p) => decideReceipt(k, v, p.orderId!, false)), hidden)
    .get("/console/customers", page((k, v) => showCustomers(k, v)), hidden)
    .get("/console/customers/:id", page((k, v, p) => showCustomer(k, v, p.id!)), hidden)
    .post("/console/customers/:id/ban", change((k, v, p) => banCustomer(k, v, p.id!, true)), hidden)
    .post("/console/customers/:id/unban", change((k, v, p) => banCustomer(k, v, p.id!, false)), hidden)
    .post("/console/customers/:id/adjust", change((k, v, p) => adjustBalance(k, v, p.id!)), hidden)
    .get("/console/subscriptions/:id", page((k, v, p) => showSubscription(k, v, p.id!)), hidden)
    .post("/console/subscriptions/:id/events", change((k, v, p) => subscriptionEvent(k, v, p.id!)), hidden)
    .get("/console/servers", page((k, v) => showServers(k, v)), hidden)
    .post("/console/servers", change((k, v) => addServer(k, v)), hidden)
    .post("/console/servers/:id/:action", change((k, v, p) => serverCommand(k, v, p.id!, p.action!)), hidden)
    .get("/console/plans", page((k, v) => showPlans(k, v)), hidden)
    .post("/console/plans", change((k, v) => addPlan(k, v)), hidden)
    .post("/console/plans/:id/:action", change((k, v, p) => changePlan(k, v, p.id!, p.action!)), hidden)
    .get("/console/codes", page((k, v) => showCodes(k, v)), hidden)
    .post("/console/codes", change((k, v) => addCode(k, v)), hidden)
    .post("/console/codes/:code/:action", change((k, v, p) => changeCode(k, v, p.code!, p.action!)), hidden)
    .get("/console/broadcasts", page((k, v) => showBroadcasts(k, v)), hidden)
    .post("/console/broadcasts", change((k, v) => draftBroadcast(k, v)), hidden)
    .get("/console/broadcasts/:id", page((k, v, p) => showBroadcast(k, v, p.id!)), hidden)
    .post("/console/broadcasts/:id/:command", change((k, v, p) => broadcastCommand(k, v, p.id!, p.command!)), hidden)
    .get("/console/settings", page((k, v) => showSettings(k, v)), hidden)
    .post("/console/settings", change((k, v) => saveSettings(k, v)), hidden)
    .get("/console/*", page((k, v) => errorPage(k, v, 404, w(v.lang, "not-found"))), hidden);
}

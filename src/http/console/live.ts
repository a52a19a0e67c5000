/**
 * The live view: what a page shows that changes on its own (a server going down, receipts arriving, a broadcast's
 * progress), as text and states keyed like the page's `data-live-*` marks. The console's script polls it; it reads
 * the same read models as the pages and never wakes an actor.
 */
import { Broadcasts } from "../../sales/broadcasts.ts";
import type { ConsoleKit } from "./kit.ts";
import { jsonResponse, type Visit } from "./visit.ts";
import { stateWord } from "./layout.ts";
import { latencyText } from "./pages/overview.ts";
import { money, num, when } from "./words.ts";

export function liveView(kit: ConsoleKit, visit: Visit): Response {
  const { lang } = visit;
  const parts = new Set((visit.url.searchParams.get("parts") ?? "").split(","));
  const now = kit.now();
  const values: Record<string, string> = { at: when(lang, now) };
  const states: Record<string, string> = {};
  const stateWords: Record<string, string> = {};
  const state = (key: string, value: string) => {
    states[key] = value;
    stateWords[key] = stateWord(lang, value);
  };
  if (parts.has("servers")) {
    for (const server of kit.deps.core.servers.list()) {
      state(`server:${server.id}:state`, server.state);
      values[`server:${server.id}:latency`] = latencyText(lang, server);
      values[`server:${server.id}:clients`] = num(lang, server.clientCount);
      values[`server:${server.id}:error`] = server.lastError ?? "";
    }
  }
  if (parts.has("counts")) {
    const { stats } = kit.figures();
    values["count:receipts"] = num(lang, stats.pendingReceipts);
    values["count:active"] = num(lang, stats.subscriptions.active);
    values["count:failures"] = num(lang, stats.provisioningFailures);
    values["count:customers"] = num(lang, stats.customers.total);
    values["money:revenue30d"] = money(lang, stats.revenue.last30d);
  }
  const broadcastId = visit.url.searchParams.get("broadcast");
  if (broadcastId && /^\d{1,12}$/.test(broadcastId)) {
    const view = new Broadcasts({ db: kit.deps.core.db, runtime: kit.deps.core.runtime }).get(broadcastId);
    if (view) {
      state(`broadcast:${view.id}:state`, view.state);
      for (const key of ["delivered", "blocked", "failed", "remaining"] as const) values[`broadcast:${view.id}:${key}`] = num(lang, view[key]);
      values[`broadcast:${view.id}:error`] = view.lastError ?? "";
    }
  }
  const subscriptionId = visit.url.searchParams.get("subscription");
  if (subscriptionId && /^\d{1,20}$/.test(subscriptionId)) {
    const actor = kit.deps.core.runtime.read("subscription", subscriptionId);
    if (actor) state(`subscription:${subscriptionId}:state`, actor.state);
  }
  return jsonResponse({ at: now, values, states, stateWords });
}

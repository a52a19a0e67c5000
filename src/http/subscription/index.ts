/**
 * `GET /sub/:token`, the customer's stable subscription URL (no auth: the token is the secret). A VPN app gets the
 * panel's subscription for the client, with the customer's own usage headers (see proxy.ts); a person opening the
 * same URL in a browser gets the subscription page. An unknown token is a plain 404 that says nothing more.
 */
import { Elysia, t } from "elysia";
import { periodUsage } from "../../domain/subscription-rules.ts";
import type { HttpDeps } from "../deps.ts";
import { doc } from "../schemas.ts";
import { PAGE_HEADERS, renderSubscriptionPage } from "../subscription-page/page.ts";
import { pickPageLanguage } from "../subscription-page/strings.ts";
import { wantsPage } from "./clients.ts";
import { SubscriptionProxy } from "./proxy.ts";

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

const notFound = () => new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

export function subscriptionRoutes(deps: HttpDeps) {
  const { store, panels, runtime } = deps.core;
  const proxy = new SubscriptionProxy({
    store,
    panels,
    clock: runtime.clock,
    metrics: deps.metrics,
    log: deps.log,
    cacheMs: deps.subscriptionCacheMs,
    timeoutMs: deps.panelTimeoutMs,
  });
  const publicUrl = deps.publicUrl.replace(/\/+$/, "");

  return new Elysia({ name: "subscription" }).get(
    "/sub/:token",
    async ({ params, query, request }) => {
      const row = TOKEN.test(params.token) ? proxy.find(params.token) : null;
      if (!row) return notFound();
      if (query.format === undefined && wantsPage(request)) {
        const usage = periodUsage({ volumeBytes: row.volume_bytes, usageBase: row.usage_base, usedBytes: row.used_bytes });
        const html = await renderSubscriptionPage({
          lang: pickPageLanguage(query.lang, request.headers.get("accept-language"), deps.defaultLanguage ?? "fa"),
          title: row.title || "VPN",
          state: row.state,
          usedBytes: usage.used,
          totalBytes: usage.total,
          expiresAt: row.expires_at,
          now: runtime.clock.now(),
          link: `${publicUrl}/sub/${params.token}`,
        });
        deps.metrics.subscriptionServed("page");
        return new Response(html, { headers: PAGE_HEADERS });
      }
      const answer = await proxy.answer(row, query.format ?? "links");
      return new Response(answer.body, { status: answer.status, headers: answer.headers });
    },
    {
      params: t.Object({ token: t.String({ maxLength: 128, description: "the subscription's token (from its link)" }) }),
      query: t.Object(
        {
          format: t.Optional(t.Union([t.Literal("json"), t.Literal("clash")], { description: "sing-box JSON or Clash YAML; the links list (base64) when left out" })),
          lang: t.Optional(t.String({ maxLength: 8, description: "page language, fa or en (browsers only)" })),
        },
        { additionalProperties: true },
      ),
      detail: doc(
        "A customer's subscription: the panel's answer for VPN apps, the subscription page for browsers",
        "subscription",
        {
          200: "the subscription body with Subscription-Userinfo, Profile-Title, Profile-Update-Interval and Content-Disposition (X-Subkeeper-Stale: <age s> when it is the last good copy); or the HTML page",
          400: "an unknown format",
          404: "no such subscription (plain text)",
          503: "the panel failed and there is no stored copy yet (plain text)",
        },
        "No auth: the token is the secret. Apps are told apart from browsers by User-Agent and Accept.",
      ),
    },
  );
}

/**
 * Help: a short guide per app, and — when the customer has a subscription — the app's one-tap import link for it
 * (in <code>: Telegram buttons only open http(s) and tg: links, so the customer copies it into a browser).
 */
import { Composer, InlineKeyboard } from "grammy";
import type { SubscriptionView } from "../../../sales/subscriptions.ts";
import { escapeHtml, html } from "../../i18n.ts";
import { APPS, type App } from "../callback-data/user-callbacks.ts";
import type { UserContext, UserServices } from "../context.ts";
import { paragraphs, rejectButton, say } from "../replies.ts";

/** The import link format of each app that has one. */
function importLink(app: App, url: string, name: string): string | null {
  const u = encodeURIComponent(url);
  const n = encodeURIComponent(name);
  switch (app) {
    case "v2rayng":
      return `v2rayng://install-sub?url=${u}&name=${n}`;
    case "hiddify":
      return `hiddify://import/${url}#${n}`;
    case "v2box":
      return `v2box://install-sub?url=${u}&name=${n}`;
    case "streisand":
      return `streisand://import/${url}#${n}`;
    case "shadowrocket":
      return `sub://${Buffer.from(url).toString("base64")}#${n}`;
    case "singbox":
      return `sing-box://import-remote-profile?url=${u}#${n}`;
    case "nekobox":
      return `sn://subscription?url=${u}&name=${n}`;
  }
}

/** An app's name for its button: the first line of its guide, tags stripped ("V2rayNG (Android)"). */
function appLabel(ctx: UserContext, app: App): string {
  return (ctx.tp(`help-app-${app}`).split("\n")[0] ?? app).replace(/<[^>]*>/g, "").trim();
}

/** The app list; `subId` 0 means the customer's newest subscription. */
export async function showGuides(services: UserServices, ctx: UserContext, subId = 0): Promise<void> {
  const keyboard = new InlineKeyboard();
  APPS.forEach((app, i) => {
    keyboard.text(appLabel(ctx, app), services.cb.guide.pack({ app, subId }));
    if (i % 2 === 1) keyboard.row();
  });
  await say(ctx, ctx.t("help-intro"), keyboard);
}

function subscriptionFor(services: UserServices, ctx: UserContext, subId: number): SubscriptionView | null | "not-yours" {
  if (subId === 0) return services.subscriptions.ofCustomer(ctx.from!.id).find((sub) => sub.state !== "revoked") ?? null;
  const sub = services.subscriptions.get(String(subId));
  return sub && sub.customerId === ctx.from!.id ? sub : "not-yours";
}

export function helpFeature(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();
  composer.command("help", (ctx) => showGuides(services, ctx));

  composer.callbackQuery(services.cb.guide.pattern, async (ctx) => {
    const values = services.cb.guide.unpack(ctx.callbackQuery.data);
    const sub = values ? subscriptionFor(services, ctx, values.subId) : "not-yours";
    if (!values || sub === "not-yours") return rejectButton(ctx);
    await ctx.answerCallbackQuery();
    const link = sub ? importLink(values.app, sub.link, sub.title) : null;
    const importLine = link ? ctx.t("help-import-link", { link: html(`<code>${escapeHtml(link)}</code>`) }) : undefined;
    await say(ctx, paragraphs(ctx.t(`help-app-${values.app}`), importLine, sub ? ctx.t("sub-link", { link: sub.link }) : undefined));
  });

  return composer;
}

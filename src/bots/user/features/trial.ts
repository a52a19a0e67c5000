/** The free trial: once per Telegram account, provisioned at once; volume and days are settings. */
import { Composer } from "grammy";
import { formatBytes } from "../../i18n.ts";
import type { UserContext, UserServices } from "../context.ts";
import { menuButton } from "../keyboards/main-menu.ts";
import { say } from "../replies.ts";
import { orderRefusal, waitFor } from "./checkout.ts";

export async function requestTrial(services: UserServices, ctx: UserContext): Promise<void> {
  const started = services.sales.startTrial(ctx.from!.id);
  if (!started.ok) {
    if (started.error.code === "trial-used") {
      return say(ctx, ctx.t("trial-already-used"), menuButton(services.cb, ctx.lang, "menu-plans", "plans"));
    }
    return say(ctx, started.error.code === "banned" ? orderRefusal(ctx, "banned", "trial") : ctx.t("trial-unavailable"));
  }
  const settings = services.store.getSettings();
  const subId = started.value.subscriptionId;
  // The subscription and its link exist as soon as the free order is paid; the panel client follows, and with it
  // the "ready" notice with the QR code.
  const sub = subId ? await waitFor(services, () => services.subscriptions.get(subId)) : null;
  if (!sub) return say(ctx, ctx.t("sub-title", { name: started.value.item?.title ?? "", state: ctx.tp("sub-state-provisioning") }));
  await say(
    ctx,
    ctx.t("trial-granted", { traffic: formatBytes(ctx.lang, settings.trialBytes), days: settings.trialDays, link: sub.link }),
    menuButton(services.cb, ctx.lang, "menu-subscriptions", "subs"),
  );
}

export function trialFeature(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();
  composer.command("trial", (ctx) => requestTrial(services, ctx));
  return composer;
}

/** The main menu's buttons, each leading to the same screen as its command; and the invitation link. */
import { Composer } from "grammy";
import type { UserContext, UserServices } from "../context.ts";
import { backToMenu } from "../keyboards/main-menu.ts";
import { rejectButton, say } from "../replies.ts";
import { showAgentPanel } from "./agent.ts";
import { showGuides } from "./help.ts";
import { chooseLanguage } from "./language.ts";
import { showPlans } from "./plans.ts";
import { showMenu } from "./start.ts";
import { showSubscriptions } from "./subscriptions.ts";
import { openSupport } from "./support.ts";
import { requestTrial } from "./trial.ts";
import { askTopupAmount, showWallet } from "./wallet.ts";

async function showReferral(services: UserServices, ctx: UserContext): Promise<void> {
  const code = ctx.customer!.referral_code;
  await say(
    ctx,
    ctx.t(services.store.getSettings().referralEvery ? "referral-info" : "referral-info-first", {
      share: services.store.getSettings().referralPercent,
      link: `https://t.me/${ctx.me.username}?start=ref_${code}`,
    }),
    backToMenu(services.cb, ctx.lang),
  );
}

export function menuFeature(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();
  composer.callbackQuery(services.cb.menu.pattern, async (ctx) => {
    const values = services.cb.menu.unpack(ctx.callbackQuery.data);
    if (!values) return rejectButton(ctx);
    await ctx.answerCallbackQuery();
    switch (values.to) {
      case "home":
        return showMenu(services, ctx);
      case "plans":
        return showPlans(services, ctx);
      case "subs":
        return showSubscriptions(services, ctx);
      case "wallet":
        return showWallet(services, ctx);
      case "topup":
        return askTopupAmount(services, ctx);
      case "trial":
        return requestTrial(services, ctx);
      case "support":
        return openSupport(services, ctx);
      case "help":
        return showGuides(services, ctx);
      case "lang":
        return chooseLanguage(services, ctx);
      case "ref":
        return showReferral(services, ctx);
      case "agent":
        return showAgentPanel(services, ctx);
    }
  });
  return composer;
}

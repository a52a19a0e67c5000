/** The plans on sale, grouped by server group (e.g. by location), each a button that starts a checkout. */
import { Composer, InlineKeyboard } from "grammy";
import { type Plan } from "../../../store/plans.ts";
import { formatToman } from "../../i18n.ts";
import type { UserContext, UserServices } from "../context.ts";
import { backToMenu } from "../keyboards/main-menu.ts";
import { paragraphs, rejectButton, say } from "../replies.ts";
import { planDetails, startCheckout } from "./checkout.ts";

/** Telegram's limit on a message; past it the list shows names and prices only (they are on the buttons too). */
const TEXT_MAX = 4000;

function byGroup(plans: Plan[]): Map<string, Plan[]> {
  const groups = new Map<string, Plan[]>();
  for (const plan of plans) groups.set(plan.server_group, [...(groups.get(plan.server_group) ?? []), plan]);
  return groups;
}

export async function showPlans(services: UserServices, ctx: UserContext): Promise<void> {
  const plans = services.store.listPlans({ activeOnly: true, kind: "subscription" });
  if (plans.length === 0) return say(ctx, ctx.t("plans-empty"), backToMenu(services.cb, ctx.lang));
  const groups = byGroup(plans);
  const grouped = groups.size > 1;
  const keyboard = new InlineKeyboard();
  const blocks: string[] = [ctx.t("plans-title")];
  for (const [group, members] of groups) {
    if (grouped) blocks.push(`<b>${ctx.t("plans-group", { group })}</b>`);
    for (const plan of members) {
      const price = services.sales.priceOf(ctx.from!.id, plan);
      blocks.push(planDetails(ctx, plan, price));
      keyboard.text(ctx.tp("plan-button", { name: plan.name, price: formatToman(ctx.lang, price) }), services.cb.plan.pack({ planId: plan.id })).row();
    }
  }
  keyboard.text(ctx.tp("button-main-menu"), services.cb.menu.pack({ to: "home" }));
  let text = paragraphs(...blocks);
  if (text.length > TEXT_MAX) text = ctx.t("plans-title");
  await say(ctx, text, keyboard);
}

export function plansFeature(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();
  composer.command("plans", (ctx) => showPlans(services, ctx));
  composer.callbackQuery(services.cb.plan.pattern, async (ctx) => {
    const values = services.cb.plan.unpack(ctx.callbackQuery.data);
    if (!values) return rejectButton(ctx);
    await startCheckout(services, ctx, { kind: "purchase", planId: values.planId, subscriptionId: null });
  });
  return composer;
}

/**
 * /start: registers the customer or refreshes their name, records a referrer from `/start ref_<code>` on the first
 * registration only, and shows the main menu — or, at the very first start, the language choice.
 */
import { Composer } from "grammy";
import { pickLanguage } from "../../i18n.ts";
import type { UserContext, UserServices } from "../context.ts";
import { clearCheckout, clearFlow } from "../middlewares/flow.ts";
import { languageChoice, mainMenu } from "../keyboards/main-menu.ts";
import { paragraphs, say } from "../replies.ts";

const REFERRAL = /^ref_([A-Za-z0-9_-]{4,32})$/;

/** The main menu message. */
export async function showMenu(services: UserServices, ctx: UserContext): Promise<void> {
  await say(ctx, ctx.t("menu-title"), mainMenu(services.cb, ctx.lang, { agent: services.store.getAgent(ctx.from!.id) !== null }));
}

/** Registers or refreshes the customer and greets them: the language choice at first, the main menu after. */
async function welcome(services: UserServices, ctx: UserContext, referralCode: string | undefined): Promise<void> {
  const from = ctx.from!;
  const referrer = referralCode ? services.store.findCustomerByReferralCode(referralCode) : null;
  const { customer, created } = services.store.upsertCustomer({
      telegramId: from.id,
      username: from.username ?? null,
      firstName: from.first_name,
      language: ctx.customer?.language ?? pickLanguage(from.language_code, services.defaultLanguage),
      referrerId: referrer?.telegram_id ?? null,
    },
    services.clock.now(),
  );
  ctx.customer = customer;
  ctx.lang = customer.language;
  clearFlow(services, ctx);
  clearCheckout(services, ctx);

  const greeting = ctx.t("start-welcome", { name: from.first_name, shop: ctx.me.first_name });
  const referred = created && customer.referrer_id !== null ? ctx.t("start-referred") : undefined;
  if (!customer.language_chosen) {
    await say(ctx, paragraphs(greeting, referred, ctx.t("language-choose")), languageChoice(services.cb));
    return;
  }
  await say(ctx, paragraphs(greeting, referred, ctx.t("menu-title")), mainMenu(services.cb, ctx.lang, { agent: services.store.getAgent(from.id) !== null }));
}

export function startFeature(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();

  composer.command("start", async (ctx) => {
    await welcome(services, ctx, REFERRAL.exec(ctx.match.trim())?.[1]);
  });

  // Someone who never sent /start (an old command list, a forwarded button) is welcomed first.
  composer.use(async (ctx, next) => {
    if (ctx.customer) return next();
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    await welcome(services, ctx, undefined);
  });

  return composer;
}

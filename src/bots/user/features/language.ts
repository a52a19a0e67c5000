/** The language: chosen at the first start, changed any time with /lang or the menu. */
import { Composer } from "grammy";
import type { UserContext, UserServices } from "../context.ts";
import { languageChoice, mainMenu } from "../keyboards/main-menu.ts";
import { paragraphs, rejectButton, say } from "../replies.ts";

export async function chooseLanguage(services: UserServices, ctx: UserContext): Promise<void> {
  await say(ctx, ctx.t("language-choose"), languageChoice(services.cb));
}

export function languageFeature(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();

  composer.command("lang", (ctx) => chooseLanguage(services, ctx));

  composer.callbackQuery(services.cb.language.pattern, async (ctx) => {
    const choice = services.cb.language.unpack(ctx.callbackQuery.data);
    if (!choice) return rejectButton(ctx);
    services.store.setLanguage(ctx.from.id, choice.lang, services.clock.now());
    ctx.lang = choice.lang;
    await ctx.answerCallbackQuery();
    await say(ctx, paragraphs(ctx.t("language-changed"), ctx.t("menu-title")), mainMenu(services.cb, ctx.lang));
  });

  return composer;
}

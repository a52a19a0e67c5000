/**
 * The last stop: an unknown command says so, a button the bot did not make (or no longer knows) says it is no
 * longer valid, and anything else shows the main menu.
 */
import { Composer } from "grammy";
import type { UserContext, UserServices } from "../context.ts";
import { getFlow } from "../middlewares/flow.ts";
import { rejectButton, say } from "../replies.ts";
import { showMenu } from "./start.ts";

export function fallbackFeature(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();

  composer.on("callback_query", async (ctx) => {
    services.log.info({ chatId: ctx.chat?.id, known: services.cb.codec.knows(ctx.callbackQuery.data) }, "button refused: stale, forged or unknown data");
    await rejectButton(ctx);
  });

  composer.on("message:text", async (ctx) => {
    if (ctx.message.text.startsWith("/")) return say(ctx, ctx.t("error-unknown-command"));
    await showMenu(services, ctx);
  });

  composer.on("message", async (ctx) => {
    if (getFlow(services, ctx)?.kind === "support") {
      return say(ctx, ctx.t("error-bad-input", { hint: ctx.tp("support-intro") }));
    }
    await showMenu(services, ctx);
  });

  return composer;
}

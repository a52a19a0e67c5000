/** How the user bot answers: HTML messages without link previews, and the one answer for a button it refuses. */
import type { InlineKeyboard } from "grammy";
import type { UserContext } from "./context.ts";

/** Sends an HTML message (our catalogue's text, arguments already escaped) to the chat of the update. */
export async function say(ctx: UserContext, text: string, keyboard?: InlineKeyboard): Promise<void> {
  await ctx.reply(text, {
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
    ...(keyboard ? { reply_markup: keyboard } : {}),
  });
}

/** A button that is stale, forged or no longer fits: the person is told, and nothing changes. */
export async function rejectButton(ctx: UserContext): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.tp("error-button-expired"), show_alert: true });
  else await say(ctx, ctx.t("error-button-expired"));
}

/** Joins message parts with a blank line. */
export function paragraphs(...parts: (string | undefined | false)[]): string {
  return parts.filter((part): part is string => typeof part === "string" && part.length > 0).join("\n\n");
}

/** Small helpers every admin feature uses to answer: buttons, a reply, an edit in place, a toast. */
import { GrammyError } from "grammy";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { AdminContext } from "./context.ts";

export const button = (text: string, data: string): InlineKeyboardButton => ({ text, callback_data: data });

export function keyboard(rows: InlineKeyboardButton[][]): InlineKeyboardMarkup {
  return { inline_keyboard: rows.filter((row) => row.length > 0) };
}

/** Sends a new message. */
export async function say(ctx: AdminContext, text: string, markup?: InlineKeyboardMarkup): Promise<void> {
  await ctx.reply(text, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, ...(markup ? { reply_markup: markup } : {}) });
}

/**
 * Shows a screen: after a tap on a text message, that message is edited in place (menus stay one message);
 * otherwise a new message is sent.
 */
export async function show(ctx: AdminContext, text: string, markup?: InlineKeyboardMarkup): Promise<void> {
  const message = ctx.callbackQuery?.message;
  if (message && "text" in message && message.text !== undefined) {
    try {
      await ctx.editMessageText(text, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, ...(markup ? { reply_markup: markup } : {}) });
      return;
    } catch (error) {
      if (error instanceof GrammyError && /not modified/i.test(error.description)) return;
      if (!(error instanceof GrammyError)) throw error;
    }
  }
  await say(ctx, text, markup);
}

/** Answers a tap (stops the spinner), with a short toast or an alert. A no-op for messages. */
export async function toast(ctx: AdminContext, text?: string, alert = false): Promise<void> {
  if (!ctx.callbackQuery) return;
  try {
    await ctx.answerCallbackQuery(text === undefined ? {} : { text: text.slice(0, 200), show_alert: alert });
  } catch (error) {
    // A second answer, or a query older than Telegram keeps: nothing for the admin to do about it.
    if (!(error instanceof GrammyError)) throw error;
  }
}

/** A whole number from what an admin typed (Persian and Arabic digits, thousands separators allowed). */
export function parseWhole(text: string): number | null {
  const latin = toLatinDigits(text).replace(/[,\s_٬]/g, "");
  if (!/^-?\d{1,15}$/.test(latin)) return null;
  const value = Number(latin);
  return Number.isSafeInteger(value) ? value : null;
}

/** A decimal number (for GB), or null. */
export function parseDecimal(text: string): number | null {
  const latin = toLatinDigits(text).replace(/[\s_٬,]/g, "").replace("٫", ".");
  if (!/^\d{1,9}(\.\d{1,3})?$/.test(latin)) return null;
  return Number(latin);
}

export function toLatinDigits(text: string): string {
  return text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

/** Text a person typed, as it is safe to keep: trimmed, without control characters, at most `max` characters. */
export function cleanText(text: string, max: number): string | null {
  const cleaned = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "").trim();
  return cleaned.length === 0 || cleaned.length > max ? null : cleaned;
}

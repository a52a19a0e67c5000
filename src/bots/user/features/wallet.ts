/** The wallet: the balance (the sum of the customer's ledger), and a top-up paid card-to-card with a receipt. */
import { Composer, InlineKeyboard } from "grammy";
import { formatToman } from "../../i18n.ts";
import type { UserContext, UserServices } from "../context.ts";
import { cancelOrderButton, cardInstructions } from "../card-instructions.ts";
import { setFlow } from "../middlewares/flow.ts";
import { paragraphs, say } from "../replies.ts";
import { orderRefusal } from "./checkout.ts";

/** Persian and Arabic-Indic digits as ASCII, so "۱۵۰٬۰۰۰" reads as 150000. */
function asciiDigits(text: string): string {
  return text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

/** A whole Toman amount typed by a person ("150000", "150,000", "۱۵۰٬۰۰۰ تومان"), or null. */
function parseAmount(text: string): number | null {
  const cleaned = asciiDigits(text)
    .replace(/toman|تومان/gi, "")
    .replace(/[\s,٬،._']/g, "");
  if (!/^\d{1,12}$/.test(cleaned)) return null;
  return Number(cleaned);
}

export async function showWallet(services: UserServices, ctx: UserContext): Promise<void> {
  const balance = services.store.balanceOf(ctx.from!.id);
  const keyboard = new InlineKeyboard()
    .text(ctx.tp("wallet-topup-button"), services.cb.menu.pack({ to: "topup" }))
    .row()
    .text(ctx.tp("button-main-menu"), services.cb.menu.pack({ to: "home" }));
  await say(ctx, ctx.t("wallet-balance", { balance: formatToman(ctx.lang, balance) }), keyboard);
}

export async function askTopupAmount(services: UserServices, ctx: UserContext): Promise<void> {
  setFlow(services, ctx, { kind: "topup-amount" });
  await say(ctx, ctx.t("wallet-topup-ask", { min: formatToman(ctx.lang, services.store.getSettings().topupMin) }));
}

/** The amount the customer typed: a top-up order and the card instructions, or the rule they missed. */
export async function receiveTopupAmount(services: UserServices, ctx: UserContext, text: string): Promise<void> {
  const amount = parseAmount(text);
  const min = formatToman(ctx.lang, services.store.getSettings().topupMin);
  if (amount === null) return say(ctx, ctx.t("wallet-topup-invalid-amount", { min }));
  const started = services.sales.startTopup(ctx.from!.id, amount);
  if (!started.ok) {
    if (started.error.code === "topup-amount") return say(ctx, ctx.t("wallet-topup-invalid-amount", { min }));
    return say(ctx, orderRefusal(ctx, started.error.code, "topup"));
  }
  const order = started.value;
  setFlow(services, ctx, { kind: "receipt", orderId: order.orderId });
  await say(
    ctx,
    paragraphs(ctx.t("order-created", { order: String(order.number) }), cardInstructions(services, ctx, order)),
    cancelOrderButton(services, ctx, order.orderId),
  );
}

export function walletFeature(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();
  composer.command("wallet", (ctx) => showWallet(services, ctx));
  return composer;
}

/** What a customer needs to pay card-to-card: the cards, the exact amount and the payment window. */
import { InlineKeyboard } from "grammy";
import { formatToman, html, t, tPlain } from "../i18n.ts";
import type { UserContext, UserServices } from "./context.ts";

/** The card lines as HTML (numbers in <code>, so a tap copies them). */
function cardLines(services: UserServices, ctx: UserContext): string {
  return services.store.getSettings()
    .cards.map((card) => t(ctx.lang, "card-line", { number: card.number, holder: card.holder }))
    .join("\n");
}

/** The instructions for a card order or a wallet top-up, in the customer's language. */
export function cardInstructions(services: UserServices, ctx: UserContext, order: { number: number; amount: number; kind: string }): string {
  const args = {
    order: String(order.number),
    amount: formatToman(ctx.lang, order.amount),
    cards: html(cardLines(services, ctx)),
    hours: services.store.getSettings().paymentWindowHours,
  };
  return ctx.t(order.kind === "topup" ? "wallet-topup-instructions" : "card-instructions", args);
}

/** The button under card instructions: give up the order. */
export function cancelOrderButton(services: UserServices, ctx: UserContext, orderId: string): InlineKeyboard {
  return new InlineKeyboard().text(tPlain(ctx.lang, "button-cancel"), services.cb.cancelOrder.pack({ orderId: Number(orderId) }));
}

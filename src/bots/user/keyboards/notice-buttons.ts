/**
 * Buttons under the notices the actors send (through TelegramNotices): renew under an expiry warning, add traffic
 * under a traffic warning, and so on — one tap from the notice to what the customer will want next.
 */
import { InlineKeyboard } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { CustomerNotice } from "../../../kinds/notices.ts";
import { tPlain, type Language } from "../../i18n.ts";
import type { UserCallbacks } from "../callback-data/user-callbacks.ts";

export function noticeButtons(cb: UserCallbacks): (notice: CustomerNotice, lang: Language) => InlineKeyboardMarkup | undefined {
  return (notice, lang) => {
    const subId = notice.subscriptionId !== undefined && /^\d{1,15}$/.test(notice.subscriptionId) ? Number(notice.subscriptionId) : null;
    const menu = (key: string, to: Parameters<UserCallbacks["menu"]["pack"]>[0]["to"]) => InlineKeyboard.text(tPlain(lang, key), cb.menu.pack({ to }));
    const sub = (key: string, action: "renew" | "traffic" | "guide") =>
      subId === null ? null : InlineKeyboard.text(tPlain(lang, key), cb.subscription.pack({ subId, action }));
    const rows: (ReturnType<typeof InlineKeyboard.text> | null)[][] = (() => {
      switch (notice.kind) {
        case "provisioned":
          return [[menu("menu-subscriptions", "subs"), sub("sub-guide-button", "guide")]];
        case "renewed":
          return [[menu("menu-subscriptions", "subs")]];
        case "expires-3d":
        case "expires-1d":
        case "expired":
          return [[sub("sub-renew-button", "renew")]];
        case "traffic-80":
        case "traffic-95":
        case "limited":
          return [[sub("sub-traffic-button", "traffic"), sub("sub-renew-button", "renew")]];
        case "order-expired":
          return [[menu("menu-plans", "plans")]];
        case "receipt-rejected":
        case "support-reply":
          return [[menu("menu-support", "support")]];
        case "topup-approved":
          return [[menu("menu-wallet", "wallet")]];
        default:
          return [];
      }
    })();
    const kept = rows.map((row) => row.filter((button) => button !== null)).filter((row) => row.length > 0);
    return kept.length > 0 ? InlineKeyboard.from(kept) : undefined;
  };
}

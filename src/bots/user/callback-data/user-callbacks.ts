/**
 * Every button of the user bot: its data built and parsed here and nowhere else. Ids of orders, plans and
 * subscriptions are whole numbers; a purchase in progress is referred to by its checkout id, so a button of an
 * earlier checkout can never pay for a later one.
 */
import { CallbackCodec, field } from "../../shared/callback-data.ts";
import type { PaymentMethod } from "../../../domain/payment-method.ts";

/** The main menu's destinations. */
const MENU_ITEMS = ["home", "plans", "subs", "wallet", "topup", "trial", "support", "help", "lang", "ref", "agent"] as const;
export type MenuItem = (typeof MENU_ITEMS)[number];

/** The apps with a guide (help-app-<app> in the catalogues). */
export const APPS = ["v2rayng", "hiddify", "v2box", "streisand", "shadowrocket", "singbox", "nekobox"] as const;
export type App = (typeof APPS)[number];

/** The payment methods a customer picks at checkout (free is never picked: a code that takes the whole price makes it). */
const CHECKOUT_METHODS = ["card", "wallet", "stars", "nowpayments"] as const satisfies readonly PaymentMethod[];
export const PAY_ACTIONS = [...CHECKOUT_METHODS, "code", "nocode", "cancel"] as const;
const SUB_ACTIONS = ["renew", "traffic", "guide", "autorenew"] as const;

/** The user bot's callback data kinds, signed with a key derived from its token. */
export function userCallbacks(codec: CallbackCodec) {
  return {
    codec,
    menu: codec.define("m", { to: field.oneOf(...MENU_ITEMS) }),
    language: codec.define("lg", { lang: field.oneOf("fa", "en", "ru") }),
    plan: codec.define("pl", { planId: field.int() }),
    /** A step of a checkout: pay by card or wallet, enter or drop a discount code, give up. */
    pay: codec.define("pay", { checkout: field.id(12), action: field.oneOf(...PAY_ACTIONS) }),
    cancelOrder: codec.define("oc", { orderId: field.int() }),
    subscription: codec.define("sa", { subId: field.int(), action: field.oneOf(...SUB_ACTIONS) }),
    renewPlan: codec.define("rp", { subId: field.int(), planId: field.int() }),
    trafficPack: codec.define("tp", { subId: field.int(), planId: field.int() }),
    /** An app's guide; subId 0 means "the customer's newest subscription", if any. */
    guide: codec.define("hg", { app: field.oneOf(...APPS), subId: field.int() }),
    /** "I've joined": check the required channels again, now. */
    joined: codec.define("jn", {}),
    /** An agent picks the plan to buy for their customers. */
    agentPlan: codec.define("ag", { planId: field.int() }),
    /** An agent confirms (or drops) the batch they put together. */
    agentBuy: codec.define("ab", { batch: field.id(12), action: field.oneOf("ok", "no") }),
  };
}

export type UserCallbacks = ReturnType<typeof userCallbacks>;

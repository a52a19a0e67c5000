/**
 * Every button of the admin bot: typed, signed callback data (src/bots/shared/callback-data.ts), defined here
 * and nowhere else. A handler still checks what the data points at (the order waits, the server exists).
 */
import { PANEL_KINDS } from "../../panels/panel.ts";
import { CallbackCodec, field } from "../shared/index.ts";

const MENU_SECTIONS = ["menu", "receipts", "servers", "plans", "users", "codes", "broadcast", "stats", "tickets", "settings"] as const;
export type MenuSection = (typeof MENU_SECTIONS)[number];

/** The lists shown in pages (pager.ts). */
const PAGED_LISTS = ["tickets", "receipts", "servers", "codes", "plans", "subs"] as const;
export type PagedList = (typeof PAGED_LISTS)[number];

const SETTING_FIELDS = ["cards", "window", "trialgb", "trialdays", "referral", "hours", "channels", "usd", "renewdays", "refrule"] as const;
export type SettingField = (typeof SETTING_FIELDS)[number];

export const PLAN_FIELDS = ["name", "price", "traffic", "days", "policy", "group", "stars"] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

export function defineCallbacks(codec: CallbackCodec) {
  return {
    codec,
    menu: codec.define("m", { section: field.oneOf(...MENU_SECTIONS) }),
    /** Cancels whatever the admin was asked to type. */
    cancel: codec.define("x", {}),
    receipt: codec.define("rc", { action: field.oneOf("ok", "no"), orderId: field.id() }),
    server: codec.define("sv", { action: field.oneOf("show", "drain", "resume", "retire", "retireok", "probe"), serverId: field.id() }),
    serverAdd: codec.define("sa", {}),
    serverKind: codec.define("sk", { kind: field.oneOf(...PANEL_KINDS) }),
    serverAuth: codec.define("sz", { how: field.oneOf("token", "login") }),
    // The inbound's place in the list the panel gave: ids may be text (Marzban tags, Remnawave squad uuids).
    inbound: codec.define("sj", { index: field.int(1_000) }),
    inboundsDone: codec.define("sd", {}),
    plan: codec.define("pl", { action: field.oneOf("show", "on", "off", "del", "edit"), planId: field.int() }),
    planAdd: codec.define("pa", {}),
    planKind: codec.define("pk", { kind: field.oneOf("subscription", "traffic") }),
    planField: codec.define("pf", { planId: field.int(), field: field.oneOf(...PLAN_FIELDS) }),
    planPolicy: codec.define("pp", { policy: field.oneOf("reset", "stack") }),
    code: codec.define("cd", { action: field.oneOf("on", "off", "del", "edit", "once", "many"), code: field.id(32) }),
    codeAdd: codec.define("ca", {}),
    user: codec.define("us", { action: field.oneOf("show", "ban", "unban", "adjust", "gift"), customerId: field.int() }),
    userFind: codec.define("uf", {}),
    gift: codec.define("gf", { customerId: field.int(), planId: field.int() }),
    agent: codec.define("agt", { action: field.oneOf("edit", "remove"), customerId: field.int() }),
    sub: codec.define("sb", { action: field.oneOf("show", "resync", "revoke", "revokeok", "move", "retry"), subId: field.id() }),
    move: codec.define("mv", { subId: field.id(), serverId: field.id() }),
    setting: codec.define("st", { field: field.oneOf(...SETTING_FIELDS) }),
    audience: codec.define("ba", { audience: field.oneOf("all", "active", "expired") }),
    broadcast: codec.define("bc", { action: field.oneOf("send", "drop", "pause", "resume", "stop", "refresh"), id: field.id() }),
    order: codec.define("od", { action: field.oneOf("refund"), orderId: field.id() }),
    ticket: codec.define("tk", { action: field.oneOf("reply", "close"), ticketId: field.int() }),
    /** Page n of a long list; `of` is the customer whose subscriptions are listed (0 for the other lists). */
    page: codec.define("pg", { list: field.oneOf(...PAGED_LISTS), page: field.int(100_000), of: field.int() }),
  };
}

export type AdminCallbacks = ReturnType<typeof defineCallbacks>;

/** The admin menu (/start), /help, /cancel, and the answers for a stale button or text nobody asked for. */
import { Composer } from "grammy";
import type { AdminContext, AdminKit } from "../context.ts";
import { button, keyboard, say, show, toast } from "../ui.ts";
import { section } from "./section.ts";

function menuKeyboard(ctx: AdminContext, kit: AdminKit) {
  const { menu } = kit.callbacks;
  const receipts = kit.sales.pendingReceipts(1000).length;
  const tickets = kit.store.openTickets(1000).length;
  const item = (key: string, section: Parameters<typeof menu.pack>[0]["section"], args = {}) => button(ctx.tp(key, args), menu.pack({ section }));
  return keyboard([
    [item("admin-menu-receipts", "receipts", { count: receipts }), item("admin-menu-servers", "servers")],
    [item("admin-menu-plans", "plans"), item("admin-menu-users", "users")],
    [item("admin-menu-codes", "codes"), item("admin-menu-broadcast", "broadcast")],
    [item("admin-menu-stats", "stats"), item("admin-menu-tickets", "tickets", { count: tickets })],
    [item("admin-menu-settings", "settings")],
  ]);
}

export function menuFeature(kit: AdminKit): Composer<AdminContext> {
  const composer = new Composer<AdminContext>();
  section(composer, kit, "menu", ["start", "menu"], (ctx) => show(ctx, ctx.t("admin-menu-title"), menuKeyboard(ctx, kit)));
  composer.command("help", (ctx) => say(ctx, ctx.t("admin-help")));
  composer.command("cancel", async (ctx) => {
    kit.flows.clear(ctx.chat.id);
    await say(ctx, ctx.t("admin-cancelled"));
  });
  composer.callbackQuery(kit.callbacks.cancel.pattern, async (ctx) => {
    if (ctx.chat) kit.flows.clear(ctx.chat.id);
    await toast(ctx);
    await show(ctx, ctx.t("admin-cancelled"));
  });
  return composer;
}

/** Last in the chain: a button no feature took (old, forged or from an earlier version), text nobody asked for. */
export function fallbackFeature(kit: AdminKit): Composer<AdminContext> {
  const composer = new Composer<AdminContext>();
  composer.on("callback_query", (ctx) => toast(ctx, ctx.tp("admin-stale-button"), true));
  composer.on("message", async (ctx) => {
    if (ctx.message.text?.startsWith("/")) return say(ctx, ctx.t("admin-help"));
    await say(ctx, ctx.t("admin-nothing-pending"), keyboard([[button(ctx.tp("admin-menu-title"), kit.callbacks.menu.pack({ section: "menu" }))]]));
  });
  return composer;
}

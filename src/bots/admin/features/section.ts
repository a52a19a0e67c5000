/** A section of the admin bot, reached by its command (/servers) or its menu button; either way a pending form ends. */
import type { Composer } from "grammy";
import type { AdminContext, AdminKit } from "../context.ts";
import type { MenuSection } from "../callbacks.ts";
import { toast } from "../ui.ts";

export function section(
  composer: Composer<AdminContext>,
  kit: AdminKit,
  name: MenuSection,
  commands: string[],
  open: (ctx: AdminContext) => Promise<void>,
): void {
  if (commands.length > 0) {
    composer.command(commands, async (ctx) => {
      kit.flows.clear(ctx.chat.id);
      await open(ctx);
    });
  }
  composer.callbackQuery(kit.callbacks.menu.pattern, async (ctx, next) => {
    const data = kit.callbacks.menu.unpack(ctx.callbackQuery.data);
    if (data?.section !== name) return next();
    if (ctx.chat) kit.flows.clear(ctx.chat.id);
    await toast(ctx);
    await open(ctx);
  });
}

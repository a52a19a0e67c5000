/**
 * An update applied once: Telegram delivers an update again when a bot did not confirm it (a restart between
 * fetching and confirming, a webhook answer that timed out), so each bot records the update ids it has taken and
 * drops one it has seen. The id is recorded before the update is handled: a crash in the middle loses that one
 * update (the person taps again) rather than applying it twice.
 */
import type { SeenUpdates } from "../../store/seen-updates.ts";
import type { Context, MiddlewareFn } from "grammy";

/** Middleware: an update seen before stops here, and is logged at debug. */
export function applyOnce<C extends Context>(seen: SeenUpdates, log?: { debug(obj: object, msg: string): void }): MiddlewareFn<C> {
  return async (ctx, next) => {
    if (!seen.firstTime(ctx.update.update_id)) {
      log?.debug({ bot: seen.bot, updateId: ctx.update.update_id }, "update seen before; not applied again");
      return;
    }
    await next();
  };
}

/**
 * An update applied once: Telegram delivers an update again when a bot did not confirm it (a restart between
 * fetching and confirming, a webhook answer that timed out), so each bot records the update ids it has taken and
 * drops one it has seen. The id is recorded before the update is handled: a crash in the middle loses that one
 * update (the person taps again) rather than applying it twice.
 */
import type { Database } from "bun:sqlite";
import type { Context, MiddlewareFn } from "grammy";

const KEEP_MS = 2 * 24 * 3600_000;
const PRUNE_EVERY = 500;

export class SeenUpdates {
  private taken = 0;

  constructor(
    private readonly db: Database,
    /** The bot's name in the table ("user", "admin"). */
    readonly bot: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time an update id is offered for this bot; false for every later offer. */
  firstTime(updateId: number): boolean {
    const inserted = this.db
      .query("INSERT INTO bot_updates_seen (bot, update_id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
      .run(this.bot, updateId, this.now());
    if (++this.taken % PRUNE_EVERY === 0) this.prune();
    return inserted.changes > 0;
  }

  /** Forgets ids older than `keepMs` (Telegram redelivers within hours, not days). */
  prune(keepMs = KEEP_MS): number {
    return this.db.query("DELETE FROM bot_updates_seen WHERE bot = ? AND seen_at < ?").run(this.bot, this.now() - keepMs).changes;
  }
}

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

/**
 * Telegram update ids each bot has taken (bot_updates_seen): Telegram delivers an update again when a bot did not
 * confirm it, so an id offered twice is refused the second time. See applyOnce in src/bots/shared/update-dedupe.ts.
 */
import type { Database } from "bun:sqlite";

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

/**
 * Conversation and menu state per chat, in SQLite (`bot_state`), so a restart in the middle of a purchase or a
 * form loses nothing. Values are JSON; a value older than the store's time-to-live reads as absent, so a flow
 * abandoned last week does not catch a message today.
 */
import type { Database } from "bun:sqlite";

export class BotStateStore {
  constructor(
    private readonly db: Database,
    /** The bot's name in the table ("user", "admin"). */
    readonly bot: string,
    private readonly options: { ttlMs?: number; now?: () => number } = {},
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The value under `key` for a chat, or undefined (never set, deleted, unreadable or older than the TTL). */
  get<T>(chatId: number, key: string): T | undefined {
    const row = this.db
      .query<{ value: string; updated_at: number }, [string, number, string]>(
        "SELECT value, updated_at FROM bot_state WHERE bot = ? AND chat_id = ? AND key = ?",
      )
      .get(this.bot, chatId, key);
    if (!row) return undefined;
    if (this.options.ttlMs !== undefined && this.now() - row.updated_at > this.options.ttlMs) return undefined;
    try {
      return JSON.parse(row.value) as T;
    } catch {
      return undefined;
    }
  }

  set(chatId: number, key: string, value: unknown): void {
    this.db
      .query(
        `INSERT INTO bot_state (bot, chat_id, key, value, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (bot, chat_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(this.bot, chatId, key, JSON.stringify(value), this.now());
  }

  delete(chatId: number, key: string): void {
    this.db.query("DELETE FROM bot_state WHERE bot = ? AND chat_id = ? AND key = ?").run(this.bot, chatId, key);
  }

  /** Every key of a chat, e.g. to clear a conversation. */
  clear(chatId: number): void {
    this.db.query("DELETE FROM bot_state WHERE bot = ? AND chat_id = ?").run(this.bot, chatId);
  }

  /** Deletes values not touched for `olderThanMs`; returns how many. */
  prune(olderThanMs: number): number {
    return this.db.query("DELETE FROM bot_state WHERE bot = ? AND updated_at < ?").run(this.bot, this.now() - olderThanMs).changes;
  }
}

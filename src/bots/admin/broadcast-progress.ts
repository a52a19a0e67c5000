/**
 * The messages that show a broadcast to the admins: the confirmation under a draft, then its progress with Pause,
 * Resume and Cancel. Each is recorded (broadcast, chat, message) and edited while the broadcast runs — a light poll
 * of the unfinished ones, since the actor's counts change with every batch — until it ends.
 */
import type { Store } from "../../store/index.ts";
import { GrammyError, type Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Database } from "bun:sqlite";
import type { Logger } from "pino";
import type { Broadcasts, BroadcastView } from "../../sales/broadcasts.ts";
import type { Language } from "../i18n.ts";
import type { AdminCallbacks } from "./callbacks.ts";
import type { AdminDirectory } from "./directory.ts";
import { at, atPlain } from "./words.ts";

export interface RenderedProgress {
  text: string;
  keyboard: InlineKeyboardMarkup | undefined;
  final: boolean;
}

export class BroadcastProgress {
  private timer: ReturnType<typeof setInterval> | null = null;
  private refreshing = false;

  constructor(
    private readonly deps: {
      store: Store;
      broadcasts: Broadcasts;
      api: Api;
      callbacks: AdminCallbacks;
      directory: AdminDirectory;
      log: Logger;
    },
  ) {}

  render(view: BroadcastView, lang: Language): RenderedProgress {
    const { broadcast } = this.deps.callbacks;
    const button = (key: string, action: "send" | "drop" | "pause" | "resume" | "stop" | "refresh") => ({
      text: atPlain(lang, key),
      callback_data: broadcast.pack({ action, id: view.id }),
    });
    const counts = { delivered: view.delivered, blocked: view.blocked, failed: view.failed, remaining: view.remaining };
    switch (view.state) {
      case "draft":
        return {
          text: at(lang, "admin-broadcast-confirm", { count: view.remaining }),
          keyboard: { inline_keyboard: [[button("admin-broadcast-send", "send"), button("admin-cancel", "drop")]] },
          final: false,
        };
      case "sending":
        return {
          text: at(lang, "admin-broadcast-progress", counts),
          keyboard: { inline_keyboard: [[button("admin-broadcast-pause", "pause"), button("admin-broadcast-stop", "stop")], [button("admin-broadcast-refresh", "refresh")]] },
          final: false,
        };
      case "paused": {
        const error = view.lastError ? `\n${at(lang, "admin-failed", { error: view.lastError })}` : "";
        return {
          text: at(lang, "admin-broadcast-paused", counts) + error,
          keyboard: { inline_keyboard: [[button("admin-broadcast-resume", "resume"), button("admin-broadcast-stop", "stop")]] },
          final: false,
        };
      }
      case "done":
        return { text: at(lang, "admin-broadcast-done", counts), keyboard: undefined, final: true };
      default:
        if (!view.confirmed) return { text: at(lang, "admin-broadcast-draft-dropped"), keyboard: undefined, final: true };
        // A batch still out after the cancel adds to the counts: keep following it until it is back.
        return { text: at(lang, "admin-broadcast-cancelled", counts), keyboard: undefined, final: !view.batchInFlight };
    }
  }

  /** Sends the broadcast's current view to a chat and keeps it up to date from now on. */
  async post(broadcastId: string, chatId: number): Promise<void> {
    const view = this.deps.broadcasts.get(broadcastId);
    if (!view) return;
    const shown = this.render(view, this.deps.directory.langOf(chatId));
    const message = await this.deps.api.sendMessage(chatId, shown.text, { parse_mode: "HTML", ...(shown.keyboard ? { reply_markup: shown.keyboard } : {}) });
    this.deps.store.recordBroadcastMessage(broadcastId, { chatId, messageId: message.message_id, shown: shown.text, final: shown.final });
  }

  /** Records a message that already shows the broadcast (the confirmation under a preview). */
  track(broadcastId: string, chatId: number, messageId: number, shownText: string): void {
    this.deps.store.recordBroadcastMessage(broadcastId, { chatId, messageId, shown: shownText, final: false });
  }

  /** Edits every recorded message of a broadcast whose text is out of date. */
  async refresh(broadcastId: string): Promise<void> {
    const view = this.deps.broadcasts.get(broadcastId);
    if (!view) return;
    const rows = this.deps.store.unfinishedBroadcastMessages(broadcastId);
    for (const row of rows) {
      const next = this.render(view, this.deps.directory.langOf(row.chat_id));
      if (next.text !== row.shown) {
        try {
          await this.deps.api.editMessageText(row.chat_id, row.message_id, next.text, { parse_mode: "HTML", ...(next.keyboard ? { reply_markup: next.keyboard } : {}) });
        } catch (error) {
          const words = error instanceof GrammyError ? error.description : String(error);
          if (!/not modified|not found|can't be edited/i.test(words)) {
            this.deps.log.warn({ broadcastId, chatId: row.chat_id, err: words }, "broadcast progress not updated");
            continue;
          }
        }
      }
      this.deps.store.updateBroadcastMessage(broadcastId, { chatId: row.chat_id, messageId: row.message_id, shown: next.text, final: next.final });
    }
  }

  /** Refreshes every broadcast some message still shows as unfinished. */
  async refreshAll(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      const ids = this.deps.store.broadcastsShownUnfinished();
      for (const id of ids) await this.refresh(id);
    } catch (error) {
      this.deps.log.warn({ err: String(error) }, "broadcast progress refresh failed");
    } finally {
      this.refreshing = false;
    }
  }

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.refreshAll(), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/**
 * A person on Telegram, for tests that read like what people do: `alice.send("/start")`, `alice.tap("Plans")`,
 * `alice.sendPhoto()`, then `await alice.waitForMessage("Waiting for approval")`.
 */
import type { MessageEntity, Update } from "grammy/types";
import {
  apiMessage,
  apiUser,
  type BotState,
  type CallbackRecord,
  type ChatState,
  type FakeMessage,
  type PersonSpec,
  type TelegramState,
} from "./state.ts";
import { replyButtons } from "./validate.ts";
import { waitUntil } from "./wait.ts";

/** A 1×1 PNG, the default photo a person sends. */
export const TINY_PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);

/** What to look for in a bot's message: a substring of its text or caption, a pattern, or a predicate. */
export type MessageMatch = string | RegExp | ((message: FakeMessage) => boolean);

export interface WaitOptions {
  timeoutMs?: number;
  /** "last-action" (default): only messages sent or edited after this person's last send or tap. */
  since?: "last-action" | "any";
}

/** A tap: the update it produced and, for an inline button, the callback query (its `answer` fills in later). */
export interface Tap {
  update: Update;
  query: CallbackRecord | undefined;
}

const DEFAULT_WAIT_MS = 3000;

export class FakePerson {
  private lastAction = 0;

  constructor(
    private readonly state: TelegramState,
    readonly bot: BotState,
    readonly spec: PersonSpec,
  ) {}

  get id(): number {
    return this.spec.id;
  }

  /** The same person, talking to another bot. */
  chatWith(bot: { token: string }): FakePerson {
    const target = this.state.bots.get(bot.token);
    if (!target) throw new Error("fake telegram: unknown bot");
    return new FakePerson(this.state, target, this.spec);
  }

  private get chat(): ChatState {
    return this.state.chat(this.bot, this.spec);
  }

  /** Opens the chat without writing (the bot may now send here), as pressing Start without an update would. */
  open(): this {
    this.chat.started = true;
    return this;
  }

  /** Blocks the bot: its sends to this chat answer 403. Writing to the bot again unblocks it. */
  block(): void {
    this.chat.blocked = true;
    this.state.changed();
  }

  unblock(): void {
    this.chat.blocked = false;
    this.state.changed();
  }

  /** Writes a text message to the bot; a leading /command gets its bot_command entity. */
  async send(text: string): Promise<Update> {
    const chat = this.writeable();
    const entities: MessageEntity[] = [];
    const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    if (command) entities.push({ type: "bot_command", offset: 0, length: command[0].length });
    const message = this.state.addMessage(chat, { from: "user", text, entities });
    return this.deliver({ message: apiMessage(this.bot, chat, message, this.state.files) });
  }

  /** Sends a photo (a tiny PNG unless `bytes` are given); returns the update and the photo's file_id. */
  async sendPhoto(options: { caption?: string; bytes?: Uint8Array } = {}): Promise<{ update: Update; fileId: string }> {
    const chat = this.writeable();
    const file = this.state.storeFile(options.bytes ?? TINY_PNG, { width: 1, height: 1 });
    const message = this.state.addMessage(chat, {
      from: "user",
      caption: options.caption,
      photo: { fileId: file.fileId, bytes: file.bytes },
    });
    const update = this.deliver({ message: apiMessage(this.bot, chat, message, this.state.files) });
    return { update, fileId: file.fileId };
  }

  /**
   * Taps a button, found by its text, its callback data or a pattern on its text, on the newest message that has
   * one. An inline button sends a callback_query; a reply-keyboard button sends its text.
   */
  async tap(match: string | RegExp): Promise<Tap> {
    const hits = (text: string, data?: string) =>
      typeof match === "string" ? text === match || data === match : match.test(text);
    const messages = this.messages().reverse();
    for (const message of messages) {
      const button = message.buttons.find((b) => hits(b.text, b.data));
      if (button?.data !== undefined) return this.tapInline(message, button.data);
      if (button) throw new Error(`fake telegram: "${button.text}" is not a callback button (url: ${button.url ?? "-"})`);
      const reply = replyButtons(message.replyMarkup).find((text) => hits(text));
      if (reply !== undefined) {
        const update = await this.send(reply);
        return { update, query: undefined };
      }
    }
    const withButtons = messages.find((m) => m.buttons.length > 0 || replyButtons(m.replyMarkup).length > 0);
    const seen = withButtons
      ? [...withButtons.buttons.map((b) => `${b.text} [${b.data ?? b.url ?? ""}]`), ...replyButtons(withButtons.replyMarkup)]
      : [];
    throw new Error(`fake telegram: no button matching ${String(match)}; the newest buttons are: ${seen.join(", ") || "none"}`);
  }

  /** Taps the inline button with this text on one given message (when several messages carry the same button). */
  async tapOn(message: FakeMessage, text: string): Promise<Tap> {
    const current = this.messages().find((m) => m.messageId === message.messageId);
    const button = current?.buttons.find((b) => b.text === text);
    if (button?.data === undefined) throw new Error(`fake telegram: message ${message.messageId} has no callback button "${text}"`);
    return this.tapInline(current!, button.data);
  }

  private tapInline(message: FakeMessage, data: string): Tap {
    const chat = this.chat;
    const query = this.state.addCallback(this.bot, chat.person.id, message.messageId, data);
    const update = this.deliver({
      callback_query: {
        id: query.id,
        from: apiUser(this.spec),
        message: apiMessage(this.bot, chat, message, this.state.files),
        chat_instance: String(this.bot.id * 31 + chat.person.id),
        data,
      },
    });
    return { update, query };
  }

  /** What the bot sent to this chat, oldest first, edits applied, deleted ones left out unless asked. */
  messages(options: { includeDeleted?: boolean } = {}): FakeMessage[] {
    const chat = this.bot.chats.get(this.spec.id);
    if (!chat) return [];
    return chat.messages.filter((m) => m.from === "bot" && (options.includeDeleted || !m.deleted));
  }

  /** The newest message the bot sent to this chat. */
  lastMessage(): FakeMessage | undefined {
    return this.messages().at(-1);
  }

  /** Waits for a bot message (new or edited, since this person's last action by default) that matches. */
  waitForMessage(match: MessageMatch, options: WaitOptions = {}): Promise<FakeMessage> {
    const since = options.since === "any" ? 0 : this.lastAction;
    const test = matcher(match);
    return waitUntil(
      this.state,
      () => this.messages().find((m) => m.version > since && test(m)),
      options.timeoutMs ?? DEFAULT_WAIT_MS,
      `a message to ${this.spec.firstName} matching ${String(match)}`,
    );
  }

  /** Waits until the bot answered a tap; returns the toast text and flags. */
  waitForAnswer(tap: Tap, timeoutMs = DEFAULT_WAIT_MS): Promise<NonNullable<CallbackRecord["answer"]>> {
    const query = tap.query;
    if (!query) return Promise.reject(new Error("fake telegram: a reply-keyboard tap has no callback query"));
    return waitUntil(this.state, () => query.answer, timeoutMs, `an answer to the tap on "${query.data}"`);
  }

  private writeable(): ChatState {
    this.state.people.set(this.spec.id, this.spec);
    const chat = this.chat;
    chat.started = true;
    chat.blocked = false;
    return chat;
  }

  private deliver(body: Omit<Update, "update_id">): Update {
    const update = this.bot.updates.push(body);
    this.lastAction = this.state.changed();
    return update;
  }
}

function matcher(match: MessageMatch): (message: FakeMessage) => boolean {
  if (typeof match === "function") return match;
  return (message) => {
    const shown = message.text ?? message.caption ?? "";
    return typeof match === "string" ? shown.includes(match) : match.test(shown);
  };
}

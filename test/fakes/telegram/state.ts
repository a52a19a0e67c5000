/**
 * What the fake Telegram knows: bots (identity, update queue, commands), people, private chats per bot with every
 * message in them, uploaded files, callback queries, and a change counter that waiters watch.
 */
import type { Chat, Message, MessageEntity, PhotoSize, Update, User } from "grammy/types";
import { UpdateQueue } from "./updates.ts";
import { ApiFailure, badRequest, inlineButtons } from "./validate.ts";

/** A bot the fake serves. Pass `token` and `apiRoot` to grammY. */
export interface FakeBot {
  readonly token: string;
  readonly id: number;
  readonly username: string;
  readonly firstName: string;
}

/** A person who talks to the bots. */
export interface PersonSpec {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
}

/** A button as a person sees it under a message. */
export interface SeenButton {
  text: string;
  data?: string;
  url?: string;
}

/** One message in a private chat, with edits applied. */
export interface FakeMessage {
  readonly messageId: number;
  readonly chatId: number;
  readonly from: "bot" | "user";
  /** Plain text (or caption) as the chat shows it, after parse_mode. */
  text: string | undefined;
  caption: string | undefined;
  /** The text or caption exactly as the bot sent it (with HTML tags). */
  source: string | undefined;
  entities: MessageEntity[];
  parseMode: string | undefined;
  photo: { fileId: string; bytes: Uint8Array } | undefined;
  replyMarkup: object | undefined;
  /** The inline buttons, flattened, for quick assertions. */
  buttons: SeenButton[];
  readonly date: number;
  /** When the fake accepted it, epoch ms. */
  readonly sentAt: number;
  editedAt: number | undefined;
  edits: number;
  deleted: boolean;
  /** The fake's change counter when this message last changed. */
  version: number;
}

/** A file the fake stores: a person's photo or a bot's upload. */
export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  path: string;
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** A callback query a person sent by tapping, and how the bot answered it. */
export interface CallbackRecord {
  id: string;
  chatId: number;
  messageId: number;
  data: string;
  answered: boolean;
  answer: { text?: string; showAlert?: boolean; url?: string } | undefined;
}

export interface ChatState {
  readonly person: PersonSpec;
  nextMessageId: number;
  messages: FakeMessage[];
  started: boolean;
  blocked: boolean;
}

export interface BotState extends FakeBot {
  readonly updates: UpdateQueue;
  readonly commands: Map<string, { command: string; description: string }[]>;
  readonly chats: Map<number, ChatState>;
  readonly callbacks: Map<string, CallbackRecord>;
}

export class TelegramState {
  readonly bots = new Map<string, BotState>();
  readonly people = new Map<number, PersonSpec>();
  readonly files = new Map<string, StoredFile>();
  private version = 0;
  private nextFile = 1;
  private readonly uniqueIds = new Map<string, string>();
  private nextCallback = 1;
  private readonly listeners = new Set<() => void>();

  /** The current change counter. */
  get now(): number {
    return this.version;
  }

  /** Records that something changed and wakes every waiter. */
  changed(): number {
    this.version += 1;
    for (const listener of this.listeners) listener();
    return this.version;
  }

  /** Calls `listener` on each change until the returned function is called. */
  watch(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  addBot(bot: FakeBot): BotState {
    const state: BotState = {
      ...bot,
      updates: new UpdateQueue(),
      commands: new Map(),
      chats: new Map(),
      callbacks: new Map(),
    };
    this.bots.set(bot.token, state);
    return state;
  }

  /** The chat between a bot and a person, created on first use (not yet started). */
  chat(bot: BotState, person: PersonSpec): ChatState {
    let chat = bot.chats.get(person.id);
    if (!chat) {
      chat = { person, nextMessageId: 1, messages: [], started: false, blocked: false };
      bot.chats.set(person.id, chat);
    }
    return chat;
  }

  /** The chat a bot may send to, or the error Telegram answers with. */
  reachableChat(bot: BotState, chatId: unknown): ChatState {
    const id = typeof chatId === "string" && /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
    const chat = typeof id === "number" ? bot.chats.get(id) : undefined;
    if (!chat || !chat.started) throw badRequest("chat not found");
    if (chat.blocked) throw new ApiFailure(403, "Forbidden: bot was blocked by the user");
    return chat;
  }

  /** Adds a message to a chat. */
  addMessage(chat: ChatState, fields: Partial<FakeMessage> & { from: "bot" | "user" }): FakeMessage {
    const message: FakeMessage = {
      messageId: chat.nextMessageId++,
      chatId: chat.person.id,
      text: undefined,
      caption: undefined,
      source: undefined,
      entities: [],
      parseMode: undefined,
      photo: undefined,
      replyMarkup: undefined,
      buttons: [],
      date: Math.floor(Date.now() / 1000),
      sentAt: Date.now(),
      editedAt: undefined,
      edits: 0,
      deleted: false,
      version: 0,
      ...fields,
    };
    message.buttons = seenButtons(message.replyMarkup);
    chat.messages.push(message);
    message.version = this.changed();
    return message;
  }

  /** Records an edit of a message. */
  touch(message: FakeMessage): void {
    message.buttons = seenButtons(message.replyMarkup);
    message.editedAt = Date.now();
    message.edits += 1;
    message.version = this.changed();
  }

  /** Stores bytes as a file and returns it with a fresh file_id. */
  storeFile(bytes: Uint8Array, size: { width: number; height: number } = { width: 512, height: 512 }): StoredFile {
    const n = this.nextFile++;
    // Telegram gives the same picture the same file_unique_id however often it is sent (file_id may differ).
    const hash = Bun.hash(bytes).toString(36);
    const uniqueId = this.uniqueIds.get(hash) ?? `AQAD${n}`;
    this.uniqueIds.set(hash, uniqueId);
    const file: StoredFile = {
      fileId: `AgACAgQAAxk${String(n).padStart(6, "0")}fake`,
      fileUniqueId: uniqueId,
      path: `photos/file_${n}.${isPng(bytes) ? "png" : "jpg"}`,
      bytes,
      ...size,
    };
    this.files.set(file.fileId, file);
    return file;
  }

  /** Registers a callback query from a person's tap. */
  addCallback(bot: BotState, chatId: number, messageId: number, data: string): CallbackRecord {
    const record: CallbackRecord = {
      id: `${bot.id}${String(this.nextCallback++).padStart(8, "0")}`,
      chatId,
      messageId,
      data,
      answered: false,
      answer: undefined,
    };
    bot.callbacks.set(record.id, record);
    return record;
  }
}

function isPng(bytes: Uint8Array): boolean {
  return bytes[0] === 0x89 && bytes[1] === 0x50;
}

function seenButtons(markup: object | undefined): SeenButton[] {
  return inlineButtons(markup).map((b) => {
    const seen: SeenButton = { text: b.text };
    if ("callback_data" in b && b.callback_data !== undefined) seen.data = b.callback_data;
    if ("url" in b && b.url !== undefined) seen.url = b.url;
    return seen;
  });
}

/** The Telegram `User` of a person. */
export function apiUser(person: PersonSpec): User {
  const user: User = { id: person.id, is_bot: false, first_name: person.firstName };
  if (person.lastName) user.last_name = person.lastName;
  if (person.username) user.username = person.username;
  if (person.languageCode) user.language_code = person.languageCode;
  return user;
}

/** The Telegram `User` of a bot. */
export function apiBotUser(bot: FakeBot): User {
  return { id: bot.id, is_bot: true, first_name: bot.firstName, username: bot.username };
}

/** The private `Chat` with a person. */
export function apiChat(person: PersonSpec): Chat.PrivateChat {
  const chat: Chat.PrivateChat = { id: person.id, type: "private", first_name: person.firstName };
  if (person.lastName) chat.last_name = person.lastName;
  if (person.username) chat.username = person.username;
  return chat;
}

/** The photo sizes Telegram reports for one stored file. */
export function apiPhoto(file: StoredFile): PhotoSize[] {
  return [
    {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      width: file.width,
      height: file.height,
      file_size: file.bytes.byteLength,
    },
  ];
}

/** A stored message as the Bot API returns it. */
export function apiMessage(
  bot: FakeBot,
  chat: ChatState,
  message: FakeMessage,
  files: Map<string, StoredFile>,
): Message & Update.NonChannel {
  const out: Record<string, unknown> = {
    message_id: message.messageId,
    from: message.from === "bot" ? apiBotUser(bot) : apiUser(chat.person),
    chat: apiChat(chat.person),
    date: message.date,
  };
  if (message.editedAt !== undefined) out.edit_date = Math.floor(message.editedAt / 1000);
  if (message.photo) {
    const file = files.get(message.photo.fileId);
    if (file) out.photo = apiPhoto(file);
    if (message.caption !== undefined && message.caption !== "") {
      out.caption = message.caption;
      if (message.entities.length > 0) out.caption_entities = message.entities;
    }
  } else if (message.text !== undefined) {
    out.text = message.text;
    if (message.entities.length > 0) out.entities = message.entities;
  }
  if (message.replyMarkup && "inline_keyboard" in message.replyMarkup) out.reply_markup = message.replyMarkup;
  return out as unknown as Message & Update.NonChannel;
}

/**
 * The Bot API methods the fake implements. Each reads its parameters the way Telegram does (JSON values, or strings
 * from a multipart form), validates like Telegram, changes the state and returns the `result`.
 */
import type { BotState, TelegramState } from "./state.ts";
import { CHAT_METHODS } from "./chats.ts";
import { PAYMENT_METHODS } from "./payments.ts";
import { DOCUMENT_METHODS } from "./documents.ts";
import { apiBotUser, apiMessage } from "./state.ts";
import { bool, int, json, str } from "./params.ts";
import {
  badRequest,
  checkChatAction,
  checkCommands,
  checkReplyMarkup,
  formatText,
  looksLikeImage,
} from "./validate.ts";

/** Parameters as they arrived: JSON values, form strings, or the bytes of an uploaded file. */
export type Params = Record<string, unknown>;

export interface MethodCall {
  state: TelegramState;
  bot: BotState;
  params: Params;
  signal: AbortSignal;
}

export type Method = (call: MethodCall) => unknown;

function botMessage(call: MethodCall, verb: "edit" | "delete") {
  const chat = call.state.reachableChat(call.bot, call.params.chat_id);
  if (call.params.inline_message_id !== undefined) throw badRequest("inline messages are not supported by the fake");
  const id = int(call.params, "message_id");
  const message = chat.messages.find((m) => m.messageId === id && !m.deleted);
  if (!message) throw badRequest(`message to ${verb} not found`);
  if (verb === "edit" && message.from !== "bot") throw badRequest("message can't be edited");
  return { chat, message };
}

const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function pngSize(bytes: Uint8Array): { width: number; height: number } {
  if (bytes[0] !== 0x89 || bytes.length < 24) return { width: 512, height: 512 };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function commandsKey(params: Params): string {
  const scope = (json(params, "scope") ?? { type: "default" }) as { type?: string; chat_id?: unknown };
  const language = str(params, "language_code") ?? "";
  const chat = scope.chat_id === undefined ? "" : `:${String(scope.chat_id)}`;
  return `${scope.type ?? "default"}${chat}|${language}`;
}

const sendMessage: Method = (call) => {
  const { state, bot, params } = call;
  const chat = state.reachableChat(bot, params.chat_id);
  const formatted = formatText(params.text, params.parse_mode, "text");
  const replyMarkup = checkReplyMarkup(params.reply_markup);
  const message = state.addMessage(chat, {
    from: "bot",
    text: formatted.text,
    source: str(params, "text"),
    entities: formatted.entities,
    parseMode: str(params, "parse_mode"),
    replyMarkup,
  });
  return apiMessage(bot, chat, message, state.files);
};

const sendPhoto: Method = (call) => {
  const { state, bot, params } = call;
  const chat = state.reachableChat(bot, params.chat_id);
  const formatted = formatText(params.caption, params.parse_mode, "caption");
  const replyMarkup = checkReplyMarkup(params.reply_markup);
  const photo = params.photo;
  let file;
  if (photo instanceof Uint8Array) {
    if (photo.byteLength === 0) throw badRequest("file must be non-empty");
    if (!looksLikeImage(photo)) throw badRequest("IMAGE_PROCESS_FAILED");
    file = state.storeFile(photo, pngSize(photo));
  } else if (typeof photo === "string" && state.files.has(photo)) {
    file = state.files.get(photo)!;
  } else {
    throw badRequest("wrong file identifier/HTTP URL specified");
  }
  const message = state.addMessage(chat, {
    from: "bot",
    caption: formatted.text,
    source: str(params, "caption"),
    entities: formatted.entities,
    parseMode: str(params, "parse_mode"),
    photo: { fileId: file.fileId, bytes: file.bytes },
    replyMarkup,
  });
  return apiMessage(bot, chat, message, state.files);
};

/** editMessageText and editMessageCaption: one edit, of a message's text or of a photo's caption. */
function editWords(field: "text" | "caption"): Method {
  return (call) => {
    const { state, bot, params } = call;
    const { chat, message } = botMessage(call, "edit");
    if (field === "text" ? message.photo : !message.photo) throw badRequest(`there is no ${field} in the message to edit`);
    const formatted = formatText(params[field], params.parse_mode, field);
    const replyMarkup = checkReplyMarkup(params.reply_markup, { inlineOnly: true });
    const current = field === "text" ? message.text : (message.caption ?? "");
    if (formatted.text === current && same(formatted.entities, message.entities) && same(replyMarkup, message.replyMarkup)) {
      throw badRequest(NOT_MODIFIED);
    }
    Object.assign(message, {
      [field]: formatted.text,
      source: str(params, field),
      entities: formatted.entities,
      parseMode: str(params, "parse_mode"),
      replyMarkup,
    });
    state.touch(message);
    return apiMessage(bot, chat, message, state.files);
  };
}

const editMessageText = editWords("text");
const editMessageCaption = editWords("caption");

const editMessageReplyMarkup: Method = (call) => {
  const { state, bot, params } = call;
  const { chat, message } = botMessage(call, "edit");
  const replyMarkup = checkReplyMarkup(params.reply_markup, { inlineOnly: true });
  if (same(replyMarkup, message.replyMarkup)) throw badRequest(NOT_MODIFIED);
  message.replyMarkup = replyMarkup;
  state.touch(message);
  return apiMessage(bot, chat, message, state.files);
};

const deleteMessage: Method = (call) => {
  const { message } = botMessage(call, "delete");
  message.deleted = true;
  message.version = call.state.changed();
  return true;
};

const answerCallbackQuery: Method = ({ state, bot, params }) => {
  const query = bot.callbacks.get(str(params, "callback_query_id") ?? "");
  if (!query || query.answered) {
    throw badRequest("query is too old and response timeout expired or query ID is invalid");
  }
  const text = str(params, "text");
  if (text !== undefined && text.length > 200) throw badRequest("MESSAGE_TOO_LONG");
  query.answered = true;
  query.answer = {};
  if (text !== undefined) query.answer.text = text;
  if (bool(params, "show_alert")) query.answer.showAlert = true;
  const url = str(params, "url");
  if (url !== undefined) query.answer.url = url;
  state.changed();
  return true;
};

const getFile: Method = ({ state, params }) => {
  const file = state.files.get(str(params, "file_id") ?? "");
  if (!file) throw badRequest("invalid file_id");
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.bytes.byteLength,
    file_path: file.path,
  };
};

const setMyCommands: Method = ({ state, bot, params }) => {
  const commands = checkCommands(params.commands);
  bot.commands.set(commandsKey(params), commands);
  state.changed();
  return true;
};

const getMyCommands: Method = ({ bot, params }) => bot.commands.get(commandsKey(params)) ?? [];

const deleteMyCommands: Method = ({ state, bot, params }) => {
  bot.commands.delete(commandsKey(params));
  state.changed();
  return true;
};

const setWebhook: Method = ({ bot, params }) => {
  const url = str(params, "url") ?? "";
  if (url !== "" && !/^https?:\/\/\S+$/.test(url)) throw badRequest("bad webhook: invalid URL");
  const secretToken = str(params, "secret_token");
  if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
    throw badRequest("bad webhook: secret token contains unallowed characters");
  }
  const webhook = url === "" ? undefined : secretToken === undefined ? { url } : { url, secretToken };
  bot.updates.setWebhook(webhook, bool(params, "drop_pending_updates"));
  return true;
};

const deleteWebhook: Method = ({ bot, params }) => {
  bot.updates.setWebhook(undefined, bool(params, "drop_pending_updates"));
  return true;
};

const getWebhookInfo: Method = ({ bot }) => ({
  url: bot.updates.webhook?.url ?? "",
  has_custom_certificate: false,
  pending_update_count: bot.updates.pending().length,
});

const sendChatAction: Method = ({ state, bot, params }) => {
  state.reachableChat(bot, params.chat_id);
  checkChatAction(params.action);
  return true;
};

const getMe: Method = ({ bot }) => ({
  ...apiBotUser(bot),
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
});

const getUpdates: Method = ({ bot, params, signal }) => {
  const allowed = json(params, "allowed_updates");
  return bot.updates.take({
    offset: int(params, "offset") ?? 0,
    limit: int(params, "limit") ?? 100,
    timeoutSeconds: int(params, "timeout") ?? 0,
    allowedUpdates: Array.isArray(allowed) ? (allowed as string[]) : undefined,
    signal,
  });
};

const BY_NAME: Record<string, Method> = {
  getMe,
  getUpdates,
  sendMessage,
  sendPhoto,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
  answerCallbackQuery,
  getFile,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  sendChatAction,
  ...CHAT_METHODS,
};

/** Every method the fake serves, by lower-cased name (Telegram's method names are case-insensitive). */
export const METHODS: ReadonlyMap<string, { name: string; run: Method }> = new Map(
  Object.entries({ ...BY_NAME, ...PAYMENT_METHODS, ...DOCUMENT_METHODS }).map(([name, run]) => [name.toLowerCase(), { name, run }]),
);

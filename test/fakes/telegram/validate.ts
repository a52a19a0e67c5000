/**
 * The fake Bot API's checks on what a bot sends, with the error words the real API uses. Each check returns the
 * value it accepted or throws an ApiFailure that the server turns into `{ ok: false, error_code, description }`.
 */
import type { InlineKeyboardButton, MessageEntity } from "grammy/types";
import { parseTelegramHtml } from "./html.ts";

/** A Bot API error answer: the HTTP status equals `errorCode`, like Telegram's. */
export class ApiFailure extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
    this.name = "ApiFailure";
  }
}

export const badRequest = (words: string): ApiFailure => new ApiFailure(400, `Bad Request: ${words}`);

export const TEXT_MAX = 4096;
export const CAPTION_MAX = 1024;
export const CALLBACK_DATA_MAX_BYTES = 64;

const BUTTON_ACTIONS = [
  "url",
  "callback_data",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
] as const;

/** Formatted text as a chat shows it. */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

/** Applies parse_mode and the length limits to a message text or a caption. */
export function formatText(
  raw: unknown,
  parseMode: unknown,
  kind: "text" | "caption",
): FormattedText {
  if (raw !== undefined && typeof raw !== "string") throw badRequest(`${kind} must be a string`);
  const source = raw ?? "";
  let formatted: FormattedText = { text: source, entities: [] };
  if (parseMode !== undefined && parseMode !== "") {
    if (parseMode === "HTML") {
      const parsed = parseTelegramHtml(source);
      if (!parsed.ok) throw badRequest(parsed.error);
      formatted = { text: parsed.text, entities: parsed.entities };
    } else if (parseMode !== "MarkdownV2" && parseMode !== "Markdown") {
      throw badRequest("unsupported parse_mode");
    }
  }
  if (kind === "text") {
    if (formatted.text.trim().length === 0) throw badRequest("message text is empty");
    if (formatted.text.length > TEXT_MAX) throw badRequest("message is too long");
  } else if (formatted.text.length > CAPTION_MAX) {
    throw badRequest("message caption is too long");
  }
  return formatted;
}

/** Checks a reply_markup the way Telegram does and returns it as an object. */
export function checkReplyMarkup(raw: unknown, options: { inlineOnly?: boolean } = {}): object | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  let markup: unknown = raw;
  if (typeof raw === "string") {
    try {
      markup = JSON.parse(raw);
    } catch {
      throw badRequest("can't parse reply keyboard markup JSON object");
    }
  }
  if (typeof markup !== "object" || markup === null || Array.isArray(markup)) {
    throw badRequest("object expected as reply markup");
  }
  const m = markup as Record<string, unknown>;
  if ("inline_keyboard" in m) {
    checkInlineKeyboard(m.inline_keyboard);
    return m;
  }
  if (options.inlineOnly) throw badRequest("inline keyboard expected");
  if ("keyboard" in m) {
    checkRows(m.keyboard, "keyboard", "ReplyKeyboardMarkup");
    for (const row of m.keyboard as unknown[][]) {
      for (const button of row) {
        const text = typeof button === "string" ? button : (button as { text?: unknown })?.text;
        if (typeof text !== "string" || text.length === 0) throw badRequest("can't parse keyboard button: Text must be non-empty");
      }
    }
    return m;
  }
  if (m.remove_keyboard === true || m.force_reply === true) return m;
  throw badRequest("can't find field \"inline_keyboard\" in reply markup");
}

function checkRows(rows: unknown, field: string, owner: string): void {
  if (!Array.isArray(rows) || !rows.every((row) => Array.isArray(row))) {
    throw badRequest(`field "${field}" of the ${owner} should be an Array of Arrays`);
  }
  const total = rows.reduce((sum: number, row: unknown[]) => sum + row.length, 0);
  if (total > 100) throw badRequest("reply markup is too long");
}

function checkInlineKeyboard(rows: unknown): void {
  checkRows(rows, "inline_keyboard", "InlineKeyboardMarkup");
  for (const row of rows as unknown[][]) {
    for (const button of row) checkInlineButton(button);
  }
}

function checkInlineButton(raw: unknown): void {
  if (typeof raw !== "object" || raw === null) {
    throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  }
  const button = raw as Record<string, unknown>;
  if (typeof button.text !== "string" || button.text.length === 0) {
    throw badRequest("can't parse inline keyboard button: Text must be non-empty");
  }
  const actions = BUTTON_ACTIONS.filter((field) => button[field] !== undefined);
  if (actions.length !== 1) {
    throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must have exactly one of the optional fields");
  }
  if (actions[0] === "callback_data") {
    const data = button.callback_data;
    const bytes = typeof data === "string" ? Buffer.byteLength(data, "utf8") : 0;
    if (bytes < 1 || bytes > CALLBACK_DATA_MAX_BYTES) throw badRequest("BUTTON_DATA_INVALID");
  }
  if (actions[0] === "url") {
    const url = button.url;
    if (typeof url !== "string" || !/^(https?|tg):\/\/\S+$/i.test(url)) throw badRequest("BUTTON_URL_INVALID");
  }
}

/** The inline buttons of a markup, row by row; empty when it has none. */
export function inlineButtons(markup: object | undefined): InlineKeyboardButton[] {
  const rows = (markup as { inline_keyboard?: InlineKeyboardButton[][] } | undefined)?.inline_keyboard;
  return rows ? rows.flat() : [];
}

/** The texts of a reply keyboard's buttons; empty when it has none. */
export function replyButtons(markup: object | undefined): string[] {
  const rows = (markup as { keyboard?: unknown[][] } | undefined)?.keyboard;
  if (!rows) return [];
  return rows.flat().map((b) => (typeof b === "string" ? b : String((b as { text: unknown }).text)));
}

const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);

/** Checks sendChatAction's action. */
export function checkChatAction(action: unknown): string {
  if (typeof action !== "string" || !CHAT_ACTIONS.has(action)) throw badRequest("wrong parameter action in request");
  return action;
}

/** Checks setMyCommands' list. */
export function checkCommands(raw: unknown): { command: string; description: string }[] {
  const list = typeof raw === "string" ? safeJson(raw) : raw;
  if (!Array.isArray(list)) throw badRequest("parameter \"commands\" must be an Array");
  if (list.length > 100) throw badRequest("too many commands");
  return list.map((item: unknown) => {
    const { command, description } = (item ?? {}) as { command?: unknown; description?: unknown };
    if (typeof command !== "string" || !/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest("BOT_COMMAND_INVALID");
    if (typeof description !== "string" || description.length < 1 || description.length > 256) {
      throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
    }
    return { command, description };
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The magic bytes of the image formats Telegram accepts as a photo. */
export function looksLikeImage(bytes: Uint8Array): boolean {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const isPng = png.every((b, i) => bytes[i] === b);
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const isWebp = bytes.length > 12 && Buffer.from(bytes.subarray(8, 12)).toString("latin1") === "WEBP";
  return isPng || isJpeg || isWebp;
}

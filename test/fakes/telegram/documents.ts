/**
 * `sendDocument` in the fake Telegram, as the Bot API documents it (core.telegram.org/bots/api#senddocument): the
 * document is a multipart upload (its part's file name becomes `file_name`) or the file_id of a file Telegram has;
 * an upload is at most 50 MB for a bot and must not be empty; the caption is at most 1,024 characters after
 * entities are parsed. The answer is a Message with `document: {file_id, file_unique_id, file_name, mime_type,
 * file_size}`.
 */
import type { Method } from "./methods.ts";
import { apiMessage, type FakeMessage, type StoredFile } from "./state.ts";
import { ApiFailure, badRequest, checkReplyMarkup, formatText } from "./validate.ts";

const UPLOAD_MAX = 50 * 1024 * 1024;

export interface FakeDocument {
  fileId: string;
  fileName: string;
  bytes: Uint8Array;
}

const uploadNames = new WeakMap<Uint8Array, string>();
const documents = new WeakMap<FakeMessage, FakeDocument>();
const storedNames = new WeakMap<StoredFile, string>();

/** The server's multipart reader notes each uploaded part's file name here. */
export function rememberUploadName(bytes: Uint8Array, name: string): void {
  uploadNames.set(bytes, name);
}

/** The document a bot sent in this message, if it is one. */
export function documentOf(message: FakeMessage): FakeDocument | undefined {
  return documents.get(message);
}

const sendDocument: Method = (call) => {
  const { state, bot, params } = call;
  const chat = state.reachableChat(bot, params.chat_id);
  const formatted = formatText(params.caption, params.parse_mode, "caption");
  const replyMarkup = checkReplyMarkup(params.reply_markup);
  const upload = params.document;
  let file: StoredFile;
  let fileName: string;
  if (upload instanceof Uint8Array) {
    if (upload.byteLength === 0) throw badRequest("file must be non-empty");
    if (upload.byteLength > UPLOAD_MAX) throw new ApiFailure(413, "Request Entity Too Large");
    file = state.storeFile(upload);
    fileName = uploadNames.get(upload) ?? "document";
    storedNames.set(file, fileName);
  } else if (typeof upload === "string" && state.files.has(upload)) {
    file = state.files.get(upload)!;
    fileName = storedNames.get(file) ?? "document";
  } else {
    throw badRequest("wrong file identifier/HTTP URL specified");
  }
  const message = state.addMessage(chat, {
    from: "bot",
    caption: formatted.text,
    source: typeof params.caption === "string" ? params.caption : undefined,
    entities: formatted.entities,
    replyMarkup,
  });
  documents.set(message, { fileId: file.fileId, fileName, bytes: file.bytes });
  const out = apiMessage(bot, chat, message, state.files) as unknown as Record<string, unknown>;
  out.document = { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_name: fileName, mime_type: "application/octet-stream", file_size: file.bytes.byteLength };
  if (formatted.text) {
    out.caption = formatted.text;
    if (formatted.entities.length > 0) out.caption_entities = formatted.entities;
  }
  delete out.text;
  return out;
};

export const DOCUMENT_METHODS: Record<string, Method> = { sendDocument };

/**
 * Telegram's `parse_mode: "HTML"`, as the fake Bot API applies it: the allowed tags become entities (offsets in
 * UTF-16 code units, like the real API), anything else is a 400 "can't parse entities" with a byte offset.
 *
 * One deliberate difference: real Telegram keeps a bare `&` that starts no known entity as a literal. The fake
 * rejects it, because our code must escape every interpolated value and a lenient fake would hide a missing escape.
 */
import type { MessageEntity } from "grammy/types";

/** The text a chat shows and its entities, or the error words Telegram would answer with. */
export type ParsedHtml = { ok: true; text: string; entities: MessageEntity[] } | { ok: false; error: string };

const TAG_ENTITY: Record<string, MessageEntity["type"]> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  span: "spoiler",
  "tg-spoiler": "spoiler",
  a: "text_link",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  "tg-emoji": "custom_emoji",
};

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

interface OpenTag {
  name: string;
  start: number;
  attributes: Record<string, string>;
}

class HtmlError extends Error {}

/** Parses Telegram HTML into plain text and entities. */
export function parseTelegramHtml(source: string): ParsedHtml {
  try {
    return { ok: true, ...parse(source) };
  } catch (error) {
    if (error instanceof HtmlError) return { ok: false, error: `can't parse entities: ${error.message}` };
    throw error;
  }
}

function byteOffset(source: string, index: number): number {
  return Buffer.byteLength(source.slice(0, index), "utf8");
}

function parse(source: string): { text: string; entities: MessageEntity[] } {
  let text = "";
  const entities: MessageEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === "&") {
      const decoded = decodeEntity(source, i);
      if (!decoded) throw new HtmlError(`Character entity expected at byte offset ${byteOffset(source, i)}`);
      text += decoded.value;
      i = decoded.end;
    } else if (ch === "<" && source[i + 1] === "/") {
      i = closeTag(source, i, stack, text.length, entities);
    } else if (ch === "<") {
      const opened = openTag(source, i);
      stack.push({ ...opened.tag, start: text.length });
      i = opened.end;
    } else {
      text += ch;
      i += 1;
    }
  }
  const unclosed = stack.at(-1);
  if (unclosed) throw new HtmlError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

function decodeEntity(source: string, at: number): { value: string; end: number } | undefined {
  const match = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/.exec(source.slice(at, at + 12));
  if (!match) return undefined;
  const body = match[1]!;
  const end = at + match[0].length;
  if (body.startsWith("#")) {
    const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
    return { value: String.fromCodePoint(code), end };
  }
  const named = NAMED_ENTITIES[body.toLowerCase()];
  return named === undefined ? undefined : { value: named, end };
}

function openTag(source: string, at: number): { tag: Omit<OpenTag, "start">; end: number } {
  let i = at + 1;
  const nameStart = i;
  while (i < source.length && !/[\s>/]/.test(source[i]!)) i += 1;
  const name = source.slice(nameStart, i).toLowerCase();
  if (!(name in TAG_ENTITY)) {
    throw new HtmlError(`Unsupported start tag "${name}" at byte offset ${byteOffset(source, at)}`);
  }
  const attributes: Record<string, string> = {};
  for (;;) {
    while (i < source.length && /\s/.test(source[i]!)) i += 1;
    if (i >= source.length) throw new HtmlError(`Unclosed start tag at byte offset ${byteOffset(source, at)}`);
    if (source[i] === ">") break;
    const attrStart = i;
    while (i < source.length && /[A-Za-z0-9_-]/.test(source[i]!)) i += 1;
    const attrName = source.slice(attrStart, i).toLowerCase();
    if (!attrName) {
      throw new HtmlError(`Empty attribute name in the tag "${name}" at byte offset ${byteOffset(source, at)}`);
    }
    if (source[i] !== "=") {
      attributes[attrName] = "";
      continue;
    }
    i += 1;
    const value = readAttributeValue(source, i, at);
    attributes[attrName] = value.value;
    i = value.end;
  }
  checkTagAttributes(name, attributes, byteOffset(source, at));
  return { tag: { name, attributes }, end: i + 1 };
}

function readAttributeValue(source: string, at: number, tagAt: number): { value: string; end: number } {
  const quote = source[at];
  if (quote === '"' || quote === "'") {
    const close = source.indexOf(quote, at + 1);
    if (close < 0) throw new HtmlError(`Unclosed start tag at byte offset ${byteOffset(source, tagAt)}`);
    const inner = parse(source.slice(at + 1, close).replace(/</g, "&lt;"));
    return { value: inner.text, end: close + 1 };
  }
  let i = at;
  while (i < source.length && !/[\s>]/.test(source[i]!)) i += 1;
  return { value: source.slice(at, i), end: i };
}

function checkTagAttributes(name: string, attributes: Record<string, string>, offset: number): void {
  if (name === "span" && attributes.class !== "tg-spoiler") {
    throw new HtmlError(`Tag "span" must have class "tg-spoiler" at byte offset ${offset}`);
  }
  if (name === "tg-emoji" && !/^\d+$/.test(attributes["emoji-id"] ?? "")) {
    throw new HtmlError(`Tag "tg-emoji" must have attribute "emoji-id" at byte offset ${offset}`);
  }
}

function closeTag(source: string, at: number, stack: OpenTag[], textLength: number, entities: MessageEntity[]): number {
  const end = source.indexOf(">", at);
  if (end < 0) throw new HtmlError(`Unclosed end tag at byte offset ${byteOffset(source, at)}`);
  const name = source.slice(at + 2, end).trim().toLowerCase();
  const open = stack.pop();
  if (!open) throw new HtmlError(`Unexpected end tag at byte offset ${byteOffset(source, at)}`);
  if (open.name !== name) {
    throw new HtmlError(
      `Unmatched end tag at byte offset ${byteOffset(source, at)}, expected "</${open.name}>", found "</${name}>"`,
    );
  }
  const entity = toEntity(open, textLength, stack);
  if (entity) mergeCodeIntoPre(entity, entities);
  return end + 1;
}

function toEntity(tag: OpenTag, textLength: number, outer: OpenTag[]): MessageEntity | undefined {
  const length = textLength - tag.start;
  if (length <= 0) return undefined;
  const offset = tag.start;
  switch (TAG_ENTITY[tag.name]) {
    case "text_link":
      return tag.attributes.href ? { type: "text_link", offset, length, url: tag.attributes.href } : undefined;
    case "custom_emoji":
      return { type: "custom_emoji", offset, length, custom_emoji_id: tag.attributes["emoji-id"]! };
    case "code": {
      const language = /^language-(.+)$/.exec(tag.attributes.class ?? "")?.[1];
      const inPre = outer.at(-1)?.name === "pre";
      return inPre && language ? { type: "pre", offset, length, language } : { type: "code", offset, length };
    }
    case "blockquote":
      return "expandable" in tag.attributes
        ? { type: "expandable_blockquote", offset, length }
        : { type: "blockquote", offset, length };
    case undefined:
      return undefined;
    default:
      return { type: TAG_ENTITY[tag.name], offset, length } as MessageEntity;
  }
}

/** `<pre><code class="language-x">` is one pre entity with a language, as Telegram reports it. */
function mergeCodeIntoPre(entity: MessageEntity, entities: MessageEntity[]): void {
  if (entity.type === "pre") {
    const inner = entities.findIndex(
      (e) => e.type === "pre" && e.offset === entity.offset && e.length === entity.length && "language" in e,
    );
    if (inner >= 0) return;
  }
  entities.push(entity);
}

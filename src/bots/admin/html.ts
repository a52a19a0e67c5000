/**
 * A message an admin typed, as Telegram HTML: the text escaped and the formatting they applied in their client
 * (bold, italic, links, code…) turned back into tags, so a broadcast looks like what they wrote and a stray "<"
 * cannot break it. Entity offsets are UTF-16 code units, like JavaScript strings.
 */
import type { MessageEntity } from "grammy/types";
import { escapeHtml } from "../i18n.ts";

function tagsOf(entity: MessageEntity): [string, string] | null {
  switch (entity.type) {
    case "bold":
      return ["<b>", "</b>"];
    case "italic":
      return ["<i>", "</i>"];
    case "underline":
      return ["<u>", "</u>"];
    case "strikethrough":
      return ["<s>", "</s>"];
    case "spoiler":
      return ["<tg-spoiler>", "</tg-spoiler>"];
    case "code":
      return ["<code>", "</code>"];
    case "pre":
      return entity.language ? [`<pre><code class="language-${escapeHtml(entity.language)}">`, "</code></pre>"] : ["<pre>", "</pre>"];
    case "text_link":
      return [`<a href="${escapeHtml(entity.url)}">`, "</a>"];
    case "blockquote":
      return ["<blockquote>", "</blockquote>"];
    default:
      return null;
  }
}

/** The text with its entities as HTML tags, properly nested. */
export function entitiesToHtml(text: string, entities: readonly MessageEntity[] = []): string {
  const opens = new Map<number, { end: number; open: string; close: string }[]>();
  for (const entity of entities) {
    const tags = tagsOf(entity);
    if (!tags || entity.length <= 0) continue;
    const list = opens.get(entity.offset) ?? [];
    list.push({ end: entity.offset + entity.length, open: tags[0], close: tags[1] });
    opens.set(entity.offset, list);
  }
  let out = "";
  const stack: { end: number; open: string; close: string }[] = [];
  const closeUntil = (position: number) => {
    // Close every tag ending here; tags opened inside one that ends are closed and reopened to keep nesting valid.
    const reopen: typeof stack = [];
    while (stack.some((s) => s.end <= position)) {
      const top = stack.pop()!;
      out += top.close;
      if (top.end > position) reopen.unshift(top);
    }
    for (const tag of reopen) {
      out += tag.open;
      stack.push(tag);
    }
  };
  for (let i = 0; i <= text.length; i++) {
    closeUntil(i);
    if (i === text.length) break;
    const starting = (opens.get(i) ?? []).sort((a, b) => b.end - a.end);
    for (const tag of starting) {
      out += tag.open;
      stack.push(tag);
    }
    out += escapeHtml(text[i]!);
  }
  return out;
}

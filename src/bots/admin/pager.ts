/**
 * Long admin lists in pages. Telegram refuses a message over 4,096 characters ("message is too long"), and a list
 * of tickets, servers, codes, plans or subscriptions grows with the business: each list renders its entries, this
 * splits them into pages that stay under the limit (with room for a note above), and adds ◀️ n/m ▶️ buttons that
 * open another page of the same list. One pager for every list; a feature only says how to draw one page.
 */
import type { Composer } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import type { PagedList } from "./callbacks.ts";
import type { AdminContext, AdminKit } from "./context.ts";
import { button, toast } from "./ui.ts";

/** The text of a page stays under this (Telegram's limit is 4,096), so a note of a few lines fits above it. */
const PAGE_TEXT_LIMIT = 3500;
/** At most this many entries a page, so their buttons stay a keyboard a person can read. */
const PAGE_ENTRIES = 10;

export interface Page<T> {
  /** The entries on this page. */
  items: T[];
  /** The title and this page's entries, joined. */
  text: string;
  /** 0-based; clamped to the pages there are. */
  index: number;
  count: number;
}

/** Splits the entries into pages under the limit and returns page `index`. */
export function pageOf<T>(
  items: readonly T[],
  render: (item: T) => string,
  options: { title: string; index: number; separator?: string; /** Text after the entries, on every page. */ footer?: string },
): Page<T> {
  const separator = options.separator ?? "\n";
  const pages: { items: T[]; lines: string[] }[] = [{ items: [], lines: [] }];
  const fixed = options.title.length + (options.footer === undefined ? 0 : separator.length + options.footer.length);
  let size = fixed;
  for (const item of items) {
    const line = render(item);
    let current = pages.at(-1)!;
    if (current.items.length > 0 && (current.items.length >= PAGE_ENTRIES || size + separator.length + line.length > PAGE_TEXT_LIMIT)) {
      current = { items: [], lines: [] };
      pages.push(current);
      size = fixed;
    }
    current.items.push(item);
    current.lines.push(line);
    size += separator.length + line.length;
  }
  const index = Math.min(Math.max(0, options.index), pages.length - 1);
  const page = pages[index]!;
  const parts = [options.title, ...page.lines, ...(options.footer === undefined ? [] : [options.footer])];
  return { items: page.items, text: parts.join(separator), index, count: pages.length };
}

/** ◀️ n/m ▶️ for a list with more than one page; an empty row otherwise. */
export function pageButtons(ctx: AdminContext, kit: AdminKit, list: PagedList, page: { index: number; count: number }, of = 0): InlineKeyboardButton[] {
  if (page.count <= 1) return [];
  const to = (index: number) => kit.callbacks.page.pack({ list, page: index, of });
  const row: InlineKeyboardButton[] = [];
  if (page.index > 0) row.push(button(ctx.tp("admin-page-previous"), to(page.index - 1)));
  row.push(button(ctx.tp("admin-page-of", { page: page.index + 1, pages: page.count }), to(page.index)));
  if (page.index < page.count - 1) row.push(button(ctx.tp("admin-page-next"), to(page.index + 1)));
  return row;
}

/** Opens page n of `list` when its buttons are tapped. */
export function onPage(composer: Composer<AdminContext>, kit: AdminKit, list: PagedList, open: (ctx: AdminContext, page: number, of: number) => Promise<void>): void {
  composer.callbackQuery(kit.callbacks.page.pattern, async (ctx, next) => {
    const data = kit.callbacks.page.unpack(ctx.callbackQuery.data);
    if (data?.list !== list) return next();
    await toast(ctx);
    await open(ctx, data.page, data.of);
  });
}

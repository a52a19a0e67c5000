/**
 * Who the admins are (ADMIN_IDS) and what the bot knows of each: the name to show on a decision and the language
 * to write alerts in, remembered from their last update (kept in bot_state, no expiry).
 */
import type { Store } from "../../store/index.ts";
import type { Database } from "bun:sqlite";
import type { User } from "grammy/types";
import { BotStateStore } from "../shared/index.ts";
import { pickLanguage, type Language } from "../i18n.ts";

interface Profile {
  name: string;
  lang: Language;
}

export class AdminDirectory {
  private readonly store: BotStateStore;
  private readonly ids: ReadonlySet<number>;

  constructor(
    store: Store,
    adminIds: readonly number[],
    private readonly defaultLanguage: Language,
    now: () => number,
  ) {
    this.store = store.botState("admin", { now });
    this.ids = new Set(adminIds);
  }

  /** Every admin id, in the order ADMIN_IDS lists them. */
  get all(): number[] {
    return [...this.ids];
  }

  isAdmin(userId: number | undefined): boolean {
    return userId !== undefined && this.ids.has(userId);
  }

  /** Remembers an admin's name and language from an update; returns the language. */
  remember(user: User): Language {
    const known = this.store.get<Profile>(user.id, "profile");
    const name = [user.first_name, user.last_name].filter(Boolean).join(" ") || (user.username ? `@${user.username}` : String(user.id));
    const lang = user.language_code ? pickLanguage(user.language_code, this.defaultLanguage) : (known?.lang ?? this.defaultLanguage);
    if (!known || known.name !== name || known.lang !== lang) this.store.set(user.id, "profile", { name, lang });
    return lang;
  }

  /** The name to show for an admin id (a decision's `by`); the id itself when the bot never saw them. */
  nameOf(id: string | number): string {
    return this.store.get<Profile>(Number(id), "profile")?.name ?? String(id);
  }

  langOf(id: number): Language {
    return this.store.get<Profile>(id, "profile")?.lang ?? this.defaultLanguage;
  }
}

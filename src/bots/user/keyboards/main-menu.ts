/** The main menu and the small keyboards several features share. */
import { InlineKeyboard } from "grammy";
import { LANGUAGES, tPlain, type Language } from "../../i18n.ts";
import type { UserCallbacks, MenuItem } from "../callback-data/user-callbacks.ts";

/** The main menu, in `lang`; an agent also gets their panel. */
export function mainMenu(cb: UserCallbacks, lang: Language, options: { agent?: boolean } = {}): InlineKeyboard {
  const item = (key: string, to: MenuItem) => InlineKeyboard.text(tPlain(lang, key), cb.menu.pack({ to }));
  return InlineKeyboard.from([
    ...(options.agent ? [[item("menu-agent", "agent")]] : []),
    [item("menu-plans", "plans")],
    [item("menu-subscriptions", "subs"), item("menu-wallet", "wallet")],
    [item("menu-trial", "trial"), item("menu-support", "support")],
    [item("menu-help", "help"), item("menu-referral", "ref")],
    [item("menu-language", "lang")],
  ]);
}

/** One button back to the main menu. */
export function backToMenu(cb: UserCallbacks, lang: Language): InlineKeyboard {
  return new InlineKeyboard().text(tPlain(lang, "button-main-menu"), cb.menu.pack({ to: "home" }));
}

/** A single menu shortcut (e.g. "Buy a subscription" under "you have no subscriptions"). */
export function menuButton(cb: UserCallbacks, lang: Language, key: string, to: MenuItem): InlineKeyboard {
  return new InlineKeyboard().text(tPlain(lang, key), cb.menu.pack({ to }));
}

/** The language choice: each language named in itself. */
export function languageChoice(cb: UserCallbacks): InlineKeyboard {
  return InlineKeyboard.from([LANGUAGES.map((lang) => InlineKeyboard.text(tPlain(lang, "language-name"), cb.language.pack({ lang })))]);
}

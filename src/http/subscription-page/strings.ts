/**
 * The subscription page's own words, fa, en and ru (the bots' words live in src/bots/locales). Numbers and dates are
 * formatted by page.ts; these take them already formatted.
 */

export type PageLanguage = "fa" | "en" | "ru";

export const PAGE_LANGUAGES: readonly PageLanguage[] = ["fa", "en", "ru"];

export interface PageStrings {
  dir: "rtl" | "ltr";
  pageTitle: (title: string) => string;
  states: Record<string, string>;
  stateHint: Record<string, string>;
  used: (used: string, total: string) => string;
  unlimited: string;
  remaining: (amount: string) => string;
  daysLeft: (days: string) => string;
  noExpiry: string;
  expiresOn: (date: string) => string;
  expiredOn: (date: string) => string;
  scan: string;
  link: string;
  copy: string;
  copied: string;
  importTitle: string;
  importHint: string;
  /** The language named in itself, for the links to the page in the other languages. */
  languageName: string;
  gb: (n: string) => string;
  mb: (n: string) => string;
}

const fa: PageStrings = {
  dir: "rtl",
  pageTitle: (title) => `اشتراک ${title}`,
  states: {
    active: "فعال",
    limited: "حجم تمام شده",
    expired: "منقضی شده",
    suspended: "معلق",
    provisioning: "در حال آماده‌سازی",
    provision_failed: "در انتظار پشتیبانی",
    moving: "در حال انتقال",
    revoking: "در حال حذف",
    revoke_wait: "در حال حذف",
  },
  stateHint: {
    limited: "حجم این دوره تمام شده است. برای ادامه، از ربات حجم اضافه یا تمدید بخرید.",
    expired: "مدت اشتراک تمام شده است. از ربات تمدید کنید.",
    suspended: "این اشتراک موقتاً غیرفعال است. با پشتیبانی در تماس باشید.",
    provisioning: "اشتراک شما در حال ساخت است؛ چند لحظه دیگر دوباره سر بزنید.",
    provision_failed: "ساخت اشتراک با مشکل روبه‌رو شد؛ پشتیبانی در جریان است.",
  },
  used: (used, total) => `${used} از ${total} مصرف شده`,
  unlimited: "نامحدود",
  remaining: (amount) => `${amount} باقی مانده`,
  daysLeft: (days) => `${days} روز مانده`,
  noExpiry: "بدون تاریخ انقضا",
  expiresOn: (date) => `پایان: ${date}`,
  expiredOn: (date) => `پایان یافته در ${date}`,
  scan: "این کد را با برنامه‌ی خود اسکن کنید",
  link: "لینک اشتراک",
  copy: "کپی لینک",
  copied: "کپی شد ✓",
  importTitle: "افزودن با یک لمس",
  importHint: "برنامه‌ای را که نصب دارید انتخاب کنید؛ اشتراک خودکار اضافه می‌شود.",
  languageName: "فارسی",
  gb: (n) => `${n} گیگابایت`,
  mb: (n) => `${n} مگابایت`,
};

const en: PageStrings = {
  dir: "ltr",
  pageTitle: (title) => `Subscription ${title}`,
  states: {
    active: "Active",
    limited: "Traffic used up",
    expired: "Expired",
    suspended: "Suspended",
    provisioning: "Being set up",
    provision_failed: "Waiting for support",
    moving: "Moving",
    revoking: "Being removed",
    revoke_wait: "Being removed",
  },
  stateHint: {
    limited: "This period's traffic is used up. Buy more traffic or renew in the bot to continue.",
    expired: "This subscription has ended. Renew it in the bot.",
    suspended: "This subscription is paused. Please contact support.",
    provisioning: "Your subscription is being set up; check back in a moment.",
    provision_failed: "Setting up your subscription ran into a problem; support has been told.",
  },
  used: (used, total) => `${used} of ${total} used`,
  unlimited: "unlimited",
  remaining: (amount) => `${amount} left`,
  daysLeft: (days) => `${days} days left`,
  noExpiry: "No end date",
  expiresOn: (date) => `Ends ${date}`,
  expiredOn: (date) => `Ended ${date}`,
  scan: "Scan this code with your app",
  link: "Subscription link",
  copy: "Copy link",
  copied: "Copied ✓",
  importTitle: "Add in one tap",
  importHint: "Pick the app you have installed; the subscription is added for you.",
  languageName: "English",
  gb: (n) => `${n} GB`,
  mb: (n) => `${n} MB`,
};

const ru: PageStrings = {
  dir: "ltr",
  pageTitle: (title) => `Подписка ${title}`,
  states: {
    active: "Активна",
    limited: "Трафик закончился",
    expired: "Истекла",
    suspended: "Приостановлена",
    provisioning: "Настраивается",
    provision_failed: "Ждёт поддержки",
    moving: "Переносится",
    revoking: "Удаляется",
    revoke_wait: "Удаляется",
  },
  stateHint: {
    limited: "Трафик этого периода закончился. Докупите трафик или продлите подписку в боте.",
    expired: "Срок подписки закончился. Продлите её в боте.",
    suspended: "Подписка временно приостановлена. Напишите в поддержку.",
    provisioning: "Подписка настраивается; загляните через минуту.",
    provision_failed: "При настройке подписки возникла проблема; поддержка уже в курсе.",
  },
  used: (used, total) => `Использовано ${used} из ${total}`,
  unlimited: "безлимит",
  remaining: (amount) => `Осталось ${amount}`,
  daysLeft: (days) => `Осталось дней: ${days}`,
  noExpiry: "Бессрочно",
  expiresOn: (date) => `До ${date}`,
  expiredOn: (date) => `Закончилась ${date}`,
  scan: "Отсканируйте этот код в своём приложении",
  link: "Ссылка на подписку",
  copy: "Скопировать ссылку",
  copied: "Скопировано ✓",
  importTitle: "Добавить одним нажатием",
  importHint: "Выберите установленное приложение — подписка добавится сама.",
  languageName: "Русский",
  gb: (n) => `${n} ГБ`,
  mb: (n) => `${n} МБ`,
};

export const PAGE_STRINGS: Record<PageLanguage, PageStrings> = { fa, en, ru };

const isPageLanguage = (value: string | undefined): value is PageLanguage =>
  value !== undefined && (PAGE_LANGUAGES as readonly string[]).includes(value);

/** ?lang= first, then the first of fa/en/ru in Accept-Language, then the default. */
export function pickPageLanguage(query: string | undefined, acceptLanguage: string | null, fallback: PageLanguage): PageLanguage {
  if (isPageLanguage(query)) return query;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { base: tag.toLowerCase().split("-")[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) if (isPageLanguage(entry.base)) return entry.base;
  return fallback;
}

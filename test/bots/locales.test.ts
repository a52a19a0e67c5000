/**
 * The three catalogues say the same things: same keys, same variables, no invisible isolation marks; and the
 * formats a Persian or Russian customer reads are right (digits, Jalali dates in Tehran, Toman separators, Russian
 * plural forms, Moscow dates).
 */
import { describe, expect, test } from "bun:test";
import { FluentResource } from "@fluent/bundle";
import en from "../../src/bots/locales/en.ftl" with { type: "text" };
import fa from "../../src/bots/locales/fa.ftl" with { type: "text" };
import ru from "../../src/bots/locales/ru.ftl" with { type: "text" };
import {
  escapeHtml,
  formatBytes,
  formatDate,
  formatDateTime,
  formatNumber,
  formatToman,
  html,
  LANGUAGES,
  pickLanguage,
  progressBar,
  t,
  tPlain,
  type Language,
} from "../../src/bots/i18n.ts";
import { parseTelegramHtml } from "../fakes/telegram.ts";

const SOURCES: Record<Language, string> = { fa, en, ru };

/** Every variable a pattern references, found anywhere in Fluent's parsed tree (placeables, selectors, variants). */
function variablesIn(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) variablesIn(item, into);
  else if (node && typeof node === "object") {
    const record = node as Record<string, unknown>;
    if (record.type === "var" && typeof record.name === "string") into.add(record.name);
    for (const value of Object.values(record)) variablesIn(value, into);
  }
  return into;
}

/** Message id → its sorted variables, for one catalogue. */
function catalogue(source: string): Map<string, string[]> {
  const resource = new FluentResource(source);
  return new Map(resource.body.map((entry) => [entry.id, [...variablesIn(entry)].sort()]));
}

/** Top-level ids written in the file, counted, to catch entries the parser silently dropped as junk. */
function declaredIds(source: string): string[] {
  return [...source.matchAll(/^([a-z][a-z0-9-]*)\s*=/gm)].map((m) => m[1]!);
}

const catalogues = { fa: catalogue(fa), en: catalogue(en), ru: catalogue(ru) };
const OTHERS = ["en", "ru"] as const;

describe("the catalogues match", () => {
  test("the bots speak fa, en and ru", () => {
    expect([...LANGUAGES]).toEqual(["fa", "en", "ru"]);
  });

  test("every key of fa exists in en and ru, and neither has a key fa lacks", () => {
    for (const other of OTHERS) {
      const onlyFa = [...catalogues.fa.keys()].filter((key) => !catalogues[other].has(key));
      const onlyOther = [...catalogues[other].keys()].filter((key) => !catalogues.fa.has(key));
      expect({ other, onlyFa, onlyOther }).toEqual({ other, onlyFa: [], onlyOther: [] });
    }
    expect(catalogues.fa.size).toBeGreaterThan(150);
  });

  test("each message uses the same variables in every language", () => {
    for (const other of OTHERS) {
      const differ = [...catalogues.fa.entries()]
        .filter(([key, vars]) => JSON.stringify(vars) !== JSON.stringify(catalogues[other].get(key) ?? vars))
        .map(([key, vars]) => `${key}: fa ${vars.join(",")} / ${other} ${catalogues[other].get(key)?.join(",")}`);
      expect(differ).toEqual([]);
    }
  });

  test("no entry is dropped as junk by the parser, and none is declared twice", () => {
    for (const lang of LANGUAGES) {
      const ids = declaredIds(SOURCES[lang]);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => !catalogues[lang].has(id))).toEqual([]);
      expect(catalogues[lang].size).toBe(ids.length);
    }
  });

  test("no formatted message contains U+2068 or U+2069, whatever the arguments", () => {
    for (const lang of LANGUAGES) {
      for (const [key, vars] of catalogues[lang]) {
        for (const sample of [3, 1, "x"] as const) {
          const text = t(lang, key, Object.fromEntries(vars.map((v) => [v, sample])));
          expect(text).not.toMatch(/[\u2068\u2069]/);
          expect(text).not.toContain("{$");
        }
      }
    }
  });

  test("every message is well-formed Telegram HTML that fits in one message", () => {
    const broken: string[] = [];
    for (const lang of LANGUAGES) {
      for (const [key, vars] of catalogues[lang]) {
        const parsed = parseTelegramHtml(t(lang, key, Object.fromEntries(vars.map((v) => [v, "a<b>&c"]))));
        if (!parsed.ok) broken.push(`${lang} ${key}: ${parsed.error}`);
        else if (parsed.text.length > 4096) broken.push(`${lang} ${key}: too long`);
      }
    }
    expect(broken).toEqual([]);
  });

  test("messages are Telegram HTML: string arguments are escaped, trusted markup is not", () => {
    expect(t("en", "support-received", { ticket: "<b>1</b>" })).toContain("#&lt;b&gt;1&lt;/b&gt;");
    expect(t("en", "card-instructions", { order: "42", amount: "1", hours: 24, cards: html("<code>6037</code>") }))
      .toContain("<code>6037</code>");
  });

  test("button labels come unescaped from tPlain", () => {
    expect(tPlain("en", "plan-button", { name: "Gold & <Fast>", price: "1" })).toBe("Gold & <Fast> · 1");
  });

  test("a missing key shows the key instead of crashing", () => {
    expect(t("fa", "no-such-message")).toBe("no-such-message");
  });
});

describe("formats", () => {
  test("numbers use Persian digits and separators in fa", () => {
    expect(formatNumber("fa", 1234567)).toBe("۱٬۲۳۴٬۵۶۷");
    expect(formatNumber("en", 1234567)).toBe("1,234,567");
    expect(t("fa", "admin-broadcast-confirm", { count: 1500 })).toContain("۱٬۵۰۰");
  });

  test("Toman prices are whole, with thousands separators", () => {
    expect(formatToman("fa", 120000)).toBe("۱۲۰٬۰۰۰ تومان");
    expect(formatToman("en", 120000)).toBe("120,000 Toman");
    expect(formatToman("ru", 120000)).toBe("120\u00a0000 томанов");
    expect(formatToman("ru", 1)).toBe("1 томан");
    expect(formatToman("ru", 3)).toBe("3 томана");
    expect(formatToman("ru", 21000)).toBe("21\u00a0000 томанов");
    expect(formatToman("fa", -50000)).toBe(`${formatNumber("fa", -50000)} تومان`);
    expect(() => formatToman("en", 1.5)).toThrow(RangeError);
  });

  test("dates are Jalali in Asia/Tehran for fa, Gregorian for en", () => {
    const nowruz1403 = Date.UTC(2024, 2, 20, 3, 6); // 06:36 in Tehran, the first of Farvardin 1403
    expect(formatDate("fa", nowruz1403)).toBe("۱ فروردین ۱۴۰۳");
    expect(formatDate("en", nowruz1403)).toBe("20 March 2024");
    expect(formatDateTime("fa", nowruz1403)).toBe("۱ فروردین ۱۴۰۳ ساعت ۰۶:۳۶");
    expect(formatDateTime("en", nowruz1403)).toBe("20 March 2024 at 06:36");
    const lateEveningUtc = Date.UTC(2024, 2, 19, 21, 0); // already 00:30 on 1 Farvardin in Tehran
    expect(formatDate("fa", lateEveningUtc)).toBe("۱ فروردین ۱۴۰۳");
    expect(formatDate("fa", Date.UTC(2025, 2, 20, 12))).toBe("۳۰ اسفند ۱۴۰۳");
  });

  test("Russian dates are Gregorian in Moscow time", () => {
    const nowruz1403 = Date.UTC(2024, 2, 20, 3, 6);
    expect(formatDate("ru", nowruz1403)).toBe("20 марта 2024 г.");
    expect(formatDateTime("ru", nowruz1403)).toBe("20 марта 2024 г. в 06:06");
    expect(formatDate("ru", Date.UTC(2024, 2, 19, 21, 30))).toBe("20 марта 2024 г."); // 00:30 in Moscow
  });

  test("traffic shows as GB from 1 GB up, else MB", () => {
    expect(formatBytes("en", 1.5 * 1024 ** 3)).toBe("1.5 GB");
    expect(formatBytes("en", 300 * 1024 ** 2)).toBe("300 MB");
    expect(formatBytes("en", 0)).toBe("0 MB");
    expect(formatBytes("fa", 50 * 1024 ** 3)).toBe("۵۰ گیگابایت");
  });

  test("plural forms follow the language", () => {
    expect(t("en", "days-count", { days: 1 })).toBe("1 day");
    expect(t("en", "days-count", { days: 30 })).toBe("30 days");
    expect(t("fa", "days-count", { days: 30 })).toBe("۳۰ روز");
    expect([1, 2, 5, 11, 21, 22, 30].map((days) => t("ru", "days-count", { days }))).toEqual([
      "1 день", "2 дня", "5 дней", "11 дней", "21 день", "22 дня", "30 дней",
    ]);
  });

  test("helpers: HTML escaping, language pick, usage bar", () => {
    expect(escapeHtml(`a<b>&"c"`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;");
    expect(pickLanguage("en-US")).toBe("en");
    expect(pickLanguage("fa-IR")).toBe("fa");
    expect(pickLanguage("de")).toBe("fa");
    expect(pickLanguage("ru")).toBe("ru");
    expect(pickLanguage("ru-RU", "en")).toBe("ru");
    expect(pickLanguage(undefined, "en")).toBe("en");
    expect(progressBar(0.34)).toBe("▰▰▰▱▱▱▱▱▱▱");
  });
});

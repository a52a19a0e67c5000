/**
 * A Russian customer buys a subscription: their Telegram app speaks Russian, so the bot does from the first /start,
 * through the plan, card-to-card, the receipt, the approval and the subscription card — and no message or button
 * carries a Persian or English word (the language choice names each language in itself, on purpose).
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { getCustomer } from "../../../src/store/customers.ts";
import type { FakeMessage } from "../../fakes/telegram.ts";
import { createBotWorld, GB, inCode, type BotWorld } from "./harness.ts";

let w: BotWorld;
beforeEach(async () => {
  w = await createBotWorld();
});
afterEach(async () => {
  await w.close();
});

/** Names that are not words of any language: the shop (the bot's name), the card holder, "VPN" and "QR". */
const NAMES = /\b(Subkeeper|VPN|QR)\b/g;
const LANGUAGE_NAMES = new Set(["فارسی", "English", "Русский"]);

/** What a person reads in a message that is not code (links, ids and card numbers are copied, not read). */
function readable(message: FakeMessage): string[] {
  let prose = message.text ?? message.caption ?? "";
  // Entity offsets count UTF-16 units, as JavaScript strings do; cut from the end so earlier offsets stay right.
  const code = message.entities.filter((e) => e.type === "code" || e.type === "pre").sort((x, y) => y.offset - x.offset);
  for (const e of code) prose = `${prose.slice(0, e.offset)} ${prose.slice(e.offset + e.length)}`;
  const labels = message.buttons.map((b) => b.text).filter((label) => !LANGUAGE_NAMES.has(label));
  return [prose, ...labels].map((text) => text.replace(NAMES, " "));
}

test("a Russian customer's whole purchase is in Russian, with no other language's words", async () => {
  w.plan({ name: "Месяц 50 ГБ", price: 150_000, trafficBytes: 50 * GB, days: 30 });
  const ivan = w.person(5101, "ru", { firstName: "Иван" });

  await ivan.send("/start");
  const welcome = await ivan.waitForMessage("Добро пожаловать");
  expect(welcome.text).toContain("Здравствуйте, Иван!");
  expect(welcome.text).toContain("Выберите язык");
  expect(welcome.buttons.map((b) => b.text)).toEqual(["فارسی", "English", "Русский"]);
  expect(getCustomer(w.db, ivan.id)!.language).toBe("ru");
  await ivan.tap("Русский");
  await ivan.waitForMessage("говорю по-русски");

  await ivan.tap("🛒 Купить подписку");
  const plans = await ivan.waitForMessage("Выберите тариф");
  expect(plans.text).toContain("150\u00a0000 томанов");
  await ivan.tap(/^Месяц 50 ГБ/);
  await ivan.waitForMessage("Как вы хотите оплатить");
  await ivan.tap("💳 Перевод на карту");
  const instructions = await ivan.waitForMessage("переведите ровно");
  expect(instructions.text).toContain("150\u00a0000 томанов");
  expect(instructions.text).toContain("в течение 24 часов");
  expect(inCode(instructions, "6037-9911-2233-4455")).toBe(true);

  await ivan.sendPhoto();
  await ivan.waitForMessage("ждёт проверки");
  await w.approve(ivan.id);
  const sub = w.core.subscriptions.ofCustomer(ivan.id)[0]!;
  const ready = await ivan.waitForMessage((m) => (m.caption ?? m.text ?? "").includes("готова"), { since: "any" });
  expect(inCode(ready, sub.link)).toBe(true);

  await ivan.send("/subs");
  const card = await ivan.waitForMessage((m) => m.photo !== undefined && (m.caption ?? "").includes("Активна"));
  expect(card.caption).toContain("Осталось 30 дней");
  expect(card.caption).toContain("Использовано 0 МБ из 50 ГБ (0%)");
  expect(card.buttons.map((b) => b.text)).toEqual(["🔄 Продлить", "➕ Докупить трафик", "📚 Инструкция", "🔁 Автопродление: выкл."]);

  const fromBot = ivan.messages().filter((m) => m.from === "bot");
  expect(fromBot.length).toBeGreaterThan(6);
  const foreign = fromBot.flatMap(readable).filter((text) => /[\u0600-\u06ff]|[A-Za-z]{2,}/.test(text));
  expect(foreign).toEqual([]);
  expect(w.panel.clients().filter((c) => c.name === `sk-${sub.id}`)).toHaveLength(1);
});

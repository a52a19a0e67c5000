/**
 * Pins the fake's channels and getChatMember (and the command menu) with grammY's Api over HTTP, as the Bot API
 * documents them: six member kinds by status, "left" for someone who never joined, and the refusals a bot meets
 * when it is not the channel's administrator or the channel does not exist.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { Api } from "grammy";
import { refusal } from "./refusal.ts";
import { startFakeTelegram, type FakeBot, type FakeTelegram } from "./telegram.ts";

let tg: FakeTelegram;
let bot: FakeBot;
let api: Api;
beforeEach(async () => {
  tg = await startFakeTelegram();
  bot = tg.addBot({ username: "shop_bot" });
  api = new Api(bot.token, { apiRoot: tg.apiRoot });
});
afterEach(async () => {
  await tg.stop();
});

test("getChatMember: left until joined, member after, kicked when banned, restricted with is_member", async () => {
  const news = tg.channel({ username: "shop_news" }).addAdmin(bot);
  tg.user({ id: 42, firstName: "Ana", languageCode: "en" }, bot);

  expect(await api.getChatMember("@shop_news", 42)).toEqual({ status: "left", user: { id: 42, is_bot: false, first_name: "Ana", language_code: "en" } });
  news.join(42);
  expect((await api.getChatMember("@SHOP_NEWS", 42)).status).toBe("member");
  expect((await api.getChatMember(news.id, 42)).status).toBe("member");
  news.ban(42);
  expect(await api.getChatMember("@shop_news", 42)).toMatchObject({ status: "kicked", until_date: 0 });
  news.restrict(42, false);
  expect(await api.getChatMember("@shop_news", 42)).toMatchObject({ status: "restricted", is_member: false });
  news.leave(42);
  expect((await api.getChatMember("@shop_news", 42)).status).toBe("left");
  expect((await api.getChatMember("@shop_news", bot.id)).status).toBe("administrator");
});

test("getChatMember refuses like Telegram: no such channel, bot not an administrator, unknown user", async () => {
  const news = tg.channel({ username: "shop_news" });
  tg.user({ id: 42, firstName: "Ana" }, bot);
  const notAdmin = await refusal(api.getChatMember("@shop_news", 42));
  expect([notAdmin.error_code, notAdmin.description]).toEqual([400, "Bad Request: member list is inaccessible"]);
  const missing = await refusal(api.getChatMember("@no_such_channel", 42));
  expect([missing.error_code, missing.description]).toEqual([400, "Bad Request: chat not found"]);
  news.addAdmin(bot);
  expect((await refusal(api.getChatMember("@shop_news", 777))).description).toBe("Bad Request: user not found");
  news.removeAdmin(bot);
  expect((await refusal(api.getChatMember("@shop_news", 42))).description).toBe("Bad Request: member list is inaccessible");
});

test("setMyCommands / getMyCommands per language and scope; an unset list reads as empty", async () => {
  await api.setMyCommands([{ command: "start", description: "Main menu" }], { language_code: "en" });
  await api.setMyCommands([{ command: "start", description: "Главное меню" }], { language_code: "ru" });
  expect(await api.getMyCommands({ language_code: "ru" })).toEqual([{ command: "start", description: "Главное меню" }]);
  expect(await api.getMyCommands({ language_code: "en" })).toEqual([{ command: "start", description: "Main menu" }]);
  expect(await api.getMyCommands()).toEqual([]);
  expect(await api.getMyCommands({ scope: { type: "chat", chat_id: 42 }, language_code: "en" })).toEqual([]);
  expect((await refusal(api.setMyCommands([{ command: "Start", description: "x" }]))).description).toBe("Bad Request: BOT_COMMAND_INVALID");
});

/**
 * Pins the fake Telegram's behaviour with a real grammY bot over HTTP: a customer starts a tiny bot, taps its
 * button, and the fake refuses what the real Bot API refuses.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { Api, Bot, InputFile } from "grammy";
import { refusal } from "./refusal.ts";
import { startFakeTelegram, TINY_PNG, type FakeBot, type FakeTelegram } from "./telegram.ts";

let tg: FakeTelegram;
let userBot: FakeBot;
let api: Api;

beforeEach(async () => {
  tg = await startFakeTelegram();
  userBot = tg.addBot({ username: "tiny_bot", firstName: "Tiny" });
  api = new Api(userBot.token, { apiRoot: tg.apiRoot });
});

afterEach(async () => {
  await tg.stop();
});

/** A bot that greets with a button, answers the tap and edits its message. */
function tinyBot(token: string): Bot {
  const bot = new Bot(token, { client: { apiRoot: tg.apiRoot } });
  bot.command("start", (ctx) =>
    ctx.reply(`Hello <b>${ctx.from?.first_name}</b>, ref: <code>${ctx.match || "-"}</code>`, {
      parse_mode: "HTML",
      reply_markup: { inline_keyboard: [[{ text: "Ping", callback_data: "ping" }]] },
    }),
  );
  bot.callbackQuery("ping", async (ctx) => {
    await ctx.answerCallbackQuery({ text: "pong" });
    await ctx.editMessageText("Pong", { reply_markup: { inline_keyboard: [[{ text: "Again", callback_data: "ping" }]] } });
  });
  bot.on("message:photo", async (ctx) => {
    const file = await ctx.getFile();
    const bytes = new Uint8Array(await (await fetch(`${tg.apiRoot}/file/bot${token}/${file.file_path}`)).arrayBuffer());
    await ctx.reply(`photo of ${bytes.byteLength} bytes`);
  });
  bot.catch((error) => console.error("tiny bot:", error.error));
  return bot;
}

async function running(bot: Bot, run: () => Promise<void>): Promise<void> {
  const polling = bot.start({ timeout: 2 });
  try {
    await run();
  } finally {
    await bot.stop();
    await polling;
  }
}

describe("a customer and a tiny grammY bot", () => {
  test("start, see the greeting with its button, tap it, see the edit and the toast", async () => {
    const alice = tg.user({ id: 1001, firstName: "Alice", username: "alice", languageCode: "en" });
    await running(tinyBot(userBot.token), async () => {
      await alice.send("/start ref_abc");
      const greeting = await alice.waitForMessage("Hello Alice");
      expect(greeting.text).toBe("Hello Alice, ref: ref_abc");
      expect(greeting.entities.map((e) => e.type)).toEqual(["bold", "code"]);
      expect(greeting.buttons).toEqual([{ text: "Ping", data: "ping" }]);

      const tap = await alice.tap("Ping");
      expect(await alice.waitForAnswer(tap)).toEqual({ text: "pong" });
      const edited = await alice.waitForMessage("Pong");
      expect(edited.messageId).toBe(greeting.messageId);
      expect(edited.edits).toBe(1);
      expect(alice.messages()).toHaveLength(1);
      expect(tg.count("answerCallbackQuery")).toBe(1);
    });
  });

  test("a redelivered update reaches the bot twice with the same update_id", async () => {
    const alice = tg.user({ id: 1002, firstName: "Bob" });
    const seen: number[] = [];
    const bot = new Bot(userBot.token, { client: { apiRoot: tg.apiRoot } });
    bot.on("message", (ctx) => {
      seen.push(ctx.update.update_id);
    });
    bot.catch(() => {});
    await running(bot, async () => {
      const first = await alice.send("hi");
      await alice.send("again");
      await tg.waitFor(() => seen.length === 2);
      tg.redeliver(first.update_id);
      await tg.waitFor(() => seen.length === 3);
    });
    expect(seen).toEqual([1, 2, 1]);
  });

  test("a photo the customer sends can be fetched with getFile and the file URL", async () => {
    const alice = tg.user({ id: 1003, firstName: "Carol" });
    await running(tinyBot(userBot.token), async () => {
      await alice.sendPhoto();
      await alice.waitForMessage(`photo of ${TINY_PNG.byteLength} bytes`);
    });
  });
});

describe("validation like the Bot API", () => {
  test("text of 4096 characters is accepted, 4097 is too long, empty is refused", async () => {
    const alice = tg.user({ id: 2001, firstName: "Alice" }).open();
    await api.sendMessage(alice.id, "x".repeat(4096));
    expect((await refusal(api.sendMessage(alice.id, "x".repeat(4097)))).description).toBe(
      "Bad Request: message is too long",
    );
    expect((await refusal(api.sendMessage(alice.id, "<b></b>", { parse_mode: "HTML" }))).description).toBe(
      "Bad Request: message text is empty",
    );
    const tagsDoNotCount = `<b>${"y".repeat(4096)}</b>`;
    await api.sendMessage(alice.id, tagsDoNotCount, { parse_mode: "HTML" });
  });

  test("callback data is 1..64 bytes, counted in UTF-8", async () => {
    const alice = tg.user({ id: 2002, firstName: "Alice" }).open();
    const keyboard = (data: string) => ({ reply_markup: { inline_keyboard: [[{ text: "b", callback_data: data }]] } });
    await api.sendMessage(alice.id, "ok", keyboard("d".repeat(64)));
    for (const data of ["d".repeat(65), "é".repeat(33), ""]) {
      const error = await refusal(api.sendMessage(alice.id, "no", keyboard(data)));
      expect(error.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    }
  });

  test("inline keyboards must be arrays of arrays of buttons with one action", async () => {
    const alice = tg.user({ id: 2003, firstName: "Alice" }).open();
    const send = (markup: unknown) => api.sendMessage(alice.id, "k", { reply_markup: markup as never });
    expect((await refusal(send({ inline_keyboard: [{ text: "a", callback_data: "a" }] }))).description).toContain(
      "should be an Array of Arrays",
    );
    expect((await refusal(send({ inline_keyboard: [[{ text: "a" }]] }))).description).toContain(
      "must have exactly one of the optional fields",
    );
    expect((await refusal(send({ inline_keyboard: [[{ text: "a", url: "not a url" }]] }))).description).toBe(
      "Bad Request: BUTTON_URL_INVALID",
    );
  });

  test("HTML must use Telegram's tags and be well formed; escaped text passes", async () => {
    const alice = tg.user({ id: 2004, firstName: "Alice" }).open();
    const html = (text: string) => api.sendMessage(alice.id, text, { parse_mode: "HTML" });
    for (const bad of ["I <3 you", "<b>open", "<div>x</div>", "a & b", "<span>x</span>", "<b>x</i>", "x</b>"]) {
      const error = await refusal(html(bad));
      expect(error.error_code).toBe(400);
      expect(error.description).toStartWith("Bad Request: can't parse entities: ");
    }
    const sent = await html(
      'I &lt;3 &amp; &quot;you&quot; <a href="https://x.test/?a=1&amp;b=2">link</a> <tg-spoiler>s</tg-spoiler> ' +
        '<span class="tg-spoiler">t</span> <pre><code class="language-ts">let x</code></pre> <blockquote>q</blockquote>',
    );
    expect(sent.text).toBe('I <3 & "you" link s t let x q');
    expect(sent.entities?.map((e) => e.type)).toEqual(["text_link", "spoiler", "spoiler", "pre", "blockquote"]);
    expect(sent.entities?.[0]).toMatchObject({ url: "https://x.test/?a=1&b=2" });
  });

  test("captions are at most 1024 characters", async () => {
    const alice = tg.user({ id: 2005, firstName: "Alice" }).open();
    await api.sendPhoto(alice.id, new InputFile(TINY_PNG), { caption: "c".repeat(1024) });
    const error = await refusal(api.sendPhoto(alice.id, new InputFile(TINY_PNG), { caption: "c".repeat(1025) }));
    expect(error.description).toBe("Bad Request: message caption is too long");
  });

  test("an identical edit is 'message is not modified'", async () => {
    const alice = tg.user({ id: 2006, firstName: "Alice" }).open();
    const sent = await api.sendMessage(alice.id, "<b>same</b>", { parse_mode: "HTML" });
    const error = await refusal(api.editMessageText(alice.id, sent.message_id, "<b>same</b>", { parse_mode: "HTML" }));
    expect(error.description).toStartWith("Bad Request: message is not modified");
    await api.editMessageText(alice.id, sent.message_id, "same");
    expect(alice.lastMessage()?.entities).toEqual([]);
  });

  test("only people who wrote to the bot can be messaged; a block answers 403", async () => {
    expect((await refusal(api.sendMessage(424242, "hello"))).description).toBe("Bad Request: chat not found");
    const alice = tg.user({ id: 2007, firstName: "Alice" });
    await alice.send("/start");
    await api.sendMessage(alice.id, "welcome");
    tg.block(alice.id);
    const error = await refusal(api.sendMessage(alice.id, "still there?"));
    expect(error.error_code).toBe(403);
    expect(error.description).toBe("Forbidden: bot was blocked by the user");
  });
});

describe("the rest of the plumbing", () => {
  test("an injected rate limit answers 429 with retry_after, then the method works again", async () => {
    const alice = tg.user({ id: 3001, firstName: "Alice" }).open();
    tg.injectRateLimit({ times: 1, retryAfter: 7 });
    const error = await refusal(api.sendMessage(alice.id, "hi"));
    expect(error.error_code).toBe(429);
    expect(error.description).toBe("Too Many Requests: retry after 7");
    expect(error.parameters.retry_after).toBe(7);
    await api.sendMessage(alice.id, "hi");
    expect(tg.count("sendMessage")).toBe(2);
  });

  test("getUpdates long-polls until an update arrives; an offset confirms earlier updates", async () => {
    const alice = tg.user({ id: 3002, firstName: "Alice" });
    const started = Date.now();
    const polling = api.getUpdates({ timeout: 5 });
    setTimeout(() => void alice.send("late"), 150);
    const [update] = await polling;
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(update?.message?.text).toBe("late");
    expect((await api.getUpdates({ timeout: 0 })).map((u) => u.update_id)).toEqual([1]);
    expect(await api.getUpdates({ offset: 2, timeout: 0 })).toEqual([]);
    expect(tg.pendingUpdates()).toEqual([]);
  });

  test("commands are stored per language and scope; two bots keep apart", async () => {
    const adminBot = tg.addBot({ username: "tiny_admin_bot" });
    await api.setMyCommands([{ command: "start", description: "شروع" }], { language_code: "fa" });
    await api.setMyCommands([{ command: "start", description: "Start" }]);
    expect(tg.commands(userBot, { languageCode: "fa" })).toEqual([{ command: "start", description: "شروع" }]);
    expect(tg.commands(userBot)).toEqual([{ command: "start", description: "Start" }]);
    expect(tg.commands(adminBot)).toBeUndefined();
    expect((await new Api(adminBot.token, { apiRoot: tg.apiRoot }).getMe()).username).toBe("tiny_admin_bot");
    expect((await refusal(api.setMyCommands([{ command: "Bad-Name", description: "x" }]))).description).toBe(
      "Bad Request: BOT_COMMAND_INVALID",
    );
  });

  test("a photo uploaded by a bot gets a file_id it can send again", async () => {
    const alice = tg.user({ id: 3003, firstName: "Alice" }).open();
    const first = await api.sendPhoto(alice.id, new InputFile(TINY_PNG, "qr.png"), { caption: "<b>QR</b>", parse_mode: "HTML" });
    const fileId = first.photo?.at(-1)?.file_id ?? "";
    await api.sendPhoto(alice.id, fileId);
    expect(alice.messages().map((m) => m.photo?.fileId)).toEqual([fileId, fileId]);
    expect(tg.file(fileId)?.bytes).toEqual(TINY_PNG);
    expect((await refusal(api.sendPhoto(alice.id, "no-such-file"))).description).toBe(
      "Bad Request: wrong file identifier/HTTP URL specified",
    );
  });

  test("a newer getUpdates ends the waiting one with 409, as a second bot instance would", async () => {
    const waiting = refusal(api.getUpdates({ timeout: 5 }));
    await Bun.sleep(50);
    await api.getUpdates({ timeout: 0 });
    expect((await waiting).error_code).toBe(409);
  });

  test("with a webhook set, updates are POSTed with the secret token and getUpdates answers 409", async () => {
    const received: { secret: string | null; text: string | undefined }[] = [];
    const receiver = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: async (request) => {
        const update = (await request.json()) as { message?: { text?: string } };
        received.push({ secret: request.headers.get("x-telegram-bot-api-secret-token"), text: update.message?.text });
        return new Response("ok");
      },
    });
    try {
      await api.setWebhook(`http://127.0.0.1:${receiver.port}/hook`, { secret_token: "s3cret" });
      await tg.user({ id: 3004, firstName: "Alice" }).send("/start");
      await tg.waitFor(() => received.length === 1);
      expect(received).toEqual([{ secret: "s3cret", text: "/start" }]);
      expect((await refusal(api.getUpdates())).error_code).toBe(409);
      await api.deleteWebhook();
      expect(await api.getUpdates()).toEqual([]);
    } finally {
      await receiver.stop(true);
    }
  });
});

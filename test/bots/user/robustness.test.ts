/**
 * Bad input at each step changes nothing and says so; a banned customer gets one line; a customer who blocked the
 * bot is marked unreachable and not written to again; an update delivered twice is applied once; limits hold;
 * every interpolated value is escaped; an error in a handler is answered and polling goes on; webhook mode works
 * with the secret token checked.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import type { Server } from "bun";
import type { FakePerson } from "../../fakes/telegram.ts";
import { getCustomer } from "../../../src/store/customers.ts";
import { balanceOf, ledgerMismatches } from "../../../src/store/ledger.ts";
import { WebhookRoutes } from "../../../src/bots/shared/launch.ts";
import { createHttpApp } from "../../../src/http/app.ts";
import { createMetrics } from "../../../src/http/metrics/index.ts";
import pino from "pino";
import { DAY_MS } from "../../../src/domain/time.ts";
import { choosePlan, createBotWorld, forgeTap, GB, payByCard, sendReceipt, startInEnglish, type BotWorld, type BotWorldOptions } from "./harness.ts";

const UNKNOWN_COMMAND = "I don't know that command";
let w: BotWorld;
afterEach(async () => {
  await w.close();
});

async function world(options: BotWorldOptions = {}): Promise<BotWorld> {
  w = await createBotWorld(options);
  return w;
}

async function registered(id: number, extra: { firstName?: string } = {}): Promise<FakePerson> {
  const person = w.person(id, "en", extra);
  await startInEnglish(person);
  return person;
}

async function cardOrder(person: FakePerson, plan = /^Monthly/): Promise<string> {
  await choosePlan(person, plan, "/plans");
  await payByCard(person);
  return w.latestOrder(person.id);
}

const receipts = () => w.db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM receipts").get()!.n;
const orders = () => w.db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM orders").get()!.n;

describe("bad input at each step", () => {
  test("text or a file where a receipt photo is expected, and a photo when none is", async () => {
    await world();
    w.plan({ name: "Monthly" });
    const ali = await registered(7001);

    await ali.sendPhoto();
    await ali.waitForMessage("not expecting a receipt");
    expect(receipts()).toBe(0);

    const orderId = await cardOrder(ali);
    await ali.send("here is my receipt");
    await ali.waitForMessage("send the receipt as a photo");
    w.tg.pushUpdate(
      {
        message: {
          message_id: 999,
          date: Math.floor(Date.now() / 1000),
          chat: { id: ali.id, type: "private", first_name: "Person7001" },
          from: { id: ali.id, is_bot: false, first_name: "Person7001" },
          document: { file_id: "BQACAgQAAxk", file_unique_id: "AgAD", file_name: "receipt.pdf" },
        },
      },
      w.tgBot,
    );
    await ali.waitForMessage("send the receipt as a photo", { since: "any" });
    await w.tg.waitFor(() => ali.messages().filter((m) => (m.text ?? "").includes("as a photo")).length === 2);
    expect(w.core.sales.order(orderId)!.state).toBe("awaiting_payment");
    expect(receipts()).toBe(0);

    await ali.send("/nonsense");
    await ali.waitForMessage("I don't know that command");
  });

  test("an expired order's buttons and a late receipt change nothing and say so", async () => {
    await world();
    w.plan({ name: "Monthly" });
    const bea = await registered(7002);
    const orderId = await cardOrder(bea);
    await w.elapse(25 * 3600_000);
    const expired = await bea.waitForMessage("expired because no receipt arrived", { since: "any" });
    expect(expired.buttons.map((b) => b.text)).toEqual(["🛒 Buy a subscription"]);
    expect(w.core.sales.order(orderId)!.state).toBe("expired");

    const instructions = bea.messages().find((m) => (m.text ?? "").includes("transfer exactly"))!;
    const tap = await bea.tap(instructions.buttons.find((b) => b.text === "Cancel")!.data!);
    expect(await bea.waitForAnswer(tap)).toEqual({ text: "This button is no longer valid. Open the menu again with /start.", showAlert: true });
    await bea.sendPhoto();
    await bea.waitForMessage("not expecting a receipt");
    expect(w.core.sales.order(orderId)!.state).toBe("expired");
    expect(receipts()).toBe(0);
  });

  test("forged, foreign and stale button data is refused with a message and changes nothing", async () => {
    await world();
    w.plan({ name: "Monthly", price: 100_000 });
    w.plan({ name: "Other", price: 50_000 });
    const cid = await registered(7003);
    const eve = await registered(7004);
    w.credit(cid.id, 1_000_000);
    w.credit(eve.id, 1_000_000);

    // A subscription of Cid's.
    await choosePlan(cid, /^Monthly/, "/plans");
    await cid.tap(/^👛 From wallet/);
    await cid.waitForMessage("was paid from your wallet");
    await w.settle();
    const cidSub = Number(w.core.subscriptions.ofCustomer(cid.id)[0]!.id);
    const before = { orders: orders(), eve: balanceOf(w.db, eve.id) };
    const expectRefused = async (data: string) => {
      const tap = forgeTap(eve, data);
      expect(await eve.waitForAnswer(tap)).toMatchObject({ text: expect.stringContaining("no longer valid"), showAlert: true });
    };

    await expectRefused("pl:1.AAAAAAAA"); // a real kind with a made-up signature
    await expectRefused("pl:1"); // no signature at all
    await expectRefused("admin:approve:1"); // a kind this bot never makes
    await expectRefused("x".repeat(64)); // junk of Telegram's maximum size
    // Correctly signed (as if copied from Cid's chat) but Cid's subscription: Eve cannot renew it.
    const cb = w.userBot!.callbacks;
    await expectRefused(cb.subscription.pack({ subId: cidSub, action: "renew" }));
    await expectRefused(cb.renewPlan.pack({ subId: cidSub, planId: 1 }));
    await expectRefused(cb.guide.pack({ app: "hiddify", subId: cidSub }));
    // A plan id that does not exist, and a checkout that is not Eve's current one.
    await expectRefused(cb.plan.pack({ planId: 99 }));
    await expectRefused(cb.pay.pack({ checkout: "AAAAAAAA", action: "wallet" }));

    // A stale checkout: the buttons of the first checkout pay for nothing once a second one started.
    const first = await choosePlan(eve, /^Monthly/, "/plans");
    await choosePlan(eve, /^Other/, "/plans");
    await expectRefused(first.buttons.find((b) => b.text.startsWith("👛"))!.data!);
    expect({ orders: orders(), eve: balanceOf(w.db, eve.id) }).toEqual(before);
    expect(w.core.subscriptions.ofCustomer(eve.id)).toEqual([]);
  });

  test("a banned customer gets one polite line, whatever they send, and nothing happens", async () => {
    await world();
    w.plan({ name: "Monthly" });
    const ban = await registered(7005);
    const menu = ban.lastMessage()!;
    await w.core.subscriptions.setBanned(ban.id, true);

    const sentBefore = ban.messages().length;
    await ban.send("/start");
    await ban.waitForMessage("has been suspended");
    await ban.send("/plans");
    await ban.waitForMessage("has been suspended");
    await ban.send("/trial");
    await ban.waitForMessage("has been suspended");
    const tap = await ban.tap(menu.buttons.find((b) => b.text === "🎁 Free trial")!.data!);
    expect(await ban.waitForAnswer(tap)).toMatchObject({ text: expect.stringContaining("has been suspended") });
    const replies = ban.messages().slice(sentBefore);
    expect(replies).toHaveLength(3);
    for (const reply of replies) expect(reply.text!.split("\n")).toHaveLength(1);
    expect(orders()).toBe(0);
  });
});

describe("a customer who blocked the bot", () => {
  test("notices mark them unreachable and stop; writing again makes them reachable", async () => {
    await world();
    w.plan({ name: "Monthly", days: 5 });
    const blo = await registered(7006);
    await cardOrder(blo);
    await sendReceipt(blo);

    w.tg.block(blo.id, w.tgBot);
    await w.approve(blo.id);
    await w.tg.waitFor(() => getCustomer(w.db, blo.id)!.unreachable === 1);
    expect(w.userBot!.notifier.isBlocked(blo.id)).toBe(true);
    const attempts = () => w.tg.requests({ chatId: blo.id, bot: w.tgBot }).filter((r) => r.method === "sendMessage" || r.method === "sendPhoto").length;
    const tried = attempts();

    // Expiry warnings and the expiry itself would each be a message: none is even attempted.
    await w.elapse(6 * DAY_MS, 6 * 3600_000);
    expect(w.core.subscriptions.ofCustomer(blo.id)[0]!.state).toBe("expired");
    expect(attempts()).toBe(tried);

    await blo.send("/start");
    await blo.waitForMessage("Welcome to");
    expect(getCustomer(w.db, blo.id)!.unreachable).toBe(0);
    expect(w.userBot!.notifier.isBlocked(blo.id)).toBe(false);
  });
});

describe("the same update delivered twice", () => {
  test("a wallet payment and a receipt, each redelivered, are applied once", async () => {
    await world();
    w.plan({ name: "Monthly", price: 100_000 });
    const dup = await registered(7007);
    w.credit(dup.id, 300_000);
    await choosePlan(dup, /^Monthly/, "/plans");
    const pay = await dup.tap(/^👛 From wallet/);
    await dup.waitForMessage("was paid from your wallet");
    w.tg.redeliver(pay.update.update_id, w.tgBot);
    await dup.send("/wallet");
    await dup.waitForMessage("Your wallet balance: 200,000 Toman");
    expect(orders()).toBe(1);
    expect(balanceOf(w.db, dup.id)).toBe(200_000);

    await cardOrder(dup);
    const photo = await dup.sendPhoto();
    await dup.waitForMessage("waiting for approval");
    const answers = () => dup.messages().filter((m) => (m.text ?? "").includes("waiting for approval")).length;
    w.tg.redeliver(photo.update.update_id, w.tgBot);
    await dup.send("/wallet");
    await dup.waitForMessage("Your wallet balance");
    expect(answers()).toBe(1);
    expect(receipts()).toBe(1);
    expect(w.alerts.filter((a) => a.alert === "new-receipt")).toHaveLength(1);
    expect(w.tg.pendingUpdates(w.tgBot)).toEqual([]);
    expect(ledgerMismatches(w.db)).toEqual([]);
  });
});

describe("limits", () => {
  test("a flood of updates is cut at the limit with one notice", async () => {
    await world({ limits: { updates: { limit: 6, windowMs: 60_000 } } });
    w.plan({ name: "Monthly" });
    const fast = w.person(7008, "en");
    for (let i = 0; i < 12; i++) await fast.send("/wallet");
    await fast.waitForMessage("going a little fast", { since: "any" });
    await Bun.sleep(200);
    expect(fast.messages().filter((m) => (m.text ?? "").includes("going a little fast"))).toHaveLength(1);
    expect(fast.messages().length).toBeLessThanOrEqual(7);
  });

  test("receipts: one per window here, the second is refused and the order keeps the first", async () => {
    await world({ limits: { receipts: { limit: 1, windowMs: 60_000 } } });
    w.plan({ name: "Monthly" });
    const rec = await registered(7009);
    const orderId = await cardOrder(rec);
    await sendReceipt(rec);
    const first = w.db.query<{ file_id: string }, [string]>("SELECT file_id FROM receipts WHERE order_id = ?").get(orderId)!.file_id;
    await rec.sendPhoto();
    await rec.waitForMessage("going a little fast");
    expect(w.db.query<{ file_id: string }, [string]>("SELECT file_id FROM receipts WHERE order_id = ?").get(orderId)!.file_id).toBe(first);
  });
});

describe("escaping and errors", () => {
  test("names, plan names and typed codes are shown as text, never as markup", async () => {
    await world();
    w.plan({ name: "<i>Gold</i> & Co", price: 10_000, trafficBytes: 5 * GB });
    const mal = w.person(7010, "en", { firstName: "<b>Mal</b> & <a href=x>" });
    await mal.send("/start");
    const welcome = await mal.waitForMessage("Welcome to");
    expect(welcome.text).toContain("Hi <b>Mal</b> & <a href=x>!");
    expect(welcome.entities.filter((e) => e.type === "bold").map((e) => welcome.text!.slice(e.offset, e.offset + e.length))).toEqual(["Subkeeper VPN"]);
    await mal.tap("English");
    await mal.send("/plans");
    const plans = await mal.waitForMessage("Choose a plan");
    expect(plans.text).toContain("<i>Gold</i> & Co");
    await mal.tap(/Gold/);
    await mal.waitForMessage("How would you like to pay");
    await mal.tap("🏷 I have a discount code");
    await mal.waitForMessage("Have a discount code?");
    await mal.send("<script>alert(1)</script>");
    const refused = await mal.waitForMessage("is not valid");
    expect(refused.text).toContain("<script>alert(1)</script>");
  });

  test("an error inside a handler is answered in the person's language and the bot goes on", async () => {
    await world();
    const err = await registered(7011);
    w.tg.injectError({ times: 1, errorCode: 400, description: "Bad Request: something odd", method: "sendMessage", chatId: err.id, bot: w.tgBot });
    await err.send("/wallet");
    await err.waitForMessage("Something went wrong on our side");
    await err.send("/wallet");
    await err.waitForMessage("Your wallet balance");

    // A tap answered before the failure: the words go to the chat instead of a second answer.
    w.tg.injectError({ times: 1, errorCode: 400, description: "Bad Request: something odd", method: "sendMessage", chatId: err.id, bot: w.tgBot });
    const tap = await err.tap("🏠 Main menu");
    await err.waitForMessage("Something went wrong on our side");
    expect(await err.waitForAnswer(tap)).toEqual({});
  });
});

describe("webhook mode", () => {
  test("updates arrive by webhook at /telegram/user with the secret token; a wrong secret is refused", async () => {
    await world({ noBot: true });
    const routes = new WebhookRoutes();
    const app = new Elysia().use(routes.routes());
    app.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (app.server as Server<unknown>).port;
    try {
      const publicUrl = `http://127.0.0.1:${port}`;
      await w.startBot({ mode: "webhook", webhook: { routes, publicUrl, secret: "s3cret-token_1" } });
      const web = w.person(7012, "en");
      await startInEnglish(web);

      const forged = await fetch(`${publicUrl}/telegram/user`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "wrong" },
        body: JSON.stringify({ update_id: 999_999, message: { message_id: 1, date: 0, chat: { id: web.id, type: "private" }, from: { id: web.id, is_bot: false, first_name: "x" }, text: "/trial" } }),
      });
      expect(forged.status).toBe(401);
      expect((await fetch(`${publicUrl}/telegram/nobody`, { method: "POST", body: "{}" })).status).toBe(404);
      expect(w.core.subscriptions.ofCustomer(web.id)).toEqual([]);
    } finally {
      await w.stopBot();
      await app.stop();
    }
  });

  test("a failing update by webhook gets the error line, the webhook answers 200 (no redelivery), the log has ids, not text", async () => {
    await world({ noBot: true });
    const lines: string[] = [];
    const captured = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const routes = new WebhookRoutes();
    const app = createHttpApp({ core: w.core, metrics: createMetrics({ db: w.db, defaultMetrics: false }), operatorToken: undefined, publicUrl: "https://sub.example.com", log: captured }).use(routes.routes());
    const statuses: number[] = [];
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: async (request) => {
        const response = await app.handle(request);
        if (new URL(request.url).pathname.startsWith("/telegram/")) statuses.push(response.status);
        return response;
      },
    });
    try {
      await w.startBot({ mode: "webhook", webhook: { routes, publicUrl: `http://127.0.0.1:${server.port}`, secret: "s3cret-token_2" }, log: captured });
      const web = w.person(7013, "en");
      await startInEnglish(web);
      const before = statuses.length;
      w.tg.injectError({ times: 1, errorCode: 400, description: "Bad Request: something odd", method: "sendMessage", chatId: web.id, bot: w.tgBot });
      await web.send("/nonsense-private-words-4711");
      await web.waitForMessage("Something went wrong on our side");
      await web.send("/wallet");
      await web.waitForMessage("Your wallet balance");
      // Two updates, two answers, both 200: the failed one was not posted again.
      expect(statuses.slice(before)).toEqual([200, 200]);
      // A redelivery would have answered the unknown command after all.
      expect(web.messages().filter((m) => m.text?.includes(UNKNOWN_COMMAND))).toHaveLength(0);
      expect(lines.join("\n")).not.toContain("private-words-4711");
      const failed = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "update failed");
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ level: 50, chatId: web.id, kind: "message" });
      expect(failed[0].updateId).toBeNumber();
    } finally {
      await w.stopBot();
      server.stop(true);
    }
  });
});

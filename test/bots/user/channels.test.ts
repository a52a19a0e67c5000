/**
 * Forced channel join through the fake Bot API: a customer who has not joined the required channel is shown it as
 * a join button with "I've joined" and cannot reach plans, the trial or checkout; after joining they pass. The
 * answer is cached per customer (one getChatMember per window); a channel the bot is not an administrator of
 * blocks nobody and alerts the admins once.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { updateSettings } from "../../../src/store/settings.ts";
import { choosePlan, createBotWorld, payByCard, startInEnglish, type BotWorld } from "./harness.ts";

let w: BotWorld;
beforeEach(async () => {
  w = await createBotWorld();
});
afterEach(async () => {
  await w.close();
});

async function englishCustomer(id: number) {
  const person = w.person(id, "en", { firstName: `P${id}` });
  await startInEnglish(person);
  return person;
}

const memberCalls = () => w.tg.requests({ method: "getChatMember", bot: w.tgBot }).length;

test("not a member: plans, trial and checkout are blocked with join buttons; after joining, 'I've joined' lets them in", async () => {
  w.plan({ name: "Monthly", price: 100_000 });
  const news = w.tg.channel({ username: "vpn_news" }).addAdmin(w.tgBot);
  const dana = await englishCustomer(5301);
  expect(updateSettings(w.db, { requiredChannels: ["@vpn_news"] })).toBeNull();

  await dana.send("/plans");
  const join = await dana.waitForMessage("please join @vpn_news first");
  expect(join.buttons.map((b) => [b.text, b.url ?? null])).toEqual([
    ["📢 Join @vpn_news", "https://t.me/vpn_news"],
    ["✅ I've joined", null],
  ]);
  await dana.send("/trial");
  await dana.waitForMessage("please join @vpn_news first");
  expect(w.core.subscriptions.ofCustomer(dana.id)).toEqual([]);
  // Two blocked requests within the window cost one getChatMember.
  expect(memberCalls()).toBe(1);

  const notYet = await dana.tap("✅ I've joined");
  expect((await dana.waitForAnswer(notYet)).text).toBe("You haven't joined @vpn_news yet. Join, then tap “I've joined” again.");
  expect(memberCalls()).toBe(2);

  news.join(dana.id);
  await dana.tap("✅ I've joined");
  await dana.waitForMessage("Thanks for joining!");
  expect(memberCalls()).toBe(3);
  await choosePlan(dana, /^Monthly/, "/plans");
  await payByCard(dana);
  // The member's answer is cached: plans, the plan and the payment tap asked Telegram nothing more.
  expect(memberCalls()).toBe(3);

  // Banned from the channel later: within the window the cached answer stands; after it, plans are blocked again.
  news.ban(dana.id);
  w.clock.advance(4 * 60_000);
  await dana.send("/plans");
  await dana.waitForMessage("Choose a plan");
  expect(memberCalls()).toBe(3);
  w.clock.advance(2 * 60_000);
  await dana.send("/plans");
  await dana.waitForMessage("please join @vpn_news first");
  expect(memberCalls()).toBe(4);
});

test("everything else stays open, and no channel required means no Bot API call", async () => {
  const eli = await englishCustomer(5302);
  await eli.send("/plans");
  await eli.waitForMessage("No plans are on sale");
  expect(memberCalls()).toBe(0);
  w.tg.channel({ username: "vpn_news" }).addAdmin(w.tgBot);
  updateSettings(w.db, { requiredChannels: ["@vpn_news"] });
  await eli.send("/subs");
  await eli.waitForMessage("You have no subscriptions yet");
  await eli.send("/wallet");
  await eli.waitForMessage("Your wallet balance");
  expect(memberCalls()).toBe(0);
});

test("a channel the bot is not an administrator of blocks nobody; the admins are alerted once", async () => {
  w.plan({ name: "Monthly", price: 100_000 });
  w.tg.channel({ username: "vpn_news" }); // the bot was never made its administrator
  updateSettings(w.db, { requiredChannels: ["@vpn_news"] });
  const fay = await englishCustomer(5303);
  const gus = await englishCustomer(5304);
  await fay.send("/plans");
  await fay.waitForMessage("Choose a plan");
  await gus.send("/plans");
  await gus.waitForMessage("Choose a plan");
  const alerts = w.alerts.filter((a) => a.alert === "channel-unchecked");
  expect(alerts).toEqual([{ alert: "channel-unchecked", channel: "@vpn_news", message: "Bad Request: member list is inaccessible", dedupeKey: "channel-unchecked:@vpn_news" }]);
});

/**
 * The other customer flows through the fake Telegram: trial, wallet top-up, renewal and traffic packs from a
 * subscription's buttons, support tickets with an admin's reply, app guides, language, referral, the command list.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { FakePerson } from "../../fakes/telegram.ts";
import { getCustomer } from "../../../src/store/customers.ts";
import { balanceOf } from "../../../src/store/ledger.ts";
import { ticketMessages } from "../../../src/store/tickets.ts";
import { userCommands } from "../../../src/bots/user/index.ts";
import { choosePlan, createBotWorld, GB, inCode, payByCard, sendReceipt, startInEnglish, type BotWorld } from "./harness.ts";

let w: BotWorld;
beforeEach(async () => {
  w = await createBotWorld();
});
afterEach(async () => {
  await w.close();
});

/** A customer who has started the bot and picked English. */
async function registered(id: number, extra: { firstName?: string; username?: string } = {}): Promise<FakePerson> {
  const person = w.person(id, "en", extra);
  await startInEnglish(person);
  return person;
}

/** Buys `planId` from the wallet and waits for the subscription; returns its id. */
async function ownsSubscription(person: FakePerson, planName: RegExp): Promise<string> {
  await choosePlan(person, planName, "/plans");
  await person.tap(/^👛 From wallet/);
  await person.waitForMessage("was paid from your wallet");
  await w.settle();
  await person.waitForMessage("is ready", { since: "any" });
  return w.core.subscriptions.ofCustomer(person.id)[0]!.id;
}

describe("free trial", () => {
  test("once per account: the link at once, the panel client, and a clear answer the second time", async () => {
    const tara = await registered(6001);
    await tara.send("/trial");
    const granted = await tara.waitForMessage("Your free trial is ready");
    expect(granted.text).toContain("1 GB for 1 day");
    const sub = w.core.subscriptions.ofCustomer(tara.id)[0]!;
    expect(inCode(granted, sub.link)).toBe(true);
    await w.settle();
    expect(w.panel.clients().filter((c) => c.name === `sk-${sub.id}`)).toHaveLength(1);

    await tara.send("/trial");
    await tara.waitForMessage("already used your free trial");
    expect(w.core.subscriptions.ofCustomer(tara.id)).toHaveLength(1);
  });
});

describe("wallet", () => {
  test("top-up: a bad amount is refused, a good one gets card instructions, the receipt and the admin's amount credit the wallet", async () => {
    const wes = await registered(6002);
    await wes.send("/wallet");
    await wes.waitForMessage("Your wallet balance: 0 Toman");
    await wes.tap("➕ Top up");
    await wes.waitForMessage("How much would you like to add?");
    await wes.send("lots");
    await wes.waitForMessage("at least 10,000 Toman");
    await wes.send("500");
    await wes.waitForMessage("at least 10,000 Toman");
    await wes.send("۲۰۰٬۰۰۰");
    const instructions = await wes.waitForMessage("To top up your wallet");
    expect(instructions.text).toContain("200,000 Toman");
    await sendReceipt(wes);
    await w.approve(wes.id, 180_000);
    const credited = await wes.waitForMessage("was added to your wallet", { since: "any" });
    expect(credited.text).toContain("180,000 Toman");
    expect(balanceOf(w.db, wes.id)).toBe(180_000);
  });
});

describe("renewal and traffic packs from a subscription's buttons", () => {
  test("renew adds the period from the current expiry; a traffic pack adds volume and says so", async () => {
    w.plan({ name: "Monthly", price: 100_000, trafficBytes: 10 * GB, days: 30 });
    w.plan({ name: "Pack 5 GB", kind: "traffic", price: 30_000, trafficBytes: 5 * GB, days: 0 });
    const rana = await registered(6003);
    w.credit(rana.id, 1_000_000);
    const subId = await ownsSubscription(rana, /^Monthly/);

    await rana.send("/subs");
    await rana.waitForMessage((m) => m.photo !== undefined);
    await rana.tap("🔄 Renew");
    await rana.waitForMessage("Renew Monthly with which plan?");
    await rana.tap(/^Monthly/);
    const summary = await rana.waitForMessage("How would you like to pay");
    expect(summary.text).toContain("traffic starts again");
    await rana.tap(/^👛 From wallet/);
    await rana.waitForMessage("was paid from your wallet");
    await w.settle();
    await rana.waitForMessage("is renewed until", { since: "any" });
    expect(w.core.subscriptions.get(subId)!.daysLeft).toBe(60);

    await rana.send("/subs");
    await rana.waitForMessage((m) => m.photo !== undefined && (m.caption ?? "").includes("60 days left"));
    await rana.tap("➕ Add traffic");
    await rana.waitForMessage("Choose a traffic pack for");
    await rana.tap(/^5 GB/);
    await rana.waitForMessage("How would you like to pay");
    await rana.tap(/^👛 From wallet/);
    await rana.waitForMessage("5 GB was added to Monthly", { since: "any" });
    expect(w.core.subscriptions.get(subId)!.totalBytes).toBe(15 * GB);
    expect(balanceOf(w.db, rana.id)).toBe(1_000_000 - 100_000 - 100_000 - 30_000);
  });

  test("a rejected receipt tells the reason; an order the customer cancels is gone", async () => {
    w.plan({ name: "Monthly", price: 100_000 });
    const ramin = await registered(6004);
    await choosePlan(ramin, /^Monthly/, "/plans");
    await payByCard(ramin);
    await sendReceipt(ramin);
    await w.reject(ramin.id, "amount <b>differs</b>");
    const rejected = await ramin.waitForMessage("was not approved", { since: "any" });
    expect(rejected.text).toContain("Reason: amount <b>differs</b>");

    await choosePlan(ramin, /^Monthly/, "/plans");
    await payByCard(ramin);
    const orderId = w.latestOrder(ramin.id);
    await ramin.tap("Cancel");
    await ramin.waitForMessage("What would you like to do?");
    expect(w.core.sales.order(orderId)!.state).toBe("cancelled");
  });
});

describe("support", () => {
  test("messages go to one ticket and to admins; the admin's reply arrives in the chat", async () => {
    const sara = await registered(6005, { firstName: "Sara", username: "sara_k" });
    await sara.send("/support");
    const intro = await sara.waitForMessage("Write your question");
    expect(intro.text).toContain("Support hours: 10:00-22:00");
    await sara.send("My link <does not> work");
    const received = await sara.waitForMessage("reached support");
    await sara.send("Still broken");
    await sara.waitForMessage("reached support");

    const tickets = w.alerts.filter((a) => a.alert === "ticket");
    expect(tickets).toHaveLength(2);
    expect(tickets[0]).toMatchObject({ customerId: sara.id, customerName: "Sara", username: "sara_k", text: "My link <does not> work", opened: true });
    expect(tickets[1]).toMatchObject({ ticketId: tickets[0]!.ticketId, opened: false });
    expect(received.text).toContain(`#${tickets[0]!.ticketId}`);
    expect(ticketMessages(w.db, tickets[0]!.ticketId as number).map((m) => m.text)).toEqual(["My link <does not> work", "Still broken"]);

    // What the admin bot does with a reply: a customer notice of kind support-reply.
    await w.notices.customer({ customerId: sara.id, kind: "support-reply", vars: { ticket: tickets[0]!.ticketId, text: "Try <now> & again" }, dedupeKey: "ticket-reply:1" });
    const reply = await sara.waitForMessage("Support replied");
    expect(reply.text).toContain("Try <now> & again");
    expect(reply.buttons.map((b) => b.text)).toEqual(["💬 Support"]);

    // Leaving support: a command ends the thread mode, plain text shows the menu again.
    await sara.send("/wallet");
    await sara.waitForMessage("Your wallet balance");
    await sara.send("hello?");
    await sara.waitForMessage("What would you like to do?");
    expect(w.alerts.filter((a) => a.alert === "ticket")).toHaveLength(2);
  });
});

describe("help, language, referral, commands", () => {
  test("an app guide carries the app's import link for the customer's subscription", async () => {
    w.plan({ name: "Monthly", price: 10_000 });
    const hana = await registered(6006);
    w.credit(hana.id, 10_000);
    await ownsSubscription(hana, /^Monthly/);
    const sub = w.core.subscriptions.ofCustomer(hana.id)[0]!;
    await hana.send("/help");
    await hana.waitForMessage("Pick your app");
    await hana.tap(/^V2rayNG/);
    const guide = await hana.waitForMessage("Install V2rayNG");
    expect(inCode(guide, `v2rayng://install-sub?url=${encodeURIComponent(sub.link)}&name=Monthly`)).toBe(true);
    expect(inCode(guide, sub.link)).toBe(true);
    await hana.tap(/^Shadowrocket/);
    const rocket = await hana.waitForMessage("Install Shadowrocket");
    expect(rocket.text).toContain(`sub://${Buffer.from(sub.link).toString("base64")}`);
  });

  test("/lang switches the language for menus and notices", async () => {
    const leo = await registered(6007);
    await leo.send("/lang");
    await leo.waitForMessage("Choose your language");
    await leo.tap("فارسی");
    await leo.waitForMessage("فارسی صحبت");
    expect(getCustomer(w.db, leo.id)!.language).toBe("fa");
    await leo.send("/wallet");
    await leo.waitForMessage("موجودی کیف پول");
  });

  test("/start ref_<code> records the referrer once, and only for a new customer", async () => {
    const ref = await registered(6008);
    const code = getCustomer(w.db, ref.id)!.referral_code;
    await ref.tap("🤝 Invite friends");
    const invite = await ref.waitForMessage("invitation link");
    expect(invite.text).toContain(`https://t.me/subkeeper_bot?start=ref_${code}`);
    expect(invite.text).toContain("10%");

    const friend = w.person(6009, "en");
    await friend.send(`/start ref_${code}`);
    const hello = await friend.waitForMessage("invitation from a friend");
    expect(hello.text).toContain("Welcome to");
    expect(getCustomer(w.db, friend.id)!.referrer_id).toBe(ref.id);

    const other = await registered(6010);
    const otherCode = getCustomer(w.db, other.id)!.referral_code;
    await friend.send(`/start ref_${otherCode}`);
    await friend.waitForMessage("Welcome to");
    expect(getCustomer(w.db, friend.id)!.referrer_id).toBe(ref.id);

    // An existing customer never gains a referrer, nor does one who refers themselves.
    await other.send(`/start ref_${code}`);
    await other.waitForMessage("Welcome to");
    expect(getCustomer(w.db, other.id)!.referrer_id).toBeNull();
  });

  test("plans are grouped by server group; the commands are set in both languages", async () => {
    w.plan({ name: "Germany 20 GB", price: 90_000, serverGroup: "germany" });
    w.plan({ name: "Finland 20 GB", price: 95_000, serverGroup: "finland" });
    w.plan({ name: "Hidden", price: 1, active: false });
    const gus = await registered(6011);
    await gus.send("/plans");
    const plans = await gus.waitForMessage("Choose a plan");
    expect(plans.text).toContain("📍 finland");
    expect(plans.text).toContain("📍 germany");
    expect(plans.text!.indexOf("Finland 20 GB")).toBeGreaterThan(plans.text!.indexOf("📍 finland"));
    expect(plans.text).not.toContain("Hidden");
    expect(plans.buttons.map((b) => b.text)).toEqual(["Finland 20 GB · 95,000 Toman", "Germany 20 GB · 90,000 Toman", "🏠 Main menu"]);

    expect(w.tg.commands(w.tgBot, { languageCode: "en" })).toEqual(userCommands("en"));
    expect(w.tg.commands(w.tgBot, { languageCode: "fa" })).toEqual(userCommands("fa"));
    expect(w.tg.commands(w.tgBot)).toEqual(userCommands("fa"));
    expect(userCommands("en").map((c) => c.command)).toEqual(["start", "plans", "subs", "wallet", "trial", "support", "paysupport", "lang", "help"]);
  });
});

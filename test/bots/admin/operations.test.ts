/** Settings, stats, support tickets and the actors' alerts, through the admin bot. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { getSettings } from "../../../src/store/settings.ts";
import { addCustomerMessage, getTicket, ticketMessages } from "../../../src/store/tickets.ts";
import { ADMIN_A, createAdminWorld, GB, type AdminWorld } from "./world.ts";

let world: AdminWorld;
beforeEach(async () => {
  world = await createAdminWorld();
});
afterEach(async () => {
  await world.close();
});

test("settings: card numbers, payment window, trial, referral share and support hours, each checked and audited", async () => {
  const { ava } = world;
  await ava.send("/settings");
  const overview = await ava.waitForMessage("Settings");
  expect(overview.text).toContain("6037-9911-2233-4455 — Subkeeper");
  expect(overview.text).toContain("Payment window: 24 hours");

  await ava.tap("💳 Cards");
  await ava.waitForMessage("Send the card numbers");
  await ava.send("1234");
  await ava.waitForMessage("Send the card numbers");
  await ava.send("6219 8610 1234 5678 Sara Ahmadi\n۵۰۲۲-۲۹۱۰-۱۱۱۱-۲۲۲۲ Reza Karimi");
  await ava.waitForMessage("Settings saved.");
  expect(getSettings(world.db).cards).toEqual([
    { number: "6219-8610-1234-5678", holder: "Sara Ahmadi" },
    { number: "5022-2910-1111-2222", holder: "Reza Karimi" },
  ]);

  await ava.tap("⏳ Payment window");
  await ava.send("500");
  await ava.waitForMessage("payment window is 1 to 168 hours");
  await ava.send("12");
  await ava.waitForMessage("Payment window: 12 hours");
  await ava.tap("🎁 Trial volume");
  await ava.send("2.5");
  await ava.waitForMessage("Settings saved.");
  await ava.tap("🎁 Trial days");
  await ava.send("3");
  await ava.waitForMessage("Settings saved.");
  await ava.tap("🤝 Referral share");
  await ava.send("15%");
  await ava.waitForMessage("Referral share: 15%");
  await ava.tap("🕘 Support hours");
  await ava.send("9:00–21:00 Tehran time");
  await ava.waitForMessage("Support hours: 9:00–21:00 Tehran time");
  await ava.tap("📢 Required channels");
  await ava.waitForMessage("Send the public channels customers must join");
  await ava.send("news");
  await ava.waitForMessage("a required channel is a public @username");
  await ava.send("@vpn_news\nhttps://t.me/vpn_chat");
  await ava.waitForMessage("Required channels: @vpn_news, @vpn_chat");

  expect(getSettings(world.db)).toMatchObject({
    paymentWindowHours: 12,
    trialBytes: 2.5 * GB,
    trialDays: 3,
    referralPercent: 15,
    supportHours: "9:00–21:00 Tehran time",
    requiredChannels: ["@vpn_news", "@vpn_chat"],
  });
  const rows = world.audits("settings.update");
  expect(rows.map((r) => r.target)).toEqual([
    "setting:cards",
    "setting:paymentWindowHours",
    "setting:trialBytes",
    "setting:trialDays",
    "setting:referralPercent",
    "setting:supportHours",
    "setting:requiredChannels",
  ]);
  expect(JSON.parse(rows[1]!.before!)).toEqual({ paymentWindowHours: 24 });
  expect(JSON.parse(rows[1]!.after!)).toEqual({ paymentWindowHours: 12 });
});

test("stats show customers, revenue, pending receipts and the servers' load", async () => {
  const { ava } = world;
  const plan = world.plan({ price: 90_000 });
  await world.cardOrder(world.customer(1301), plan);
  const paid = await world.cardOrder(world.customer(1302), plan);
  await world.core.sales.decide(paid, { by: String(ADMIN_A), approve: true });
  await world.settle();
  await ava.send("/stats");
  const stats = await ava.waitForMessage("Stats");
  expect(stats.text).toContain("Customers: 2 (+2 today)");
  expect(stats.text).toContain("Revenue today: 90,000");
  expect(stats.text).toContain("Pending receipts: 1");
  expect(stats.text).toContain("de-1: 1/∞");
});

test("a customer's support message reaches the admins with Reply and Close; the reply reaches the customer in the user bot", async () => {
  const { ava, ben } = world;
  const carol = world.customer(1303, "Carol");
  const { ticket, message } = addCustomerMessage(world.db, 1303, "My config stopped working <since today>", Date.now());
  await world.notices.admins({ alert: "ticket", dedupeKey: `ticket-message:${message.id}`, ticketId: ticket.id, messageId: message.id, customerId: 1303, text: message.text });

  const alert = await ava.waitForMessage(`Ticket #${ticket.id} from Carol`, { since: "any" });
  expect(alert.text).toContain("My config stopped working <since today>");
  expect(alert.buttons.map((b) => b.text)).toEqual(["↩️ Reply", "✔️ Close"]);
  await ben.waitForMessage(`Ticket #${ticket.id}`, { since: "any" });

  await ava.send("/tickets");
  const list = await ava.waitForMessage("Open tickets:");
  expect(list.text).toContain("My config stopped working");

  await ava.tap("↩️ Reply");
  await ava.waitForMessage(`Send your reply to ticket #${ticket.id}`);
  await ava.send("Please update the subscription in your app; it is fixed.");
  await ava.waitForMessage("Reply sent.");
  const reply = await carol.waitForMessage("Support replied", { since: "any", timeoutMs: 5000 });
  expect(reply.text).toContain(`ticket #${ticket.id}`);
  expect(reply.text).toContain("Please update the subscription in your app; it is fixed.");
  expect(ticketMessages(world.db, ticket.id).map((m) => m.admin_id)).toEqual([null, ADMIN_A]);

  await ben.tap("✔️ Close");
  await ben.waitForMessage(`Ticket #${ticket.id} closed.`);
  expect(getTicket(world.db, ticket.id)!.state).toBe("closed");
  // The customer is told their ticket was closed, once.
  await carol.waitForMessage(`ticket #${ticket.id} was closed by support`, { since: "any", timeoutMs: 5000 });
  expect(carol.messages().filter((m) => m.text?.includes("was closed by support"))).toHaveLength(1);
  await ava.tap("↩️ Reply");
  expect(world.audits().map((a) => a.action)).toEqual(["ticket.reply", "ticket.close"]);
});

test("the actors' alerts reach every admin once: server down and recovered, provisioning failed, drift", async () => {
  const { ava, ben, notices } = world;
  const down = { alert: "server-down", serverId: "s1", name: "de-1", message: "the panel did not answer", dedupeKey: "server-down:s1:1" };
  await notices.admins(down);
  await notices.admins(down);
  await notices.admins({ alert: "server-recovered", serverId: "s1", name: "de-1", downForMs: 5 * 60_000, dedupeKey: "server-recovered:s1:1" });
  await notices.admins({ alert: "drift", serverId: "s1", name: "de-1", names: ["alien-1", "alien-2"], totalDrift: 2, dedupeKey: "drift:s1:x" });
  await notices.admins({ alert: "provision-failed", subscriptionId: "77", message: "no healthy server", dedupeKey: "provision-failed:77:8" });
  const unchecked = { alert: "channel-unchecked", channel: "@vpn_news", message: "Bad Request: member list is inaccessible", dedupeKey: "channel-unchecked:@vpn_news" };
  await notices.admins(unchecked);
  await notices.admins(unchecked);
  for (const admin of [ava, ben]) {
    await admin.waitForMessage("Server de-1 is down: the panel did not answer", { since: "any" });
    await admin.waitForMessage("Server de-1 is back after 5 min.", { since: "any" });
    await admin.waitForMessage("drift on de-1: 2 clients on the panel that subkeeper does not know: alien-1, alien-2", { since: "any" });
    await admin.waitForMessage("Provisioning failed for subscription 77", { since: "any" });
    await admin.waitForMessage("The customers' bot cannot check who has joined @vpn_news: Bad Request: member list is inaccessible", { since: "any" });
    expect(admin.messages().filter((m) => m.text?.includes("@vpn_news")).length).toBe(1);
    expect(admin.messages().filter((m) => m.text?.includes("is down")).length).toBe(1);
  }
});

test("a subscription whose provisioning fails for good is reported to the admins by its actor", async () => {
  await world.panel.setFault({ mode: "http500" });
  world.customer(1304, "Dan");
  const gift = world.core.sales.gift(1304, world.plan());
  if (!gift.ok) throw new Error(gift.error.message);
  await world.settle();
  const subId = gift.value.subscriptionId!;
  // Run its retries now instead of waiting out the backoff.
  for (let i = 0; i < 12 && world.core.runtime.read("subscription", subId)?.state !== "provision_failed"; i++) {
    world.db.query("UPDATE timers SET due_at = 0 WHERE kind = 'subscription' AND id = ?").run(subId);
    await world.core.runtime.runDue();
    await world.settle();
  }
  expect(world.core.runtime.read("subscription", subId)?.state).toBe("provision_failed");
  await world.ava.waitForMessage(`Provisioning failed for subscription ${subId} of Dan`, { since: "any", timeoutMs: 5000 });
});

test("the menu shows what waits and leads to every section, edited in place; /cancel and stale buttons are answered", async () => {
  const { ava } = world;
  await world.cardOrder(world.customer(1305), world.plan());
  await ava.waitForMessage("Receipt for order", { since: "any" });
  await ava.send("/start");
  const menu = await ava.waitForMessage("Admin panel");
  expect(menu.buttons.map((b) => b.text)).toEqual([
    "🧾 Receipts (1)",
    "🖥 Servers",
    "📦 Plans",
    "👤 Users",
    "🏷 Discount codes",
    "📣 Broadcast",
    "📊 Stats",
    "💬 Tickets (0)",
    "⚙️ Settings",
  ]);
  await ava.tap("📊 Stats");
  await world.tg.waitFor(() => world.ava.messages().find((m) => m.messageId === menu.messageId)?.text?.startsWith("📊 Stats"));
  await ava.tap("⬅️ Back");
  await world.tg.waitFor(() => world.ava.messages().find((m) => m.messageId === menu.messageId)?.text === "🛠 Admin panel");
  await ava.tap("🖥 Servers");
  await world.tg.waitFor(() => world.ava.messages().find((m) => m.messageId === menu.messageId)?.text?.startsWith("🖥 Servers"));

  await ava.tap("⬅️ Back");
  await world.tg.waitFor(() => world.ava.messages().find((m) => m.messageId === menu.messageId)?.text === "🛠 Admin panel");
  await ava.tap("👤 Users");
  await ava.waitForMessage("Send a Telegram id or @username.");
  await ava.send("/cancel");
  await ava.waitForMessage("Cancelled.");
  await ava.send("1305");
  await ava.waitForMessage("Nothing is waiting for your answer");
  await ava.send("/nonsense");
  await ava.waitForMessage("Commands:");

  // A plan deleted elsewhere (say, over HTTP) after its button was shown.
  await ava.send("/plans");
  await ava.waitForMessage("Plans:");
  world.db.query("DELETE FROM plans").run();
  const stale = await ava.tap("🟢 Monthly 50 GB");
  expect((await ava.waitForAnswer(stale)).text).toBe("This button no longer works; open the menu again with /start.");
});

/**
 * The Retry button: a subscription whose provisioning failed is provisioned again from the alert or from its card,
 * with the RETRY event HTTP sends — once, whoever taps and however often. And the admin command menu.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { createAdminWorld, type AdminWorld } from "./world.ts";

let world: AdminWorld;
beforeEach(async () => {
  world = await createAdminWorld();
});
afterEach(async () => {
  await world.close();
});

test("Retry on the provisioning-failed alert recovers the subscription once; a second Retry from the card is refused", async () => {
  const { ava, ben } = world;
  await world.panel.setFault({ mode: "refuse", actions: ["save"], message: "UNIQUE constraint failed: clients.name" });
  world.customer(1401, "Dan");
  const gift = world.core.sales.gift(1401, world.plan());
  if (!gift.ok) throw new Error(gift.error.message);
  const subId = gift.value.subscriptionId!;
  await world.settle();
  expect(world.core.runtime.read("subscription", subId)?.state).toBe("provision_failed");

  const avaAlert = await ava.waitForMessage(`Provisioning failed for subscription ${subId} of Dan`, { since: "any", timeoutMs: 5000 });
  expect(avaAlert.buttons.map((b) => b.text)).toEqual(["🔁 Retry provisioning", `📄 ${subId}`]);
  const benAlert = await ben.waitForMessage(`Provisioning failed for subscription ${subId}`, { since: "any", timeoutMs: 5000 });

  // Ben opens the card from the alert: a failed subscription's card offers Retry too.
  await ben.tap(`📄 ${subId}`);
  const card = await ben.waitForMessage((m) => m.messageId === benAlert.messageId && (m.text ?? "").includes(`Subscription ${subId} of 1401`), { since: "any" });
  expect(card.buttons.map((b) => b.text)).toContain("🔁 Retry provisioning");

  await world.panel.setFault(null);
  const tap = await ava.tap("🔁 Retry provisioning");
  await ava.waitForAnswer(tap);
  await world.settle();
  expect(world.core.runtime.read("subscription", subId)?.state).toBe("active");
  await ava.waitForMessage(`Subscription ${subId} is being provisioned again.`, { since: "any" });

  const late = await ben.tap("🔁 Retry provisioning");
  expect((await ben.waitForAnswer(late)).text).toBe("This subscription is active now, so there is nothing to retry.");
  await world.settle();
  expect(world.panel.clients().filter((c) => c.name === `sk-${subId}`)).toHaveLength(1);
  expect(world.audits("subscription.retry")).toHaveLength(1);
  expect(world.audits("subscription.retry")[0]).toMatchObject({ actor: String(ava.id), target: `subscription:${subId}` });
});

test("the admin bot registers its command menu in fa, en and ru, and the default language's for everyone else", async () => {
  const { tg, adminBotUser } = world;
  const en = tg.commands(adminBotUser, { languageCode: "en" })!;
  expect(en.map((c) => c.command)).toEqual(["start", "receipts", "servers", "plans", "users", "codes", "broadcast", "stats", "tickets", "settings", "cancel"]);
  expect(en[0]).toEqual({ command: "start", description: "Admin panel" });
  expect(tg.commands(adminBotUser, { languageCode: "fa" })![0]).toEqual({ command: "start", description: "پنل مدیریت" });
  expect(tg.commands(adminBotUser, { languageCode: "ru" })![1]).toEqual({ command: "receipts", description: "Чеки, ждущие решения" });
  expect(tg.commands(adminBotUser)).toEqual(en); // the world's default language is en
  // Every command in the menu is one the bot answers.
  for (const { command } of en.filter((c) => c.command !== "cancel")) {
    await world.ava.send(`/${command}`);
    const answer = await world.ava.waitForMessage(() => true);
    expect(answer.text).not.toContain("Commands:");
  }
});

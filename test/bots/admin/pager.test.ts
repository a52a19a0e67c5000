/**
 * Long admin lists come in pages: each message stays under Telegram's 4,096 characters, ◀️ n/m ▶️ buttons walk the
 * pages, and every entry is on one of them. `/tickets` with 30 long tickets used to fail with "message is too long"
 * and the admin saw only "something went wrong".
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import type { FakeMessage } from "../../fakes/telegram.ts";
import { addCustomerMessage } from "../../../src/store/tickets.ts";
import { saveDiscount } from "../../../src/store/discounts.ts";
import { createPlan } from "../../../src/store/plans.ts";
import { createAdminWorld, type AdminWorld } from "./world.ts";

let world: AdminWorld;
beforeEach(async () => {
  world = await createAdminWorld();
});
afterEach(async () => {
  await world.close();
});

/** Opens the list with `command`, then taps ▶️ to the last page; every page seen. */
async function allPages(command: string, title: string): Promise<FakeMessage[]> {
  const { ava } = world;
  await ava.send(command);
  // Pages are one message edited in place: keep a copy of each as it was.
  let page = await ava.waitForMessage(title);
  const pages = [{ ...page }];
  for (let i = 0; i < 50; i++) {
    const next = page.buttons.find((b) => b.text.startsWith("Next"));
    if (!next) break;
    const before = page.version;
    await ava.tap(next.text);
    page = await ava.waitForMessage((m) => m.messageId === page.messageId && m.version > before, { since: "any" });
    pages.push({ ...page });
  }
  return pages;
}

test("/tickets with 30 long tickets: pages under 4,096 characters, every ticket on one, Previous goes back", async () => {
  const ids: number[] = [];
  for (let i = 0; i < 30; i++) {
    world.customer(2000 + i, `Customer with a long name number ${i}`);
    const text = `Ticket ${i}: ${"my connection drops every few minutes <again> & again; ".repeat(20)}`;
    ids.push(addCustomerMessage(world.db, 2000 + i, text, Date.now() + i).ticket.id);
  }
  const pages = await allPages("/tickets", "Open tickets:");
  expect(pages.length).toBeGreaterThan(2);
  const seen = new Set<number>();
  for (const page of pages) {
    expect(page.text!.length).toBeLessThan(4096);
    for (const match of page.text!.matchAll(/#(\d+) · /g)) seen.add(Number(match[1]));
    expect(page.buttons.some((b) => b.text === `${pages.indexOf(page) + 1} / ${pages.length}`)).toBe(true);
  }
  expect([...seen].sort((a, b) => a - b)).toEqual(ids);
  // Each page's Reply buttons are for the tickets on it.
  const last = pages.at(-1)!;
  const onLast = [...last.text!.matchAll(/#(\d+) · /g)].map((m) => `💬 #${m[1]}`);
  expect(last.buttons.filter((b) => b.text.startsWith("💬")).map((b) => b.text)).toEqual(onLast);
  await world.ava.tap("◀️ Previous");
  const back = await world.ava.waitForMessage((m) => m.messageId === last.messageId && m.buttons.some((b) => b.text === `${pages.length - 1} / ${pages.length}`), { since: "any" });
  expect(back.text!.length).toBeLessThan(4096);
});

test("/codes with 60 codes comes in pages with every code on one", async () => {
  for (let i = 0; i < 60; i++) saveDiscount(world.db, { code: `SPRING${String(i).padStart(3, "0")}`, percent: 10, maxUses: 100 }, Date.now());
  const pages = await allPages("/codes", "Discount codes");
  expect(pages.length).toBeGreaterThan(1);
  const seen = new Set(pages.flatMap((p) => [...p.text!.matchAll(/SPRING\d{3}/g)].map((m) => m[0])));
  expect(seen.size).toBe(60);
  for (const page of pages) expect(page.text!.length).toBeLessThan(4096);
});

test("/plans with 40 plans comes in pages; each page's buttons open the plans on it", async () => {
  for (let i = 0; i < 40; i++) createPlan(world.db, { name: `Monthly plan with a long name ${String(i).padStart(2, "0")}`, price: 150_000, trafficBytes: 50 * 1024 ** 3, days: 30 }, Date.now());
  const pages = await allPages("/plans", "Plans");
  expect(pages.length).toBeGreaterThan(1);
  const named = (text: string) => [...text.matchAll(/long name (\d{2})/g)].map((m) => m[1]);
  expect(new Set(pages.flatMap((p) => named(p.text!))).size).toBe(40);
  for (const page of pages) {
    expect(page.text!.length).toBeLessThan(4096);
    expect(page.buttons.filter((b) => b.text.includes("long name")).flatMap((b) => named(b.text))).toEqual(named(page.text!));
  }
});

test("a customer with 25 subscriptions: the card pages them, each page under 4,096 characters with its own buttons", async () => {
  world.customer(3001, "Reseller customer");
  const planId = world.plan({ name: "A plan whose name is long enough to matter in a list" });
  for (let i = 0; i < 25; i++) {
    const gift = world.core.sales.gift(3001, planId);
    if (!gift.ok) throw new Error(gift.error.message);
  }
  await world.settle();
  const pages = await allPages("/user 3001", "Reseller customer");
  expect(pages.length).toBeGreaterThan(2);
  const ids = new Set<string>();
  for (const page of pages) {
    expect(page.text!.length).toBeLessThan(4096);
    // "📄 <id>" opens a subscription; each page's are the subscriptions its text lists.
    const open = page.buttons.filter((b) => b.text.startsWith("📄 ")).map((b) => b.text.slice(3));
    expect(open.every((id) => page.text!.includes(id))).toBe(true);
    for (const id of open) ids.add(id);
  }
  expect(ids.size).toBe(25);
});

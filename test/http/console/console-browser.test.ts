/**
 * The console in a real browser against the real process (`bun src/cli.ts serve`, the fake Telegram, the S-UI
 * simulator): log in, approve and reject receipts a customer sent through the bot, watch a server go down and come
 * back without a reload, a change without its CSRF token refused, Persian pages right to left, and the login
 * throttle. One browser and one shop for the whole file; a screenshot of each page lands in test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eventually, Shop } from "../../reliability/support/shop.ts";
import type { FakePerson } from "../../fakes/telegram.ts";
import { HAVE_CHROMIUM, openBrowser, type Browser } from "./browser.ts";

let shop: Shop;
let browser: Browser;
const url = (path: string) => `${shop.app.url}${path}`;

/** A customer buys the shop's plan by card and sends the receipt photo through the user bot. */
async function receiptFrom(id: number): Promise<{ person: FakePerson; orderId: string }> {
  const person = shop.person(id, `Buyer${id}`).open();
  await person.send("/start");
  await person.waitForMessage((m) => m.buttons.some((b) => b.text === "English"));
  await person.tap("English");
  await person.waitForMessage("I'll speak English");
  await person.send("/plans");
  await person.waitForMessage("Choose a plan");
  await person.tap(/^Monthly 10 GB/);
  await person.waitForMessage("How would you like to pay");
  await person.tap("💳 Card-to-card");
  await person.waitForMessage("transfer exactly");
  await person.sendPhoto();
  await person.waitForMessage("waiting for approval");
  const row = shop.db.query<{ id: string }, [number]>("SELECT id FROM orders WHERE customer_id = ? AND state = 'receipt_submitted'").get(id);
  if (!row) throw new Error(`no submitted receipt from ${id}`);
  return { person, orderId: row.id };
}

async function login(): Promise<void> {
  const { page } = browser;
  await page.goto(url("/console"));
  await page.waitForURL(/\/console\/login/);
  await page.fill('input[name="token"]', shop.operatorToken);
  await page.click('button[type="submit"]');
  await page.waitForURL(url("/console"));
}

describe.skipIf(!HAVE_CHROMIUM)("the console in Chromium", () => {
  beforeAll(async () => {
    shop = await Shop.open();
    await shop.start();
    browser = await openBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  test("log in with the operator token: the overview, in Persian, right to left", async () => {
    const { page } = browser;
    await login();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir, getComputedStyle(document.body).direction])).toEqual(["fa", "rtl", "rtl"]);
    expect(await page.textContent("h1")).toBe("نمای کلی");
    // The token never appears in an address.
    expect(page.url()).not.toContain(shop.operatorToken);
    const cookies = await browser.context.cookies();
    const session = cookies.find((c) => c.name === "sk_console")!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/console" });
    expect(await page.locator("svg.chart rect.col").count()).toBe(30);
    await browser.screenshot("overview-fa");
    await page.click('a[hreflang="en"]');
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(["en", "ltr"]);
    await browser.screenshot("overview-en");
  }, 30_000);

  test("approve a receipt: the customer gets the link in Telegram, the admin's card says who decided", async () => {
    const { page } = browser;
    const { person, orderId } = await receiptFrom(5001);
    await page.goto(url("/console/receipts"));
    const card = page.locator(`#receipt-${orderId}`);
    await card.waitFor();
    // The photo came through our server (the user bot's file, proxied) and rendered.
    await card.locator("img").scrollIntoViewIfNeeded();
    await page.waitForFunction((id) => {
      const img = document.querySelector(`#receipt-${id} img`) as HTMLImageElement | null;
      return img !== null && img.complete && img.naturalWidth > 0;
    }, orderId);
    expect(await card.locator("img").getAttribute("src")).toBe(`/console/receipts/${orderId}/photo`);
    await browser.screenshot("receipts");
    await card.locator('button[value="approve"]').click();
    await page.waitForURL(/note=approved/);
    const link = await person.waitForMessage(/vpn\.example\.com\/sub\//, { timeoutMs: 20_000, since: "any" });
    expect(link.text ?? link.caption ?? link.source ?? "").toContain("https://vpn.example.com/sub/");
    expect(await eventually(() => shop.admin.messages().some((m) => (m.text ?? m.caption ?? "").includes("operator")), 10_000)).toBe(true);
  }, 60_000);

  test("reject a receipt with a reason: the customer reads the reason", async () => {
    const { page } = browser;
    const { person, orderId } = await receiptFrom(5002);
    await page.goto(url("/console/receipts"));
    const card = page.locator(`#receipt-${orderId}`);
    await card.locator('input[name="reason"]').fill("The transfer did not arrive");
    await card.locator('button[value="reject"]').click();
    await page.waitForURL(/note=rejected/);
    await person.waitForMessage(/The transfer did not arrive/, { timeoutMs: 20_000, since: "any" });
    expect(shop.db.query<{ state: string }, [string]>("SELECT state FROM orders WHERE id = ?").get(orderId)?.state).toBe("rejected");
  }, 60_000);

  test("a change without the CSRF token is refused and changes nothing", async () => {
    const { page } = browser;
    const { orderId } = await receiptFrom(5003);
    await page.goto(url("/console/receipts"));
    const form = page.locator(`#receipt-${orderId} form[action$="/approve"]`);
    await form.evaluate((f) => f.querySelector('input[name="csrf"]')!.remove());
    await form.locator("button").click();
    await page.waitForLoadState();
    expect(await page.textContent(".notice.bad")).toContain("refused");
    expect(shop.db.query<{ state: string }, [string]>("SELECT state FROM orders WHERE id = ?").get(orderId)?.state).toBe("receipt_submitted");
    await browser.screenshot("csrf-refused");
  }, 60_000);

  test("a server goes down when the panel does, and comes back, without a reload", async () => {
    const { page } = browser;
    await page.goto(url("/console"));
    const pill = page.locator(`[data-live-state="server:${shop.serverId}:state"]`);
    expect(await pill.getAttribute("data-state")).toBe("healthy");
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await shop.panel.setFault({ mode: "down" });
    await page.waitForSelector(`[data-live-state="server:${shop.serverId}:state"][data-state="down"]`, { timeout: 30_000 });
    expect(await page.textContent(`[data-live-text="server:${shop.serverId}:error"]`)).not.toBe("");
    await browser.screenshot("server-down");
    await shop.panel.setFault(null);
    await page.waitForSelector(`[data-live-state="server:${shop.serverId}:state"][data-state="healthy"]`, { timeout: 30_000 });
    // The same document all along: the page was never reloaded.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
  }, 70_000);

  test("find a customer by @username and adjust the balance with a reason", async () => {
    const { page } = browser;
    await page.goto(url("/console/customers?lang=en"));
    await page.fill('input[name="q"]', "@c5001");
    await page.click('form[role="search"] button');
    await page.waitForURL(/\/console\/customers\/5001/);
    expect(await page.locator("#subscriptions tbody tr").count()).toBe(1);
    await page.fill('#adjust input[name="amount"]', "30000");
    await page.fill('#adjust input[name="reason"]', "Compensation for the outage");
    await page.click('#adjust button[type="submit"]');
    await page.waitForURL(/note=adjusted/);
    expect(await page.textContent("#balance")).toBe("30,000 Toman");
    expect(shop.db.query<{ balance: number }, [number]>("SELECT balance FROM balances WHERE customer_id = ?").get(5001)?.balance).toBe(30_000);
    await browser.screenshot("customer");
    // The subscription's page, from the customer's.
    await page.click("#subscriptions tbody a");
    await page.waitForSelector("#journal");
    expect(await page.locator("progress").count()).toBe(1);
    await browser.screenshot("subscription");
  }, 30_000);

  test("every other page renders (screenshots), in Persian right to left", async () => {
    const { page } = browser;
    for (const [name, path] of [["customers", "/console/customers"], ["servers", "/console/servers"], ["plans", "/console/plans"], ["codes", "/console/codes"], ["broadcasts", "/console/broadcasts"], ["settings", "/console/settings"]] as const) {
      const answer = await page.goto(url(`${path}?lang=fa`));
      expect(answer?.status()).toBe(200);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector("main")!).direction)).toBe("rtl");
      await browser.screenshot(name);
    }
  }, 30_000);

  test("a wrong token is refused, and past five the address waits even with the right one", async () => {
    const { page } = browser;
    await browser.context.clearCookies();
    await page.goto(url("/console/login"));
    for (let i = 0; i < 5; i++) {
      await page.fill('input[name="token"]', `wrong-${i}-token-0123456789`);
      await page.click('button[type="submit"]');
      await page.waitForSelector("#login-problem");
      expect(await page.textContent("#login-problem")).toContain("درست نیست");
    }
    await page.fill('input[name="token"]', shop.operatorToken);
    await page.click('button[type="submit"]');
    await page.waitForSelector("#login-problem");
    expect(await page.textContent("#login-problem")).toContain("دقیقهٔ دیگر");
    expect(page.url()).toContain("/console/login");
    await browser.screenshot("login-throttled");
  }, 30_000);
});

if (!HAVE_CHROMIUM) console.warn("console browser tests: /usr/bin/chromium is absent, skipped (apt-get install chromium to run them)");

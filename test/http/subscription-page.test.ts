import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GB } from "../support/world.ts";
import { importLinks } from "../../src/http/subscription-page/deep-links.ts";
import { pickPageLanguage } from "../../src/http/subscription-page/strings.ts";
import { createHttpWorld, type HttpWorld } from "./support.ts";

const CHROME = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const BROWSER = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "user-agent": CHROME };
const CHROMIUM = "/usr/bin/chromium";

let h: HttpWorld;
let sub: { id: string; token: string };
beforeAll(async () => {
  h = await createHttpWorld();
  sub = await h.activeSubscription(101, { trafficBytes: 50 * GB, name: "Monthly 50 GB" });
  h.world.panel.addTraffic(`sk-${sub.id}`, 2 * GB, 10 * GB);
  await h.world.subscriptions.resync(sub.id);
  await h.world.settle();
});
afterAll(async () => {
  await h.close();
});

describe("the subscription page", () => {
  test("a browser gets the page, in Persian by default: RTL, Persian digits, a Jalali date, usage, QR, import buttons", async () => {
    const page = await h.call("GET", `/sub/${sub.token}`, { token: null, headers: BROWSER });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = page.text;
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(html).toContain("Monthly 50 GB");
    expect(html).toContain("فعال");
    expect(html).toContain("۱۲ گیگابایت از ۵۰ گیگابایت مصرف شده");
    expect(html).toContain("۳۰ روز مانده");
    // 26 Nov 2026 + 30 days in Asia/Tehran is 5 Dey 1405 in the Jalali calendar.
    expect(html).toContain("۵ دی ۱۴۰۵");
    expect(html).toContain('aria-valuenow="24"');
    expect(html).toContain("<svg");
    expect(html).toContain(`value="https://sub.example.com/sub/${sub.token}"`);
    for (const scheme of ["v2rayng://install-config?url=", "hiddify://import/", "v2box://install-sub?url=", "streisand://import/", "sing-box://import-remote-profile?url=", "sn://subscription?url="]) {
      expect(html).toContain(scheme);
    }
    // Self-contained: no external script, style, image or font.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']https?:/i);
    expect(html).not.toContain("@import");
  });

  test("English by ?lang= or Accept-Language: LTR, Gregorian date", async () => {
    const byQuery = await h.call("GET", `/sub/${sub.token}?lang=en`, { token: null, headers: BROWSER });
    expect(byQuery.text).toContain('<html lang="en" dir="ltr">');
    expect(byQuery.text).toContain("12 GB of 50 GB used");
    expect(byQuery.text).toContain("30 days left");
    expect(byQuery.text).toContain("26 December 2026");
    const byHeader = await h.call("GET", `/sub/${sub.token}`, { token: null, headers: { ...BROWSER, "accept-language": "en-US,en;q=0.9,fa;q=0.8" } });
    expect(byHeader.text).toContain('lang="en"');
    expect(pickPageLanguage(undefined, "fa-IR,en;q=0.5", "en")).toBe("fa");
    expect(pickPageLanguage(undefined, "de-DE,en;q=0.3,fa;q=0.7", "en")).toBe("fa");
    expect(pickPageLanguage(undefined, "de", "en")).toBe("en");
    expect(pickPageLanguage("en", "fa", "fa")).toBe("en");
    expect(pickPageLanguage("xx", null, "fa")).toBe("fa");
  });

  test("Russian by ?lang= or Accept-Language: Russian words and date, links to the two other languages", async () => {
    const page = await h.call("GET", `/sub/${sub.token}`, { token: null, headers: { ...BROWSER, "accept-language": "ru-RU,ru;q=0.9,en;q=0.5" } });
    expect(page.text).toContain('<html lang="ru" dir="ltr">');
    expect(page.text).toContain("Активна");
    expect(page.text).toContain("Использовано 12 ГБ из 50 ГБ");
    expect(page.text).toContain("26 декабря 2026 г.");
    expect(page.text).toContain('href="?lang=fa" hreflang="fa">فارسی</a>');
    expect(page.text).toContain('href="?lang=en" hreflang="en">English</a>');
    expect(pickPageLanguage("ru", "fa", "fa")).toBe("ru");
  });

  test("a VPN app asking for HTML still gets the subscription; ?format= always does", async () => {
    for (const ua of ["v2rayNG/1.9.5", "Hiddify/2.5.7", "SFA/1.10.0 (sing-box 1.10.0)", "Streisand", "NekoBox/1.3.4", "V2Box 8.2"]) {
      const answer = await h.call("GET", `/sub/${sub.token}`, { token: null, headers: { accept: "text/html,*/*", "user-agent": ua } });
      expect(answer.headers.get("content-type")).not.toContain("text/html");
      expect(answer.headers.get("subscription-userinfo")).toContain("total=");
    }
    const json = await h.call("GET", `/sub/${sub.token}?format=json`, { token: null, headers: BROWSER });
    expect(JSON.parse(json.text).outbounds).toBeDefined();
  });

  test("deep links carry the link encoded as each app expects", () => {
    const links = Object.fromEntries(importLinks("https://sub.example.com/sub/abc", "My VPN").map((l) => [l.app, l.href]));
    expect(links.V2rayNG).toBe("v2rayng://install-config?url=https%3A%2F%2Fsub.example.com%2Fsub%2Fabc#My%20VPN");
    expect(links.Hiddify).toBe("hiddify://import/https://sub.example.com/sub/abc#My%20VPN");
    expect(links.V2Box).toBe("v2box://install-sub?url=https%3A%2F%2Fsub.example.com%2Fsub%2Fabc&name=My%20VPN");
    expect(links.Streisand).toBe("streisand://import/https://sub.example.com/sub/abc#My%20VPN");
    expect(links["sing-box"]).toBe("sing-box://import-remote-profile?url=https%3A%2F%2Fsub.example.com%2Fsub%2Fabc%3Fformat%3Djson#My%20VPN");
    expect(links.NekoBox).toBe("sn://subscription?url=https%3A%2F%2Fsub.example.com%2Fsub%2Fabc&name=My%20VPN");
  });

  test.skipIf(!existsSync(CHROMIUM))("renders in headless Chromium at phone size (fa and en screenshots in test-artifacts/)", async () => {
    const server = h.app.listen({ hostname: "127.0.0.1", port: 0 });
    const port = server.server!.port;
    const profile = mkdtempSync(join(tmpdir(), "sk-chromium-"));
    mkdirSync("test-artifacts", { recursive: true });
    try {
      for (const lang of ["fa", "en"]) {
        const file = join("test-artifacts", `subscription-page-${lang}.png`);
        rmSync(file, { force: true });
        const chromium = Bun.spawn(
          [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, `--screenshot=${file}`, "--window-size=412,915",
            `http://127.0.0.1:${port}/sub/${sub.token}?lang=${lang}`,
          ],
          { stdout: "ignore", stderr: "ignore" },
        );
        const code = await Promise.race([chromium.exited, Bun.sleep(45_000).then(() => "timeout" as const)]);
        if (code === "timeout") chromium.kill();
        expect(existsSync(file)).toBe(true);
        // A blank page compresses to a few hundred bytes; the rendered page with its QR code to tens of kilobytes.
        expect(statSync(file).size).toBeGreaterThan(15_000);
        const png = readFileSync(file);
        expect(png.subarray(1, 4).toString()).toBe("PNG");
        expect(png.readUInt32BE(16)).toBe(412);
      }
    } finally {
      await server.stop();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);
});

if (!existsSync(CHROMIUM)) console.warn(`subscription page: ${CHROMIUM} is absent, the headless Chromium screenshot test is skipped (apt-get install chromium to run it)`);

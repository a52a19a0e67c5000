/**
 * The console's managing pages in process: customers (search, the whole picture, ban, balance adjustment once
 * per form), a subscription (its actions by state, sent as actor events with an audit row), servers (add on the
 * live simulator, drain, resume, retire), plans, codes, settings and broadcasts.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { listAudit } from "../../../src/store/audit.ts";
import { balanceOf } from "../../../src/store/ledger.ts";
import { getSettings } from "../../../src/store/settings.ts";
import { getDiscount } from "../../../src/store/discounts.ts";
import { listPlans } from "../../../src/store/plans.ts";
import { createHttpWorld, TOKEN, type HttpWorld } from "../support.ts";
import { consoleClient } from "./support.ts";

let h: HttpWorld;
let c: ReturnType<typeof consoleClient>;
let csrf: string;
let sub: { id: string };

beforeAll(async () => {
  h = await createHttpWorld();
  sub = await h.activeSubscription(4101);
  c = consoleClient(h);
  await c.login(TOKEN);
  csrf = await c.csrf();
});
afterAll(() => h.close());

const audited = (action: string, target: string) => listAudit(h.world.db, { limit: 500 }).find((e) => e.action === action && e.target === target);

describe("customers", () => {
  test("found by id or @username (straight to the customer); a partial username lists matches", async () => {
    const byId = await c.get("/console/customers?q=4101");
    expect(byId.headers.get("location")).toBe("/console/customers/4101");
    const byName = await c.get("/console/customers?q=%40C4101");
    expect(byName.headers.get("location")).toBe("/console/customers/4101");
    h.world.customer(4102);
    const partial = await c.get("/console/customers?q=c410&lang=en");
    expect(partial.text).toContain("@c4101");
    expect(partial.text).toContain("@c4102");
    const none = await c.get("/console/customers?q=%3Cscript%3E&lang=en");
    expect(none.text).toContain("No customer matches “&lt;script&gt;”");
  });

  test("a customer's page: subscriptions, orders, ledger; the balance adjusted once per form, with a reason", async () => {
    const page = await c.get("/console/customers/4101?lang=en");
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/console/subscriptions/${sub.id}"`);
    expect(page.text).toContain("card-payment");
    const ref = /name="ref" value="([0-9a-f-]{36})"/.exec(page.text)![1]!;
    const form = { csrf, ref, amount: "25,000", reason: "Goodwill for the outage" };
    expect((await c.post("/console/customers/4101/adjust", form)).status).toBe(303);
    expect((await c.post("/console/customers/4101/adjust", form)).status).toBe(303);
    expect(balanceOf(h.world.db, 4101)).toBe(25_000);
    expect(JSON.parse(audited("customer.adjust", "customer/4101")!.after!)).toMatchObject({ amount: 25_000, reason: "Goodwill for the outage", balance: 25_000 });
    const tooMuch = await c.post("/console/customers/4101/adjust", { csrf, ref: crypto.randomUUID(), amount: "-90000", reason: "x" });
    expect(tooMuch.status).toBe(409);
    expect(balanceOf(h.world.db, 4101)).toBe(25_000);
    const noReason = await c.post("/console/customers/4101/adjust", { csrf, ref: crypto.randomUUID(), amount: "5", reason: " " });
    expect(noReason.status).toBe(400);
  });

  test("ban suspends the customer's subscriptions, unban resumes them", async () => {
    expect((await c.post("/console/customers/4101/ban", { csrf })).status).toBe(303);
    await h.world.settle();
    expect(h.world.subscriptions.get(sub.id)!.state).toBe("suspended");
    expect(audited("customer.ban", "customer/4101")).toBeDefined();
    expect((await c.post("/console/customers/4101/unban", { csrf })).status).toBe(303);
    await h.world.settle();
    expect(h.world.subscriptions.get(sub.id)!.state).toBe("active");
  });
});

describe("a subscription", () => {
  test("state, usage, timers, journal; only the events its state takes; an event goes to the actor and the audit log", async () => {
    const page = await c.get(`/console/subscriptions/${sub.id}?lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("<progress");
    expect(page.text).toContain("days left");
    expect(page.text).toMatch(/<code>expire<\/code>/);
    expect(page.text).toContain('value="SUSPEND"');
    expect(page.text).toContain('value="REVOKE"');
    expect(page.text).not.toContain('value="UNSUSPEND"');
    expect(page.text).not.toContain('value="RETRY"');
    expect((await c.post(`/console/subscriptions/${sub.id}/events`, { csrf, type: "SUSPEND" })).status).toBe(303);
    await h.world.settle();
    expect(h.world.subscriptions.get(sub.id)!.state).toBe("suspended");
    expect(audited("event:SUSPEND", `subscription/${sub.id}`)).toBeDefined();
    const after = await c.get(`/console/subscriptions/${sub.id}`);
    expect(after.text).toContain('value="UNSUSPEND"');
    const refused = await c.post(`/console/subscriptions/${sub.id}/events?lang=en`, { csrf, type: "APPROVE" });
    expect(refused.status).toBe(422);
    const wrongState = await c.post(`/console/subscriptions/${sub.id}/events`, { csrf, type: "SUSPEND" });
    expect(wrongState.status).toBe(409);
    expect((await c.post(`/console/subscriptions/${sub.id}/events`, { csrf, type: "UNSUSPEND" })).status).toBe(303);
    await h.world.settle();
  });
});

describe("servers", () => {
  test("add a panel (checked live), drain, resume, retire; a refused form keeps the fields but never the token", async () => {
    const { panel } = h.world;
    const bad = await c.post("/console/servers", { csrf, panel: "s-ui", name: "fra-2", panelUrl: panel.url, apiToken: "wrong-token-0123456789", inboundIds: "1", capacity: "0", group: "default" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('value="fra-2"');
    expect(bad.text).not.toContain("wrong-token-0123456789");
    const added = await c.post("/console/servers", { csrf, panel: "s-ui", name: "fra-2", panelUrl: panel.url, apiToken: panel.token, subUrl: panel.subUrl, inboundIds: "1, 2", capacity: "50", group: "default" });
    expect(added.status).toBe(303);
    const server = h.world.servers.list().find((s) => s.name === "fra-2")!;
    expect(server.capacity).toBe(50);
    expect(audited("server:add", `server/${server.id}`)!.after).not.toContain(panel.token);
    expect((await c.post(`/console/servers/${server.id}/drain`, { csrf })).status).toBe(303);
    expect(h.world.servers.get(server.id)!.state).toStartWith("draining");
    expect((await c.post(`/console/servers/${server.id}/resume`, { csrf })).status).toBe(303);
    expect((await c.post(`/console/servers/${server.id}/retire`, { csrf })).status).toBe(303);
    expect(h.world.servers.get(server.id)!.state).toBe("retired");
    const page = await c.get("/console/servers?lang=en");
    expect(page.text).toContain("fra-2");
    expect(page.text).not.toContain(panel.token);
  });
});

describe("plans, codes, settings", () => {
  test("a plan is added, hidden and deleted (hidden when it was sold)", async () => {
    expect((await c.post("/console/plans", { csrf, name: "Weekly 5 GB", kind: "subscription", price: "40000", stars: "250", trafficGb: "5", days: "7", renewalPolicy: "reset", serverGroup: "default" })).status).toBe(303);
    const plan = listPlans(h.world.db).find((p) => p.name === "Weekly 5 GB")!;
    expect(plan.traffic_bytes).toBe(5 * 1024 ** 3);
    expect(plan.stars).toBe(250);
    expect((await c.post(`/console/plans/${plan.id}/hide`, { csrf })).status).toBe(303);
    expect(listPlans(h.world.db).find((p) => p.id === plan.id)!.active).toBe(0);
    expect((await c.post(`/console/plans/${plan.id}/delete`, { csrf })).status).toBe(303);
    expect(listPlans(h.world.db).find((p) => p.id === plan.id)).toBeUndefined();
    const bad = await c.post("/console/plans", { csrf, name: "", kind: "subscription", price: "x", trafficGb: "5", days: "7" });
    expect(bad.status).toBe(400);
  });

  test("a discount code is added and switched off", async () => {
    expect((await c.post("/console/codes", { csrf, code: "NOWRUZ", percent: "20", amount: "", maxUses: "100", validDays: "10", perCustomerOnce: "1" })).status).toBe(303);
    expect(getDiscount(h.world.db, "NOWRUZ")).toMatchObject({ percent: 20, max_uses: 100, active: 1 });
    expect((await c.post("/console/codes/NOWRUZ/off", { csrf })).status).toBe(303);
    expect(getDiscount(h.world.db, "NOWRUZ")!.active).toBe(0);
    expect((await c.post("/console/codes", { csrf, code: "BOTH", percent: "20", amount: "5000" })).status).toBe(400);
  });

  test("settings are saved through the store's checks, a bad value changes nothing", async () => {
    const page = await c.get("/console/settings");
    const cards = /<textarea name="cards"[^>]*>([^<]*)<\/textarea>/.exec(page.text)![1]!;
    const form = {
      csrf, paymentWindowHours: "12", trialDays: "2", referralPercent: "5", topupMin: "20000", topupMax: "9000000", tomanPerUsd: "60000", autoRenewDaysBefore: "2",
      trialGb: "1.5", supportHours: "9-21", requiredChannels: "@shop_news", cards,
    };
    expect((await c.post("/console/settings", form)).status).toBe(303);
    expect(getSettings(h.world.db)).toMatchObject({ paymentWindowHours: 12, trialDays: 2, trialBytes: Math.round(1.5 * 1024 ** 3), supportHours: "9-21", tomanPerUsd: 60_000, autoRenewDaysBefore: 2, requiredChannels: ["@shop_news"] });
    expect((await c.post("/console/settings", { ...form, paymentWindowHours: "999" })).status).toBe(400);
    expect(getSettings(h.world.db).paymentWindowHours).toBe(12);
  });
});

describe("broadcasts", () => {
  test("a draft, then sent: its page shows the counts and the live view follows them", async () => {
    expect((await c.post("/console/broadcasts", { csrf, audience: "all", text: "Maintenance tonight at 02:00" })).status).toBe(303);
    const list = await c.get("/console/broadcasts?lang=en");
    const id = /href="\/console\/broadcasts\/(\d+)"/.exec(list.text)![1]!;
    expect(list.text).toContain(`action="/console/broadcasts/${id}/confirm"`);
    const sent = await c.post(`/console/broadcasts/${id}/confirm`, { csrf });
    expect(sent.headers.get("location")).toBe(`/console/broadcasts/${id}?note=broadcast-sending`);
    await h.world.settle();
    const page = await c.get(`/console/broadcasts/${id}?lang=en`);
    expect(page.text).toContain(`data-live="/console/live?broadcast=${id}"`);
    const live = JSON.parse((await c.get(`/console/live?broadcast=${id}&lang=en`)).text);
    expect(Number(live.values[`broadcast:${id}:delivered`]) + Number(live.values[`broadcast:${id}:remaining`])).toBeGreaterThan(0);
    expect(audited("broadcast.confirm", `broadcast/${id}`)).toBeDefined();
  });
});

describe("every page", () => {
  test("renders for a signed-in operator in each language, with no inline script or style", async () => {
    for (const path of ["/console", "/console/receipts", "/console/customers", "/console/customers/4101", `/console/subscriptions/${sub.id}`, "/console/servers", "/console/plans", "/console/codes", "/console/broadcasts", "/console/settings"]) {
      for (const lang of ["fa", "en", "ru"]) {
        const page = await c.get(`${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
        expect({ path, lang, status: page.status }).toEqual({ path, lang, status: 200 });
        expect(page.text).toContain(`<html lang="${lang}" dir="${lang === "fa" ? "rtl" : "ltr"}">`);
        expect(page.text).not.toMatch(/<script>|<style| style=| on[a-z]+="/);
        expect(page.text).not.toMatch(/console-[a-z-]+/);
      }
    }
  });
});

/**
 * The console's pages in process: the overview from the read models, the receipts queue with its proxied photo,
 * and decisions through the admin bot's path (first decision wins, audit row, admin cards told).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { listAudit } from "../../../src/store/audit.ts";
import { createHttpWorld, TOKEN, type HttpWorld } from "../support.ts";
import { consoleClient } from "./support.ts";

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1]);
const cardsEdited: string[] = [];
let h: HttpWorld;
let c: ReturnType<typeof consoleClient>;

async function receiptWaiting(customerId: number, kind: "purchase" | "topup" = "purchase"): Promise<{ orderId: string; number: number }> {
  const { world } = h;
  world.customer(customerId);
  const order =
    kind === "topup" ? world.sales.startTopup(customerId, 200_000) : await world.sales.startOrder({ customerId, kind: "purchase", planId: world.plan({ name: `Plan for ${customerId}` }), method: "card" });
  if (!order.ok) throw new Error(order.error.message);
  await world.sales.submitReceipt(order.value.orderId, customerId, `file-${customerId}`);
  await world.settle();
  return { orderId: order.value.orderId, number: order.value.number };
}

beforeAll(async () => {
  h = await createHttpWorld({
    deps: {
      receiptPhotos: async (fileId) => (fileId.startsWith("file-") ? JPEG : null),
    },
  });
  // What the admin bot listens to, to edit every admin's card.
  h.world.sales.onDecided((order) => cardsEdited.push(order.orderId));
  c = consoleClient(h);
  await c.login(TOKEN);
});
afterAll(() => h.close());

describe("console overview", () => {
  test("servers with state, latency, clients; counts; the 30-day revenue chart drawn as SVG", async () => {
    await h.activeSubscription(301);
    const page = await c.get("/console?lang=en");
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="en" dir="ltr">');
    expect(page.text).toContain('data-live-state="server:s1:state"');
    expect(page.text).toMatch(/<svg class="chart"[^>]*>/);
    // The card payment of the subscription above is today's bar: 150,000 Toman.
    expect(page.text).toContain("150,000 Toman</title>");
    expect(page.text).toContain('data-live="/console/live?parts=servers,counts"');
    const live = await c.get("/console/live?parts=servers,counts&lang=en");
    const body = JSON.parse(live.text);
    expect(body.states["server:s1:state"]).toBe("healthy");
    expect(body.values["count:active"]).toBe("1");
  });
});

describe("console receipts", () => {
  test("a waiting receipt shows its proxied photo, customer, plan and amount", async () => {
    const { orderId, number } = await receiptWaiting(302);
    const page = await c.get("/console/receipts?lang=en");
    expect(page.text).toContain(`Order #${number}`);
    expect(page.text).toContain("@c302");
    expect(page.text).toContain("Subscription: Plan for 302");
    expect(page.text).toContain("150,000 Toman");
    expect(page.text).toContain(`src="/console/receipts/${orderId}/photo"`);
    expect(page.text).not.toContain("api.telegram.org");
    const photo = await c.get(`/console/receipts/${orderId}/photo`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/jpeg");
    expect(photo.headers.get("content-security-policy")).toContain("sandbox");
    const signedOut = consoleClient(h);
    expect((await signedOut.get(`/console/receipts/${orderId}/photo`)).status).toBe(303);
  });

  test("approve: the order goes ahead through the admin bot's path; a second decision is refused with who decided", async () => {
    const { orderId } = await receiptWaiting(303);
    const csrf = await c.csrf();
    const approved = await c.post(`/console/receipts/${orderId}/approve`, { csrf });
    expect(approved.status).toBe(303);
    expect(approved.headers.get("location")).toBe("/console/receipts?note=approved");
    await h.world.settle();
    const order = h.world.sales.order(orderId)!;
    expect(order.decision).toMatchObject({ approved: true, by: "operator" });
    expect(h.world.subscriptions.get(order.subscriptionId!)?.state).toBe("active");
    expect(cardsEdited).toContain(orderId);
    const entry = listAudit(h.world.db).find((e) => e.action === "receipt.approve" && e.target === `order/${orderId}`);
    expect(entry?.actor).toBe("operator");
    const late = await c.post(`/console/receipts/${orderId}/reject?lang=en`, { csrf, reason: "too late" });
    expect(late.status).toBe(409);
    expect(late.text).toContain("already approved by operator");
    expect(h.world.sales.order(orderId)!.state).not.toBe("rejected");
  });

  test("reject needs a reason; with one the customer's order is rejected with it", async () => {
    const { orderId } = await receiptWaiting(304);
    const csrf = await c.csrf();
    const empty = await c.post(`/console/receipts/${orderId}/reject`, { csrf, reason: "   " });
    expect(empty.status).toBe(400);
    expect(h.world.sales.order(orderId)!.state).toBe("receipt_submitted");
    const rejected = await c.post(`/console/receipts/${orderId}/reject`, { csrf, reason: "The amount on the receipt does not match" });
    expect(rejected.status).toBe(303);
    expect(h.world.sales.order(orderId)!.decision).toMatchObject({ approved: false, reason: "The amount on the receipt does not match" });
  });

  test("a top-up is approved with the amount received; a bad amount changes nothing", async () => {
    const { orderId } = await receiptWaiting(305, "topup");
    const csrf = await c.csrf();
    expect((await c.post(`/console/receipts/${orderId}/approve`, { csrf, amount: "-5" })).status).toBe(400);
    expect(h.world.sales.order(orderId)!.state).toBe("receipt_submitted");
    expect((await c.post(`/console/receipts/${orderId}/approve`, { csrf, amount: "180000" })).status).toBe(303);
    await h.world.settle();
    expect(h.world.sales.order(orderId)!.creditedAmount).toBe(180_000);
  });

  test("without the CSRF token a decision is refused and the receipt still waits", async () => {
    const { orderId } = await receiptWaiting(306);
    const refused = await c.post(`/console/receipts/${orderId}/approve`, {});
    expect(refused.status).toBe(403);
    expect(h.world.sales.order(orderId)!.state).toBe("receipt_submitted");
  });
});

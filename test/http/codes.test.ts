/**
 * Discount codes over HTTP, like plans: create, list, read, change (the once-per-customer flag included), disable,
 * delete — a code an order used is disabled, not deleted; bad input is refused and changes nothing; all in OpenAPI.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { createHttpWorld, type HttpWorld } from "./support.ts";

let h: HttpWorld;
beforeEach(async () => {
  h = await createHttpWorld();
});
afterEach(async () => {
  await h.close();
});

test("create, list, read, change, disable and delete a code; each change audited", async () => {
  const created = await h.call("POST", "/api/codes", { body: { code: "NOWRUZ", percent: 20, maxUses: 100 } });
  expect(created.status).toBe(201);
  expect(created.json).toMatchObject({ code: "NOWRUZ", percent: 20, amount: null, maxUses: 100, uses: 0, perCustomerOnce: true, validUntil: null, active: true });
  expect((await h.call("POST", "/api/codes", { body: { code: "nowruz", amount: 5000 } })).status).toBe(409);
  expect((await h.call("GET", "/api/codes")).json.map((c: any) => c.code)).toEqual(["NOWRUZ"]);
  expect((await h.call("GET", "/api/codes/nowruz")).json.code).toBe("NOWRUZ");

  const repeatable = await h.call("PATCH", "/api/codes/NOWRUZ", { body: { perCustomerOnce: false } });
  expect(repeatable.json).toMatchObject({ perCustomerOnce: false, percent: 20, maxUses: 100 });
  const amount = await h.call("PATCH", "/api/codes/NOWRUZ", { body: { amount: 30_000 } });
  expect(amount.json).toMatchObject({ amount: 30_000, percent: null });
  const disabled = await h.call("PATCH", "/api/codes/NOWRUZ", { body: { active: false } });
  expect(disabled.json.active).toBe(false);

  expect((await h.call("DELETE", "/api/codes/NOWRUZ")).json).toEqual({ code: "NOWRUZ", outcome: "deleted" });
  expect((await h.call("GET", "/api/codes/NOWRUZ")).status).toBe(404);
  const actions = (await h.call("GET", "/api/audit")).json.items.map((a: any) => a.action);
  expect(actions).toEqual(["code:delete", "code:update", "code:update", "code:update", "code:create"]);
});

test("a code a customer used is disabled instead of deleted, and its uses bound maxUses", async () => {
  await h.call("POST", "/api/codes", { body: { code: "HALF", percent: 50, maxUses: 5 } });
  h.world.customer(3001);
  const planId = h.world.plan({ price: 100_000 });
  const order = await h.world.sales.startOrder({ customerId: 3001, kind: "purchase", planId, method: "card", discountCode: "half" });
  expect(order.ok && order.value.amount).toBe(50_000);
  h.world.customer(3002);
  await h.world.sales.startOrder({ customerId: 3002, kind: "purchase", planId, method: "card", discountCode: "HALF" });
  expect((await h.call("GET", "/api/codes/HALF")).json.uses).toBe(2);
  const tooFew = await h.call("PATCH", "/api/codes/HALF", { body: { maxUses: 1 } });
  expect(tooFew.status).toBe(400);
  expect(tooFew.json.error.message).toContain("used 2 times already");
  expect((await h.call("PATCH", "/api/codes/HALF", { body: { maxUses: 0 } })).json.maxUses).toBe(0);
  expect((await h.call("DELETE", "/api/codes/HALF")).json).toEqual({ code: "HALF", outcome: "disabled" });
  expect((await h.call("GET", "/api/codes/HALF")).json).toMatchObject({ active: false, uses: 2 });
});

test("bad input is refused with a clear answer and changes nothing", async () => {
  for (const body of [
    { code: "x", percent: 10 },
    { code: "BOTH", percent: 10, amount: 100 },
    { code: "NONE" },
    { code: "BIG", percent: 101 },
    { code: "NEG", amount: -1 },
    { code: "EXTRA", percent: 10, owner: "me" },
    { code: "bad code", percent: 10 },
  ]) {
    const answer = await h.call("POST", "/api/codes", { body });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message.length).toBeGreaterThan(0);
  }
  await h.call("POST", "/api/codes", { body: { code: "KEEP", percent: 10 } });
  expect((await h.call("PATCH", "/api/codes/KEEP", { body: {} })).status).toBe(400);
  expect((await h.call("PATCH", "/api/codes/KEEP", { body: { percent: 0 } })).status).toBe(400);
  expect((await h.call("PATCH", "/api/codes/NOPE", { body: { active: false } })).status).toBe(404);
  expect((await h.call("GET", "/api/codes")).json).toHaveLength(1);
  expect((await h.call("GET", "/api/codes/KEEP")).json).toMatchObject({ percent: 10, active: true });
  expect((await h.call("GET", "/api/codes", { token: null })).status).toBe(401);
});

test("the code routes are in the OpenAPI document", async () => {
  const paths = (await h.call("GET", "/openapi/json")).json.paths;
  expect(Object.keys(paths["/api/codes"]).sort()).toEqual(["get", "post"]);
  expect(Object.keys(paths["/api/codes/{code}"]).sort()).toEqual(["delete", "get", "patch"]);
  expect(paths["/api/orders/{id}/decision"].post.summary).toBe("Approve or reject an order's receipt");
});

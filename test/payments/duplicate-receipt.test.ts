/**
 * The same receipt photo sent for a second order is flagged: the admin's card for the second order names the first
 * order (Telegram keeps a picture's file_unique_id however often it is sent); a different photo is not flagged.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { createAdminWorld, type AdminWorld } from "../bots/admin/world.ts";

let world: AdminWorld;
beforeEach(async () => {
  world = await createAdminWorld();
});
afterEach(async () => {
  await world.close();
});

const OTHER_PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAEklEQVR42mNk+M9QzwAEjDAGACCDAv8cI7IoAAAAAElFTkSuQmCC"),
  (c) => c.charCodeAt(0),
);

async function receiptFor(customer: ReturnType<AdminWorld["customer"]>, planId: number, bytes?: Uint8Array): Promise<number> {
  const order = await world.core.sales.startOrder({ customerId: customer.id, kind: "purchase", planId, method: "card" });
  if (!order.ok) throw new Error(order.error.message);
  const { fileId } = await customer.sendPhoto(bytes ? { bytes } : {});
  const photo = world.tg.file(fileId)!;
  const submitted = await world.core.sales.submitReceipt(order.value.orderId, customer.id, fileId, undefined, photo.fileUniqueId);
  if (!submitted.ok) throw new Error(submitted.error.message);
  return order.value.number;
}

test("a receipt photo sent again for another order shows a warning naming the first order; a new photo does not", async () => {
  const planId = world.plan();
  const mallory = world.customer(1201, "Mallory");
  const first = await receiptFor(mallory, planId);
  const firstCard = await world.ava.waitForMessage((m) => (m.caption ?? "").includes(`Receipt for order #${first}`), { since: "any", timeoutMs: 5000 });
  expect(firstCard.caption).not.toContain("same photo");

  const second = await receiptFor(world.customer(1202, "Trudy"), planId);
  const secondCard = await world.ava.waitForMessage((m) => (m.caption ?? "").includes(`Receipt for order #${second}`), { since: "any", timeoutMs: 5000 });
  expect(secondCard.caption).toContain(`The same photo was already sent as the receipt of order #${first}`);

  const third = await receiptFor(mallory, planId, OTHER_PNG);
  const thirdCard = await world.ava.waitForMessage((m) => (m.caption ?? "").includes(`Receipt for order #${third}`), { since: "any", timeoutMs: 5000 });
  expect(thirdCard.caption).not.toContain("same photo");
});

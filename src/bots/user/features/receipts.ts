/**
 * Receipt photos for card orders and wallet top-ups. A photo goes to the order the chat is waiting on (or, after a
 * lost conversation, the customer's newest card order still waiting for one); a photo while a receipt already waits
 * for approval is told so (and changes nothing: the admins decide on what they were shown); anything else is told
 * clearly that no receipt is expected. Receipts are rate limited per customer on top of the general limit.
 */
import { Composer } from "grammy";
import type { UserContext, UserServices } from "../context.ts";
import { clearFlow, getFlow } from "../middlewares/flow.ts";
import { paragraphs, say } from "../replies.ts";
import { pendingCardOrder } from "./checkout.ts";

export function receiptsFeature(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();

  composer.on("message:photo", async (ctx, next) => {
    const flow = getFlow(services, ctx);
    if (flow?.kind === "support") return next();
    const customerId = ctx.from.id;
    // Every photo counts, expected or not: receipts reach admins, and a flood of them must stop here.
    const limited = services.receiptLimiter.take(customerId);
    if (!limited.allowed) {
      if (limited.firstRefusal) await say(ctx, ctx.t("error-rate-limited"));
      return;
    }
    const orderId = flow?.kind === "receipt" ? flow.orderId : pendingCardOrder(services, customerId)?.orderId;
    if (!orderId) {
      const waiting = services.sales.receiptAwaitingDecision(customerId);
      if (waiting) return say(ctx, ctx.t("receipt-already-waiting", { order: String(waiting.number) }));
      return say(ctx, ctx.t("receipt-not-expected"));
    }
    const photo = ctx.message.photo.at(-1)!;
    const submitted = await services.sales.submitReceipt(orderId, customerId, photo.file_id, `user-bot:update:${ctx.update.update_id}`, photo.file_unique_id);
    if (!submitted.ok) {
      clearFlow(services, ctx);
      return say(ctx, ctx.t("receipt-not-expected"));
    }
    clearFlow(services, ctx);
    await say(ctx, paragraphs(ctx.t("receipt-received", { order: String(submitted.value.number) }), ctx.t("receipt-waiting")));
  });

  // A receipt sent as a file, a sticker or a voice note while a photo is awaited.
  composer.on("message", async (ctx, next) => {
    if (ctx.message.text !== undefined || getFlow(services, ctx)?.kind !== "receipt") return next();
    await say(ctx, ctx.t("error-expected-photo"));
  });

  return composer;
}

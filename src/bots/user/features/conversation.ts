/**
 * Text that is not a command goes to whatever the chat is waiting for (a discount code, a top-up amount, a support
 * message); a text where a receipt photo is awaited says so. Anything else falls through to the fallback.
 */
import { Composer } from "grammy";
import type { UserContext, UserServices } from "../context.ts";
import { getFlow } from "../middlewares/flow.ts";
import { say } from "../replies.ts";
import { receiveAgentNames } from "./agent.ts";
import { receiveDiscountCode } from "./checkout.ts";
import { receiveSupportMessage } from "./support.ts";
import { receiveTopupAmount } from "./wallet.ts";

export function conversationFeature(services: UserServices): Composer<UserContext> {
  const composer = new Composer<UserContext>();
  composer.on("message:text", async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith("/")) return next();
    const flow = getFlow(services, ctx);
    switch (flow?.step) {
      case "discount":
        return receiveDiscountCode(services, ctx, flow.checkout, text);
      case "topup-amount":
        return receiveTopupAmount(services, ctx, text);
      case "support":
        return receiveSupportMessage(services, ctx, text);
      case "agent-names":
        return receiveAgentNames(services, ctx, flow.planId, text);
      case "receipt":
        return say(ctx, ctx.t("error-expected-photo"));
      default:
        return next();
    }
  });
  return composer;
}

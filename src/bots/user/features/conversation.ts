/**
 * Text that is not a command goes to whatever the chat is waiting for (a discount code, a top-up amount, a support
 * message, an agent's customer names); a text where a receipt photo is awaited says so. Anything else falls through
 * to the fallback. The same pending-input router as the admin bot's (src/bots/shared/pending-input.ts).
 */
import { Composer } from "grammy";
import type { UserContext, UserServices } from "../context.ts";
import type { Flow } from "../middlewares/flow.ts";
import { InputRouter } from "../../shared/pending-input.ts";
import { say } from "../replies.ts";
import { receiveAgentNames } from "./agent.ts";
import { receiveDiscountCode } from "./checkout.ts";
import { receiveSupportMessage } from "./support.ts";
import { receiveTopupAmount } from "./wallet.ts";

export function conversationFeature(services: UserServices): Composer<UserContext> {
  const router = new InputRouter<UserContext, Flow>(services.inputs, { commandsPass: true });
  router.on("discount", (ctx, flow, text) => receiveDiscountCode(services, ctx, flow.checkout, text));
  router.on("topup-amount", (ctx, _flow, text) => receiveTopupAmount(services, ctx, text));
  router.on("support", (ctx, _flow, text) => receiveSupportMessage(services, ctx, text));
  router.on("agent-names", (ctx, flow, text) => receiveAgentNames(services, ctx, flow.planId, text));
  router.on("receipt", (ctx) => say(ctx, ctx.t("error-expected-photo")));
  return new Composer<UserContext>(router.middleware());
}

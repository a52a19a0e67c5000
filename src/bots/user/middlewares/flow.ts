/**
 * Where a person is in a conversation (waiting for a discount code, a top-up amount, a receipt photo, a support
 * message) and the purchase in progress, kept in SQLite per chat so a restart in the middle loses nothing. The
 * input is a pending input of src/bots/shared/pending-input.ts, as in the admin bot; features/conversation.ts routes it.
 */
import type { MiddlewareFn } from "grammy";
import type { UserContext, UserServices } from "../context.ts";

export type Flow =
  | { kind: "discount"; checkout: string }
  | { kind: "topup-amount" }
  | { kind: "receipt"; orderId: string }
  | { kind: "support" }
  | { kind: "agent-names"; planId: number };

/** A purchase, renewal or traffic pack being put together: plan, optional code; paid with a button. */
export interface Checkout {
  id: string;
  kind: "purchase" | "renewal" | "traffic";
  planId: number;
  subscriptionId: string | null;
  code: string | null;
}

const CHECKOUT = "checkout";

function chatOf(ctx: UserContext): number {
  const id = ctx.chat?.id ?? ctx.from?.id;
  if (id === undefined) throw new Error("an update without a chat reached a conversation step");
  return id;
}

export function getFlow(services: UserServices, ctx: UserContext): Flow | undefined {
  return services.inputs.get(chatOf(ctx));
}

export function setFlow(services: UserServices, ctx: UserContext, flow: Flow): void {
  services.inputs.set(chatOf(ctx), flow);
}

export function clearFlow(services: UserServices, ctx: UserContext): void {
  services.inputs.clear(chatOf(ctx));
}

export function getCheckout(services: UserServices, ctx: UserContext): Checkout | undefined {
  return services.state.get<Checkout>(chatOf(ctx), CHECKOUT);
}

export function setCheckout(services: UserServices, ctx: UserContext, checkout: Checkout): void {
  services.state.set(chatOf(ctx), CHECKOUT, checkout);
}

export function clearCheckout(services: UserServices, ctx: UserContext): void {
  services.state.delete(chatOf(ctx), CHECKOUT);
}

/** A fresh checkout id: short, unguessable enough to tell checkouts of one chat apart. */
export function newCheckoutId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString("base64url");
}

/** A command or a main-menu button leaves whatever conversation was going on. */
export function leaveFlowOnNavigation(services: UserServices): MiddlewareFn<UserContext> {
  return async (ctx, next) => {
    const text = ctx.message?.text;
    const data = ctx.callbackQuery?.data;
    if ((text?.startsWith("/") ?? false) || (data !== undefined && services.cb.menu.unpack(data) !== null)) clearFlow(services, ctx);
    await next();
  };
}

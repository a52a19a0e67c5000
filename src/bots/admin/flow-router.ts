/** Sends what an admin types to the feature that asked for it (see flows.ts); features register one handler per flow kind. */
import type { MiddlewareFn } from "grammy";
import type { AdminContext } from "./context.ts";
import type { Flow, Flows } from "./flows.ts";

export type FlowHandler<K extends Flow["kind"]> = (ctx: AdminContext, flow: Extract<Flow, { kind: K }>, text: string) => Promise<void>;

export class FlowRouter {
  private readonly handlers = new Map<string, (ctx: AdminContext, flow: Flow, text: string) => Promise<void>>();

  constructor(private readonly flows: Flows) {}

  on<K extends Flow["kind"]>(kind: K, handler: FlowHandler<K>): void {
    if (this.handlers.has(kind)) throw new Error(`admin flow ${kind} has two handlers`);
    this.handlers.set(kind, handler as unknown as (ctx: AdminContext, flow: Flow, text: string) => Promise<void>);
  }

  /** Text (or a photo's caption) for the pending flow; anything else goes on. */
  middleware(): MiddlewareFn<AdminContext> {
    return async (ctx, next) => {
      const text = ctx.message?.text;
      const chatId = ctx.chat?.id;
      if (text === undefined || chatId === undefined) return next();
      const flow = this.flows.get(chatId);
      const handler = flow && this.handlers.get(flow.kind);
      if (!flow || !handler) return next();
      await handler(ctx, flow, text);
    };
  }
}

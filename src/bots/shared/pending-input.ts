/**
 * A multi-step text input, the one way both bots run it: what a chat was asked to type next (a discount code, a
 * rejection reason, a step of a wizard) is kept per chat in SQLite (`bot_state`), so a restart in the middle of a
 * form loses nothing; one at a time per chat. Each feature registers a handler for its kind of input, and the
 * router hands the chat's next text to it.
 */
import type { Context, MiddlewareFn } from "grammy";
import type { BotStateStore } from "../../store/bot-state.ts";

const KEY = "flow";

/** The input each chat waits for, tagged by `kind`. */
export class PendingInputs<F extends { kind: string }> {
  constructor(private readonly state: BotStateStore) {}

  get(chatId: number): F | undefined {
    return this.state.get<F>(chatId, KEY);
  }

  set(chatId: number, flow: F): void {
    this.state.set(chatId, KEY, flow);
  }

  clear(chatId: number): void {
    this.state.delete(chatId, KEY);
  }
}

export type InputHandler<C extends Context, F extends { kind: string }, K extends F["kind"]> = (
  ctx: C,
  flow: Extract<F, { kind: K }>,
  text: string,
) => Promise<unknown>;

/** Sends a chat's text to the feature that asked for it; text nobody asked for goes on down the chain. */
export class InputRouter<C extends Context, F extends { kind: string }> {
  private readonly handlers = new Map<string, (ctx: C, flow: F, text: string) => Promise<unknown>>();

  constructor(
    private readonly pending: PendingInputs<F>,
    /** When true, a command ("/start") is never taken as the answer: it goes on to its own handler. */
    private readonly options: { commandsPass?: boolean } = {},
  ) {}

  on<K extends F["kind"]>(kind: K, handler: InputHandler<C, F, K>): void {
    if (this.handlers.has(kind)) throw new Error(`input ${kind} has two handlers`);
    this.handlers.set(kind, handler as unknown as (ctx: C, flow: F, text: string) => Promise<unknown>);
  }

  middleware(): MiddlewareFn<C> {
    return async (ctx, next) => {
      const text = ctx.message?.text;
      const chatId = ctx.chat?.id;
      if (text === undefined || chatId === undefined) return next();
      if (this.options.commandsPass && text.startsWith("/")) return next();
      const flow = this.pending.get(chatId);
      const handler = flow && this.handlers.get(flow.kind);
      if (!flow || !handler) return next();
      await handler(ctx, flow, text);
    };
  }
}

/**
 * Keeps a bot inside Telegram's limits in this process: about 25 messages a second overall and one a second per
 * chat. Sends to one chat also run one at a time, in the order they were asked for, so a retried message never
 * overtakes the next one.
 */

export interface PacerClock {
  now(): number;
}

export type Sleep = (ms: number) => Promise<void>;

/**
 * A token bucket that hands out reservations: a caller takes a token now or is told how long to wait for its turn.
 * Tokens below zero are turns already promised, so waiting callers are served in order, `1 / rate` apart.
 */
class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    private readonly clock: PacerClock,
  ) {
    this.tokens = capacity;
    this.updatedAt = clock.now();
  }

  /** Takes a token; returns the milliseconds to wait before using it (0 when one is free now). */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.perSecond);
  }

  /** True when the bucket is full, i.e. forgetting it changes nothing. */
  idle(): boolean {
    this.refill();
    return this.tokens >= this.capacity;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.perSecond) / 1000);
    this.updatedAt = now;
  }
}

export interface PacerOptions {
  /** Messages a second across all chats (default 25). */
  globalPerSecond?: number;
  /** Messages a second to one chat (default 1). */
  perChatPerSecond?: number;
  clock: PacerClock;
  sleep?: Sleep;
}

/** Runs sends one chat at a time, spaced per chat and globally. */
export class Pacer {
  private readonly global: TokenBucket;
  private readonly chats = new Map<number, { bucket: TokenBucket; tail: Promise<unknown>; queued: number }>();
  private readonly perChat: number;
  private readonly clock: PacerClock;
  private readonly sleep: Sleep;

  constructor(options: PacerOptions) {
    this.clock = options.clock;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.perChat = options.perChatPerSecond ?? 1;
    this.global = new TokenBucket(options.globalPerSecond ?? 25, 1, this.clock);
  }

  /** Runs `send` when this chat's previous send is done and both limits allow one more message. */
  run<T>(chatId: number, send: () => Promise<T>): Promise<T> {
    const chat = this.chatState(chatId);
    chat.queued += 1;
    const turn = chat.tail.then(async () => {
      await this.wait(chat.bucket.reserve());
      await this.wait(this.global.reserve());
      return await send();
    });
    chat.tail = turn.catch(() => undefined).finally(() => {
      chat.queued -= 1;
    });
    return turn;
  }

  private chatState(chatId: number) {
    let chat = this.chats.get(chatId);
    if (!chat) {
      if (this.chats.size >= 10_000) this.forgetIdleChats();
      chat = { bucket: new TokenBucket(this.perChat, 1, this.clock), tail: Promise.resolve(), queued: 0 };
      this.chats.set(chatId, chat);
    }
    return chat;
  }

  private forgetIdleChats(): void {
    for (const [chatId, chat] of this.chats) if (chat.queued === 0 && chat.bucket.idle()) this.chats.delete(chatId);
  }

  private async wait(ms: number): Promise<void> {
    if (ms > 0) await this.sleep(ms);
  }
}

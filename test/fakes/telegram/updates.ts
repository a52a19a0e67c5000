/**
 * One bot's incoming updates, served like the Bot API does: `getUpdates` long polling where an `offset` confirms
 * (drops) every earlier update, a newer `getUpdates` ends the one still waiting with a 409, and webhook delivery
 * (POST, one update at a time, retried until answered 2xx) while a webhook is set.
 */
import type { Update } from "grammy/types";
import { ApiFailure } from "./validate.ts";

/** An update without its id; the queue numbers it. */
export type UpdateBody = Omit<Update, "update_id">;

interface Entry {
  update: Update;
  delivered: boolean;
  /** A redelivered update keeps its old id, so an offset past it must not drop it before it is served again. */
  redelivery: boolean;
}

interface Poller {
  wake(): void;
  conflict(): void;
}

export interface TakeOptions {
  offset?: number;
  limit?: number;
  timeoutSeconds?: number;
  allowedUpdates?: string[];
  signal?: AbortSignal;
}

export interface Webhook {
  url: string;
  secretToken?: string;
}

export class UpdateQueue {
  private entries: Entry[] = [];
  private nextId = 1;
  private readonly history = new Map<number, Update>();
  private poller: Poller | undefined;
  private webhookState: Webhook | undefined;
  private pumping = false;
  private closed = false;

  /** Appends an update with the next update_id and wakes a waiting poll or the webhook. */
  push(body: UpdateBody): Update {
    const update = { update_id: this.nextId++, ...body } as Update;
    this.history.set(update.update_id, update);
    this.entries.push({ update, delivered: false, redelivery: false });
    this.signal();
    return update;
  }

  /** Serves an update already sent once again, with the same update_id. */
  redeliver(updateId: number): Update {
    const update = this.history.get(updateId);
    if (!update) throw new Error(`fake telegram: no update ${updateId} to redeliver`);
    this.entries.push({ update, delivered: false, redelivery: true });
    this.signal();
    return update;
  }

  /** Updates not yet confirmed, in the order they will be served. */
  pending(): Update[] {
    return this.entries.map((e) => e.update);
  }

  /** Every update ever pushed, by id. */
  get(updateId: number): Update | undefined {
    return this.history.get(updateId);
  }

  /** The getUpdates method. */
  async take(options: TakeOptions): Promise<Update[]> {
    if (this.webhookState) {
      throw new ApiFailure(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    this.poller?.conflict();
    this.confirm(options.offset ?? 0);
    const limit = Math.min(Math.max(options.limit ?? 100, 1), 100);
    const ready = this.serve(limit, options.allowedUpdates);
    const timeout = Math.max(options.timeoutSeconds ?? 0, 0);
    if (ready.length > 0 || timeout === 0 || this.closed) return ready;
    return await this.wait(timeout, options, limit);
  }

  private wait(timeoutSeconds: number, options: TakeOptions, limit: number): Promise<Update[]> {
    return new Promise<Update[]>((resolve, reject) => {
      const finish = (updates: Update[] | ApiFailure) => {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        if (this.poller === poller) this.poller = undefined;
        if (updates instanceof ApiFailure) reject(updates);
        else resolve(updates);
      };
      const onAbort = () => finish([]);
      const timer = setTimeout(() => finish([]), timeoutSeconds * 1000);
      const poller: Poller = {
        wake: () => {
          const ready = this.serve(limit, options.allowedUpdates);
          if (ready.length > 0 || this.closed) finish(ready);
        },
        conflict: () =>
          finish(
            new ApiFailure(
              409,
              "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
            ),
          ),
      };
      this.poller = poller;
      options.signal?.addEventListener("abort", onAbort);
    });
  }

  private confirm(offset: number): void {
    if (offset < 0) {
      this.entries = this.entries.slice(offset);
      return;
    }
    this.entries = this.entries.filter((e) => e.update.update_id >= offset || (e.redelivery && !e.delivered));
  }

  private serve(limit: number, allowed: string[] | undefined): Update[] {
    const ready = this.entries
      .filter((e) => !allowed || allowed.length === 0 || Object.keys(e.update).some((k) => allowed.includes(k)))
      .slice(0, limit);
    for (const entry of ready) entry.delivered = true;
    return ready.map((e) => e.update);
  }

  /** setWebhook / deleteWebhook. */
  setWebhook(webhook: Webhook | undefined, dropPending: boolean): void {
    this.webhookState = webhook;
    if (dropPending) this.entries = [];
    this.signal();
  }

  get webhook(): Webhook | undefined {
    return this.webhookState;
  }

  /** Ends a waiting poll and stops webhook delivery. */
  close(): void {
    this.closed = true;
    this.poller?.wake();
  }

  private signal(): void {
    this.poller?.wake();
    if (this.webhookState && !this.pumping) void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.webhookState && !this.closed && this.entries.length > 0) {
        const entry = this.entries[0]!;
        const delivered = await this.post(this.webhookState, entry.update);
        if (delivered) this.entries.shift();
        else await Bun.sleep(100);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async post(webhook: Webhook, update: Update): Promise<boolean> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (webhook.secretToken) headers["x-telegram-bot-api-secret-token"] = webhook.secretToken;
    try {
      const response = await fetch(webhook.url, {
        method: "POST",
        headers,
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  }
}

/**
 * Broadcasts as admins run them: write a draft for an audience, preview, confirm, watch the progress, pause, resume
 * or cancel. The admin bot (and the HTTP API) call this; each call is one event to the broadcast's actor.
 */
import type { Database } from "bun:sqlite";
import type { Runtime } from "../../actors/runtime.ts";
import { ActorError } from "../../actors/types.ts";
import { AUDIENCES, type Audience, type BroadcastContext } from "../../machines/broadcast.ts";

/** Who a broadcast can go to (the machine's list), for the edges that offer the choice. */
export { AUDIENCES, type Audience };
import { audienceSize } from "../store/customers.ts";
import { nextNumber } from "../store/sequences.ts";
import { fail, ok, type Result } from "../domain/result.ts";

/** Telegram's limit for one message's text. */
export const BROADCAST_TEXT_MAX = 4096;

export interface BroadcastView {
  id: string;
  /** draft, sending, paused, done or cancelled. */
  state: string;
  audience: Audience;
  text: string;
  createdBy: string;
  createdAt: number;
  delivered: number;
  blocked: number;
  failed: number;
  /** Customers of the audience not reached yet (counted now: the audience may grow while it runs). */
  remaining: number;
  lastError: string | null;
  finishedAt: number | null;
  /** Confirmed by an admin (a cancelled draft never was). */
  confirmed: boolean;
  /** A batch is out: counts may still grow, even after a pause or a cancel. */
  batchInFlight: boolean;
}

export class Broadcasts {
  constructor(private readonly deps: { db: Database; runtime: Runtime; batchSize?: number }) {}

  /** How many customers an audience has now. */
  audienceSize(audience: Audience): number {
    return audienceSize(this.deps.db, audience);
  }

  /** A new draft; nothing is sent before `confirm`. */
  draft(input: { audience: Audience; text: string; by: string }): Result<BroadcastView> {
    if (!AUDIENCES.includes(input.audience)) return fail("invalid-input", "the audience is all, active or expired");
    const text = input.text.trim();
    if (text.length === 0 || text.length > BROADCAST_TEXT_MAX) return fail("invalid-input", `a broadcast is 1 to ${BROADCAST_TEXT_MAX} characters`);
    const id = String(nextNumber(this.deps.db, "broadcast", 0));
    this.deps.runtime.create("broadcast", id, {
      broadcastId: id,
      audience: input.audience,
      text,
      createdBy: input.by,
      ...(this.deps.batchSize ? { batchSize: this.deps.batchSize } : {}),
    });
    return ok(this.get(id)!);
  }

  confirm(id: string, by: string): Promise<Result<BroadcastView>> {
    return this.command(id, { type: "CONFIRM", by });
  }

  pause(id: string, by: string): Promise<Result<BroadcastView>> {
    return this.command(id, { type: "PAUSE", by });
  }

  resume(id: string, by: string): Promise<Result<BroadcastView>> {
    return this.command(id, { type: "RESUME", by });
  }

  cancel(id: string, by: string): Promise<Result<BroadcastView>> {
    return this.command(id, { type: "CANCEL", by });
  }

  get(id: string): BroadcastView | null {
    const actor = this.deps.runtime.read("broadcast", id);
    if (!actor) return null;
    const c = actor.context as BroadcastContext;
    const finished = actor.state === "done" || actor.state === "cancelled";
    return {
      id,
      state: actor.state,
      audience: c.audience,
      text: c.text,
      createdBy: c.createdBy,
      createdAt: c.createdAt,
      delivered: c.delivered,
      blocked: c.blocked,
      failed: c.failed,
      remaining: finished ? 0 : audienceSize(this.deps.db, c.audience, c.cursor),
      lastError: c.lastError,
      finishedAt: c.finishedAt,
      confirmed: c.confirmedAt !== null,
      batchInFlight: c.inFlight,
    };
  }

  /** Broadcasts still running or paused, oldest first. */
  unfinished(): BroadcastView[] {
    const views: BroadcastView[] = [];
    for (const state of ["sending", "paused"]) {
      for (const item of this.deps.runtime.list("broadcast", { state, limit: 100 }).items) {
        const view = this.get(item.id);
        if (view) views.push(view);
      }
    }
    return views.sort((a, b) => a.createdAt - b.createdAt);
  }

  private async command(id: string, event: { type: string; by: string }): Promise<Result<BroadcastView>> {
    const before = this.get(id);
    if (!before) return fail("not-found", `there is no broadcast ${id}`);
    try {
      const result = await this.deps.runtime.send("broadcast", id, event);
      if (!result.changed) return fail("invalid-state", `broadcast ${id} is ${result.state}`);
    } catch (error) {
      if (error instanceof ActorError) return fail(error.kind, error.message);
      throw error;
    }
    return ok(this.get(id)!);
  }
}

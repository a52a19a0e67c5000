/**
 * Broadcast scenarios on a manual clock with a recording sink: audiences, pacing by batches, blocked customers,
 * pause / resume / cancel, Telegram refusing for a while, and a restart in the middle.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { BroadcastContext } from "../../machines/broadcast.ts";
import { createBroadcastWorld, type BroadcastWorld } from "./world.ts";

let world: BroadcastWorld;
beforeEach(async () => {
  world = await createBroadcastWorld({ batchSize: 10 });
});
afterEach(async () => {
  await world.close();
});

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const busy = { failed: { kind: "transient" as const, reason: "rate-limited" as const, message: "Too Many Requests: retry after 1" } };

function chatsReached(): number[] {
  return world.recorded.sent.map((m) => m.chatId);
}

function contextOf(id: string): BroadcastContext {
  return world.runtime.read("broadcast", id)!.context as BroadcastContext;
}

async function draftAndConfirm(audience: "all" | "active" | "expired" = "all", text = "<b>Nowruz</b> sale: 20% off"): Promise<string> {
  const draft = world.broadcasts.draft({ audience, text, by: "900" });
  if (!draft.ok) throw new Error(draft.error.message);
  const confirmed = await world.broadcasts.confirm(draft.value.id, "900");
  if (!confirmed.ok) throw new Error(confirmed.error.message);
  return draft.value.id;
}

describe("sending", () => {
  test("a draft sends nothing; once confirmed, every customer of the audience gets it once, in id order, and the admins hear it is done", async () => {
    world.customers(range(1001, 25));
    const draft = world.broadcasts.draft({ audience: "all", text: "Hello <b>all</b>", by: "900" });
    expect(draft.ok).toBe(true);
    if (!draft.ok) return;
    await world.settle();
    expect(world.recorded.sent).toHaveLength(0);
    expect(world.broadcasts.get(draft.value.id)).toMatchObject({ state: "draft", remaining: 25 });

    await world.broadcasts.confirm(draft.value.id, "900");
    await world.settle();
    expect(chatsReached()).toEqual(range(1001, 25));
    expect(world.recorded.sent[0]).toMatchObject({ text: "Hello <b>all</b>", parseMode: "HTML", dedupeKey: `broadcast:${draft.value.id}:1001` });
    expect(world.broadcasts.get(draft.value.id)).toMatchObject({ state: "done", delivered: 25, blocked: 0, failed: 0, remaining: 0 });
    expect(contextOf(draft.value.id)).toMatchObject({ cursor: 1025, batchSeq: 3 });
    expect(world.notices.alerts).toEqual([
      expect.objectContaining({ alert: "broadcast-done", broadcastId: draft.value.id, createdBy: "900", delivered: 25, blocked: 0, failed: 0 }),
    ]);
  });

  test("an audience that is an exact number of batches ends with one empty batch", async () => {
    world.customers(range(1, 20));
    const id = await draftAndConfirm();
    await world.settle();
    expect(world.broadcasts.get(id)).toMatchObject({ state: "done", delivered: 20 });
    expect(contextOf(id).batchSeq).toBe(3);
  });

  test("an empty audience finishes at once", async () => {
    const id = await draftAndConfirm("active");
    await world.settle();
    expect(world.broadcasts.get(id)).toMatchObject({ state: "done", delivered: 0, blocked: 0, failed: 0 });
  });

  test("active: an active or limited subscription; expired: an expired one and none active; banned and unreachable customers never", async () => {
    world.customers([1, 2, 3, 4, 5, 6]);
    world.customers([7], { banned: true });
    world.subscription(1, "active");
    world.subscription(2, "limited");
    world.subscription(3, "expired");
    world.subscription(4, "expired");
    world.subscription(4, "active");
    world.subscription(5, "revoked");
    world.subscription(7, "active");
    world.db.query("UPDATE customers SET unreachable = 1 WHERE telegram_id = 6").run();
    world.subscription(6, "active");

    expect(world.broadcasts.audienceSize("all")).toBe(5);
    expect(world.broadcasts.audienceSize("active")).toBe(3);
    expect(world.broadcasts.audienceSize("expired")).toBe(1);

    const active = await draftAndConfirm("active", "for active");
    const expired = await draftAndConfirm("expired", "for expired");
    await world.settle();
    expect(world.recorded.sent.filter((m) => m.text === "for active").map((m) => m.chatId)).toEqual([1, 2, 4]);
    expect(world.recorded.sent.filter((m) => m.text === "for expired").map((m) => m.chatId)).toEqual([3]);
    expect(world.broadcasts.get(active)?.delivered).toBe(3);
    expect(world.broadcasts.get(expired)?.delivered).toBe(1);
  });

  test("customers who blocked the bot are counted and marked unreachable, and the next broadcast leaves them out", async () => {
    world.customers(range(1, 30));
    for (const id of [4, 15, 29]) world.recorded.block(id);
    const first = await draftAndConfirm();
    await world.settle();
    expect(world.broadcasts.get(first)).toMatchObject({ state: "done", delivered: 27, blocked: 3, failed: 0 });
    const unreachable = world.db.query<{ telegram_id: number }, []>("SELECT telegram_id FROM customers WHERE unreachable = 1 ORDER BY telegram_id").all();
    expect(unreachable.map((r) => r.telegram_id)).toEqual([4, 15, 29]);

    const callsBefore = world.sink.calls;
    const second = await draftAndConfirm("all", "second");
    await world.settle();
    expect(world.sink.calls - callsBefore).toBe(27);
    expect(world.broadcasts.get(second)).toMatchObject({ delivered: 27, blocked: 0 });
  });

  test("a message Telegram refuses for good counts as failed and the broadcast goes on", async () => {
    world.customers(range(1, 12));
    world.sink.rule = (n) => (n.chatId === 5 ? { failed: { kind: "permanent", reason: "rejected", message: "Bad Request: chat not found" } } : undefined);
    const id = await draftAndConfirm();
    await world.settle();
    expect(world.broadcasts.get(id)).toMatchObject({ state: "done", delivered: 11, blocked: 0, failed: 1 });
  });
});

describe("pause, resume, cancel", () => {
  test("pause stops after the batch in flight, which still counts; resume goes on from the cursor", async () => {
    world.customers(range(1, 35));
    let release!: () => void;
    world.sink.gate = new Promise((resolve) => (release = resolve));
    const id = await draftAndConfirm();
    await world.runtime.runDue();
    expect(world.sink.calls).toBeGreaterThan(0);

    const paused = await world.broadcasts.pause(id, "901");
    expect(paused.ok && paused.value.state).toBe("paused");
    world.sink.gate = null;
    release();
    await world.settle();
    expect(chatsReached()).toEqual(range(1, 10));
    expect(world.broadcasts.get(id)).toMatchObject({ state: "paused", delivered: 10, remaining: 25 });
    expect(contextOf(id)).toMatchObject({ cursor: 10, inFlight: false, pausedBy: "901" });

    // A second pause is refused and changes nothing.
    expect((await world.broadcasts.pause(id, "901")).ok).toBe(false);

    const resumed = await world.broadcasts.resume(id, "900");
    expect(resumed.ok).toBe(true);
    await world.settle();
    expect(chatsReached()).toEqual(range(1, 35));
    expect(world.broadcasts.get(id)).toMatchObject({ state: "done", delivered: 35 });
  });

  test("resume while the paused batch is still out starts no second batch", async () => {
    world.customers(range(1, 15));
    let release!: () => void;
    world.sink.gate = new Promise((resolve) => (release = resolve));
    const id = await draftAndConfirm();
    await world.runtime.runDue();
    await world.broadcasts.pause(id, "900");
    await world.broadcasts.resume(id, "900");
    expect(contextOf(id)).toMatchObject({ batchSeq: 1, inFlight: true });
    world.sink.gate = null;
    release();
    await world.settle();
    expect(chatsReached()).toEqual(range(1, 15));
    expect(world.broadcasts.get(id)).toMatchObject({ state: "done", delivered: 15 });
  });

  test("cancel stops for good; the batch in flight is still counted", async () => {
    world.customers(range(1, 40));
    let release!: () => void;
    world.sink.gate = new Promise((resolve) => (release = resolve));
    const id = await draftAndConfirm();
    await world.runtime.runDue();
    const cancelled = await world.broadcasts.cancel(id, "900");
    expect(cancelled.ok && cancelled.value.state).toBe("cancelled");
    world.sink.gate = null;
    release();
    await world.settle();
    expect(world.recorded.sent).toHaveLength(10);
    expect(world.broadcasts.get(id)).toMatchObject({ state: "cancelled", delivered: 10, remaining: 0 });
    expect((await world.broadcasts.resume(id, "900")).ok).toBe(false);
    expect(world.notices.alerts.filter((a) => a.alert === "broadcast-done")).toHaveLength(0);
  });

  test("a draft can be cancelled and never sends", async () => {
    world.customers(range(1, 5));
    const draft = world.broadcasts.draft({ audience: "all", text: "never", by: "900" });
    if (!draft.ok) throw new Error(draft.error.message);
    await world.broadcasts.cancel(draft.value.id, "900");
    expect((await world.broadcasts.confirm(draft.value.id, "900")).ok).toBe(false);
    await world.settle();
    expect(world.recorded.sent).toHaveLength(0);
  });

  test("bad drafts are refused: empty, too long, unknown audience", () => {
    expect(world.broadcasts.draft({ audience: "all", text: "  ", by: "900" }).ok).toBe(false);
    expect(world.broadcasts.draft({ audience: "all", text: "x".repeat(4097), by: "900" }).ok).toBe(false);
    expect(world.broadcasts.draft({ audience: "everyone" as never, text: "hi", by: "900" }).ok).toBe(false);
  });
});

describe("when things go wrong", () => {
  test("a batch that meets a busy Telegram is tried again later, and what went out the first time is not sent again", async () => {
    world.customers(range(1, 10));
    let refusals = 3;
    world.sink.rule = (n) => (n.chatId >= 8 && refusals-- > 0 ? busy : undefined);
    const id = await draftAndConfirm();
    await world.settle();
    expect(world.broadcasts.get(id)?.state).toBe("sending");
    expect(world.recorded.sent).toHaveLength(7);

    await world.elapse(1000);
    expect(chatsReached()).toEqual(range(1, 10));
    expect(world.broadcasts.get(id)).toMatchObject({ state: "done", delivered: 10, failed: 0 });
  });

  test("a batch that keeps failing pauses the broadcast with the error and tells the admins; resume tries again", async () => {
    world.customers(range(1, 5));
    world.sink.rule = () => busy;
    const id = await draftAndConfirm();
    for (let i = 0; i < 15; i++) await world.elapse(1000);
    const stalled = world.broadcasts.get(id)!;
    expect(stalled.state).toBe("paused");
    expect(stalled.lastError).toContain("could not be sent yet");
    expect(world.notices.alerts.map((a) => a.alert)).toContain("broadcast-stalled");

    world.sink.rule = null;
    await world.broadcasts.resume(id, "900");
    await world.settle();
    expect(world.broadcasts.get(id)).toMatchObject({ state: "done", delivered: 5, lastError: null });
  });

  test("with no bot to send through, the broadcast pauses and says why", async () => {
    await world.close();
    world = await createBroadcastWorld();
    world.customers([1]);
    // A world whose sink is gone: rebuild the kind without a sender.
    const { Runtime } = await import("../../actors/runtime.ts");
    const { broadcastKind } = await import("../../src/kinds/broadcast-kind.ts");
    const { Broadcasts } = await import("../../src/sales/broadcasts.ts");
    await world.runtime.stop(100);
    const runtime = new Runtime({ db: world.db, clock: world.clock, autoSchedule: false });
    runtime.register(broadcastKind({ db: world.db, notices: world.notices }));
    await runtime.start();
    world.runtime = runtime;
    world.broadcasts = new Broadcasts({ db: world.db, runtime });
    const id = await draftAndConfirm();
    await world.settle();
    expect(world.broadcasts.get(id)).toMatchObject({ state: "paused", delivered: 0 });
    expect(world.broadcasts.get(id)?.lastError).toContain("USER_BOT_TOKEN");
  });

  test("a restart in the middle resumes after the last counted batch and sends nothing twice", async () => {
    world.customers(range(1, 45));
    let refusals = 1;
    // The third batch meets a busy Telegram once: it is pending in the outbox when the process stops.
    world.sink.rule = (n) => (n.chatId === 25 && refusals-- > 0 ? busy : undefined);
    const id = await draftAndConfirm();
    await world.settle();
    expect(contextOf(id)).toMatchObject({ cursor: 20, batchSeq: 3, inFlight: true });
    expect(world.recorded.sent).toHaveLength(29);

    await world.reopen();
    await world.elapse(1000);
    expect(chatsReached().sort((a, b) => a - b)).toEqual(range(1, 45));
    expect(world.broadcasts.get(id)).toMatchObject({ state: "done", delivered: 45, blocked: 0, failed: 0 });
  });

  test("a result for another batch than the one in flight changes nothing", async () => {
    world.customers(range(1, 15));
    const id = await draftAndConfirm();
    await world.settle();
    const before = contextOf(id);
    const stale = await world.runtime.send("broadcast", id, { type: "BATCH_SENT", seq: 1, count: 10, lastId: 10, delivered: 10, blocked: 0, failed: 0, blockedIds: [] });
    expect(stale.changed).toBe(false);
    expect(contextOf(id)).toEqual(before);
  });
});

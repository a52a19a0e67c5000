import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";
import { createHttpWorld, type HttpWorld } from "./support.ts";

let h: HttpWorld;
beforeEach(async () => {
  h = await createHttpWorld();
});
afterEach(async () => {
  await h.close();
});

const events = (kind: string, id: string) => `/api/actors/${kind}/${id}/events`;

describe("reading actors", () => {
  test("a list by kind and state, a page at a time, and across kinds", async () => {
    const subs = [await h.activeSubscription(101), await h.activeSubscription(102), await h.activeSubscription(103)];
    const first = await h.call("GET", "/api/actors?kind=subscription&state=active&limit=2");
    expect(first.status).toBe(200);
    expect(first.json.items.map((a: any) => a.id)).toEqual([subs[0]!.id, subs[1]!.id]);
    expect(first.json.items[0]).toMatchObject({ kind: "subscription", state: "active", quarantined: false });
    const second = await h.call("GET", `/api/actors?kind=subscription&state=active&limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json.items.map((a: any) => a.id)).toEqual([subs[2]!.id]);
    expect(second.json.nextCursor).toBeNull();

    const all: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page: any = await h.call("GET", `/api/actors?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      all.push(...page.json.items.map((a: any) => `${a.kind}/${a.id}`));
      cursor = page.json.nextCursor;
    }
    expect(all).toHaveLength(6);
    expect(all.filter((x) => x.startsWith("order/"))).toHaveLength(3);
    expect((await h.call("GET", "/api/actors?limit=0")).status).toBe(400);
    expect((await h.call("GET", "/api/actors?limit=501")).status).toBe(400);
  });

  test("one actor: state, context, pending timers, quarantine reason; its journal newest first", async () => {
    const sub = await h.activeSubscription(101);
    const answer = await h.call("GET", `/api/actors/subscription/${sub.id}`);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ kind: "subscription", id: sub.id, state: "active", quarantineReason: null, machineVersion: 1 });
    expect(answer.json.context.serverId).toBe("s1");
    expect(answer.json.timers.map((t: any) => t.key).sort()).toEqual(["expire", "warn-1d", "warn-3d"]);

    const journal = await h.call("GET", `/api/actors/subscription/${sub.id}/journal?limit=2`);
    expect(journal.status).toBe(200);
    expect(journal.json.items).toHaveLength(2);
    expect(journal.json.items[0].toState).toBe("active");
    expect(journal.json.items[0].seq).toBeGreaterThan(journal.json.items[1].seq);
    const older = await h.call("GET", `/api/actors/subscription/${sub.id}/journal?before=${journal.json.nextBefore}`);
    expect(older.json.items.at(-1).eventType).toBe("xstate.init");
  });

  test("unknown ids are 404, unknown kinds 400, bad ids 400", async () => {
    expect((await h.call("GET", "/api/actors/subscription/9999")).json.error.code).toBe("actor-not-found");
    expect((await h.call("GET", "/api/actors/subscription/9999")).status).toBe(404);
    expect((await h.call("GET", "/api/actors/order/9999/journal")).status).toBe(404);
    expect((await h.call("POST", events("order", "9999"), { body: { type: "RETRY" } })).status).toBe(404);
    expect((await h.call("GET", "/api/actors/robot/1")).status).toBe(400);
    expect((await h.call("GET", "/api/actors/subscription/a%20b")).status).toBe(400);
  });
});

describe("operator events", () => {
  test("an allowed event is applied: 202 with the resulting state, and an audit row", async () => {
    const sub = await h.activeSubscription(101);
    const answer = await h.call("POST", events("subscription", sub.id), { body: { type: "SUSPEND" } });
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ kind: "subscription", id: sub.id, event: "SUSPEND", state: "suspended", changed: true, duplicate: false });
    await h.world.settle();
    expect(h.world.panel.clients().find((c) => c.name === `sk-${sub.id}`)!.enable).toBe(false);
    const audit = await h.call("GET", "/api/audit");
    expect(audit.json.items[0]).toMatchObject({ actor: "operator", action: "event:SUSPEND", target: `subscription/${sub.id}`, before: { state: "active" } });
    expect((await h.call("POST", events("subscription", sub.id), { body: { type: "UNSUSPEND" } })).json.state).toBe("active");
  });

  test("an event the state does not take is 409 with the current state", async () => {
    const sub = await h.activeSubscription(101);
    const answer = await h.call("POST", events("subscription", sub.id), { body: { type: "RETRY" } });
    expect(answer.status).toBe(409);
    expect(answer.json.error).toMatchObject({ code: "event-not-accepted", state: "active" });
    const order = await h.call("POST", events("order", sub.orderId), { body: { type: "CANCEL" } });
    expect(order.status).toBe(409);
    expect(order.json.error.state).toBe("fulfilled");
  });

  test("an event outside the kind's allow-list is 422 and changes nothing; fields are checked", async () => {
    const sub = await h.activeSubscription(101);
    for (const type of ["PROVISIONED", "APPROVE", "DRAIN", "EXPIRE"]) {
      const answer = await h.call("POST", events("subscription", sub.id), { body: { type } });
      expect(answer.status).toBe(422);
      expect(answer.json.error.code).toBe("event-not-allowed");
    }
    expect((await h.call("POST", events("order", sub.orderId), { body: { type: "APPROVE", by: "1" } })).status).toBe(422);
    expect((await h.call("POST", events("subscription", sub.id), { body: { type: "MOVE" } })).status).toBe(400);
    expect((await h.call("POST", events("subscription", sub.id), { body: { type: "RESYNC", serverId: "s1" } })).status).toBe(400);
    expect((await h.call("POST", events("subscription", sub.id), { body: { type: "resync" } })).status).toBe(400);
    expect((await h.call("POST", events("subscription", sub.id), { body: {} })).status).toBe(400);
    expect(h.world.runtime.read("subscription", sub.id)!.state).toBe("active");
  });

  test("an order waiting for payment is cancelled by the operator", async () => {
    h.world.customer(105);
    const order = await h.world.sales.startOrder({ customerId: 105, kind: "purchase", planId: h.world.plan(), method: "card" });
    if (!order.ok) throw new Error(order.error.message);
    const answer = await h.call("POST", events("order", order.value.orderId), { body: { type: "CANCEL" } });
    expect(answer.status).toBe(202);
    expect(answer.json.state).toBe("cancelled");
  });

  test("MOVE checks the target server: unknown 422, the same one 409, an unhealthy one 409", async () => {
    const sub = await h.activeSubscription(101);
    expect((await h.call("POST", events("subscription", sub.id), { body: { type: "MOVE", serverId: "nope" } })).status).toBe(422);
    const same = await h.call("POST", events("subscription", sub.id), { body: { type: "MOVE", serverId: "s1" } });
    expect(same.status).toBe(409);
    expect(same.json.error.code).toBe("same-server");
    let second: SuiPanel | undefined;
    try {
      second = await startSuiPanel();
      await h.world.addPanel("s2", second);
      h.world.db.query("UPDATE servers SET state = 'down' WHERE id = 's2'").run();
      expect((await h.call("POST", events("subscription", sub.id), { body: { type: "MOVE", serverId: "s2" } })).json.error.code).toBe("server-unavailable");
    } finally {
      await second?.stop();
    }
  });

  test("Idempotency-Key: a retry gets the first answer and nothing runs twice; another body with the key is 422", async () => {
    const sub = await h.activeSubscription(101);
    const headers = { "idempotency-key": "op-7f3a" };
    const first = await h.call("POST", events("subscription", sub.id), { body: { type: "SUSPEND" }, headers });
    expect(first.status).toBe(202);
    const journalBefore = (await h.call("GET", `/api/actors/subscription/${sub.id}/journal`)).json.items.length;
    const retry = await h.call("POST", events("subscription", sub.id), { body: { type: "SUSPEND" }, headers });
    expect(retry.status).toBe(202);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect((await h.call("GET", `/api/actors/subscription/${sub.id}/journal`)).json.items.length).toBe(journalBefore);
    expect((await h.call("GET", "/api/audit")).json.items.filter((a: any) => a.action === "event:SUSPEND")).toHaveLength(1);

    const other = await h.call("POST", events("subscription", sub.id), { body: { type: "UNSUSPEND" }, headers });
    expect(other.status).toBe(422);
    expect(other.json.error.code).toBe("idempotency-key-reused");

    // An error answer is kept too: the same refused request retried gets the same refusal.
    const refused = await h.call("POST", events("subscription", sub.id), { body: { type: "RETRY" }, headers: { "idempotency-key": "op-8" } });
    const again = await h.call("POST", events("subscription", sub.id), { body: { type: "RETRY" }, headers: { "idempotency-key": "op-8" } });
    expect(refused.status).toBe(409);
    expect(again.status).toBe(409);
    expect(again.json).toEqual(refused.json);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await h.call("POST", events("subscription", sub.id), { body: { type: "RETRY" }, headers: { "idempotency-key": "bad key" } })).status).toBe(400);
  });

  test("one Idempotency-Key on DRAIN of two servers drains both: a key is scoped to its route and actor", async () => {
    const panels = [await startSuiPanel(), await startSuiPanel()];
    try {
      const ids: string[] = [];
      for (const [i, panel] of panels.entries()) {
        const added = await h.world.servers.add({ name: `Drain ${i}`, panelUrl: panel.url, apiToken: panel.token, subUrl: panel.subUrl, inboundIds: [1] });
        if (!added.ok) throw new Error(added.error.message);
        ids.push(added.value.id);
      }
      await h.world.settle();
      const headers = { "idempotency-key": "drain-for-maintenance" };
      for (const id of ids) {
        const drained = await h.call("POST", events("server", id), { body: { type: "DRAIN" }, headers });
        expect(drained.status).toBe(202);
        expect(drained.headers.get("idempotent-replayed")).toBeNull();
      }
      for (const id of ids) expect((await h.call("GET", `/api/actors/server/${id}`)).json.state).toStartWith("draining");
      // Each retry still replays its own answer.
      const retry = await h.call("POST", events("server", ids[1]!), { body: { type: "DRAIN" }, headers });
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
    } finally {
      for (const panel of panels) await panel.stop();
    }
  });

  test("server actors take DRAIN, RESUME, PROBE_NOW; a subscription's events are refused for them", async () => {
    const panel = await startSuiPanel();
    try {
      const added = await h.world.servers.add({ name: "Frankfurt", panelUrl: panel.url, apiToken: panel.token, subUrl: panel.subUrl, inboundIds: [1] });
      if (!added.ok) throw new Error(added.error.message);
      await h.world.settle();
      const id = added.value.id;
      const drained = await h.call("POST", events("server", id), { body: { type: "DRAIN" } });
      expect(drained.status).toBe(202);
      expect(drained.json.state).toStartWith("draining");
      expect((await h.call("POST", events("server", id), { body: { type: "RESUME" } })).status).toBe(202);
      expect((await h.call("POST", events("server", id), { body: { type: "PROBE_NOW" } })).status).toBe(202);
      expect((await h.call("POST", events("server", id), { body: { type: "SUSPEND" } })).status).toBe(422);
    } finally {
      await panel.stop();
    }
  });
});

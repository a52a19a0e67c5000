/**
 * The subscription machine alone: every state it lives through, each guard and the named effects, timers and
 * notices it asks for, with no store and no network (the runtime's words come back as actions).
 */
import { describe, expect, test } from "bun:test";
import { PROVISION_MAX_ATTEMPTS, provisionDelay, subscriptionMachine, type SubscriptionInput } from "../../machines/subscription.ts";
import { periodUsage } from "../../src/domain/subscription-rules.ts";
import { DAY_MS } from "../../src/domain/time.ts";
import { Drive } from "./drive.ts";

const GB = 1024 ** 3;
const input: SubscriptionInput = {
  subscriptionId: "sub1",
  customerId: 42,
  orderId: "o1",
  planId: 1,
  title: "Monthly 20 GB",
  token: "tok",
  clientName: "sk-sub1",
  serverGroup: "default",
  trafficBytes: 20 * GB,
  days: 30,
  policy: "reset",
  credentials: { vless: { uuid: "u" } },
};

const fresh = (overrides: Partial<SubscriptionInput> = {}) => new Drive(subscriptionMachine, { ...input, ...overrides });

/** Placed on s1 and created there: active from `d.at`. */
function active(overrides: Partial<SubscriptionInput> = {}): Drive {
  return fresh(overrides).send({ type: "PLACED", serverId: "s1" }).send({ type: "PROVISIONED", serverId: "s1", panelClientId: 7 });
}

const failed = (effect: string, errorKind = "transient", extra: Record<string, unknown> = {}) => ({ type: "EFFECT_FAILED", effect, errorKind, message: `${effect} broke`, input: {}, ...extra });

describe("provisioning", () => {
  test("starts by asking for a server in its group, then creates the client there with the plan's volume and expiry", () => {
    const d = fresh();
    expect(d.state).toEqual({ provisioning: "placing" });
    expect(d.effect("place")).toEqual({ serverGroup: "default", exclude: [] });
    d.send({ type: "PLACED", serverId: "s1" });
    expect(d.state).toEqual({ provisioning: "creating" });
    expect(d.context.attempts).toBe(1);
    expect(d.effect("provision")).toEqual({
      serverId: "s1",
      clientName: "sk-sub1",
      volumeBytes: 20 * GB,
      expiryUnixS: Math.floor((d.at + 30 * DAY_MS) / 1000),
      credentials: input.credentials,
    });
  });

  test("PROVISIONED: active, expiry timers for this period, the 'ready' notice once per period, the order told", () => {
    const d = fresh().send({ type: "PLACED", serverId: "s1" });
    d.send({ type: "PROVISIONED", serverId: "s1", panelClientId: 7 });
    expect(d.state).toBe("active");
    expect(d.context).toMatchObject({ serverId: "s1", panelClientId: 7, expiresAt: d.at + 30 * DAY_MS, lastError: null, ordersToReport: [] });
    const timers = d.timers();
    expect(timers["warn-3d"]).toMatchObject({ at: d.at + 27 * DAY_MS, event: { type: "EXPIRY_WARNING", daysBefore: 3, period: 0 } });
    expect(timers["warn-1d"]).toMatchObject({ at: d.at + 29 * DAY_MS, event: { type: "EXPIRY_WARNING", daysBefore: 1, period: 0 } });
    expect(timers.expire).toMatchObject({ at: d.at + 30 * DAY_MS, event: { type: "EXPIRE", period: 0 } });
    expect(d.named("effect")).toContainEqual({ name: "notify", input: expect.objectContaining({ kind: "provisioned", customerId: 42, subscriptionId: "sub1", dedupeKey: "sub:sub1:provisioned:p0" }) });
    expect(d.named("effect")).toContainEqual({ name: "reportFulfilled", input: { orderId: "o1", subscriptionId: "sub1" } });
  });

  test("a transient create failure waits on a durable timer with the id's backoff, then tries the same server again", () => {
    const d = fresh().send({ type: "PLACED", serverId: "s1" }).send(failed("provision"));
    expect(d.state).toEqual({ provisioning: "retry_wait" });
    expect(d.context.lastError).toBe("provision broke");
    expect(d.timers()["provision-retry"]).toEqual({ key: "provision-retry", at: d.at + provisionDelay("sub1", 1), event: { type: "RETRY_PROVISION" } } as never);
    d.send({ type: "RETRY_PROVISION" });
    // placing skips straight to creating: the server is already chosen.
    expect(d.state).toEqual({ provisioning: "creating" });
    expect(d.context.attempts).toBe(2);
    expect(d.effect("provision").serverId).toBe("s1");
  });

  test("a refused token (auth) is retried like a timeout; a permanent refusal ends provisioning at once with one alert", () => {
    const auth = fresh().send({ type: "PLACED", serverId: "s1" }).send(failed("provision", "auth"));
    expect(auth.state).toEqual({ provisioning: "retry_wait" });
    const permanent = fresh().send({ type: "PLACED", serverId: "s1" }).send(failed("provision", "permanent"));
    expect(permanent.state).toBe("provision_failed");
    expect(permanent.effect("alertAdmins")).toEqual({ alert: "provision-failed", subscriptionId: "sub1", message: "provision broke", dedupeKey: "provision-failed:sub1:1" });
  });

  test(`after ${PROVISION_MAX_ATTEMPTS} attempts the subscription waits for a person; RETRY starts afresh on any server`, () => {
    const d = fresh().send({ type: "PLACED", serverId: "s1" });
    for (let i = 1; i < PROVISION_MAX_ATTEMPTS; i++) d.send(failed("provision")).send({ type: "RETRY_PROVISION" });
    expect(d.context.attempts).toBe(PROVISION_MAX_ATTEMPTS);
    d.send(failed("provision"));
    expect(d.state).toBe("provision_failed");
    d.send({ type: "RETRY" });
    expect(d.state).toEqual({ provisioning: "creating" });
    expect(d.context).toMatchObject({ attempts: 1, excludedServers: [] });
  });

  test("a server that certainly holds no client of ours is left out after two attempts; another is placed", () => {
    const d = fresh().send({ type: "PLACED", serverId: "s1" }).send(failed("provision", "transient", { certainlyAbsent: true }));
    expect(d.context.serverId).toBe("s1");
    d.send({ type: "RETRY_PROVISION" }).send(failed("provision", "transient", { certainlyAbsent: true }));
    expect(d.context).toMatchObject({ serverId: null, excludedServers: ["s1"] });
    d.send({ type: "RETRY_PROVISION" });
    expect(d.state).toEqual({ provisioning: "placing" });
    expect(d.effect("place")).toEqual({ serverGroup: "default", exclude: ["s1"] });
  });

  test("no server to place on: retried, then provision_failed; other effects' failures change nothing", () => {
    const d = fresh();
    d.send(failed("notify"));
    expect(d.state).toEqual({ provisioning: "placing" });
    for (let i = 0; i < PROVISION_MAX_ATTEMPTS; i++) {
      d.send(failed("place"));
      expect(d.state).toEqual({ provisioning: "retry_wait" });
      d.send({ type: "RETRY_PROVISION" });
    }
    d.send(failed("place"));
    expect(d.state).toBe("provision_failed");
  });
});

describe("usage", () => {
  test("80 % and 95 % each warn once per traffic period; over the volume the client is disabled and the customer told", () => {
    const d = active();
    d.send({ type: "USAGE", usedBytes: 15 * GB });
    expect(d.notices()).toEqual([]);
    d.send({ type: "USAGE", usedBytes: 16 * GB });
    expect(d.notices()).toEqual(["traffic-80"]);
    d.send({ type: "USAGE", usedBytes: 17 * GB });
    expect(d.notices()).toEqual([]);
    d.send({ type: "USAGE", usedBytes: 19.5 * GB });
    expect(d.notices()).toEqual(["traffic-95"]);
    d.send({ type: "USAGE", usedBytes: 19.6 * GB });
    expect(d.notices()).toEqual([]);
    d.send({ type: "USAGE", usedBytes: 20 * GB + 1 });
    expect(d.state).toBe("limited");
    expect(d.notices()).toEqual(["limited"]);
    expect(d.effect("syncPanel")).toMatchObject({ serverId: "s1", panelClientId: 7, enable: false });
  });

  test("a lower or late count never lowers what was seen", () => {
    const d = active().send({ type: "USAGE", usedBytes: 5 * GB }).send({ type: "USAGE", usedBytes: 1 * GB });
    expect(d.context.usedBytes).toBe(5 * GB);
  });

  test("a jump straight past 95 % warns once, with the 95 % notice only", () => {
    expect(active().send({ type: "USAGE", usedBytes: 19.9 * GB }).notices()).toEqual(["traffic-95"]);
  });

  test("RESYNC asks the panel for the client's counters", () => {
    expect(active().send({ type: "RESYNC" }).effect("fetchUsage")).toEqual({ serverId: "s1", panelClientId: 7, clientName: "sk-sub1" });
    expect(fresh().send({ type: "RESYNC" }).effects()).toEqual([]);
  });
});

describe("time", () => {
  test("the expiry warnings of the current period notify; a stale period's timer does nothing", () => {
    const d = active();
    d.send({ type: "EXPIRY_WARNING", daysBefore: 3, period: 0 });
    expect(d.notices()).toEqual(["expires-3d"]);
    d.send({ type: "EXPIRY_WARNING", daysBefore: 1, period: 0 });
    expect(d.notices()).toEqual(["expires-1d"]);
    d.send({ type: "EXPIRY_WARNING", daysBefore: 1, period: 5 });
    expect(d.notices()).toEqual([]);
    d.send({ type: "EXPIRE", period: 5 });
    expect(d.state).toBe("active");
  });

  test("EXPIRE: expired, the client disabled, the customer told", () => {
    const d = active().send({ type: "EXPIRE", period: 0 });
    expect(d.state).toBe("expired");
    expect(d.notices()).toEqual(["expired"]);
    expect(d.effect("syncPanel")).toMatchObject({ enable: false });
  });
});

describe("renewal and traffic packs", () => {
  test("renewing an expired subscription (reset): a fresh period of the plan's volume from now, new timers, the order told", () => {
    const d = active();
    d.send({ type: "USAGE", usedBytes: 12 * GB }).send({ type: "EXPIRE", period: 0 }, d.at + 30 * DAY_MS);
    d.advance(DAY_MS).send({ type: "RENEW", orderId: "o2", trafficBytes: 20 * GB, days: 30, policy: "reset" });
    expect(d.state).toBe("active");
    expect(d.context).toMatchObject({ period: 1, trafficPeriod: 1, notifiedLevel: 0, expiresAt: d.at + 30 * DAY_MS, usageBase: 12 * GB, volumeBytes: 32 * GB });
    expect(periodUsage(d.context)).toEqual({ used: 0, total: 20 * GB });
    expect(d.notices()).toEqual(["renewed"]);
    expect(d.named("effect")).toContainEqual({ name: "notify", input: expect.objectContaining({ dedupeKey: "sub:sub1:renewed:p1" }) });
    expect(d.effect("syncPanel")).toMatchObject({ enable: true, volumeBytes: 32 * GB, expiryUnixS: Math.floor((d.at + 30 * DAY_MS) / 1000) });
    expect(d.effect("reportFulfilled")).toEqual({ orderId: "o2", subscriptionId: "sub1" });
    expect(d.timers().expire!.event).toEqual({ type: "EXPIRE", period: 1 });
  });

  test("renewing early (stack) extends from the current expiry and carries the traffic left", () => {
    const d = active({ policy: "stack" });
    const firstExpiry = d.context.expiresAt;
    d.send({ type: "USAGE", usedBytes: 5 * GB }).advance(10 * DAY_MS);
    d.send({ type: "RENEW", orderId: "o2", trafficBytes: 20 * GB, days: 30, policy: "stack" });
    expect(d.context.expiresAt).toBe(firstExpiry + 30 * DAY_MS);
    expect(periodUsage(d.context)).toEqual({ used: 5 * GB, total: 40 * GB });
  });

  test("a traffic pack lifts a limited subscription back to active, once per pack, with its own notice", () => {
    const d = active().send({ type: "USAGE", usedBytes: 21 * GB });
    expect(d.state).toBe("limited");
    d.send({ type: "ADD_TRAFFIC", orderId: "o3", trafficBytes: 10 * GB });
    expect(d.state).toBe("active");
    expect(d.context).toMatchObject({ volumeBytes: 31 * GB, trafficPeriod: 1, notifiedLevel: 0 });
    expect(d.notices()).toEqual(["traffic-added"]);
    expect(d.effect("reportFulfilled")).toEqual({ orderId: "o3", subscriptionId: "sub1" });
    expect(d.effect("syncPanel")).toMatchObject({ enable: true, volumeBytes: 31 * GB });
  });

  test("paid for while suspended: applied to the context, the client stays disabled, the order told", () => {
    const d = active().send({ type: "SUSPEND" });
    expect(d.state).toBe("suspended");
    expect(d.effect("syncPanel")).toMatchObject({ enable: false });
    d.send({ type: "RENEW", orderId: "o2", trafficBytes: 20 * GB, days: 30, policy: "reset" });
    expect(d.state).toBe("suspended");
    expect(d.effects()).not.toContain("syncPanel");
    expect(d.effect("reportFulfilled")).toEqual({ orderId: "o2", subscriptionId: "sub1" });
  });
});

describe("auto-renew from the wallet", () => {
  test("on: a durable timer a day before this period's expiry asks for the renewal once; off cancels it", () => {
    const d = active();
    const expiry = d.context.expiresAt;
    d.send({ type: "SET_AUTO_RENEW", on: true, daysBefore: 1 });
    expect(d.timers()["auto-renew"]).toMatchObject({ at: expiry - DAY_MS, event: { type: "AUTO_RENEW_DUE", period: 0 } });
    d.send({ type: "AUTO_RENEW_DUE", period: 0 }, expiry - DAY_MS);
    expect(d.effect("autoRenew")).toEqual({ subscriptionId: "sub1", customerId: 42, planId: 1, period: 0 });
    // A stale period's timer (delivered again after a renewal) asks for nothing.
    d.send({ type: "RENEW", orderId: "o2", trafficBytes: 20 * GB, days: 30, policy: "reset" });
    expect(d.timers()["auto-renew"]!.event).toEqual({ type: "AUTO_RENEW_DUE", period: 1 });
    d.send({ type: "AUTO_RENEW_DUE", period: 0 });
    expect(d.effects()).toEqual([]);
    d.send({ type: "SET_AUTO_RENEW", on: false, daysBefore: 1 });
    expect(d.named("cancelTimer")).toEqual([{ key: "auto-renew" }]);
    d.send({ type: "AUTO_RENEW_DUE", period: 1 });
    expect(d.effects()).toEqual([]);
  });
});

describe("suspension", () => {
  test("UNSUSPEND returns to what the figures say: active, limited or expired", () => {
    const back = active().send({ type: "SUSPEND" }).send({ type: "UNSUSPEND" });
    expect(back.state).toBe("active");
    expect(back.effect("syncPanel")).toMatchObject({ enable: true });
    expect(active().send({ type: "USAGE", usedBytes: 5 * GB }).send({ type: "SUSPEND" }).send({ type: "USAGE", usedBytes: 25 * GB }).send({ type: "UNSUSPEND" }).state).toBe("limited");
    const late = active().send({ type: "SUSPEND" });
    expect(late.advance(31 * DAY_MS).send({ type: "UNSUSPEND" }).state).toBe("expired");
  });
});

describe("the panel converges", () => {
  test("a failed panel update is retried on a durable timer with what is wanted by then; a success clears it", () => {
    const d = active().send({ type: "USAGE", usedBytes: 21 * GB });
    d.send(failed("syncPanel"));
    expect(d.context.panelRetries).toBe(1);
    expect(d.timers()["panel-retry"]).toMatchObject({ at: d.at + provisionDelay("sub1", 1), event: { type: "PANEL_RETRY" } });
    d.send({ type: "PANEL_RETRY" });
    expect(d.effect("syncPanel")).toMatchObject({ enable: false });
    d.send({ type: "PANEL_SYNCED" });
    expect(d.context.panelRetries).toBe(0);
    expect(d.named("cancelTimer")).toEqual([{ key: "panel-retry" }]);
  });
});

describe("moving to another server", () => {
  test("the new client gets what is left; the customer's period usage is unchanged after MOVED", () => {
    const d = active().send({ type: "USAGE", usedBytes: 3 * GB });
    const before = periodUsage(d.context);
    d.send({ type: "MOVE", serverId: "s2" });
    expect(d.state).toBe("moving");
    expect(d.effect("move")).toMatchObject({ fromServerId: "s1", fromPanelClientId: 7, toServerId: "s2", clientName: "sk-sub1", volumeBytes: 20 * GB, usedBytes: 3 * GB });
    d.send({ type: "MOVED", serverId: "s2", panelClientId: 9, carriedBytes: 3 * GB, targetUsedBytes: 0 });
    expect(d.state).toBe("active");
    expect(d.context).toMatchObject({ serverId: "s2", panelClientId: 9, moveTo: null });
    expect(periodUsage(d.context)).toEqual(before);
    // 17 GB more on the new panel's fresh counter and the customer has used all 20.
    d.send({ type: "USAGE", usedBytes: 17 * GB + 1 });
    expect(d.state).toBe("limited");
  });

  test("the old client's counter read at the move counts, and a client the new panel already counted for stays counted", () => {
    // The last sync saw 2 GB; the move read 3 GB on the old client; the new one had 1 GB from an earlier attempt.
    const d = active().send({ type: "USAGE", usedBytes: 2 * GB }).send({ type: "MOVE", serverId: "s2" });
    d.send({ type: "MOVED", serverId: "s2", panelClientId: 9, carriedBytes: 3 * GB, targetUsedBytes: 1 * GB });
    expect(periodUsage(d.context)).toEqual({ used: 3 * GB, total: 20 * GB });
    // The new client cuts off after the 17 GB that were left, counted on top of the 1 GB it already had.
    expect(d.context).toMatchObject({ usedBytes: 1 * GB, volumeBytes: 18 * GB });
    d.send({ type: "USAGE", usedBytes: 18 * GB, serverId: "s2" });
    expect(d.state).toBe("active");
    d.send({ type: "USAGE", usedBytes: 18 * GB + 1, serverId: "s2" });
    expect(d.state).toBe("limited");
  });

  test("a counter read on the old server after the move is not taken: no usage counted twice", () => {
    const d = active().send({ type: "USAGE", usedBytes: 3 * GB }).send({ type: "MOVE", serverId: "s2" });
    d.send({ type: "MOVED", serverId: "s2", panelClientId: 9, carriedBytes: 3 * GB, targetUsedBytes: 0 });
    // A sync of s1 that read 3.5 GB just before the move answers late.
    d.send({ type: "USAGE", usedBytes: 3.5 * GB, serverId: "s1" });
    expect(periodUsage(d.context)).toEqual({ used: 3 * GB, total: 20 * GB });
    // So does an order that read the subscription's counter on s1 before the move.
    d.send({ type: "ADD_TRAFFIC", orderId: "o2", trafficBytes: 5 * GB, usedBytes: 3.5 * GB, usedOnServerId: "s1" });
    expect(periodUsage(d.context)).toEqual({ used: 3 * GB, total: 25 * GB });
    d.send({ type: "USAGE", usedBytes: 1 * GB, serverId: "s2" });
    expect(periodUsage(d.context)).toEqual({ used: 4 * GB, total: 25 * GB });
  });

  test("a move asked for before usage was carried (no counters in MOVED) still keeps it", () => {
    const d = active().send({ type: "USAGE", usedBytes: 3 * GB }).send({ type: "MOVE", serverId: "s2" });
    d.send({ type: "MOVED", serverId: "s2", panelClientId: 9 });
    expect(periodUsage(d.context)).toEqual({ used: 3 * GB, total: 20 * GB });
    expect(d.context.volumeBytes).toBe(17 * GB);
  });

  test("a failed move stays where it was, with the error", () => {
    const d = active().send({ type: "MOVE", serverId: "s2" }).send(failed("move", "permanent"));
    expect(d.state).toBe("active");
    expect(d.context).toMatchObject({ serverId: "s1", moveTo: null, lastError: "move failed: move broke" });
  });
});

describe("a panel that re-keyed its clients", () => {
  test("PANEL_SYNCED with the key the panel uses now stores it; without one the key stays", () => {
    const d = active().send({ type: "PANEL_SYNCED" });
    expect(d.context.panelClientId).toBe(7);
    d.send({ type: "PANEL_SYNCED", usedBytes: 0, panelClientId: "42" });
    expect(d.context.panelClientId).toBe("42");
    d.send({ type: "REVOKE" });
    expect(d.effect("deleteClient")).toMatchObject({ panelClientId: "42" });
  });
});

describe("revocation", () => {
  test("from any state: the client deleted (retried on a timer), then final with every timer cancelled", () => {
    const d = active().send({ type: "REVOKE" });
    expect(d.state).toBe("revoking");
    expect(d.effect("deleteClient")).toEqual({ serverId: "s1", panelClientId: 7, clientName: "sk-sub1" });
    d.send(failed("deleteClient"));
    expect(d.state).toBe("revoke_wait");
    expect(d.timers()["revoke-retry"]).toMatchObject({ event: { type: "PANEL_RETRY" } });
    d.send({ type: "REVOKE" });
    expect(d.state).toBe("revoke_wait");
    d.send({ type: "PANEL_RETRY" });
    expect(d.state).toBe("revoking");
    d.send({ type: "CLIENT_DELETED" });
    expect(d.state).toBe("revoked");
    expect(d.snapshot.status).toBe("done");
    expect(d.named("cancelTimer").map((t: { key: string }) => t.key).sort()).toEqual(["auto-renew", "expire", "panel-retry", "warn-1d", "warn-3d"]);
  });

  test("a subscription still being provisioned can be revoked too", () => {
    expect(fresh().send({ type: "REVOKE" }).state).toBe("revoking");
  });
});

/**
 * The states the operator allow-list says each subscription event is taken in match the machine itself: for every
 * top-level state, the machine can take the event exactly when the list offers it (the console shows only those).
 */
import { describe, expect, test } from "bun:test";
import { subscriptionMachine } from "../../machines/subscription.ts";
import { eventsFor, OPERATOR_EVENTS } from "../../src/http/actors/operator-events.ts";
import { createHttpWorld } from "./support.ts";

describe("operator events per state", () => {
  test("each subscription state offers exactly the operator events its machine takes", async () => {
    const h = await createHttpWorld();
    try {
      const sub = await h.activeSubscription(7001);
      const context = h.world.runtime.read("subscription", sub.id)!.context as object;
      const states = Object.keys(subscriptionMachine.root.states);
      expect(states).toContain("provision_failed");
      for (const state of states) {
        const snapshot = subscriptionMachine.resolveState({ value: state, context: context as never });
        const taken = Object.keys(OPERATOR_EVENTS.subscription!).filter((type) =>
          // REVOKE while revoking is swallowed by the machine (a no-op), so it is not offered there.
          snapshot.status === "active" && snapshot.can({ type, serverId: "s2" } as never) && (type !== "REVOKE" || !["revoking", "revoke_wait"].includes(state)),
        );
        expect({ state, events: eventsFor("subscription", state) }).toEqual({ state, events: taken });
      }
    } finally {
      await h.close();
    }
  });
});

import { describe, expect, test } from "bun:test";
import { assign, createMachine, fromPromise, initialTransition, setup, transition, type AnyMachineSnapshot } from "xstate";
import { pureInitialTransition, pureTransition } from "../../actors/transition.ts";
import { meterMachine } from "./fixtures/meter-machine.ts";

const plain = ([snapshot, actions]: [AnyMachineSnapshot, { type: string; params?: unknown }[]]) => ({
  value: snapshot.value,
  context: snapshot.context,
  status: snapshot.status,
  children: Object.keys(snapshot.children),
  actions: actions.map((a) => ({ type: a.type, params: a.params })),
});

describe("the runtime's pure transition", () => {
  test("gives what xstate's transition gives, event after event", () => {
    const events = [
      { type: "USE", bytes: 400, seq: 1, at: 1 },
      { type: "ARM", dueAt: 99, at: 2 },
      { type: "FETCH", name: "alpha", at: 3 },
      { type: "USE", bytes: 700, at: 4 },
      { type: "RESUME", at: 5 },
      { type: "SUSPEND", at: 6 },
    ] as const;
    let ours = pureInitialTransition(meterMachine, { limit: 1000 });
    let theirs = initialTransition(meterMachine, { limit: 1000 });
    expect(plain(ours)).toEqual(plain(theirs));
    for (const event of events) {
      ours = pureTransition(meterMachine, ours[0], event);
      theirs = transition(meterMachine, theirs[0], event as never);
      expect(plain(ours)).toEqual(plain(theirs));
    }
    expect(ours[0].value).toBe("suspended");
  });

  test("a child invoked with a systemId can be entered again and again", () => {
    const machine = setup({ actors: { work: fromPromise(async () => 1) } }).createMachine({
      initial: "idle",
      context: { runs: 0 },
      states: {
        idle: { on: { GO: "working" } },
        working: {
          entry: assign({ runs: ({ context }) => context.runs + 1 }),
          invoke: { src: "work", systemId: "worker" },
          on: { STOP: "idle" },
        },
      },
    });
    let [snapshot] = pureInitialTransition(machine, undefined);
    for (let i = 0; i < 3; i++) {
      [snapshot] = pureTransition(machine, snapshot, { type: "GO" });
      expect(Object.keys(snapshot.children)).toHaveLength(1);
      [snapshot] = pureTransition(machine, snapshot, { type: "STOP" });
    }
    expect(snapshot.context).toEqual({ runs: 3 });
  });

  test("a throwing action throws, as with xstate", () => {
    const machine = createMachine({ on: { BOOM: { actions: assign(() => { throw new Error("bug"); }) } } });
    const [snapshot] = pureInitialTransition(machine, undefined);
    expect(() => transition(machine, snapshot, { type: "BOOM" })).toThrow("bug");
    expect(() => pureTransition(machine, snapshot, { type: "BOOM" })).toThrow("bug");
  });
});

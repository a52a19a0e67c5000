/**
 * Drives a machine the way xstate's own examples test one: `initialTransition` and `transition` on plain values, no
 * actor, no store, no network. The runtime's words (effect, setTimer, cancelTimer, write) come back as the actions
 * a transition asks for, with their params resolved, so a test reads which effects, timers and writes it named.
 */
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from "xstate";

export interface Step {
  snapshot: AnyMachineSnapshot;
  actions: { type: string; params?: unknown }[];
}

/** A machine under test, at a time that moves forward with each event. */
export class Drive {
  snapshot: AnyMachineSnapshot;
  last: Step["actions"];
  at: number;

  constructor(
    private readonly machine: AnyStateMachine,
    input: Record<string, unknown>,
    at = Date.UTC(2026, 11, 1),
  ) {
    this.at = at;
    const [snapshot, actions] = initialTransition(machine, { ...input, at });
    this.snapshot = snapshot;
    this.last = actions as Step["actions"];
  }

  /** Sends an event stamped with the current time (or `at`); returns this for chaining. */
  send(event: { type: string; [field: string]: unknown }, at = this.at): this {
    this.at = at;
    const [snapshot, actions] = transition(this.machine, this.snapshot, { ...event, at } as never);
    this.snapshot = snapshot;
    this.last = actions as Step["actions"];
    return this;
  }

  /** Moves the clock forward. */
  advance(ms: number): this {
    this.at += ms;
    return this;
  }

  get state(): unknown {
    return this.snapshot.value;
  }

  get context(): any {
    return this.snapshot.context;
  }

  /** The params of the last transition's actions of this type (effect, setTimer, cancelTimer, write). */
  named<T = any>(type: "effect" | "setTimer" | "cancelTimer" | "write"): T[] {
    return this.last.filter((a) => a.type === type).map((a) => a.params as T);
  }

  /** The names of the effects the last transition asked for. */
  effects(): string[] {
    return this.named<{ name: string }>("effect").map((e) => e.name);
  }

  /** The effect of that name from the last transition (its input), or undefined. */
  effect(name: string): any {
    return this.named<{ name: string; input: unknown }>("effect").find((e) => e.name === name)?.input;
  }

  /** The kinds of the notices the last transition sent. */
  notices(): string[] {
    return this.named<{ name: string; input: { kind: string } }>("effect").filter((e) => e.name === "notify").map((e) => e.input.kind);
  }

  /** The timers the last transition set, by key. */
  timers(): Record<string, { at: number; event: { type: string; [field: string]: unknown } }> {
    return Object.fromEntries(this.named<{ key: string; at: number; event: { type: string; [field: string]: unknown } }>("setTimer").map((t) => [t.key, t]));
  }
}

/**
 * The words a machine uses to ask the runtime for things it must not do itself. They are no-op actions: the
 * runtime reads them from the list `transition()` returns and performs them inside (timers, writes) or after
 * (effects) the event's transaction. Spread `runtimeActions` into `setup({ actions })`.
 */

/** An event as timers and effects carry it back: a plain JSON object with a type. */
export interface PlainEvent {
  type: string;
  [field: string]: unknown;
}

/** Run `name` after commit, at least once; its outcome comes back as an event. Keep secrets out of `input`. */
export interface EffectRequest {
  name: string;
  input?: unknown;
}

/** Deliver `event` to this actor at epoch ms `at`, surviving restarts. A second set with the same key replaces it. */
export interface TimerRequest {
  key: string;
  at: number;
  event: PlainEvent;
}

/** A domain row written in the same transaction as the transition (a ledger entry, a counter). */
export interface WriteRequest {
  name: string;
  input?: unknown;
}

export const runtimeActions = {
  effect: (_: unknown, _params: EffectRequest) => {},
  setTimer: (_: unknown, _params: TimerRequest) => {},
  cancelTimer: (_: unknown, _params: { key: string }) => {},
  write: (_: unknown, _params: WriteRequest) => {},
};

/** Every event the runtime delivers carries `at`, the runtime clock's epoch ms, so machines stay pure. */
export interface Stamped {
  at: number;
}

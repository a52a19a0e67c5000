/**
 * Waiting on real asynchronous delivery: re-check a condition whenever the fake changes (and every few ms, for
 * conditions that read other state, such as a database), until it holds or the time is up.
 */
import type { TelegramState } from "./state.ts";

/** What a predicate returns: a truthy value ends the wait with that value. */
export type Probe<T> = () => T | undefined | null | false;

/** Resolves with the predicate's first truthy value; rejects with a readable error after `timeoutMs`. */
export function waitUntil<T>(state: TelegramState, probe: Probe<T>, timeoutMs: number, label: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (outcome: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      clearInterval(poll);
      unwatch();
      outcome();
    };
    const check = () => {
      try {
        const value = probe();
        if (value) finish(() => resolve(value));
      } catch (error) {
        finish(() => reject(error));
      }
    };
    const deadline = setTimeout(
      () => finish(() => reject(new Error(`fake telegram: waited ${timeoutMs} ms for ${label}, in vain`))),
      timeoutMs,
    );
    const poll = setInterval(check, 10);
    const unwatch = state.watch(() => queueMicrotask(check));
    check();
  });
}

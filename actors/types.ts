/** What a kind of actor brings to the runtime, and what the runtime hands back. */
import type { Database } from "bun:sqlite";
import type { AnyStateMachine } from "xstate";
import type { Logger } from "pino";
import type { PlainEvent } from "../machines/runtime-actions.ts";

export type { PlainEvent };


/** Given to an effect while it runs. */
export interface EffectContext {
  kind: string;
  id: string;
  /** 1 on the first run; grows with each retry and with each replay after a crash. */
  attempt: number;
  /** Stable for this effect: pass it as the dedupe key when the effect sends events to other actors. */
  dedupeKey: string;
  signal: AbortSignal;
  log: Logger;
  now(): number;
}

/** An effect's implementation. It returns the event to send back to its actor, or nothing. */
export interface EffectSpec {
  run(input: any, ctx: EffectContext): Promise<PlainEvent | void>;
  /** Attempts before the failure is final (a non-transient error is final at once). Default 5. */
  maxAttempts?: number;
  /** Backoff between attempts: base doubling up to max, with jitter. Defaults 1 s and 5 min. */
  backoffMs?: { base: number; max: number };
  /** Abort the run after this long. Default 30 s. */
  timeoutMs?: number;
}

/** Runs inside the event's transaction; throwing rolls the whole event back. */
export type Writer = (db: Database, input: any, meta: { kind: string; id: string; at: number }) => void;

/** Projects an actor into ordinary tables, inside the event's transaction. */
export type Projector = (
  db: Database,
  actor: { id: string; state: string; context: any; previousState: string | null; at: number },
) => void;

export interface KindDefinition {
  kind: string;
  machine: AnyStateMachine;
  /** Bump when a snapshot of the old machine would not restore into the new one, and give `migrate`. */
  version: number;
  effects?: Record<string, EffectSpec>;
  writers?: Record<string, Writer>;
  project?: Projector;
  /** Turns an older snapshot into this version's; throw when it cannot, and the actor is quarantined. */
  migrate?(snapshot: { value: unknown; context: unknown }, fromVersion: number): { value: unknown; context: unknown };
}

/** A runtime failure with a kind a caller can act on and words a person can read. */
export class ActorError extends Error {
  constructor(
    readonly kind: "not-found" | "quarantined" | "unknown-kind" | "rejected" | "actor-error" | "stopped",
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = "ActorError";
  }
}

export interface SendResult {
  state: string;
  context: any;
  /** False when the machine had no transition for the event in its state. */
  changed: boolean;
  /** True when the dedupe key was seen before: nothing was applied. */
  duplicate: boolean;
}

export interface ActorView {
  kind: string;
  id: string;
  state: string;
  context: unknown;
  machineVersion: number;
  quarantineReason: string | null;
  createdAt: number;
  updatedAt: number;
  timers: { key: string; dueAt: number; event: PlainEvent }[];
}

export interface JournalEntry {
  seq: number;
  fromState: string | null;
  eventType: string;
  toState: string;
  event: unknown;
  error: string | null;
  at: number;
}

/** Hooks for metrics and alerts; every callback is optional and must not throw. */
export interface RuntimeObserver {
  onTransition?(kind: string, from: string | null, to: string, eventType: string): void;
  onActorError?(kind: string, id: string, error: unknown): void;
  onEffectFailure?(kind: string, effect: string, final: boolean, error: unknown): void;
  onQuarantine?(kind: string, id: string, reason: string): void;
  /** A group of `events` sends was committed in one transaction (see Runtime.flush). */
  onCommit?(events: number): void;
}

/** Turning machine snapshots into rows and back; a row that does not restore is reported, never thrown past here. */
import type { AnyMachineSnapshot, AnyStateMachine } from "xstate";
import type { KindDefinition } from "./types.ts";

/** The snapshot's state as one string: `active`, or `provisioning.waiting` for nested states. */
export function stateName(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") {
    const [key, child] = Object.entries(value as Record<string, unknown>)[0] ?? [];
    if (key === undefined) return "";
    const rest = stateName(child);
    return rest ? `${key}.${rest}` : key;
  }
  return String(value);
}

/** What is stored: only the value and the context (no `after`, no invoked children; see docs/ARCHITECTURE.md, "Pitfalls"). */
export function serialize(snapshot: AnyMachineSnapshot): string {
  return JSON.stringify({ value: snapshot.value, context: snapshot.context });
}

export type Restored = { ok: true; snapshot: AnyMachineSnapshot } | { ok: false; reason: string };

/** Restores a stored snapshot into `def.machine`, migrating it first when it was written by an older version. */
export function restore(def: KindDefinition, json: string, storedVersion: number): Restored {
  try {
    let stored = JSON.parse(json) as { value: unknown; context: unknown };
    if (storedVersion !== def.version) {
      if (!def.migrate) {
        return { ok: false, reason: `snapshot is machine version ${storedVersion}, this build runs ${def.version} and has no migration` };
      }
      stored = def.migrate(stored, storedVersion);
    }
    if (!stored || typeof stored.context !== "object" || stored.context === null) {
      return { ok: false, reason: "snapshot has no context object" };
    }
    const snapshot = (def.machine as AnyStateMachine).resolveState(stored as Parameters<AnyStateMachine["resolveState"]>[0]);
    return { ok: true, snapshot };
  } catch (error) {
    return { ok: false, reason: `snapshot does not restore: ${(error as Error).message}` };
  }
}

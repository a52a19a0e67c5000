/**
 * The actors held in memory. Least recently used first out: dropping one is passivation, and the next event
 * restores it from its row. This is what keeps memory flat with 100,000 idle subscriptions.
 */
import type { AnyMachineSnapshot } from "xstate";

export class ActorCache {
  private readonly entries = new Map<string, AnyMachineSnapshot>();

  constructor(private readonly capacity: number) {}

  get(kind: string, id: string): AnyMachineSnapshot | undefined {
    const key = `${kind}\u0000${id}`;
    const snapshot = this.entries.get(key);
    if (snapshot) {
      this.entries.delete(key);
      this.entries.set(key, snapshot);
    }
    return snapshot;
  }

  set(kind: string, id: string, snapshot: AnyMachineSnapshot): void {
    const key = `${kind}\u0000${id}`;
    this.entries.delete(key);
    this.entries.set(key, snapshot);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(kind: string, id: string): void {
    this.entries.delete(`${kind}\u0000${id}`);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

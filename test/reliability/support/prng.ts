/**
 * A small seeded PRNG (mulberry32), so a reliability run can say which seed it used and be run again with it.
 * Timing still varies between runs (the process is killed at wall-clock moments), so the same seed gives the same
 * plan — which customers do what, when the kills and faults come — not the same interleaving.
 */
export interface Random {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

/** The seed from RELIABILITY_SEED, or a fresh one (printed by the caller so a failure can be replayed). */
export function seedFromEnv(): number {
  const raw = process.env.RELIABILITY_SEED;
  if (raw && /^\d+$/.test(raw)) return Number(raw) >>> 0;
  return (Math.random() * 2 ** 32) >>> 0;
}

/** A whole number from the environment, or the fallback. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  return raw && /^\d+$/.test(raw) ? Number(raw) : fallback;
}

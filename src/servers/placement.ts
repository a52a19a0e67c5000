/** Placement: which server gets a new client. */
import type { Database } from "bun:sqlite";
import { serversWithPlacements } from "../store/servers.ts";

/**
 * A healthy, non-draining server in `group` with room left, least loaded first (clients over capacity; a capacity
 * of 0 means unlimited and counts as lightly loaded). Load counts the subscriptions placed here, not only the
 * panel's last count, so a burst of purchases spreads out before the next health probe.
 */
export function pickServer(db: Database, group: string, exclude: string[] = []): string | null {
  const rows = serversWithPlacements(db, group).filter((row) => !exclude.includes(row.id) && (row.capacity === 0 || row.placed < row.capacity));
  rows.sort((a, b) => load(a) - load(b) || a.id.localeCompare(b.id));
  return rows[0]?.id ?? null;
}

function load(row: { capacity: number; placed: number }): number {
  return row.capacity === 0 ? row.placed / 1_000_000 : row.placed / row.capacity;
}

/** Figures read straight from the runtime's own tables, for metrics: nothing here wakes an actor. */
import type { Database } from "bun:sqlite";

/** The journal's last sequence number (0 when empty). */
export function lastJournalSeq(db: Database): number {
  return db.query<{ seq: number | null }, []>("SELECT MAX(seq) AS seq FROM journal").get()?.seq ?? 0;
}

/**
 * Journal rows after `afterSeq` where an actor of `kind` reached `toState` from a state under `fromPrefix`, with
 * the seconds since the actor was created.
 */
export function arrivalsSince(
  db: Database,
  afterSeq: number,
  transition: { kind: string; fromPrefix: string; toState: string },
): { seq: number; seconds: number }[] {
  return db
    .query<{ seq: number; seconds: number }, [number, string, string, string]>(
      `SELECT j.seq, (j.at - a.created_at) / 1000.0 AS seconds FROM journal j JOIN actors a ON a.kind = j.kind AND a.id = j.id
        WHERE j.seq > ? AND j.kind = ? AND j.to_state = ? AND j.from_state LIKE ? || '%'`,
    )
    .all(afterSeq, transition.kind, transition.toState, transition.fromPrefix);
}

/** Actors in quarantine, per kind. */
export function quarantinedByKind(db: Database): { kind: string; n: number }[] {
  return db.query<{ kind: string; n: number }, []>("SELECT kind, COUNT(*) AS n FROM actors WHERE quarantine_reason IS NOT NULL GROUP BY kind").all();
}

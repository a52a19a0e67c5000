/** The audit log: who decided what, when, and what it was before and after. */
import type { Database } from "bun:sqlite";

export interface AuditEntry {
  id: number;
  actor: string;
  action: string;
  target: string | null;
  before: string | null;
  after: string | null;
  at: number;
}

export function audit(
  db: Database,
  entry: { actor: string; action: string; target?: string | null; before?: unknown; after?: unknown },
  at: number,
): void {
  const text = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
  db.query("INSERT INTO audit_log (actor, action, target, before, after, at) VALUES (?, ?, ?, ?, ?, ?)").run(
    entry.actor,
    entry.action,
    entry.target ?? null,
    text(entry.before),
    text(entry.after),
    at,
  );
}

export function listAudit(db: Database, options: { limit?: number; before?: number } = {}): AuditEntry[] {
  return db
    .query<AuditEntry, [number, number]>("SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?")
    .all(options.before ?? Number.MAX_SAFE_INTEGER, Math.min(Math.max(options.limit ?? 50, 1), 500));
}

import type { Migration } from "../migrate.ts";

/**
 * Revenue over a window (stats, the console's 30-day chart) reads money-in rows by reason and time: without this the
 * planner took the (reason, ref) unique index and read every payment ever recorded, slower as the ledger grows.
 */
export const revenueIndex: Migration = {
  version: 25,
  name: "revenue-index",
  sql: `CREATE INDEX ledger_by_reason_at ON ledger (reason, at);`,
};

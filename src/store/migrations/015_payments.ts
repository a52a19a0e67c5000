import type { Migration } from "../migrate.ts";

/**
 * Payments beyond the card: a plan or traffic pack may also be sold for Telegram Stars (a whole number; NULL: not
 * for Stars).
 */
export const payments: Migration = {
  version: 15,
  name: "payments",
  sql: `
ALTER TABLE plans ADD COLUMN stars INTEGER CHECK (stars IS NULL OR (stars > 0 AND stars <= 100000));
`,
};

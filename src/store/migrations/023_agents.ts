import type { Migration } from "../migrate.ts";

/**
 * Agents: customers who resell to their own customers. An agent buys at a discount off every plan, or at a price
 * set per plan (which wins over the discount). Removing an agent deletes both rows; their orders stay as they are.
 */
export const agents: Migration = {
  version: 23,
  name: "agents",
  sql: `
CREATE TABLE agents (
  customer_id INTEGER PRIMARY KEY,
  discount_percent INTEGER NOT NULL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 90),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE agent_prices (
  customer_id INTEGER NOT NULL REFERENCES agents (customer_id) ON DELETE CASCADE,
  plan_id INTEGER NOT NULL,
  price INTEGER NOT NULL CHECK (price >= 0),
  PRIMARY KEY (customer_id, plan_id)
) STRICT, WITHOUT ROWID;
`,
};

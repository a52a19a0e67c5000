/** Agents: customers who resell, with a discount off every plan or a price per plan. */
import type { Database } from "bun:sqlite";

export interface Agent {
  customerId: number;
  discountPercent: number;
  /** plan id → the agent's price for it (overrides the discount). */
  prices: Record<number, number>;
  createdAt: number;
}

interface AgentRow {
  customer_id: number;
  discount_percent: number;
  created_at: number;
}

export interface AgentInput {
  discountPercent: number;
  prices?: { planId: number; price: number }[];
}

const MAX_AGENT_DISCOUNT = 90;

export function validateAgent(input: AgentInput): string | null {
  if (!Number.isSafeInteger(input.discountPercent) || input.discountPercent < 0 || input.discountPercent > MAX_AGENT_DISCOUNT) {
    return `the discount is 0 to ${MAX_AGENT_DISCOUNT} percent`;
  }
  const seen = new Set<number>();
  for (const { planId, price } of input.prices ?? []) {
    if (!Number.isSafeInteger(planId) || planId < 1) return "a plan id is a whole number";
    if (!Number.isSafeInteger(price) || price < 0) return "an agent price is a whole number of Toman";
    if (seen.has(planId)) return `plan ${planId} is priced twice`;
    seen.add(planId);
  }
  return null;
}

function withPrices(db: Database, row: AgentRow): Agent {
  const prices = db
    .query<{ plan_id: number; price: number }, [number]>("SELECT plan_id, price FROM agent_prices WHERE customer_id = ? ORDER BY plan_id")
    .all(row.customer_id);
  return { customerId: row.customer_id, discountPercent: row.discount_percent, prices: Object.fromEntries(prices.map((p) => [p.plan_id, p.price])), createdAt: row.created_at };
}

export function getAgent(db: Database, customerId: number): Agent | null {
  const row = db.query<AgentRow, [number]>("SELECT customer_id, discount_percent, created_at FROM agents WHERE customer_id = ?").get(customerId);
  return row ? withPrices(db, row) : null;
}

export function listAgents(db: Database): Agent[] {
  return db.query<AgentRow, []>("SELECT customer_id, discount_percent, created_at FROM agents ORDER BY created_at, customer_id").all().map((row) => withPrices(db, row));
}

/** Makes the customer an agent, or changes their terms; the per-plan prices given replace the old ones. */
export function saveAgent(db: Database, customerId: number, input: AgentInput, now: number): Agent {
  db.transaction(() => {
    db.query(
      `INSERT INTO agents (customer_id, discount_percent, created_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (customer_id) DO UPDATE SET discount_percent = excluded.discount_percent, updated_at = excluded.updated_at`,
    ).run(customerId, input.discountPercent, now, now);
    db.query("DELETE FROM agent_prices WHERE customer_id = ?").run(customerId);
    const insert = db.query("INSERT INTO agent_prices (customer_id, plan_id, price) VALUES (?, ?, ?)");
    for (const { planId, price } of input.prices ?? []) insert.run(customerId, planId, price);
  })();
  return getAgent(db, customerId)!;
}

export function removeAgent(db: Database, customerId: number): boolean {
  return db.transaction(() => {
    db.query("DELETE FROM agent_prices WHERE customer_id = ?").run(customerId);
    return db.query("DELETE FROM agents WHERE customer_id = ?").run(customerId).changes > 0;
  })();
}

/** What the agent pays for a plan listed at `listPrice`: their price for it, or the list price less their discount. */
export function agentPrice(agent: Agent, planId: number, listPrice: number): number {
  const own = agent.prices[planId];
  if (own !== undefined) return own;
  return Math.round((listPrice * (100 - agent.discountPercent)) / 100);
}

/** Agents' paid orders since `since`: how many and how much, apart from everyone else's. */
export function agentSales(db: Database, since: number): { agents: number; orders: number; amount: number } {
  const agents = db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM agents").get()!.n;
  const sales = db
    .query<{ orders: number; amount: number | null }, [number]>(
      `SELECT COUNT(*) AS orders, SUM(o.amount) AS amount FROM orders o JOIN agents a ON a.customer_id = o.customer_id
        WHERE o.kind IN ('purchase', 'renewal', 'traffic') AND o.state IN ('paid', 'fulfilling', 'fulfilled') AND o.created_at >= ?`,
    )
    .get(since)!;
  return { agents, orders: sales.orders, amount: sales.amount ?? 0 };
}

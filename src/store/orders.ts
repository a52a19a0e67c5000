/** The orders read model (projected by the order actor in its transactions): what lists read. */
import type { Database } from "bun:sqlite";

export interface OrderRow {
  id: string;
  number: number;
  customer_id: number;
  kind: string;
  plan_id: number | null;
  subscription_id: string | null;
  amount: number;
  method: string;
  discount_code: string | null;
  state: string;
  decided_by: number | null;
  decided_at: number | null;
  reject_reason: string | null;
  created_at: number;
  updated_at: number;
}

/** A customer's latest orders, newest first. */
export function ordersOfCustomer(db: Database, customerId: number, limit: number): OrderRow[] {
  return db
    .query<OrderRow, [number, number]>("SELECT * FROM orders WHERE customer_id = ? ORDER BY created_at DESC, number DESC LIMIT ?")
    .all(customerId, limit);
}

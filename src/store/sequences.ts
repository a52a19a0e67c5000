/** Short human numbers (order 1001, 1002…) from a counter row, safe inside any transaction. */
import type { Database } from "bun:sqlite";

export function nextNumber(db: Database, name: string, start = 1000): number {
  return db
    .query<{ value: number }, [string, number]>(
      "INSERT INTO sequences (name, value) VALUES (?, ? + 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
    )
    .get(name, start)!.value;
}

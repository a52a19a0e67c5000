/**
 * migrate() applies only the migrations above the store's user_version, so one numbered below a migration that
 * already shipped would never run on an existing store. The list must grow strictly, in the order it applies.
 */
import { expect, test } from "bun:test";
import { migrations } from "../../src/store/migrations/index.ts";

test("migration versions are unique and strictly increasing in the order they are listed", () => {
  const versions = migrations.map((m) => m.version);
  expect(versions).toEqual([...versions].sort((a, b) => a - b));
  expect(new Set(versions).size).toBe(versions.length);
});

/**
 * SQL is only ever built with bound parameters. Every template literal in the code that reads like SQL is found,
 * and each `${…}` inside it must be one of the reviewed fragments below, each built from constants (column names
 * from a fixed map, clauses from literals). A new interpolation fails this test until someone reviews it.
 */
import { expect, test } from "bun:test";
import { Glob } from "bun";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..", "..");
const REVIEWED = new Set([
  'sets.join(", ")', // column = ? pairs from fixed column maps (plans, servers, settings)
  'where.join(" AND ")', // clauses from literals, values bound (runtime list)
  "migration.version", // an integer from the code's own migration list
  "placeholders", // "?, ?, ?" built from a count
  "REACHABLE", // a constant clause (broadcast audience)
  "AUDIENCE_FILTER[audience]", // a constant clause per audience, the audience checked by the machine's type
  // rotate-key's re-sealing (src/store/reseal.ts): table and column names read from sqlite_master, double-quoted
  "schemaTable",
  "schemaColumn",
  "schemaKeys",
  "schemaWhere",
  "process.pid", // the store lock's holder, an integer from the OS (PRAGMA user_version takes no parameter)
]);
const SQL = /\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE|DROP)\b/;

test("every interpolation in SQL text is a reviewed, constant fragment", async () => {
  const offenders: string[] = [];
  let statements = 0;
  for (const folder of ["src", "actors", "machines"]) {
    for await (const path of new Glob("**/*.ts").scan({ cwd: join(ROOT, folder) })) {
      if (path.startsWith("store/migrations/")) continue;
      const source = await Bun.file(join(ROOT, folder, path)).text();
      for (const literal of source.match(/`[^`]*`/gs) ?? []) {
        if (!SQL.test(literal)) continue;
        statements++;
        for (const [, expression] of literal.matchAll(/\$\{([^}]*)\}/g)) {
          if (!REVIEWED.has(expression!.trim())) offenders.push(`${folder}/${path}: \${${expression}}`);
        }
      }
    }
  }
  expect(statements).toBeGreaterThan(0);
  expect(offenders).toEqual([]);
});

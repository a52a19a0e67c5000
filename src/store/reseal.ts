/**
 * Re-sealing every secret in the store with a new key (`subkeeper rotate-key`). Sealed values are found by their
 * form (`v1.<iv>.<ciphertext>`, see src/panels/token-box.ts) in every text column of every table, whole or inside
 * JSON, so a secret a new panel kind seals in a column of its own is re-sealed without a list to keep up to date.
 * A value of that form that does not open with the old key was never sealed with it (the key check proves the old
 * key is the store's): it is left as it is and counted. All updates apply in one transaction.
 */
import type { Database } from "bun:sqlite";
import type { TokenBox } from "../panels/token-box.ts";

/** The sealed form: version, a 12-byte IV (16 base64url characters), at least the 16-byte tag of ciphertext. */
const SEALED = /(?<![A-Za-z0-9_.-])v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22,}(?![A-Za-z0-9_-])/g;

export interface ResealReport {
  resealed: number;
  /** table → values re-sealed in it */
  tables: Record<string, number>;
  /** values of the sealed form that the old key does not open, left unchanged */
  unopened: number;
}

interface Update {
  table: string;
  column: string;
  keys: string[];
  keyValues: unknown[];
  before: string;
  after: string;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function tablesOf(db: Database): { name: string; keys: string[]; textColumns: string[] }[] {
  const tables = db
    .query<{ name: string; sql: string }, []>("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all();
  return tables.map(({ name, sql }) => {
    const schemaTable = quote(name);
    const columns = db.query<{ name: string; pk: number }, []>(`PRAGMA table_info(${schemaTable})`).all();
    const withoutRowid = /WITHOUT\s+ROWID/i.test(sql);
    const keys = withoutRowid ? columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name) : ["rowid"];
    return { name, keys, textColumns: columns.map((c) => c.name) };
  });
}

/** Re-seals every value `from` opens with `to`, in one transaction; what could not be opened stays as it was. */
export async function resealAll(db: Database, from: TokenBox, to: TokenBox): Promise<ResealReport> {
  const report: ResealReport = { resealed: 0, tables: {}, unopened: 0 };
  const updates: Update[] = [];
  for (const table of tablesOf(db)) {
    const schemaTable = quote(table.name);
    // Aliased: `SELECT rowid` is named after an INTEGER PRIMARY KEY column when the table has one.
    const schemaKeys = table.keys.map((k, i) => `${quote(k)} AS k${i}`).join(", ");
    for (const column of table.textColumns) {
      const schemaColumn = quote(column);
      const rows = db
        .query<Record<string, unknown>, []>(
          `SELECT ${schemaKeys}, ${schemaColumn} AS value FROM ${schemaTable} WHERE typeof(${schemaColumn}) = 'text' AND ${schemaColumn} LIKE '%v1.%'`,
        )
        .all();
      for (const row of rows) {
        const before = String(row.value);
        let after = before;
        let changed = 0;
        for (const sealed of new Set(before.match(SEALED) ?? [])) {
          const plain = await from.open(sealed).catch(() => undefined);
          if (plain === undefined) {
            report.unopened++;
            continue;
          }
          after = after.replaceAll(sealed, await to.seal(plain));
          changed++;
        }
        if (changed === 0) continue;
        updates.push({ table: table.name, column, keys: table.keys, keyValues: table.keys.map((_, i) => row[`k${i}`]), before, after });
        report.resealed += changed;
        report.tables[table.name] = (report.tables[table.name] ?? 0) + changed;
      }
    }
  }
  db.transaction(() => {
    for (const u of updates) {
      const schemaTable = quote(u.table);
      const schemaColumn = quote(u.column);
      const schemaWhere = u.keys.map((k) => `${quote(k)} = ?`).join(" AND ");
      const result = db
        .query(`UPDATE ${schemaTable} SET ${schemaColumn} = ? WHERE ${schemaWhere} AND ${schemaColumn} = ?`)
        .run(u.after, ...(u.keyValues as string[]), u.before);
      if (result.changes !== 1) throw new Error(`${u.table}.${u.column} changed while it was re-sealed; nothing was changed`);
    }
  })();
  return report;
}

/** Migration 7 rebuilds customers so a language may be ru: every row, referral link and index survives it. */
import { expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { migrations } from "../../src/store/migrations/index.ts";

test("a store from before Russian keeps its customers and accepts ru afterwards", () => {
  const db = new Database(":memory:", { strict: true });
  db.exec("PRAGMA foreign_keys = ON");
  const before = migrations.filter((m) => m.version < 7);
  db.transaction(() => before.forEach((m) => db.exec(m.sql)))();
  const insert = db.query(
    "INSERT INTO customers (telegram_id, first_name, language, referrer_id, referral_code, banned, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, 2)",
  );
  insert.run(1, "Dara", "fa", null, "ref1", 0);
  insert.run(2, "Bob", "en", 1, "ref2", 1);
  expect(() => insert.run(3, "Ivan", "ru", 1, "ref3", 0)).toThrow("CHECK");

  db.transaction(() => db.exec(migrations.find((m) => m.version === 7)!.sql))();

  expect(db.query("SELECT telegram_id, first_name, language, referrer_id, banned FROM customers ORDER BY telegram_id").all()).toEqual([
    { telegram_id: 1, first_name: "Dara", language: "fa", referrer_id: null, banned: 0 },
    { telegram_id: 2, first_name: "Bob", language: "en", referrer_id: 1, banned: 1 },
  ]);
  insert.run(3, "Ivan", "ru", 1, "ref3", 0);
  expect(() => insert.run(4, "X", "de", null, "ref4", 0)).toThrow("CHECK");
  expect(() => insert.run(5, "Y", "ru", 999, "ref5", 0)).toThrow("FOREIGN KEY");
  expect(() => insert.run(6, "Z", "ru", null, "ref1", 0)).toThrow("UNIQUE");
  const indexes = db.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' AND sql IS NOT NULL ORDER BY name").all();
  expect(indexes.map((i) => i.name)).toEqual(["customers_by_created", "customers_by_username"]);
  expect(db.query("PRAGMA foreign_key_check").all()).toEqual([]);
});

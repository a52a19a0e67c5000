/**
 * The admin bot's words: every key its code uses exists in both languages of the shared catalogue (whose parity
 * and isolation marks test/bots/locales.test.ts checks), and arguments are escaped.
 */
import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { at, hasAdminMessage } from "../../../src/bots/admin/words.ts";
import { LANGUAGES } from "../../../src/bots/i18n.ts";

const ADMIN_DIR = join(import.meta.dir, "../../../src/bots/admin");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

test("every message key the admin bot's code names exists in fa and en", () => {
  const keys = new Set<string>();
  for (const file of sourceFiles(ADMIN_DIR)) {
    for (const match of readFileSync(file, "utf8").matchAll(/"(admin-[a-z0-9-]+)"/g)) keys.add(match[1]!);
  }
  keys.delete("admin-bot"); // the log's name for the bot, not a message
  // Keys built from a field name.
  for (const field of ["name", "price", "traffic", "days", "policy", "group"]) keys.add(`admin-plan-field-${field}`);
  for (const policy of ["reset", "stack"]) keys.add(`admin-plan-policy-${policy}`);
  expect(keys.size).toBeGreaterThan(100);
  const missing = [...keys].filter((key) => LANGUAGES.some((lang) => !hasAdminMessage(lang, key)));
  expect(missing).toEqual([]);
});

test("arguments are escaped", () => {
  const text = at("en", "admin-failed", { error: "<b>not bold</b>" });
  expect(text).toBe("❌ &lt;b&gt;not bold&lt;/b&gt;");
  expect(at("fa", "admin-user-adjust-insufficient", { balance: "۱۰" })).toContain("موجودی");
});

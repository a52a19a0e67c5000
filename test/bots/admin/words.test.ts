/**
 * The admin bot's words: every key its code uses exists in both languages (in the shared catalogue or the admin
 * one), the admin catalogue's two languages match key for key and variable for variable, and it never redefines a
 * key of the shared catalogue.
 */
import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FluentResource } from "@fluent/bundle";
import { ADMIN_SOURCES, at, hasAdminMessage } from "../../../src/bots/admin/words.ts";
import { hasMessage, LANGUAGES } from "../../../src/bots/i18n.ts";

const ADMIN_DIR = join(import.meta.dir, "../../../src/bots/admin");

function variablesIn(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) variablesIn(item, into);
  else if (node && typeof node === "object") {
    const record = node as Record<string, unknown>;
    if (record.type === "var" && typeof record.name === "string") into.add(record.name);
    for (const value of Object.values(record)) variablesIn(value, into);
  }
  return into;
}

function catalogue(source: string): Map<string, string> {
  return new Map(new FluentResource(source).body.map((entry) => [entry.id, [...variablesIn(entry)].sort().join(",")]));
}

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

test("the admin catalogue says the same things in both languages and never shadows a shared key", () => {
  const fa = catalogue(ADMIN_SOURCES.fa);
  const en = catalogue(ADMIN_SOURCES.en);
  expect([...fa.keys()].sort()).toEqual([...en.keys()].sort());
  expect([...fa].filter(([key, vars]) => en.get(key) !== vars)).toEqual([]);
  expect([...en.keys()].filter((key) => hasMessage("en", key) || hasMessage("fa", key))).toEqual([]);
});

test("arguments are escaped and nothing carries isolation marks", () => {
  const text = at("en", "admin-failed", { error: "<b>not bold</b>" });
  expect(text).toBe("❌ &lt;b&gt;not bold&lt;/b&gt;");
  for (const lang of LANGUAGES) {
    for (const [key, vars] of catalogue(ADMIN_SOURCES[lang])) {
      const args = Object.fromEntries(vars.split(",").filter(Boolean).map((v) => [v, 2]));
      expect(at(lang, key, args)).not.toMatch(/[\u2068\u2069]/);
    }
  }
  expect(at("fa", "admin-user-adjust-insufficient", { balance: "۱۰" })).toContain("موجودی");
});

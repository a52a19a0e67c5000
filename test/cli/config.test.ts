import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../../src/config.ts";

const CLI = join(import.meta.dir, "..", "..", "src", "cli.ts");

describe("configuration", () => {
  test("nothing set gives the documented defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databasePath: "./data/subkeeper.sqlite",
      httpHost: "127.0.0.1",
      httpPort: 8080,
      publicUrl: "http://127.0.0.1:8080",
      telegramApiRoot: "https://api.telegram.org",
      defaultLanguage: "fa",
      healthIntervalS: 60,
      syncIntervalS: 60,
      botMode: "polling",
      adminIds: [],
    });
    expect(config.operatorToken).toBeUndefined();
  });

  test.each([
    ["HTTP_PORT", "eighty"],
    ["HTTP_PORT", "70000"],
    ["PUBLIC_URL", "not a url"],
    ["TELEGRAM_API_ROOT", "ftp://example.com"],
    ["ADMIN_IDS", "12,abc"],
    ["DEFAULT_LANGUAGE", "de"],
    ["HEALTH_INTERVAL_S", "0"],
    ["SYNC_INTERVAL_S", "-5"],
    ["LOG_LEVEL", "loud"],
    ["LOG_PRETTY", "maybe"],
    ["BOT_MODE", "carrier-pigeon"],
    ["USER_BOT_TOKEN", "not-a-token"],
    ["OPERATOR_TOKEN", "short"],
  ])("%s=%p is refused with a message naming it", (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as Error).message).toStartWith(`${variable} must be`);
  });

  test("DEFAULT_LANGUAGE may be fa, en or ru", () => {
    for (const lang of ["fa", "en", "ru"] as const) expect(loadConfig({ DEFAULT_LANGUAGE: lang }).defaultLanguage).toBe(lang);
  });

  test("webhook mode needs a secret", () => {
    expect(() => loadConfig({ BOT_MODE: "webhook" })).toThrow("WEBHOOK_SECRET");
    expect(loadConfig({ BOT_MODE: "webhook", WEBHOOK_SECRET: "s3cret-path" }).botMode).toBe("webhook");
  });

  test("a secret never appears in the error message", () => {
    expect(() => loadConfig({ USER_BOT_TOKEN: "12345:short" })).toThrow(/^(?!.*12345:short)/);
  });

  test("a bad environment value stops the start with a message naming the variable", async () => {
    const proc = Bun.spawn([process.execPath, CLI, "serve"], {
      env: { ...process.env, HTTP_PORT: "eighty" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    expect(code).toBe(2);
    expect(stderr).toContain("HTTP_PORT must be a whole number");
  });
});

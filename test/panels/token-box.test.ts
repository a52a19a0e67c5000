/** Panel tokens at rest: sealed with AES-GCM, opened only with the right key, tampering detected. */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keyFilePath, loadOrCreateKey, openTokenBox, TokenBoxError } from "../../src/panels/token-box.ts";

const TOKEN = "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z";
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "token-box-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("sealing and opening", () => {
  test("a token round-trips, sealed as v1.<iv>.<ciphertext> with a fresh IV each time", async () => {
    const box = await openTokenBox("a-secret-key-of-some-length");
    const first = await box.seal(TOKEN);
    const second = await box.seal(TOKEN);
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(TOKEN);
    expect(await box.open(first)).toBe(TOKEN);
    expect(await box.open(second)).toBe(TOKEN);
  });

  test("a changed ciphertext, IV or version is detected", async () => {
    const box = await openTokenBox("a-secret-key-of-some-length");
    const sealed = await box.seal(TOKEN);
    const [version, iv, ciphertext] = sealed.split(".") as [string, string, string];
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
    const damaged = [
      `${version}.${iv}.${flip(ciphertext, 3)}`,
      `${version}.${flip(iv, 2)}.${ciphertext}`,
      `${version}.${iv}.${ciphertext.slice(0, -4)}`,
      `v2.${iv}.${ciphertext}`,
      `${version}.${iv}`,
      `${version}.${iv}.${ciphertext}!`,
    ];
    for (const value of damaged) {
      const error = await box.open(value).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TokenBoxError);
    }
  });

  test("the wrong key cannot open it", async () => {
    const sealed = await (await openTokenBox("the-right-key-0123")).seal(TOKEN);
    const wrong = await openTokenBox("the-wrong-key-0123");
    await expect(wrong.open(sealed)).rejects.toThrow(/wrong SECRET_KEY/);
  });

  test("a short key is refused", async () => {
    await expect(openTokenBox("short")).rejects.toBeInstanceOf(TokenBoxError);
  });
});

describe("the key", () => {
  test("SECRET_KEY wins and no file is written", () => {
    const dir = tempDir();
    expect(loadOrCreateKey(join(dir, "db.sqlite"), "from-the-environment")).toBe("from-the-environment");
    expect(() => statSync(keyFilePath(join(dir, "db.sqlite")))).toThrow();
  });

  test("without SECRET_KEY a random key file is created beside the database, mode 0600, and reused", async () => {
    const dir = tempDir();
    const database = join(dir, "data", "subkeeper.sqlite");
    const key = loadOrCreateKey(database);
    const path = keyFilePath(database);
    expect(path).toBe(join(dir, "data", "subkeeper.key"));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, "utf8").trim()).toBe(key);
    expect(key.length).toBeGreaterThanOrEqual(40);
    expect(loadOrCreateKey(database)).toBe(key);

    const sealed = await (await openTokenBox(key)).seal(TOKEN);
    expect(await (await openTokenBox(loadOrCreateKey(database))).open(sealed)).toBe(TOKEN);
  });

  test("a key file readable by others is tightened to 0600", () => {
    const dir = tempDir();
    const database = join(dir, "db.sqlite");
    writeFileSync(keyFilePath(database), "an-existing-key-0123456789\n");
    chmodSync(keyFilePath(database), 0o644);
    expect(loadOrCreateKey(database)).toBe("an-existing-key-0123456789");
    expect(statSync(keyFilePath(database)).mode & 0o777).toBe(0o600);
  });

  test("an in-memory database gets a key for this process only", () => {
    expect(loadOrCreateKey(":memory:")).not.toBe(loadOrCreateKey(":memory:"));
  });
});

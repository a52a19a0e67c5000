/**
 * One process per store: a second `serve` on the same DATABASE_PATH refuses at start with one line naming the store
 * and the process that holds it, and exits non-zero; after the first is SIGKILLed a new start takes the store at once.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { spawnCli, type ServeChild } from "../support/processes.ts";
const dir = mkdtempSync(join(tmpdir(), "sk-one-instance-"));
const databasePath = join(dir, "subkeeper.sqlite");
const started: Subprocess[] = [];
afterAll(() => {
  for (const proc of started) proc.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

function serve(): ServeChild {
  const child = spawnCli(["serve"], { HOME: dir, DATABASE_PATH: databasePath, HTTP_PORT: "0", SECRET_KEY: "one-instance-test-key-0123456789" });
  started.push(child.proc);
  return child;
}

test("a second serve on the same store refuses with one line; a restart after SIGKILL does not wait", async () => {
  const first = serve();
  expect(await first.listening).not.toBeNull();

  const second = serve();
  const code = await second.proc.exited;
  const stderr = (await second.stderr).trim();
  expect(code).not.toBe(0);
  expect(stderr.split("\n")).toHaveLength(1);
  expect(stderr).toContain(databasePath);
  expect(stderr).toContain(`process ${first.proc.pid}`);
  expect(stderr).not.toContain("    at ");
  expect(await second.listening).toBeNull();

  first.proc.kill("SIGKILL");
  await first.proc.exited;
  const third = serve();
  const startedAt = Date.now();
  expect(await third.listening).not.toBeNull();
  // No lease to expire: the lock went with the killed process (a start takes about a second here).
  expect(Date.now() - startedAt).toBeLessThan(15_000);
  third.proc.kill("SIGKILL");
  await third.proc.exited;
}, 30_000);

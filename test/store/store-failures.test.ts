/**
 * A store that cannot be written stops the start with one line naming the store and the cause, no stack trace, and
 * a non-zero exit. The conditions are real: `unshare` gives the child its own mount namespace (as an unprivileged
 * user namespace's root), where the store's folder is a read-only bind mount or a full 1 MB tmpfs.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/store/db.ts";

const ROOT = join(import.meta.dir, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "sk-store-failures-"));
const seeded = join(dir, "seed", "subkeeper.sqlite");
beforeAll(() => {
  mkdirSync(join(dir, "seed"));
  openDatabase(seeded).close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `serve` inside a fresh mount namespace after `setup` (shell commands) prepared the store's folder. */
async function serveIn(folder: string, setup: string): Promise<{ code: number; stderr: string }> {
  mkdirSync(folder, { recursive: true });
  const script = `${setup} && exec "$BUN" "$CLI" serve`;
  const proc = Bun.spawn(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: dir,
      BUN: process.execPath,
      CLI: join(ROOT, "src", "cli.ts"),
      DATABASE_PATH: join(folder, "subkeeper.sqlite"),
      SECRET_KEY: "store-failures-test-key-0123456789",
      HTTP_PORT: "0",
    },
    stdout: "ignore",
    stderr: "pipe",
  });
  const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  return { code, stderr: stderr.trim() };
}

/** Whether this machine lets an unprivileged process make its own user and mount namespaces (some containers do not). */
const namespaces = Bun.spawnSync(["unshare", "--user", "--map-root-user", "--mount", "true"], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
if (!namespaces) console.log("store-failures: skipped — this machine refuses `unshare --user --mount` (no user namespaces), which makes the read-only and full stores");
const withNamespaces = namespaces ? test : test.skip;

function expectOneLine(answer: { code: number; stderr: string }, folder: string, cause: RegExp): void {
  expect(answer.code).not.toBe(0);
  expect(answer.stderr.split("\n")).toHaveLength(1);
  expect(answer.stderr).toStartWith(`subkeeper: the store ${join(folder, "subkeeper.sqlite")} cannot be written`);
  expect(answer.stderr).toMatch(cause);
  expect(answer.stderr).not.toContain("    at ");
}

withNamespaces("a read-only store at start: one line naming the path and the cause, exit non-zero", async () => {
  const folder = join(dir, "read-only");
  const answer = await serveIn(folder, `cp "${seeded}" "${folder}/" && mount --bind "${folder}" "${folder}" && mount -o remount,bind,ro "${folder}"`);
  expectOneLine(answer, folder, /read-only/);
}, 30_000);

withNamespaces("a full store at start (an existing store and a new one): one line naming the path and the cause", async () => {
  const fill = (folder: string) => `(dd if=/dev/zero of="${folder}/fill" bs=4k 2>/dev/null; true)`;
  const existing = join(dir, "full-existing");
  const tmpfs = (folder: string) => `mount -t tmpfs -o size=1m none "${folder}"`;
  expectOneLine(await serveIn(existing, `${tmpfs(existing)} && cp "${seeded}" "${existing}/" && ${fill(existing)}`), existing, /disk is full/);
  const fresh = join(dir, "full-new");
  expectOneLine(await serveIn(fresh, `${tmpfs(fresh)} && ${fill(fresh)}`), fresh, /disk is full/);
}, 30_000);

import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, buildBinary } from "../support/processes.ts";

const work = mkdtempSync(join(tmpdir(), "sk-binary-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test(
  "the compiled binary starts from an empty folder with no configuration and answers /healthz",
  async () => {
    const binary = join(work, "subkeeper");
    expect(buildBinary(binary)).toBe(0);
    const empty = mkdtempSync(join(work, "run-"));
    const port = await freePort();
    const proc = Bun.spawn([binary], { cwd: empty, env: { PATH: "/usr/bin:/bin", HTTP_PORT: String(port) }, stdout: "pipe", stderr: "pipe" });
    try {
      let body: unknown = null;
      for (let i = 0; i < 100 && body === null; i++) {
        await Bun.sleep(100);
        body = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.json(), () => null);
      }
      expect(body).toEqual({ ok: true });
      expect(existsSync(join(empty, "data", "subkeeper.sqlite"))).toBe(true);
    } finally {
      proc.kill("SIGTERM");
    }
    expect(await proc.exited).toBe(0);

    const migrate = Bun.spawnSync([binary, "migrate"], { cwd: empty, env: { PATH: "/usr/bin:/bin" } });
    expect(migrate.exitCode).toBe(0);
    expect(migrate.stdout.toString()).toContain("schema version");
  },
  120_000,
);

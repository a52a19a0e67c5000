/** Helpers for tests that run subkeeper as a real process: a free loopback port, and the compiled binary. */
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..", "..");

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port!;
  probe.stop(true);
  return port;
}

/** Compiles src/cli.ts into `outfile` with `bun build --compile`; returns the exit code. */
export function buildBinary(outfile: string): number {
  return Bun.spawnSync([process.execPath, "build", "--compile", join(ROOT, "src", "cli.ts"), "--outfile", outfile], { cwd: ROOT, stderr: "pipe" }).exitCode;
}

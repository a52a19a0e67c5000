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

/** `bun src/cli.ts <args>` as a child process with exactly `env` (plus PATH and HOME). */
export interface ServeChild {
  proc: import("bun").Subprocess<"ignore", "pipe", "pipe">;
  /** The HTTP base once it logs "http listening" (e.g. http://127.0.0.1:40123), or null if it exited first. */
  listening: Promise<string | null>;
  /** All of stdout and all of stderr, once the process has exited. */
  stdout: Promise<string>;
  stderr: Promise<string>;
}

export function spawnCli(args: string[], env: Record<string, string>): ServeChild {
  const proc = Bun.spawn([process.execPath, join(ROOT, "src", "cli.ts"), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  let listened: (url: string | null) => void = () => {};
  const listening = new Promise<string | null>((resolve) => (listened = resolve));
  // Read stdout to the end (so the child never blocks on a full pipe), noting the "http listening" line on the way.
  const stdout = (async () => {
    const decoder = new TextDecoder();
    let text = "";
    for await (const chunk of proc.stdout as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      const line = text.split("\n").find((l) => l.includes('"http listening"'));
      if (line) listened(String(JSON.parse(line).url));
    }
    listened(null);
    return text;
  })();
  return { proc, listening, stdout, stderr: new Response(proc.stderr).text() };
}

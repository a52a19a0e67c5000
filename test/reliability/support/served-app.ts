/**
 * `bun src/cli.ts serve` as a child process: started with an environment, killed with SIGKILL at any moment, and
 * started again on the same store. Every line it writes (stdout and stderr, across all its lives) is kept, so a test
 * can search them for secrets and errors.
 */
import type { Subprocess } from "bun";
import { appendFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..", "..", "..");

export interface LogLine {
  /** Which life of the process wrote it (1 for the first start). */
  life: number;
  stream: "stdout" | "stderr";
  text: string;
  json: Record<string, unknown> | undefined;
}

export class ServedApp {
  readonly lines: LogLine[] = [];
  /** The HTTP base of the current life, e.g. http://127.0.0.1:40123. */
  url = "";
  lives = 0;
  kills = 0;
  /** Exits nobody asked for: the life, its exit code or signal, and its last lines. */
  readonly crashes: { life: number; code: number | null; signal: string | number | null; tail: string }[] = [];
  /** Every line is also appended here when RELIABILITY_LOG names a file (to read a failed run's whole log). */
  private readonly logFile = process.env.RELIABILITY_LOG;
  private expectedExit = false;
  private proc: Subprocess<"ignore", "pipe", "pipe"> | undefined;
  private readers: Promise<void>[] = [];
  private listeners = new Set<() => void>();

  constructor(private readonly env: Record<string, string>) {}

  get running(): boolean {
    return this.proc !== undefined && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Starts a new life and resolves once HTTP listens and both bots take updates. */
  async start(timeoutMs = 20_000): Promise<void> {
    if (this.running) throw new Error("served app: already running");
    const life = ++this.lives;
    const proc = Bun.spawn([process.execPath, "src/cli.ts", "serve"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...this.env },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    this.proc = proc;
    this.expectedExit = false;
    this.readers = [this.read(proc.stdout, "stdout", life), this.read(proc.stderr, "stderr", life)];
    void proc.exited.then(async () => {
      if (this.expectedExit || this.proc !== proc) return;
      await Promise.all(this.readers);
      this.crashes.push({ life, code: proc.exitCode, signal: proc.signalCode, tail: this.tail(30) });
      // A supervisor (systemd, docker) would start it again; so does this one, and the crash is reported.
      this.proc = undefined;
      await this.start().catch(() => {});
    });
    const wanted = (line: LogLine) => line.life === life;
    const listening = await this.waitForLine((l) => wanted(l) && l.json?.msg === "http listening", timeoutMs, proc);
    this.url = String(listening.json!.url);
    await this.waitForLine((l) => wanted(l) && l.json?.msg === "bot taking updates by long polling" && l.json?.bot === "user", timeoutMs, proc);
    await this.waitForLine((l) => wanted(l) && l.json?.msg === "bot taking updates by long polling" && l.json?.bot === "admin", timeoutMs, proc);
  }

  /** SIGKILL: no shutdown code runs. Resolves once the process is gone and its output read. */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    this.expectedExit = true;
    proc.kill("SIGKILL");
    await proc.exited;
    await Promise.all(this.readers);
    this.kills++;
    this.proc = undefined;
  }

  /** SIGTERM: the clean stop. Resolves with the exit code. */
  async stop(): Promise<number | null> {
    const proc = this.proc;
    if (!proc) return null;
    this.expectedExit = true;
    proc.kill("SIGTERM");
    const code = await proc.exited;
    await Promise.all(this.readers);
    this.proc = undefined;
    return code;
  }

  /** Lines at error level or worse (pino 50, 60), and anything on stderr. */
  errors(): LogLine[] {
    return this.lines.filter((l) => l.stream === "stderr" ? l.text.trim() !== "" : Number(l.json?.level) >= 50);
  }

  /** Resolves with the first line (of any life) that matches. */
  waitForLine(match: (line: LogLine) => boolean, timeoutMs: number, proc?: Subprocess): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.lines.find(match);
        if (found) {
          done();
          resolve(found);
        } else if (proc && proc.exitCode !== null) {
          done();
          reject(new Error(`served app exited with ${proc.exitCode} before the expected line; last lines:\n${this.tail()}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`served app: no matching line within ${timeoutMs} ms; last lines:\n${this.tail()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  tail(n = 15): string {
    return this.lines.slice(-n).map((l) => `[${l.life} ${l.stream}] ${l.text.slice(0, 400)}`).join("\n");
  }

  private async read(stream: ReadableStream<Uint8Array>, name: "stdout" | "stderr", life: number): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    const push = (text: string) => {
      let json: Record<string, unknown> | undefined;
      if (text.startsWith("{")) {
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          json = undefined;
        }
      }
      this.lines.push({ life, stream: name, text, json });
      if (this.logFile) appendFileSync(this.logFile, `[${life} ${name}] ${text}\n`);
      for (const listener of this.listeners) listener();
    };
    const reader = stream.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          push(buffer.slice(0, newline));
          buffer = buffer.slice(newline + 1);
        }
      }
    } catch {
      // the pipe closed with the process
    }
    if (buffer) push(buffer);
    for (const listener of this.listeners) listener();
  }
}

/** A free TCP port on 127.0.0.1 (bound and released at once). */
export function freePort(): number {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = probe.port!;
  probe.stop(true);
  return port;
}

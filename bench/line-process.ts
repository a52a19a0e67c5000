/** A benchmark's child process, spoken to in lines: commands on stdin, JSON on stdout. */
import type { Subprocess } from "bun";

export class LineProcess {
  private readonly lines: any[] = [];
  private readonly waiters: (() => void)[] = [];

  constructor(readonly proc: Subprocess<"pipe", "pipe", "inherit">) {
    void this.read();
  }

  /** Runs `script` (a benchmark calling itself as a child) with `args`. */
  static spawn(script: string, args: string[]): LineProcess {
    const proc = Bun.spawn([process.execPath, script, ...args], {
      stdin: "pipe",
      stdout: "pipe",
      stderr: "inherit",
      env: { ...process.env, LOG_LEVEL: "silent" },
    });
    return new LineProcess(proc);
  }

  private async read(): Promise<void> {
    const decoder = new TextDecoder();
    const reader = this.proc.stdout.getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value);
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line.startsWith("{")) this.lines.push(JSON.parse(line));
      }
      for (const wake of this.waiters.splice(0)) wake();
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** The next line carrying `key`. */
  async next(key: string): Promise<any> {
    for (;;) {
      const at = this.lines.findIndex((line) => key in line);
      if (at >= 0) return this.lines.splice(at, 1)[0];
      if (this.proc.exitCode !== null) throw new Error(`a child exited (${this.proc.exitCode}) before saying ${key}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  tell(command: string): void {
    this.proc.stdin.write(`${command}\n`);
    this.proc.stdin.flush();
  }

  ask(command: string, key: string): Promise<any> {
    this.tell(command);
    return this.next(key);
  }

  async exit(): Promise<void> {
    this.tell("exit");
    await this.proc.exited;
  }
}

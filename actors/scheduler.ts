/**
 * Durable time: timers are rows; the process keeps one OS timer, armed for the earliest timer or retrying effect.
 * At start every overdue row is delivered, so a timer that fell due while the process was down fires once, late.
 */
import type { Logger } from "pino";
import type { Statements, TimerRow } from "./statements.ts";
import type { Clock } from "../src/domain/time.ts";

const MAX_OS_DELAY_MS = 60 * 60_000;
const BATCH = 500;

export interface SchedulerDeps {
  sql: Statements;
  clock: Clock;
  log: Logger;
  /** When false, no OS timer runs and the owner calls runDue() itself. */
  auto: boolean;
  fireTimer(timer: TimerRow): void;
  runEffects(): void;
}

export class Scheduler {
  private handle: ReturnType<typeof setTimeout> | null = null;
  private armedFor = Number.POSITIVE_INFINITY;
  private active = false;
  private draining = false;

  constructor(private readonly deps: SchedulerDeps) {}

  async start(): Promise<void> {
    this.active = true;
    await this.runDue();
  }

  stop(): void {
    this.active = false;
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.armedFor = Number.POSITIVE_INFINITY;
  }

  /** Something is due at `at`: make sure the OS timer fires by then. */
  wakeAt(at: number): void {
    if (!this.active || !this.deps.auto || at >= this.armedFor) return;
    this.arm(at);
  }

  /** Delivers every due timer, starts due effects, and re-arms for the next row. */
  async runDue(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (;;) {
        const due = this.deps.sql.timersDue.all(this.deps.clock.now(), BATCH);
        for (const timer of due) {
          try {
            this.deps.fireTimer(timer);
          } catch (error) {
            this.deps.log.error({ kind: timer.kind, id: timer.id, key: timer.key, err: error }, "timer delivery failed");
          }
        }
        if (due.length < BATCH) break;
        await Bun.sleep(0); // let other work in between large batches
      }
      this.deps.runEffects();
    } finally {
      this.draining = false;
    }
    if (this.active && this.deps.auto) this.arm(this.earliest());
  }

  private earliest(): number {
    const timer = this.deps.sql.timerEarliest.get()?.due ?? Number.POSITIVE_INFINITY;
    const effect = this.deps.sql.outboxEarliest.get()?.due ?? Number.POSITIVE_INFINITY;
    return Math.min(timer, effect);
  }

  private arm(at: number): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.armedFor = at;
    if (!Number.isFinite(at)) return;
    const delay = Math.min(Math.max(0, at - this.deps.clock.now()), MAX_OS_DELAY_MS);
    this.handle = setTimeout(() => {
      this.handle = null;
      this.armedFor = Number.POSITIVE_INFINITY;
      void this.runDue();
    }, delay);
  }
}

/**
 * Faults around the process, during the same workload as the crash run (customers buy, are approved, use traffic and
 * renew against `bun src/cli.ts serve`):
 *
 *  - the S-UI panel goes down, answers slowly, fails with HTTP 500, says "database is locked" or refuses its token,
 *    at moments and for spells drawn from the seeded PRNG; once it recovers everything converges — every approved
 *    order fulfilled once, one client per subscription, as the store says it should be;
 *  - Telegram answers 429 in bursts to the user bot's sends, some customers block the bot while their notices are
 *    on the way, and the admin broadcasts to everyone from the admin bot half way through: every notice reaches the
 *    customers who did not block the bot exactly once, the broadcast reaches every reachable customer exactly once
 *    and counts the blocked ones.
 *
 *   RELIABILITY_SEED=123 RELIABILITY_FAULT_CUSTOMERS=100 npx bun test test/reliability/faults.test.ts
 */
import { expect, test } from "bun:test";
import { envInt, seedFromEnv } from "./support/prng.ts";
import { figuresLine, reliabilityRun, type RunOptions } from "./support/run.ts";

const seed = seedFromEnv();
const customers = envInt("RELIABILITY_FAULT_CUSTOMERS", 20);

const panelRun: RunOptions = {
  seed,
  customers,
  concurrency: 15,
  kills: 0,
  panelFaults: envInt("RELIABILITY_PANEL_FAULTS", 20),
  workloadMs: 240_000,
  settleMs: 120_000,
};

const telegramRun: RunOptions = {
  seed: seed + 1,
  customers,
  concurrency: 15,
  kills: 0,
  rateLimitBursts: envInt("RELIABILITY_429_BURSTS", 12),
  blockers: Math.max(2, Math.round(customers / 10)),
  broadcast: `📣 Reliability broadcast ${seed}: <b>20% off</b> renewals this week`,
  workloadMs: 240_000,
  settleMs: 120_000,
};

test(
  `panel faults: down, slow, 500, "database is locked", invalid token, and everything converges (seed ${seed})`,
  async () => {
    console.log(`reliability panel-faults: seed ${seed} (RELIABILITY_SEED=${seed} to replay the plan)`);
    const result = await reliabilityRun(panelRun);
    console.log(`RELIABILITY ${figuresLine("panel-faults", panelRun, result)}`);
    expect(result.panelFaults.length).toBeGreaterThan(0);
    expect(result.report.problems).toEqual({});
    expect(result.leaks).toEqual([]);
  },
  420_000,
);

test(
  `Telegram faults: 429 bursts, customers who block the bot, a broadcast through both (seed ${seed + 1})`,
  async () => {
    console.log(`reliability telegram-faults: seed ${seed + 1}`);
    const result = await reliabilityRun(telegramRun);
    console.log(`RELIABILITY ${figuresLine("telegram-faults", telegramRun, result)}`);
    expect(result.rateLimits.length).toBeGreaterThan(0);
    expect(result.broadcast?.state).toBe("done");
    expect(result.report.problems).toEqual({});
    expect(result.leaks).toEqual([]);
  },
  420_000,
);

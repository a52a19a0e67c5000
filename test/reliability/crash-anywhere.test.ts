/**
 * Crash anywhere: customers buy, send receipts, are approved in the admin bot, use traffic and renew, against
 * `bun src/cli.ts serve`, while the process is SIGKILLed at moments drawn from a seeded PRNG and started again each
 * time. At the end every approved order is fulfilled exactly once, each subscription has exactly one panel client,
 * the ledger sums equal the balances, no notification went out twice or got lost, no actor is quarantined or stuck,
 * and no secret was written to the log or sent in an HTTP answer.
 *
 *   RELIABILITY_SEED=123 RELIABILITY_CUSTOMERS=100 RELIABILITY_KILLS=20 npx bun test test/reliability/crash-anywhere.test.ts
 *
 * RELIABILITY_LOG=<file> appends every line the process writes; RELIABILITY_KEEP=1 keeps the store afterwards.
 */
import { expect, test } from "bun:test";
import { envInt, seedFromEnv } from "./support/prng.ts";
import { figuresLine, reliabilityRun, type RunOptions } from "./support/run.ts";

// CI runs 40 customers (80 approved receipts) under the 20 kills; 100 is the by-hand size. What bounds the run is
// the admin's chat: each receipt card reaches it at Telegram's one message a second, and the run ends only when
// the outbox is empty, so settling takes about 1.2 s per receipt still on its way.
const customers = envInt("RELIABILITY_CUSTOMERS", 40);
const options: RunOptions = {
  seed: seedFromEnv(),
  customers,
  concurrency: envInt("RELIABILITY_CONCURRENCY", 20),
  kills: envInt("RELIABILITY_KILLS", 20),
  workloadMs: envInt("RELIABILITY_WORKLOAD_S", 240) * 1000,
  settleMs: Math.max(90_000, customers * 2 * 1200),
};

test(
  `crash anywhere: ${options.customers} customers, ${options.kills} SIGKILLs (seed ${options.seed})`,
  async () => {
    console.log(`reliability crash-anywhere: seed ${options.seed} (RELIABILITY_SEED=${options.seed} to replay the plan)`);
    const result = await reliabilityRun(options);
    console.log(`RELIABILITY ${figuresLine("crash-anywhere", options, result)}`);
    if (result.errorLines.length > 0) console.log(`error lines in the log:\n${result.errorLines.slice(0, 20).join("\n")}`);
    expect(result.kills).toHaveLength(options.kills);
    expect(result.report.problems).toEqual({});
    expect(result.leaks).toEqual([]);
  },
  options.workloadMs + options.settleMs + 60_000,
);

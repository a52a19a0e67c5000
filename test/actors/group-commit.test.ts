import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Database } from "../../src/store/db.ts";
import { Runtime } from "../../actors/runtime.ts";
import { meterKind, TEST_TABLES } from "./fixtures/meter-kind.ts";

let dir: string;
let path: string;
let db: Database;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sk-group-"));
  path = join(dir, "store.sqlite");
  db = openDatabase(path);
  db.exec(TEST_TABLES);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function startRuntime(commits: number[]) {
  const runtime = new Runtime({ db, observer: { onCommit: (events) => commits.push(events) } }).register(meterKind());
  for (const id of ["m1", "m2", "m3", "m4"]) runtime.create("meter", id);
  return runtime;
}

const count = (sql: string, ...params: string[]) => (db.query(sql).get(...params) as { n: number }).n;

describe("group commit", () => {
  test("a refused or failing event inside a group rolls back alone; its neighbours commit", async () => {
    const commits: number[] = [];
    const runtime = startRuntime(commits);
    await runtime.send("meter", "m2", { type: "CHARGE", amount: 100 });
    commits.length = 0;

    const [used1, refused, used2, boom, missing, first, again] = await Promise.allSettled([
      runtime.send("meter", "m1", { type: "USE", bytes: 5 }),
      runtime.send("meter", "m2", { type: "CHARGE", amount: -150 }), // the wallet would go negative
      runtime.send("meter", "m2", { type: "USE", bytes: 7 }), // the same actor, right after its refused event
      runtime.send("meter", "m3", { type: "BOOM" }), // an action throws
      runtime.send("meter", "nobody", { type: "USE", bytes: 1 }),
      runtime.send("meter", "m4", { type: "USE", bytes: 9 }, { dedupeKey: "tg:1" }),
      runtime.send("meter", "m4", { type: "USE", bytes: 9 }, { dedupeKey: "tg:1" }), // seen earlier in the group
    ]);

    expect(commits).toEqual([7]);
    expect(used1).toMatchObject({ status: "fulfilled", value: { context: { used: 5 } } });
    expect(refused).toMatchObject({ status: "rejected", reason: { kind: "rejected" } });
    expect(used2).toMatchObject({ status: "fulfilled", value: { context: { used: 7 } } });
    expect(boom).toMatchObject({ status: "rejected", reason: { kind: "actor-error" } });
    expect(missing).toMatchObject({ status: "rejected", reason: { kind: "not-found" } });
    expect(first).toMatchObject({ status: "fulfilled", value: { duplicate: false, context: { used: 9 } } });
    expect(again).toMatchObject({ status: "fulfilled", value: { duplicate: true } });

    // What is stored is what the sends said, and the refused charge left no trace.
    expect(db.query("SELECT SUM(amount) AS total FROM test_wallet").get()).toEqual({ total: 100 });
    expect(count("SELECT COUNT(*) AS n FROM journal WHERE id = 'm2' AND event_type = 'CHARGE'")).toBe(1);
    expect(db.query("SELECT id, used FROM test_meter_view ORDER BY id").all()).toEqual([
      { id: "m1", used: 5 },
      { id: "m2", used: 7 },
      { id: "m3", used: 0 },
      { id: "m4", used: 9 },
    ]);
    expect(runtime.journal("meter", "m3")[0]).toMatchObject({ eventType: "BOOM", error: "a bug in an action" });
    expect(count("SELECT COUNT(*) AS n FROM journal WHERE id = 'm4' AND event_type = 'USE'")).toBe(1);

    // And memory agrees with the store: restoring every actor changes nothing.
    runtime.passivateAll();
    expect((await runtime.send("meter", "m2", { type: "USE", bytes: 1 })).context.used).toBe(8);
    expect((await runtime.send("meter", "m3", { type: "USE", bytes: 1 })).context.used).toBe(1);
  });

  test("a send resolves only once its group is committed: another connection already sees it", async () => {
    const runtime = startRuntime([]);
    const other = openDatabase(path, { migrate: false });
    const seen = await Promise.all(
      ["m1", "m2", "m3", "m4"].map((id, i) =>
        runtime.send("meter", id, { type: "USE", bytes: i + 1 }).then(
          () => (other.query("SELECT snapshot FROM actors WHERE id = ?").get(id) as { snapshot: string }).snapshot,
        ),
      ),
    );
    other.close();
    expect(seen.map((snapshot) => JSON.parse(snapshot).context.used)).toEqual([1, 2, 3, 4]);
  });

  test("sends queued past the group limit commit in several groups, in call order", async () => {
    const commits: number[] = [];
    const runtime = startRuntime(commits);
    await Promise.all(Array.from({ length: 2500 }, (_, seq) => runtime.send("meter", "m1", { type: "USE", bytes: 0, seq })));
    expect(commits).toEqual([1000, 1000, 500]);
    expect((runtime.read("meter", "m1")!.context as { seqs: number[] }).seqs).toEqual(Array.from({ length: 2500 }, (_, i) => i));
  });

  test("stopping the runtime commits the sends still queued", async () => {
    const runtime = startRuntime([]);
    await runtime.start();
    const pending = runtime.send("meter", "m1", { type: "USE", bytes: 3 });
    await runtime.stop();
    expect(runtime.read("meter", "m1")!.context).toMatchObject({ used: 3 });
    expect((await pending).context.used).toBe(3);
  });
});

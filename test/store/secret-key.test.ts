/**
 * SECRET_KEY and the store: a start with another key refuses with one line naming SECRET_KEY and what to do, and
 * changes nothing; `subkeeper rotate-key` re-seals every sealed value (wherever it is stored) in one transaction,
 * after which only the new key starts.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/store/db.ts";
import { openTokenBox } from "../../src/panels/token-box.ts";
import { insertServer } from "../../src/store/servers.ts";
import { resealAll } from "../../src/store/reseal.ts";
import { spawnCli } from "../support/processes.ts";

const OLD = "the-old-secret-key-0123456789";
const NEW = "the-new-secret-key-9876543210";
const dir = mkdtempSync(join(tmpdir(), "sk-secret-key-"));
const databasePath = join(dir, "subkeeper.sqlite");
const env = (extra: Record<string, string>) => ({ HOME: dir, DATABASE_PATH: databasePath, HTTP_PORT: "0", ...extra });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything a refused start must leave as it was. */
function storeState(): string {
  const db = openDatabase(databasePath);
  try {
    return JSON.stringify([db.query("SELECT * FROM store_meta ORDER BY name").all(), db.query("SELECT id, api_token_enc, updated_at FROM servers ORDER BY id").all()]);
  } finally {
    db.close();
  }
}

async function run(args: string[], extra: Record<string, string>): Promise<{ code: number; stderr: string; started: boolean }> {
  const child = spawnCli(args, env(extra));
  const started = args[0] === "serve" ? (await child.listening) !== null : false;
  if (started) child.proc.kill("SIGTERM");
  const code = await child.proc.exited;
  return { code, stderr: (await child.stderr).trim(), started };
}

beforeAll(async () => {
  const db = openDatabase(databasePath);
  const tokens = await openTokenBox(OLD);
  insertServer(db, { id: "s1", name: "s1", panelUrl: "http://127.0.0.1:9/app/", apiTokenSealed: await tokens.seal("panel-token-1"), subUrl: "http://127.0.0.1:9/sub/", inboundIds: [1], capacity: 0, serverGroup: "default" }, Date.now());
  db.close();
});

test("a start with another SECRET_KEY refuses with one line naming SECRET_KEY and what to do; nothing changes", async () => {
  expect((await run(["serve"], { SECRET_KEY: OLD })).started).toBe(true);
  const before = storeState();
  const refused = await run(["serve"], { SECRET_KEY: NEW });
  expect(refused.started).toBe(false);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr.split("\n")).toHaveLength(1);
  expect(refused.stderr).toContain("SECRET_KEY does not fit this store");
  expect(refused.stderr).toContain("rotate-key");
  expect(refused.stderr).not.toContain(NEW);
  expect(storeState()).toBe(before);
}, 30_000);

test("rotate-key re-seals every panel secret; then the new key starts and the old one is refused", async () => {
  const missing = await run(["rotate-key"], { SECRET_KEY: OLD });
  expect(missing.code).not.toBe(0);
  expect(missing.stderr).toContain("NEW_SECRET_KEY");

  const rotated = spawnCli(["rotate-key"], env({ SECRET_KEY: OLD, NEW_SECRET_KEY: NEW }));
  expect(await rotated.proc.exited).toBe(0);
  expect(await rotated.stdout).toContain("re-sealed 1 secrets (servers 1)");

  const db = openDatabase(databasePath);
  const sealed = db.query<{ api_token_enc: string }, []>("SELECT api_token_enc FROM servers").get()!.api_token_enc;
  db.close();
  expect(await (await openTokenBox(NEW)).open(sealed)).toBe("panel-token-1");
  expect((await run(["serve"], { SECRET_KEY: NEW })).started).toBe(true);
  const old = await run(["serve"], { SECRET_KEY: OLD });
  expect(old.started).toBe(false);
  expect(old.stderr).toContain("SECRET_KEY does not fit this store");
}, 30_000);

test("resealing finds sealed values in any table and inside JSON, so a new panel kind's sealed column is covered", async () => {
  const db = openDatabase(":memory:");
  const from = await openTokenBox(OLD);
  const to = await openTokenBox(NEW);
  db.exec("CREATE TABLE panel_logins (server_id TEXT PRIMARY KEY, username TEXT, password_enc TEXT) STRICT, WITHOUT ROWID");
  db.query("INSERT INTO panel_logins VALUES ('x1', 'admin', ?)").run(await from.seal("hunter2"));
  db.exec("CREATE TABLE flows (id INTEGER PRIMARY KEY, state TEXT)");
  db.query("INSERT INTO flows (state) VALUES (?)").run(JSON.stringify({ step: "sub-url", tokenSealed: await from.seal("t-1"), other: await from.seal("t-2") }));
  // Of the sealed form but sealed with some other key: left alone, counted.
  db.query("INSERT INTO flows (state) VALUES (?)").run(await (await openTokenBox("some-unrelated-key-000000")).seal("x"));
  const report = await resealAll(db, from, to);
  expect(report).toEqual({ resealed: 3, tables: { panel_logins: 1, flows: 2 }, unopened: 1 });
  const password = db.query<{ password_enc: string }, []>("SELECT password_enc FROM panel_logins").get()!.password_enc;
  expect(await to.open(password)).toBe("hunter2");
  const flow = JSON.parse(db.query<{ state: string }, []>("SELECT state FROM flows WHERE id = 1").get()!.state);
  expect([await to.open(flow.tokenSealed), await to.open(flow.other)]).toEqual(["t-1", "t-2"]);
  db.close();
}, 30_000);

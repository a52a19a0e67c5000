/**
 * An Idempotency-Key claimed by a process that is SIGKILLed mid-request is released at the next start: the retry
 * runs (once) instead of answering "still running" for a day.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";
import { spawnCli, type ServeChild } from "../support/processes.ts";

const TOKEN = "idempotency-crash-operator-token-0123";
const dir = mkdtempSync(join(tmpdir(), "sk-idem-crash-"));
let panel: SuiPanel;
const children: ServeChild[] = [];
beforeAll(async () => {
  panel = await startSuiPanel();
});
afterAll(async () => {
  for (const child of children) child.proc.kill("SIGKILL");
  await panel.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(): Promise<string> {
  const child = spawnCli(["serve"], {
    HOME: dir,
    DATABASE_PATH: join(dir, "subkeeper.sqlite"),
    HTTP_PORT: "0",
    SECRET_KEY: "idempotency-crash-test-key-0123456",
    OPERATOR_TOKEN: TOKEN,
  });
  children.push(child);
  const url = await child.listening;
  if (!url) throw new Error(`serve did not start: ${await child.stderr}`);
  return url;
}

test("SIGKILL during a keyed POST: after the restart the retry runs and adds the server once", async () => {
  const body = JSON.stringify({ name: "Frankfurt", panelUrl: panel.url, apiToken: panel.token, subUrl: panel.subUrl, inboundIds: [1] });
  const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", "idempotency-key": "add-frankfurt-1" };
  const post = (base: string) => fetch(`${base}/api/servers`, { method: "POST", headers, body });

  // The panel's answer is stuck: the request has claimed its key and waits inside the handler when the kill lands.
  await panel.setFault({ mode: "slow", delayMs: 60_000 });
  const first = await serve();
  const cut = post(first).catch(() => null);
  while (Object.keys(panel.counts()).length === 0) await Bun.sleep(20);
  children[0]!.proc.kill("SIGKILL");
  await children[0]!.proc.exited;
  expect(await cut).toBeNull();

  await panel.setFault(null);
  const second = await serve();
  const retry = await post(second);
  const answer = (await retry.json()) as { id?: string; error?: { code: string } };
  expect(answer.error?.code).toBeUndefined();
  expect(retry.status).toBe(201);
  const again = await post(second);
  expect(again.headers.get("idempotent-replayed")).toBe("true");
  const servers = (await (await fetch(`${second}/api/servers`, { headers })).json()) as { name: string }[];
  expect(servers.filter((s) => s.name === "Frankfurt")).toHaveLength(1);
}, 30_000);

/** The 3x-ui driver against 3x-ui v2.9.4: cookie sessions, clients inside inbounds. */
import { expect, test } from "bun:test";
import { XuiDriver } from "../../src/panels/xui-driver.ts";
import { startXuiPanel } from "../fakes/xui-panel.ts";
import { spec, xuiContract } from "./xui-contract.ts";
import { failure } from "./failure.ts";

xuiContract("2.9.4", "inbounds", { auth: "login" });

test("v2.9.4: the last client of an inbound is disabled instead of deleted; an API token is refused as v3-only", async () => {
  const panel = await startXuiPanel({ version: "2.9.4" });
  try {
    const driver = new XuiDriver({ panelUrl: panel.url, auth: { type: "login", username: panel.username, password: panel.password }, subUrl: panel.subUrl });
    await driver.createClient(spec("sk-only"));
    expect(await driver.deleteClient("sk-only")).toBe(true);
    expect(panel.client("sk-only")!.entry.enable).toBe(false);
    const token = await failure(new XuiDriver({ panelUrl: panel.url, auth: { type: "token", token: "some-token-1234567" } }).probe());
    expect([token.reason, token.message]).toEqual(["unsupported-version", expect.stringContaining("API tokens")]);
    const old = await startXuiPanel({ version: "2.9.4", advertisedVersion: "2.6.7" });
    const refused = await failure(new XuiDriver({ panelUrl: old.url, auth: { type: "login", username: old.username, password: old.password } }).probe());
    await old.stop();
    expect([refused.reason, refused.message]).toEqual(["unsupported-version", expect.stringContaining("2.6.7")]);
  } finally {
    await panel.stop();
  }
});

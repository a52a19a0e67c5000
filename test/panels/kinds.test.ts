/** The panel-kind seam: the factory picks a driver by kind, shares one driver per connection, and refuses what it cannot drive. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { PanelDrivers, panelKind, supportedPanelKinds } from "../../src/panels/kinds.ts";
import { isPanelError } from "../../src/panels/panel.ts";
import { SuiDriver } from "../../src/panels/sui-driver.ts";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";
import { createServerWorld, type ServerWorld } from "../servers/world.ts";

let world: ServerWorld;
let panel: SuiPanel;
beforeEach(async () => {
  world = await createServerWorld();
  panel = await startSuiPanel();
});
afterEach(async () => {
  await world.close();
  await panel.stop();
});

test("the factory builds the driver of the kind, normalises the URL the kind's way, and shares one driver per connection", () => {
  const drivers = new PanelDrivers();
  const a = drivers.connect("s-ui", { panelUrl: "http://127.0.0.1:2095/app/apiv2", auth: { type: "token", token: "t0ken" } });
  expect(a).toBeInstanceOf(SuiDriver);
  expect((a as SuiDriver).panelUrl).toBe("http://127.0.0.1:2095/app/");
  expect(drivers.connect("s-ui", { panelUrl: "http://127.0.0.1:2095/app", auth: { type: "token", token: "t0ken" } })).toBe(a);
  expect(drivers.connect("s-ui", { panelUrl: "http://127.0.0.1:2095/app/", auth: { type: "token", token: "other" } })).not.toBe(a);
  expect(supportedPanelKinds()).toContain("s-ui");
});

test("the factory keeps a bounded number of drivers: wrong credentials typed again and again do not pile up", () => {
  const drivers = new PanelDrivers();
  const connect = (token: string) => drivers.connect("s-ui", { panelUrl: "http://127.0.0.1:2095/app/", auth: { type: "token", token } });
  const first = connect("token-0");
  for (let i = 1; i <= 300; i++) connect(`token-${i}`);
  expect(connect("token-300")).toBe(connect("token-300"));
  expect(connect("token-0")).not.toBe(first);
});

test("an unknown kind, or credentials the kind does not take, are permanent invalid input", () => {
  const drivers = new PanelDrivers();
  for (const attempt of [
    () => drivers.connect("nonsense", { panelUrl: "http://h/", auth: { type: "token", token: "t" } }),
    () => drivers.connect("s-ui", { panelUrl: "http://h/app/", auth: { type: "login", username: "u", password: "p" } }),
    () => panelKind("x-ui-classic"),
  ]) {
    let caught: unknown;
    try {
      attempt();
    } catch (error) {
      caught = error;
    }
    expect(isPanelError(caught) && [caught.kind, caught.reason]).toEqual(["permanent", "invalid-input"]);
  }
});

test("the registry drives a server by its panel_kind column; inspectPanel answers what the panel has without saving", async () => {
  const inspected = await world.servers.inspectPanel({ panel: "s-ui", panelUrl: panel.url, apiToken: panel.token });
  expect(inspected.ok && inspected.value).toMatchObject({ kind: "s-ui", panelUrl: panel.url, version: null, inbounds: [{ id: "1" }, { id: "2" }] });
  expect(world.servers.list()).toHaveLength(0);

  const unknownKind = await world.servers.inspectPanel({ panel: "xray-classic", panelUrl: panel.url, apiToken: panel.token });
  expect(!unknownKind.ok && unknownKind.error.code).toBe("invalid-input");
  const missing = await world.servers.inspectPanel({ panelUrl: panel.url, apiToken: panel.token, inboundIds: [7] });
  expect(!missing.ok && missing.error.code).toBe("unknown-inbound");

  const added = await world.servers.add({ name: "de-1", panelUrl: panel.url, apiToken: panel.token, inboundIds: [1] });
  if (!added.ok) throw new Error(added.error.message);
  expect(added.value.panelKind).toBe("s-ui");
  const driver = await world.panels.driverFor(added.value.id);
  expect(driver.kind).toBe("s-ui");
  // The check before saving and the registry share one driver: one session per panel.
  expect(driver).toBe(world.panels.factory.connect("s-ui", { panelUrl: panel.url, auth: { type: "token", token: panel.token }, subUrl: added.value.subUrl }));

  world.db.query("UPDATE servers SET panel_kind = 'nonsense' WHERE id = ?").run(added.value.id);
  world.panels.invalidate(added.value.id);
  const refused = await world.panels.driverFor(added.value.id).catch((error: unknown) => error);
  expect(isPanelError(refused) && refused.message).toContain('the panel kind "nonsense" is not supported');
});

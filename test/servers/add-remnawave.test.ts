/**
 * Adding a Remnawave server (issue 13 item 3, for this kind): the panel is checked before saving — the version
 * found, the token accepted, the squads present — and the token sealed, never shown. A backend of a version the
 * driver does not speak, a wrong token or a squad that does not exist are refused with words an admin can act on,
 * and nothing is saved.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startRemnawavePanel, type RemnawavePanel } from "../fakes/remnawave-panel.ts";
import { createServerWorld, type ServerWorld } from "./world.ts";

let world: ServerWorld;
let panel: RemnawavePanel | undefined;

beforeEach(async () => {
  world = await createServerWorld();
});
afterEach(async () => {
  await world.close();
  await panel?.stop();
  panel = undefined;
});

const count = () => world.db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM servers").get()!.n;

describe("adding a Remnawave server", () => {
  for (const version of ["2.8.1", "3.3.2"]) {
    test(`${version}: checked on the live panel, saved with its squad, the token sealed and never shown`, async () => {
      panel = await startRemnawavePanel({ version });
      const squad = panel.squads()[0]!.uuid;
      const added = await world.servers.add({ name: "rw-1", panel: "remnawave", panelUrl: `${panel.url}/api`, apiToken: panel.token, inboundIds: [squad] });
      expect(added.ok).toBe(true);
      if (!added.ok) return;
      expect(added.value).toMatchObject({ panelKind: "remnawave", panelUrl: `${panel.url}/`, subUrl: `${panel.url}/api/sub/`, inboundIds: [squad] });
      expect(JSON.stringify(added.value)).not.toContain(panel.token);
      const row = world.db.query<Record<string, unknown>, []>("SELECT * FROM servers WHERE name = 'rw-1'").get()!;
      expect(JSON.stringify(row)).not.toContain(panel.token);
      expect(panel.counts().login).toBe(0);
    });
  }

  test("an unknown version, a wrong token, a squad that is not there: refused in plain words, nothing saved", async () => {
    panel = await startRemnawavePanel({ version: "4.1.0" });
    const before = count();
    const newer = await world.servers.add({ name: "rw-4", panel: "remnawave", panelUrl: panel.url, apiToken: panel.token, inboundIds: [panel.squads()[0]!.uuid] });
    expect(newer).toMatchObject({ ok: false, error: { code: "unsupported-version" } });
    if (!newer.ok) expect(newer.error.message).toContain("Remnawave 4.1.0; subkeeper speaks 2.x and 3.x");
    await panel.stop();

    panel = await startRemnawavePanel({ version: "3.3.2" });
    const wrong = await world.servers.add({ name: "rw-5", panel: "remnawave", panelUrl: panel.url, apiToken: "eyJ.not-the-token", inboundIds: [panel.squads()[0]!.uuid] });
    expect(wrong).toMatchObject({ ok: false, error: { code: "auth" } });
    if (!wrong.ok) expect(wrong.error.message).not.toContain("eyJ.not-the-token");
    const missing = await world.servers.add({ name: "rw-6", panel: "remnawave", panelUrl: panel.url, apiToken: panel.token, inboundIds: [crypto.randomUUID()] });
    expect(missing).toMatchObject({ ok: false, error: { code: "unknown-inbound" } });
    if (!missing.ok) expect(missing.error.message).toContain("Default-Squad");
    const none = await world.servers.add({ name: "rw-7", panel: "remnawave", panelUrl: panel.url, apiToken: panel.token, inboundIds: [] });
    expect(none).toMatchObject({ ok: false, error: { code: "invalid-input" } });
    expect(count()).toBe(before);
  });
});

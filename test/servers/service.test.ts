import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startSuiPanel, type SuiPanel } from "../fakes/sui-panel.ts";
import { startXuiPanel } from "../fakes/xui-panel.ts";
import { getServer } from "../../src/store/servers.ts";
import { createServerWorld, type ServerWorld } from "./world.ts";
import type { AddServerInput } from "../../src/servers/service.ts";

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

const good = (): AddServerInput => ({ name: "de-1", panelUrl: panel.url, apiToken: panel.token, inboundIds: [1, 2], capacity: 500, group: "germany" });

/** Everything an add could leave behind. */
function footprint() {
  const count = (table: string) => world.db.query<{ n: number }, []>(`SELECT COUNT(*) AS n FROM ${table}`).get()!.n;
  return { servers: count("servers"), actors: count("actors"), timers: count("timers"), outbox: count("outbox"), journal: count("journal") };
}
const nothing = { servers: 0, actors: 0, timers: 0, outbox: 0, journal: 0 };

describe("adding a server", () => {
  test("checks the panel, seals the token, saves the server and starts watching it", async () => {
    const added = await world.servers.add({ ...good(), panelUrl: panel.url.replace(/\/$/, "") });
    // Read before anything else awaits: the new actor's first probe is on its way and would count too.
    const checks = panel.counts();
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    expect(added.value).toMatchObject({
      name: "de-1",
      panelUrl: panel.url,
      subUrl: `http://127.0.0.1:2096/sub/`,
      inboundIds: [1, 2],
      capacity: 500,
      serverGroup: "germany",
      state: "probing",
      actorState: "probing",
    });
    expect(JSON.stringify(added.value)).not.toContain(panel.token);
    const stored = world.db.query<{ api_token_enc: string }, [string]>("SELECT api_token_enc FROM servers WHERE id = ?").get(added.value.id)!;
    expect(stored.api_token_enc).not.toContain(panel.token);
    expect(await world.tokens.open(stored.api_token_enc)).toBe(panel.token);
    expect(checks).toMatchObject({ status: 1, inbounds: 1 });

    await world.settle();
    const [listed] = world.servers.list();
    expect(listed).toMatchObject({ id: added.value.id, state: "healthy", health: "ok", coreRunning: true, clientCount: 0 });
    expect(listed!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  test("a panel that does not answer changes nothing", async () => {
    await panel.setFault({ mode: "down" });
    const added = await world.servers.add(good());
    expect(added).toEqual({
      ok: false,
      error: { code: "unreachable", message: expect.stringContaining(`the panel did not answer at ${panel.url}`) },
    });
    expect(footprint()).toEqual(nothing);
  });

  test("a refused token changes nothing, and is not repeated back", async () => {
    const token = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    const added = await world.servers.add({ ...good(), apiToken: token });
    expect(added.ok).toBe(false);
    if (added.ok) return;
    expect(added.error.code).toBe("auth");
    expect(added.error.message).toStartWith(`the API token was refused by the panel at ${panel.url}`);
    expect(added.error.message).not.toContain(token);
    expect(footprint()).toEqual(nothing);
  });

  test("an inbound the panel does not have changes nothing", async () => {
    const added = await world.servers.add({ ...good(), inboundIds: [1, 7] });
    expect(added).toEqual({
      ok: false,
      error: { code: "unknown-inbound", message: "inbound 7 does not exist on this panel; it has 1 (vless-in), 2 (trojan-in)" },
    });
    expect(footprint()).toEqual(nothing);
  });

  test("a wrong web path is explained", async () => {
    const added = await world.servers.add({ ...good(), panelUrl: panel.url.replace("/app/", "/panel/") });
    expect(added.ok).toBe(false);
    if (!added.ok) expect(added.error.message).toContain("check the panel URL and its web path");
    expect(footprint()).toEqual(nothing);
  });

  test("input that cannot be right is refused before the panel is called", async () => {
    const cases: [Partial<AddServerInput>, string][] = [
      [{ name: "  " }, "give the server a name"],
      [{ panelUrl: "ftp://1.2.3.4/app/" }, "the panel URL must be an absolute http(s) address"],
      [{ panelUrl: "1.2.3.4:2095" }, "the panel URL must be an absolute http(s) address"],
      [{ apiToken: "" }, "give the panel's API token"],
      [{ inboundIds: [] }, "give at least one inbound id"],
      [{ inboundIds: [1.5] }, "inbound ids are whole numbers"],
      [{ capacity: -1 }, "capacity is a whole number"],
      [{ group: "two words" }, "a server group is"],
    ];
    for (const [patch, words] of cases) {
      const added = await world.servers.add({ ...good(), ...patch });
      expect(added.ok).toBe(false);
      if (!added.ok) expect({ code: added.error.code, message: added.error.message }).toEqual({ code: "invalid-input", message: expect.stringContaining(words) });
    }
    expect(panel.counts()).toEqual({});
    expect(footprint()).toEqual(nothing);
  });

  test("a second server with the same name is refused", async () => {
    expect((await world.servers.add(good())).ok).toBe(true);
    const before = footprint();
    const again = await world.servers.add(good());
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error).toEqual({ code: "duplicate-name", message: 'a server named "de-1" already exists' });
    expect(footprint()).toEqual(before);
  });
});

describe("updating a server", () => {
  test("a new URL is checked first; a wrong one changes nothing", async () => {
    const added = await world.servers.add(good());
    if (!added.ok) throw new Error(added.error.message);
    await world.settle();
    const other = await startSuiPanel({ token: panel.token });
    try {
      const moved = await world.servers.update(added.value.id, { panelUrl: other.url, inboundIds: [2] });
      expect(moved.ok && moved.value).toMatchObject({ panelUrl: other.url, subUrl: "http://127.0.0.1:2096/sub/", inboundIds: [2] });
      await world.settle();
      expect(other.counts().status).toBeGreaterThanOrEqual(2); // the check, then the probe at once

      await other.stop();
      const broken = await world.servers.update(added.value.id, { panelUrl: panel.url, inboundIds: [9] });
      expect(broken.ok).toBe(false);
      if (!broken.ok) expect(broken.error.code).toBe("unknown-inbound");
      expect(world.servers.get(added.value.id)).toMatchObject({ panelUrl: other.url, inboundIds: [2] });

      const renamed = await world.servers.update(added.value.id, { name: "de-2", capacity: 0 });
      expect(renamed.ok && renamed.value).toMatchObject({ name: "de-2", capacity: 0 });
    } finally {
      await other.stop();
    }
  });

  test("a 3x-ui server's password changed on the panel: a wrong new one changes nothing, the right one is sealed and a new session used", async () => {
    const xui = await startXuiPanel({ version: "3.0.2" });
    try {
      const added = await world.servers.add({ name: "nl-1", panel: "3x-ui", panelUrl: xui.url, username: xui.username, password: xui.password, inboundIds: [1] });
      if (!added.ok) throw new Error(added.error.message);
      await world.settle();
      xui.setPassword("rotated-password-1");
      const wrong = await world.servers.update(added.value.id, { password: "still-not-it" });
      expect(!wrong.ok && wrong.error.code).toBe("auth");
      expect(await world.tokens.open(getServer(world.db, added.value.id)!.api_token_enc)).toBe("admin-password");
      const right = await world.servers.update(added.value.id, { password: "rotated-password-1" });
      expect(right.ok).toBe(true);
      const row = getServer(world.db, added.value.id)!;
      expect([row.panel_username, await world.tokens.open(row.api_token_enc)]).toEqual([xui.username, "rotated-password-1"]);
      await world.settle();
      expect(world.servers.get(added.value.id)!.state).toBe("healthy");
      // A kind is never changed by an update: there is no field for it.
      expect(Object.keys(right.ok ? right.value : {})).toContain("panelKind");
    } finally {
      await xui.stop();
    }
  });
});

/**
 * The Marzban 0.8.x driver against the Marzban 0.8.4 simulator: the family contract, and what only Marzban does
 * (usernames rewritten to its rules and matched without case, inbound tags, its subscription formats).
 */
import { describe, expect, test } from "bun:test";
import { marzbanFlavor, marzbanPanel } from "../../src/panels/marzban-driver.ts";
import { ensureClient } from "../../src/panels/panel.ts";
import { familyContract, spec } from "./marzban-family-contract.ts";
import { failure } from "./failure.ts";

const world = familyContract(marzbanFlavor, "Marzban 0.8.4");

describe("Marzban 0.8.4: its own rules", () => {
  test("subkeeper's sk-<n> is written sk_<n> (Marzban refuses sk-123) and read back as sk-<n>", async () => {
    const client = await world.driver.createClient(spec("sk-123"));
    expect(client).toMatchObject({ id: "sk_123", name: "sk-123" });
    expect(world.panel.users()[0]?.username).toBe("sk_123");
    expect((await world.driver.listClients()).map((c) => c.name)).toEqual(["sk-123"]);
    expect(marzbanFlavor.ourName("john_doe")).toBe("john_doe");
    expect(() => marzbanFlavor.panelName("x")).toThrow();
  });

  test("the name is taken whatever its case: find returns the panel's user, so ensureClient creates none", async () => {
    world.panel.addUserByHand({ username: "SK_123" });
    const { created, client } = await ensureClient(world.driver, spec("sk-123"));
    expect(created).toBe(false);
    expect(client.id).toBe("SK_123");
    expect(world.panel.users()).toHaveLength(1);
  });

  test("inbound ids are tags: the user gets the protocols of the tags asked for, links for those only", async () => {
    const client = await world.driver.createClient(spec("sk-5", { inboundIds: ["VMess TCP", "Trojan Websocket TLS"] }));
    expect(client.inboundIds.sort()).toEqual(["Trojan Websocket TLS", "VMess TCP"]);
    expect(Object.keys(world.panel.users()[0]?.proxies ?? {}).sort()).toEqual(["trojan", "vmess"]);
    expect(client.links.map((l) => l.uri.split(":")[0]).sort()).toEqual(["trojan", "vmess"]);
    const moved = await world.driver.updateClient(client.id, { inboundIds: ["VLESS TCP REALITY"] });
    expect(moved.inboundIds).toEqual(["VLESS TCP REALITY"]);
    expect(await failure(world.driver.createClient(spec("sk-6", { inboundIds: ["No Such Tag"] })))).toMatchObject({ reason: "invalid-input" });
  });

  test("an empty inbound list puts the user on every inbound", async () => {
    const client = await world.driver.createClient(spec("sk-7"));
    expect(client.inboundIds).toHaveLength(4);
  });

  test("a PasarGuard panel added as Marzban is refused with the right advice", async () => {
    await world.panel.stop();
    const { startPasarGuardPanel } = await import("../fakes/marzban-panel.ts");
    world.panel = startPasarGuardPanel();
    world.driver = world.connect();
    const error = await failure(world.driver.probe());
    expect(error.reason).toBe("unsupported-version");
    expect(error.message).toContain("add it as a pasarguard server");
  });

  test("the kind module: login auth only; the URL loses a pasted /dashboard", () => {
    expect(marzbanPanel.normalizePanelUrl("https://panel.example.com:8000/dashboard/")).toBe("https://panel.example.com:8000/");
    expect(() => marzbanPanel.connect({ panelUrl: "https://p.example/", auth: { type: "token", token: "abcdefgh" } })).toThrow();
  });
});

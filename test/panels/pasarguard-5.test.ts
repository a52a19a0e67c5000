/**
 * The PasarGuard 5.x driver against the PasarGuard 5.2.1 simulator: the family contract, and what only PasarGuard
 * does (numeric ids and the by-id routes, group ids, ISO expiry, case-sensitive usernames, 201/204).
 */
import { describe, expect, test } from "bun:test";
import { pasarguardFlavor, pasarguardPanel, unixSeconds } from "../../src/panels/pasarguard-driver.ts";
import { familyContract, spec } from "./marzban-family-contract.ts";
import { failure } from "./failure.ts";

const world = familyContract(pasarguardFlavor, "PasarGuard 5.2.1");

describe("PasarGuard 5.2.1: its own rules", () => {
  test("users are keyed by their numeric id and named as subkeeper names them", async () => {
    const client = await world.driver.createClient(spec("sk-123"));
    expect(client).toMatchObject({ id: "1", name: "sk-123", inboundIds: ["1"] });
    world.panel.resetCounts();
    await world.driver.getClient("1");
    expect(world.panel.requests().map((r) => r.path)).toEqual(["/api/user/by-id/1"]);
  });

  test("expire is answered as ISO with Z and read back as unix seconds", async () => {
    const client = await world.driver.createClient(spec("sk-1", { expiryUnixS: 1_900_000_123 }));
    expect(client.expiryUnixS).toBe(1_900_000_123);
    expect(unixSeconds("2030-03-17T17:46:40Z")).toBe(1_900_000_000);
    expect(unixSeconds("2030-03-17T17:46:40")).toBe(1_900_000_000);
    expect(unixSeconds(null)).toBe(0);
  });

  test("an unknown group on create is a permanent refusal, never 'not found'", async () => {
    const error = await failure(world.driver.createClient(spec("sk-2", { inboundIds: ["9"] })));
    expect(error).toMatchObject({ kind: "permanent", reason: "rejected", panelMessage: "Group not found" });
    expect(world.panel.users()).toHaveLength(0);
  });

  test("names differing only in case are different users", async () => {
    world.panel.addUserByHand({ username: "SK-3" });
    expect(await world.driver.findClientByName("sk-3")).toEqual([]);
  });

  test("a Marzban panel added as PasarGuard is refused with the right advice", async () => {
    await world.panel.stop();
    const { startMarzbanPanel } = await import("../fakes/marzban-panel.ts");
    world.panel = startMarzbanPanel();
    world.driver = world.connect();
    const error = await failure(world.driver.probe());
    expect(error.message).toContain("add it as a marzban server");
  });

  test("group ids are numbers; a name PasarGuard refuses is caught before sending", async () => {
    expect(await failure(world.driver.createClient(spec("sk-4", { inboundIds: ["default"] })))).toMatchObject({ reason: "invalid-input" });
    expect(() => pasarguardFlavor.panelName("a--b")).toThrow();
    expect(pasarguardPanel.inboundIdType).toBe("number");
  });
});

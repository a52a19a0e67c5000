/**
 * The Remnawave driver against the simulator at 2.8.1 (remnawave/backend ba518681): the shared contract, and what is
 * 2.x only — users keyed by uuid, DELETE answering `{isDeleted}`, a backend before 2.5 without the metadata route.
 */
import { describe, expect, test } from "bun:test";
import { startRemnawavePanel } from "../fakes/remnawave-panel.ts";
import { connect, GB, remnawaveContract, type ContractWorld } from "./remnawave-contract.ts";
import { failure } from "./failure.ts";

const world = {} as ContractWorld;

describe("Remnawave 2.8.1", () => {
  remnawaveContract("2.8.1", world);

  test("clients are keyed by the user's uuid; a 3.x id is refused before it is sent", async () => {
    const client = await world.driver.createClient({ name: "sk_u", inboundIds: [world.squad], volumeBytes: GB, expiryUnixS: 0, enable: true });
    expect(client.id).toBe(world.panel.user("sk_u")!.uuid);
    world.panel.resetCounts();
    const error = await failure(world.driver.getClient("17"));
    expect(error).toMatchObject({ kind: "permanent", reason: "stale-key" });
    expect(error.message).toContain("3.x user id");
    expect(world.panel.counts()["users:get"]).toBeUndefined();
  });

  test("a backend before 2.5 (no metadata route) is driven as 2.x", async () => {
    const old = await startRemnawavePanel({ version: "2.4.4" });
    try {
      const driver = connect(old);
      expect(await driver.probe()).toMatchObject({ version: null, clients: 0 });
      const client = await driver.createClient({ name: "sk_old", inboundIds: [old.squads()[0]!.uuid], volumeBytes: GB, expiryUnixS: 0, enable: true });
      expect(client.id).toBe(old.user("sk_old")!.uuid);
    } finally {
      await old.stop();
    }
  });

  test("upgraded to 3.x under a running driver: the stale uuid's 400 is never a not-found; the driver re-probes and says stale-key", async () => {
    const client = await world.driver.createClient({ name: "sk_up", inboundIds: [world.squad], volumeBytes: GB, expiryUnixS: 0, enable: true });
    const { port, token } = world.panel;
    await world.panel.stop();
    world.panel = await startRemnawavePanel({ version: "3.3.2", port, token });
    const upgradedSquad = world.panel.squads()[0]!.uuid;
    world.panel.addUserByHand({ username: "sk_up", squads: [upgradedSquad] });
    const driver = world.driver;
    // The driver still thinks 2.x: the panel answers the uuid with 400, the driver probes again and knows why.
    const stale = await failure(driver.getClient(client.id));
    expect(stale).toMatchObject({ kind: "permanent", reason: "stale-key" });
    expect(stale.message).toContain("2.x user uuid");
    expect(world.panel.counts().metadata).toBe(1);
    expect(await failure(driver.deleteClient(client.id))).toMatchObject({ kind: "permanent", reason: "stale-key" });
    expect(world.panel.counts()["users:delete"]).toBeUndefined();
    // Found again by name, never created twice.
    expect((await driver.findClientByName("sk_up")).map((c) => c.id)).toEqual([String(world.panel.user("sk_up")!.id)]);
    expect(world.panel.users()).toHaveLength(1);
  });
});

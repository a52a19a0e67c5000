/**
 * The Remnawave driver against the simulator at 3.3.2 (remnawave/backend 347e6de1; 3.0.0's user routes are the
 * same): the shared contract, and what is 3.x only — users keyed by numeric id, a 2.x uuid refused, DELETE 204.
 */
import { describe, expect, test } from "bun:test";
import { connect, GB, remnawaveContract, type ContractWorld } from "./remnawave-contract.ts";
import { failure } from "./failure.ts";

const world = {} as ContractWorld;

describe("Remnawave 3.3.2", () => {
  remnawaveContract("3.3.2", world);

  test("clients are keyed by the numeric id; a stale 2.x uuid is refused, never read as a missing user", async () => {
    const client = await world.driver.createClient({ name: "sk_i", inboundIds: [world.squad], volumeBytes: GB, expiryUnixS: 0, enable: true });
    const user = world.panel.user("sk_i")!;
    expect(client.id).toBe(String(user.id));
    world.panel.resetCounts();
    for (const call of [world.driver.getClient(user.uuid), world.driver.updateClient(user.uuid, { enable: false }), world.driver.deleteClient(user.uuid)]) {
      const error = await failure(call);
      expect(error).toMatchObject({ kind: "permanent", reason: "stale-key" });
      expect(error.message).toContain("2.x user uuid");
    }
    expect(world.panel.counts()).toEqual({ login: 0 });
    expect(world.panel.user("sk_i")!.status).toBe("ACTIVE");
  });

  test("DELETE answers 204 with no body: true, then false", async () => {
    const client = await world.driver.createClient({ name: "sk_d", inboundIds: [world.squad], volumeBytes: GB, expiryUnixS: 0, enable: true });
    expect(await world.driver.deleteClient(client.id)).toBe(true);
    expect(world.panel.requests().at(-1)).toMatchObject({ action: "users:delete", status: 204 });
    expect(await world.driver.deleteClient(client.id)).toBe(false);
    expect(await connect(world.panel).getClient(client.id)).toBeNull();
  });
});

/** The subscription actor: its machine with the panel effects, notices and its read model. */
import type { Database } from "bun:sqlite";
import type { KindDefinition, PlainEvent } from "../../actors/types.ts";
import type { Runtime } from "../../actors/runtime.ts";
import { subscriptionMachine, type SubscriptionContext } from "../../machines/subscription.ts";
import { PanelError, ensureClient, type ClientCredentials, type PanelDriver } from "../panels/panel.ts";
import type { PanelRegistry } from "../servers/registry.ts";
import { pickServer } from "../servers/placement.ts";
import { getServer, inboundKeys } from "../store/servers.ts";
import { noticeEffects, type Notices } from "./notices.ts";
import { projectSubscription } from "../store/subscriptions.ts";

export interface SubscriptionKindDeps {
  db: Database;
  panels: PanelRegistry;
  notices: Notices;
  runtime: () => Runtime;
  /** Auto-renew from the wallet (Sales.autoRenew); bound late, the core builds Sales after its kinds. */
  autoRenew?: (input: AutoRenewDue) => Promise<void>;
}

export interface AutoRenewDue {
  subscriptionId: string;
  customerId: number;
  planId: number;
  period: number;
}

function inboundsOf(db: Database, serverId: string): string[] {
  const row = getServer(db, serverId);
  if (!row) throw new PanelError("permanent", "not-found", "config", `server ${serverId} does not exist`);
  return inboundKeys(row);
}

/** A stored client key; subscriptions from before panel kinds hold S-UI's id as a number. */
const clientKey = (id: string | number): string => String(id);

/**
 * Runs a call on the subscription's client by its stored key. When the driver says the key is of an older API
 * generation (a Remnawave 2.x uuid after the panel moved to 3.x), the client is found once by its name and the call
 * runs on the key the panel uses now, which the caller reports so the subscription stores it.
 */
async function onClient<T>(driver: PanelDriver, stored: string | number, clientName: string, call: (key: string) => Promise<T>): Promise<{ result: T; key: string }> {
  const key = clientKey(stored);
  try {
    return { result: await call(key), key };
  } catch (error) {
    if (!(error instanceof PanelError && error.reason === "stale-key") || clientName === "") throw error;
    const [found] = await driver.findClientByName(clientName);
    if (!found) throw error;
    return { result: await call(found.id), key: found.id };
  }
}

/** A panel call failed after the panel confirmed it holds no client of this name: safe to try elsewhere. */
function withAbsence(error: unknown, certainlyAbsent: boolean): unknown {
  if (error && typeof error === "object") Object.assign(error, { certainlyAbsent });
  return error;
}

export function subscriptionKind(deps: SubscriptionKindDeps): KindDefinition {
  const { db, panels, notices } = deps;
  const panel = (serverId: string): Promise<PanelDriver> => panels.driverFor(serverId);
  return {
    kind: "subscription",
    machine: subscriptionMachine,
    version: 1,
    effects: {
      autoRenew: {
        maxAttempts: 8,
        async run(input: AutoRenewDue) {
          if (!deps.autoRenew) throw Object.assign(new Error("auto-renew is not wired"), { kind: "permanent" });
          await deps.autoRenew(input);
        },
      },
      place: {
        maxAttempts: 1,
        async run(input: { serverGroup: string; exclude: string[] }): Promise<PlainEvent> {
          const serverId = pickServer(db, input.serverGroup, input.exclude);
          if (!serverId) throw new PanelError("transient", "not-found", "place", `no healthy server with room in group ${input.serverGroup}`);
          return { type: "PLACED", serverId };
        },
      },
      provision: {
        // The machine owns provisioning retries (durable backoff, switching servers), so one attempt here.
        maxAttempts: 1,
        timeoutMs: 30_000,
        async run(input: { serverId: string; clientName: string; volumeBytes: number; expiryUnixS: number; credentials: ClientCredentials }, ctx): Promise<PlainEvent> {
          const driver = await panel(input.serverId);
          let searched = false;
          try {
            const existing = await driver.findClientByName(input.clientName, { signal: ctx.signal });
            searched = true;
            if (existing.length > 0) {
              return { type: "PROVISIONED", serverId: input.serverId, panelClientId: existing[0]!.id };
            }
            const client = await driver.createClient(
              {
                name: input.clientName,
                inboundIds: inboundsOf(db, input.serverId),
                volumeBytes: input.volumeBytes,
                expiryUnixS: input.expiryUnixS,
                enable: true,
                credentials: input.credentials,
              },
              { signal: ctx.signal },
            );
            return { type: "PROVISIONED", serverId: input.serverId, panelClientId: client.id };
          } catch (error) {
            // The panel holds no client of ours when the search came back empty and the create provably wrote
            // nothing (refused, or "database is locked", which rolls the save back). A timeout proves nothing.
            const provablyUnwritten =
              error instanceof PanelError && (error.kind !== "transient" || error.reason === "database-locked");
            throw withAbsence(error, searched && provablyUnwritten);
          }
        },
      },
      syncPanel: {
        maxAttempts: 1,
        async run(input: { serverId: string | null; panelClientId: string | null; clientName: string; enable: boolean; volumeBytes: number; expiryUnixS: number }): Promise<PlainEvent | void> {
          if (input.serverId === null || input.panelClientId === null) return;
          const driver = await panel(input.serverId);
          const patch = { enable: input.enable, volumeBytes: Math.max(0, input.volumeBytes), expiryUnixS: input.expiryUnixS };
          const { result: client, key } = await onClient(driver, input.panelClientId, input.clientName, (id) => driver.updateClient(id, patch));
          return { type: "PANEL_SYNCED", usedBytes: client.upBytes + client.downBytes, ...(key !== clientKey(input.panelClientId) ? { panelClientId: key } : {}) };
        },
      },
      fetchUsage: {
        maxAttempts: 3,
        async run(input: { serverId: string; panelClientId: string; clientName?: string }): Promise<PlainEvent | void> {
          const driver = await panel(input.serverId);
          const { result: client } = await onClient(driver, input.panelClientId, input.clientName ?? "", (id) => driver.getClient(id));
          if (!client) return;
          return { type: "USAGE", usedBytes: client.upBytes + client.downBytes, serverId: input.serverId };
        },
      },
      move: {
        maxAttempts: 5,
        /**
         * Usage moves with the customer: the old client's counter is read fresh, the new client gets the volume
         * that is left, and MOVED reports both counters so the machine carries the usage (moveTraffic). Traffic in
         * the seconds between the read and the delete is not counted.
         */
        async run(input: {
          fromServerId: string;
          fromPanelClientId: string;
          toServerId: string;
          clientName: string;
          volumeBytes: number;
          /** Absent in moves asked for before usage was carried: `volumeBytes` was then already what was left. */
          usedBytes?: number;
          expiryUnixS: number;
          credentials: ClientCredentials;
        }): Promise<PlainEvent> {
          const source = await panel(input.fromServerId);
          const target = await panel(input.toServerId);
          const known = input.usedBytes ?? 0;
          const { result: old, key: sourceKey } = await onClient(source, input.fromPanelClientId, input.clientName, (id) => source.getClient(id));
          const carried = Math.max(known, old ? old.upBytes + old.downBytes : 0);
          const left = input.usedBytes === undefined ? input.volumeBytes : input.volumeBytes - carried;
          const wanted = {
            // 0 means unlimited on every panel: an exhausted subscription moves with one byte and stays disabled.
            volumeBytes: Math.max(1, left),
            expiryUnixS: input.expiryUnixS,
            enable: left > 0,
          };
          let { client, created } = await ensureClient(target, { name: input.clientName, inboundIds: inboundsOf(db, input.toServerId), credentials: input.credentials, ...wanted });
          const targetUsedBytes = client.upBytes + client.downBytes;
          // A client left by an earlier attempt of this move: its counter stays, so its volume grows by it.
          if (!created) client = await target.updateClient(client.id, { ...wanted, volumeBytes: Math.max(1, left + targetUsedBytes) });
          await source.deleteClient(sourceKey);
          return {
            type: "MOVED",
            serverId: input.toServerId,
            panelClientId: client.id,
            ...(input.usedBytes === undefined ? {} : { carriedBytes: carried, targetUsedBytes }),
          };
        },
      },
      deleteClient: {
        maxAttempts: 1,
        async run(input: { serverId: string | null; panelClientId: string | null; clientName: string }): Promise<PlainEvent> {
          if (input.serverId === null) return { type: "CLIENT_DELETED" };
          const driver = await panel(input.serverId);
          // Delete by name too: a client created by a provisioning attempt that never reported back is ours as well.
          const ids = new Set<string>(input.panelClientId === null ? [] : [clientKey(input.panelClientId)]);
          for (const match of await driver.findClientByName(input.clientName)) ids.add(match.id);
          for (const id of ids) {
            try {
              await driver.deleteClient(id);
            } catch (error) {
              // A key of an older API generation: the client it named was found by name above.
              if (!(error instanceof PanelError && error.reason === "stale-key")) throw error;
            }
          }
          return { type: "CLIENT_DELETED" };
        },
      },
      reportFulfilled: {
        maxAttempts: 10,
        async run(input: { orderId: string; subscriptionId: string }, ctx) {
          await deps.runtime().send("order", input.orderId, { type: "FULFILLED", subscriptionId: input.subscriptionId }, { dedupeKey: ctx.dedupeKey });
        },
      },
      ...noticeEffects(notices),
    },
    project(db, actor) {
      const c = actor.context as SubscriptionContext;
      projectSubscription(
        db,
        {
          id: c.subscriptionId,
          customer_id: c.customerId,
          plan_id: c.planId,
          token: c.token,
          client_name: c.clientName,
          server_id: c.serverId,
          panel_client_id: c.panelClientId,
          state: actor.state.split(".")[0]!,
          volume_bytes: c.volumeBytes,
          usage_base: c.usageBase,
          used_bytes: c.usedBytes,
          // the level this actor has acted on: the usage sync wakes it only when counters reach a higher one
          usage_level: actor.state === "limited" ? 100 : c.notifiedLevel,
          expires_at: c.expiresAt,
          title: c.title,
        },
        actor.at,
      );
    },
  };
}

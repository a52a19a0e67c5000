/** The server actor: its machine with the probe, the usage sync and admin alerts, projected into `servers`. */
import type { Database } from "bun:sqlite";
import type { KindDefinition, PlainEvent } from "../../actors/types.ts";
import type { Runtime } from "../../actors/runtime.ts";
import { serverMachine, type ServerContext } from "../../machines/server.ts";
import type { PanelDriver } from "../panels/panel.ts";
import { TokenBoxError } from "../panels/token-box.ts";
import { syncServerUsage } from "../servers/usage-sync.ts";
import { noticeEffects, type Notices } from "./notices.ts";
import { projectServerHealth } from "../store/servers.ts";

export interface ServerKindDeps {
  db: Database;
  /** One driver per server (the PanelRegistry). */
  panels: { driverFor(serverId: string): Promise<PanelDriver> };
  notices: Notices;
  runtime: () => Runtime;
}

/** How a failed probe is classified: a token that cannot be opened is as good as a refused one. */
function failureKind(error: unknown): string {
  if (error instanceof TokenBoxError) return "auth";
  const kind = (error as { kind?: unknown })?.kind;
  return typeof kind === "string" ? kind : "transient";
}

export function serverKind(deps: ServerKindDeps): KindDefinition {
  const { db, panels, notices } = deps;
  return {
    kind: "server",
    machine: serverMachine,
    version: 1,
    effects: {
      probe: {
        // A failed probe is an answer, not an error: the machine counts failures and the next tick probes again.
        maxAttempts: 1,
        timeoutMs: 30_000,
        async run(input: { serverId: string; seq: number }, ctx): Promise<PlainEvent | void> {
          try {
            const probe = await (await panels.driverFor(input.serverId)).probe({ signal: ctx.signal });
            return { type: "PROBED", seq: input.seq, latencyMs: probe.latencyMs, coreRunning: probe.coreRunning, clients: probe.clients };
          } catch (error) {
            // Cut short by the runtime stopping: says nothing about the panel, and the next tick probes again.
            if (ctx.signal.aborted) return;
            return { type: "PROBE_FAILED", seq: input.seq, errorKind: failureKind(error), message: (error as Error)?.message ?? String(error) };
          }
        },
      },
      syncUsage: {
        // The next sync tick is the retry.
        maxAttempts: 1,
        timeoutMs: 120_000,
        async run(input: { serverId: string }, ctx): Promise<PlainEvent> {
          const runtime = deps.runtime();
          const result = await syncServerUsage(
            { db, panels, send: (kind, id, event) => runtime.send(kind, id, event), log: ctx.log },
            input.serverId,
            { signal: ctx.signal },
          );
          return { type: "SYNCED", stats: result.stats, driftNames: result.driftNames };
        },
      },
      alertAdmins: noticeEffects(notices).alertAdmins,
    },
    project(db, actor) {
      const c = actor.context as ServerContext;
      const lastError = c.lastError ?? (c.lastSyncError === null ? null : `usage sync failed: ${c.lastSyncError}`);
      projectServerHealth(
        db,
        actor.id,
        { state: actor.state.split(".")[0]!, latencyMs: c.latencyMs, clientCount: c.clientCount, consecutiveFailures: c.consecutiveFailures, lastError, lastSyncAt: c.lastSyncAt },
        actor.at,
      );
    },
  };
}

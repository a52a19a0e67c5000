/**
 * Servers as admins and operators manage them: add (checked against the live panel before anything is saved),
 * update, drain, resume, retire, probe or sync now, and list with health. The admin bot and the HTTP API call this;
 * it answers with values, never throws for a person's mistake, and never logs or returns a panel token.
 */
import type { Database } from "bun:sqlite";
import type { Logger } from "pino";
import type { Runtime } from "../../actors/runtime.ts";
import { ActorError } from "../../actors/types.ts";
import type { Health, ServerContext, SyncStats } from "../../machines/server.ts";
import { PanelDrivers, supportedPanelKinds } from "../panels/kinds.ts";
import type { PanelAuth } from "../panels/panel.ts";
import type { TokenBox } from "../panels/token-box.ts";
import { log as defaultLog } from "../log.ts";
import { nextNumber } from "../store/sequences.ts";
import { checkPanelInput, inspectCheckedPanel, type CheckedPanel, type PanelInput, type PanelInspection } from "./inspect.ts";
import { openAuth } from "./registry.ts";
import { checkCapacity, checkGroup, checkKind, checkName, notFound, refusal, type ServerResult } from "./server-input.ts";
import { fail, ok } from "../domain/result.ts";
import { getServer, inboundIdsOf, insertServer, listServers, serverIdByName, toServerView, updateServerConfig, type ServerRow, type ServerView } from "../store/servers.ts";

export type { ServerErrorCode, ServerResult } from "./server-input.ts";
export type { PanelInput, PanelInspection } from "./inspect.ts";

export interface AddServerInput extends PanelInput {
  name: string;
  /** Most subscriptions placed here; 0 (the default) means no limit. */
  capacity?: number;
  /** Plans sell from one group of servers. Default "default". */
  group?: string;
}

/** A server's kind never changes: a panel of another kind is another server. */
export type UpdateServerInput = Partial<Omit<AddServerInput, "panel">>;

export interface ServerDetails extends ServerView {
  /** The actor's full state, e.g. `healthy` or `draining.down`. */
  actorState: string | null;
  health: Health | null;
  coreRunning: boolean | null;
  lastProbeAt: number | null;
  lastSyncStats: SyncStats | null;
  lastSyncError: string | null;
  downSince: number | null;
}

export interface ServerServiceDeps {
  db: Database;
  runtime: Runtime;
  /** The PanelRegistry: told to forget a server's driver when its URL or token changes. */
  panels: { invalidate(serverId: string): void };
  /** The factory the registry uses too, so the check before saving and the registry share one session per panel. */
  drivers?: PanelDrivers;
  tokens: TokenBox;
  healthIntervalMs: number;
  syncIntervalMs: number;
  slowLatencyMs?: number;
  /** Timeout of each check made against the panel before saving. Default 10 s. */
  checkTimeoutMs?: number;
  log?: Logger;
}

export class ServerService {
  private readonly log: Logger;
  private readonly drivers: PanelDrivers;

  constructor(private readonly deps: ServerServiceDeps) {
    this.log = deps.log ?? defaultLog;
    this.drivers = deps.drivers ?? new PanelDrivers();
  }

  /**
   * Tests a panel that is not saved yet: it answers, takes the credentials, runs a version its driver speaks, and
   * has the inbounds (groups, squads) given, if any. Answers what it found, inbounds included, so a person can pick.
   */
  async inspectPanel(input: PanelInput): Promise<ServerResult<PanelInspection>> {
    const checked = checkPanelInput(input, { requireInbounds: false });
    if (!checked.ok) return checked;
    return inspectCheckedPanel(this.drivers, checked.value, this.checkTimeoutMs());
  }

  /** Adds a server: checks it on the live panel (answers, credentials accepted, inbounds exist), then saves it and starts watching it. */
  async add(input: AddServerInput): Promise<ServerResult<ServerDetails>> {
    const name = checkName(input.name);
    if (!name.ok) return name;
    const group = checkGroup(input.group ?? "default");
    if (!group.ok) return group;
    const capacity = checkCapacity(input.capacity ?? 0);
    if (!capacity.ok) return capacity;
    const panel = checkPanelInput(input, { requireInbounds: true });
    if (!panel.ok) return panel;
    if (this.nameTaken(name.value)) return fail("duplicate-name", `a server named "${name.value}" already exists`);

    const inspected = await inspectCheckedPanel(this.drivers, panel.value, this.checkTimeoutMs());
    if (!inspected.ok) return inspected;

    const secret = await this.seal(panel.value.auth);
    const { db, runtime } = this.deps;
    const now = runtime.clock.now();
    let id = "";
    try {
      db.transaction(() => {
        id = String(nextNumber(db, "server", 0));
        insertServer(
          db,
          {
            id,
            name: name.value,
            panelKind: panel.value.kind.kind,
            panelUrl: panel.value.panelUrl,
            ...secret,
            subUrl: panel.value.subUrl,
            inboundIds: panel.value.inboundIds,
            capacity: capacity.value,
            serverGroup: group.value,
          },
          now,
        );
        runtime.create("server", id, {
          serverId: id,
          name: name.value,
          healthIntervalMs: this.deps.healthIntervalMs,
          syncIntervalMs: this.deps.syncIntervalMs,
          slowLatencyMs: this.deps.slowLatencyMs,
          at: now,
        });
      })();
    } catch (error) {
      if (/UNIQUE constraint failed: servers\.name/.test(String((error as Error)?.message))) {
        return fail("duplicate-name", `a server named "${name.value}" already exists`);
      }
      throw error;
    }
    this.log.info({ serverId: id, name: name.value, kind: panel.value.kind.kind, version: inspected.value.version, panel: new URL(panel.value.panelUrl).host }, "server added");
    return ok(this.details(getServer(db, id)!));
  }

  /**
   * Changes a server's settings. A new URL, token or inbound list is checked on the panel first, as when adding;
   * on success the server's driver is rebuilt and the server probed again at once.
   */
  async update(id: string, patch: UpdateServerInput): Promise<ServerResult<ServerDetails>> {
    const row = getServer(this.deps.db, id);
    if (!row) return notFound(id);
    const changes: Parameters<typeof updateServerConfig>[2] = {};

    if (patch.name !== undefined) {
      const name = checkName(patch.name);
      if (!name.ok) return name;
      if (name.value !== row.name && this.nameTaken(name.value)) return fail("duplicate-name", `a server named "${name.value}" already exists`);
      changes.name = name.value;
    }
    if (patch.group !== undefined) {
      const group = checkGroup(patch.group);
      if (!group.ok) return group;
      changes.serverGroup = group.value;
    }
    if (patch.capacity !== undefined) {
      const capacity = checkCapacity(patch.capacity);
      if (!capacity.ok) return capacity;
      changes.capacity = capacity.value;
    }
    const credentialsGiven = patch.apiToken !== undefined || patch.username !== undefined || patch.password !== undefined;
    const reconnect = credentialsGiven || patch.panelUrl !== undefined || patch.subUrl !== undefined || patch.inboundIds !== undefined;
    if (reconnect) {
      const panel = await this.reconnected(row, patch);
      if (!panel.ok) return panel;
      const inspected = await inspectCheckedPanel(this.drivers, panel.value, this.checkTimeoutMs());
      if (!inspected.ok) return inspected;
      changes.panelUrl = panel.value.panelUrl;
      changes.subUrl = panel.value.subUrl;
      changes.inboundIds = panel.value.inboundIds;
      if (credentialsGiven) Object.assign(changes, await this.seal(panel.value.auth));
    }

    const { db, runtime } = this.deps;
    try {
      updateServerConfig(db, id, changes, runtime.clock.now());
    } catch (error) {
      if (/UNIQUE constraint failed: servers\.name/.test(String((error as Error)?.message))) {
        return fail("duplicate-name", `a server named "${changes.name}" already exists`);
      }
      throw error;
    }
    if (reconnect) this.deps.panels.invalidate(id);
    if (this.hasActor(id)) {
      if (changes.name !== undefined) await runtime.send("server", id, { type: "CONFIGURE", name: changes.name });
      if (reconnect) await runtime.send("server", id, { type: "PROBE_NOW" });
    }
    this.log.info({ serverId: id, changed: Object.keys(changes).map((k) => (k === "apiTokenSealed" ? "secret" : k)) }, "server updated");
    return ok(this.details(getServer(db, id)!));
  }

  /** Stops placing new clients on the server; existing ones stay and it is still watched. */
  drain(id: string): Promise<ServerResult<ServerDetails>> {
    return this.command(id, "DRAIN", (state) => state.startsWith("draining"));
  }

  /** Places new clients on a drained server again. */
  resume(id: string): Promise<ServerResult<ServerDetails>> {
    return this.command(id, "RESUME", (state) => !state.startsWith("draining") && state !== "retired");
  }

  /** Takes the server out of service for good: no more probes or syncs, no new clients. */
  retire(id: string): Promise<ServerResult<ServerDetails>> {
    return this.command(id, "RETIRE", (state) => state === "retired");
  }

  /** Probes the server now rather than at the next tick. */
  probeNow(id: string): Promise<ServerResult<ServerDetails>> {
    return this.command(id, "PROBE_NOW", () => false);
  }

  /** Syncs usage now rather than at the next tick; refused while the panel does not answer. */
  syncNow(id: string): Promise<ServerResult<ServerDetails>> {
    return this.command(id, "SYNC_NOW", () => false);
  }

  /**
   * Brings every server in service to the configured intervals (HEALTH_INTERVAL_S, SYNC_INTERVAL_S may change
   * between runs); call once at boot. Returns how many servers were changed.
   */
  async applyIntervals(): Promise<number> {
    let changed = 0;
    for (const row of listServers(this.deps.db)) {
      const actor = this.deps.runtime.read("server", row.id);
      if (!actor || actor.state === "retired" || actor.quarantineReason) continue;
      const c = actor.context as ServerContext;
      const slow = this.deps.slowLatencyMs ?? c.slowLatencyMs;
      if (c.healthIntervalMs === this.deps.healthIntervalMs && c.syncIntervalMs === this.deps.syncIntervalMs && c.slowLatencyMs === slow) continue;
      await this.deps.runtime.send("server", row.id, {
        type: "CONFIGURE",
        healthIntervalMs: this.deps.healthIntervalMs,
        syncIntervalMs: this.deps.syncIntervalMs,
        slowLatencyMs: slow,
      });
      changed++;
    }
    return changed;
  }

  /** Every server with its health, oldest first. */
  /** The panel kinds this build can add (for the edges that offer the choice). */
  kinds(): string[] {
    return supportedPanelKinds();
  }

  list(): ServerDetails[] {
    return listServers(this.deps.db).map((row) => this.details(row));
  }

  get(id: string): ServerDetails | null {
    const row = getServer(this.deps.db, id);
    return row ? this.details(row) : null;
  }

  // -------------------------------------------------------------------------------------------------------------

  private async command(id: string, type: string, alreadyThere: (state: string) => boolean): Promise<ServerResult<ServerDetails>> {
    const row = getServer(this.deps.db, id);
    if (!row) return notFound(id);
    const actor = this.deps.runtime.read("server", id);
    if (!actor) return fail("invalid-state", `server "${row.name}" is not being watched (it has no actor); add it again`);
    if (alreadyThere(actor.state)) return ok(this.details(row));
    let result;
    try {
      result = await this.deps.runtime.send("server", id, { type });
    } catch (error) {
      if (error instanceof ActorError && error.kind === "quarantined") return fail("invalid-state", `server "${row.name}": ${error.message}`);
      throw error;
    }
    if (!result.changed) return fail("invalid-state", refusal(row.name, type, actor.state));
    return ok(this.details(getServer(this.deps.db, id)!));
  }

  /** The server's panel with the patch applied, checked; the stored secret is opened only when no new one is given. */
  private async reconnected(row: ServerRow, patch: UpdateServerInput): Promise<ServerResult<CheckedPanel>> {
    let stored: PanelAuth | null = null;
    const needsStored = patch.apiToken === undefined && (patch.username === undefined || patch.password === undefined);
    if (needsStored) {
      try {
        stored = await openAuth(row, this.deps.tokens);
      } catch (error) {
        return fail("auth", `the stored credentials of "${row.name}" cannot be opened (${(error as Error).message}); give them again`);
      }
    }
    const loginGiven = patch.username !== undefined || patch.password !== undefined;
    const input: PanelInput = {
      panel: row.panel_kind,
      panelUrl: patch.panelUrl ?? row.panel_url,
      ...(patch.apiToken !== undefined ? { apiToken: patch.apiToken } : !loginGiven && stored?.type === "token" ? { apiToken: stored.token } : {}),
      ...(patch.username !== undefined ? { username: patch.username } : stored?.type === "login" ? { username: stored.username } : {}),
      ...(patch.password !== undefined ? { password: patch.password } : stored?.type === "login" ? { password: stored.password } : {}),
      inboundIds: patch.inboundIds ?? inboundIdsOf(row),
    };
    // A new panel URL without a new subscription URL moves the default subscription URL along with it.
    const kind = checkKind(row.panel_kind);
    if (!kind.ok) return kind;
    const keepsDefaultSub = row.sub_url === kind.value.subscriptionUrl(row.panel_url);
    const subUrl = patch.subUrl ?? (patch.panelUrl !== undefined && keepsDefaultSub ? undefined : row.sub_url);
    return checkPanelInput(subUrl === undefined ? input : { ...input, subUrl }, { requireInbounds: true });
  }

  /** The sealed secret and the username column for some credentials. */
  private async seal(auth: PanelAuth): Promise<{ apiTokenSealed: string; panelUsername: string | null }> {
    return auth.type === "token"
      ? { apiTokenSealed: await this.deps.tokens.seal(auth.token), panelUsername: null }
      : { apiTokenSealed: await this.deps.tokens.seal(auth.password), panelUsername: auth.username };
  }

  private checkTimeoutMs(): number {
    return this.deps.checkTimeoutMs ?? 10_000;
  }

  private nameTaken(name: string): boolean {
    return serverIdByName(this.deps.db, name) !== null;
  }

  private hasActor(id: string): boolean {
    return this.deps.runtime.read("server", id) !== undefined;
  }

  private details(row: ServerRow): ServerDetails {
    const actor = this.deps.runtime.read("server", row.id);
    const c = actor?.context as ServerContext | undefined;
    return {
      ...toServerView(row),
      actorState: actor?.state ?? null,
      health: c?.health ?? null,
      coreRunning: c?.coreRunning ?? null,
      lastProbeAt: c?.lastProbeAt ?? null,
      lastSyncStats: c?.lastSyncStats ?? null,
      lastSyncError: c?.lastSyncError ?? null,
      downSince: c?.downSince ?? null,
    };
  }
}

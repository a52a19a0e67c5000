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
import { isPanelError, type PanelDriver, type PanelInbound } from "../panels/panel.ts";
import { createSuiDriver, normalizePanelUrl, normalizeSubscriptionUrl, defaultSubscriptionUrl, type SuiDriverOptions } from "../panels/sui-driver.ts";
import type { TokenBox } from "../panels/token-box.ts";
import { registerSecret, log as defaultLog } from "../log.ts";
import { nextNumber } from "../store/sequences.ts";
import { getServer, insertServer, listServers, toServerView, updateServerConfig, type ServerRow, type ServerView } from "./servers.ts";

/** What a server operation answers: the value, or an error with a code and words an admin understands. */
export type ServerResult<T> = { ok: true; value: T } | { ok: false; error: { code: ServerErrorCode; message: string } };

export type ServerErrorCode =
  | "invalid-input"
  | "duplicate-name"
  | "unreachable"
  | "auth"
  | "unknown-inbound"
  | "panel-error"
  | "not-found"
  | "invalid-state";

const ok = <T>(value: T): ServerResult<T> => ({ ok: true, value });
const fail = <T = never>(code: ServerErrorCode, message: string): ServerResult<T> => ({ ok: false, error: { code, message } });

export interface AddServerInput {
  name: string;
  /** The panel's address with its web path, e.g. `http://1.2.3.4:2095/app/`. */
  panelUrl: string;
  /** An S-UI API v2 token. Sealed before it is stored; never returned. */
  apiToken: string;
  /** The subscription server's base; S-UI's default (same host, port 2096, /sub/) when left out. */
  subUrl?: string;
  /** Inbounds new clients are linked to; each must exist on the panel. */
  inboundIds: number[];
  /** Most subscriptions placed here; 0 (the default) means no limit. */
  capacity?: number;
  /** Plans sell from one group of servers. Default "default". */
  group?: string;
}

export type UpdateServerInput = Partial<AddServerInput>;

/** A server with its live health, as the actor holds it. */
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
  tokens: TokenBox;
  healthIntervalMs: number;
  syncIntervalMs: number;
  slowLatencyMs?: number;
  /** Builds a driver for a panel that is not saved yet; the S-UI driver by default. */
  connect?: (options: SuiDriverOptions) => PanelDriver;
  /** Timeout of each check made against the panel before saving. Default 10 s. */
  checkTimeoutMs?: number;
  log?: Logger;
}

const NAME_MAX = 64;
const GROUP_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

type Checked<T> = { ok: true; value: T } | { ok: false; error: { code: ServerErrorCode; message: string } };

export class ServerService {
  private readonly log: Logger;
  private readonly connect: (options: SuiDriverOptions) => PanelDriver;

  constructor(private readonly deps: ServerServiceDeps) {
    this.log = deps.log ?? defaultLog;
    this.connect = deps.connect ?? createSuiDriver;
  }

  /** Adds a server: checks it on the live panel (answers, token accepted, inbounds exist), then saves it and starts watching it. */
  async add(input: AddServerInput): Promise<ServerResult<ServerDetails>> {
    const name = checkName(input.name);
    if (!name.ok) return name;
    const group = checkGroup(input.group ?? "default");
    if (!group.ok) return group;
    const capacity = checkCapacity(input.capacity ?? 0);
    if (!capacity.ok) return capacity;
    const inboundIds = checkInboundIds(input.inboundIds);
    if (!inboundIds.ok) return inboundIds;
    const token = checkToken(input.apiToken);
    if (!token.ok) return token;
    const urls = checkUrls(input.panelUrl, input.subUrl);
    if (!urls.ok) return urls;
    if (this.nameTaken(name.value)) return fail("duplicate-name", `a server named "${name.value}" already exists`);

    const checked = await this.checkPanel(urls.value.panelUrl, token.value, urls.value.subUrl, inboundIds.value);
    if (!checked.ok) return checked;

    const sealed = await this.deps.tokens.seal(token.value);
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
            panelUrl: urls.value.panelUrl,
            apiTokenSealed: sealed,
            subUrl: urls.value.subUrl,
            inboundIds: inboundIds.value,
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
    this.log.info({ serverId: id, name: name.value, panel: new URL(urls.value.panelUrl).host }, "server added");
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
    const reconnect = patch.panelUrl !== undefined || patch.apiToken !== undefined || patch.subUrl !== undefined || patch.inboundIds !== undefined;
    let newToken: string | undefined;
    if (reconnect) {
      const inboundIds = checkInboundIds(patch.inboundIds ?? (JSON.parse(row.inbound_ids) as number[]));
      if (!inboundIds.ok) return inboundIds;
      if (patch.apiToken !== undefined) {
        const token = checkToken(patch.apiToken);
        if (!token.ok) return token;
        newToken = token.value;
      }
      const panelUrl = patch.panelUrl ?? row.panel_url;
      // A new panel URL without a new subscription URL moves the default subscription URL along with it.
      const keepsDefaultSub = row.sub_url === defaultSubscriptionUrl(row.panel_url);
      const subUrl = patch.subUrl ?? (patch.panelUrl !== undefined && keepsDefaultSub ? undefined : row.sub_url);
      const urls = checkUrls(panelUrl, subUrl);
      if (!urls.ok) return urls;
      let token = newToken;
      if (token === undefined) {
        try {
          token = await this.deps.tokens.open(row.api_token_enc);
        } catch (error) {
          return fail("auth", `the stored API token of "${row.name}" cannot be opened (${(error as Error).message}); give a new token`);
        }
      }
      const checked = await this.checkPanel(urls.value.panelUrl, token, urls.value.subUrl, inboundIds.value);
      if (!checked.ok) return checked;
      changes.panelUrl = urls.value.panelUrl;
      changes.subUrl = urls.value.subUrl;
      changes.inboundIds = inboundIds.value;
      if (newToken !== undefined) changes.apiTokenSealed = await this.deps.tokens.seal(newToken);
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
    this.log.info({ serverId: id, changed: Object.keys(changes).map((k) => (k === "apiTokenSealed" ? "apiToken" : k)) }, "server updated");
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

  /** Probes the panel through a driver for the given (unsaved) URL and token, then checks the inbounds exist. */
  private async checkPanel(panelUrl: string, token: string, subUrl: string, inboundIds: number[]): Promise<Checked<PanelInbound[]>> {
    registerSecret(token);
    let driver: PanelDriver;
    try {
      driver = this.connect({ panelUrl, token, subUrl, timeoutMs: this.deps.checkTimeoutMs ?? 10_000 });
    } catch (error) {
      return fail("invalid-input", (error as Error).message);
    }
    let inbounds: PanelInbound[];
    try {
      await driver.probe();
      inbounds = await driver.listInbounds();
    } catch (error) {
      return panelFailure(panelUrl, error);
    }
    const known = new Set(inbounds.map((inbound) => inbound.id));
    const missing = inboundIds.filter((id) => !known.has(id));
    if (missing.length > 0) {
      const has = inbounds.length === 0 ? "it has no inbounds" : `it has ${inbounds.map((i) => `${i.id} (${i.tag})`).join(", ")}`;
      const which = missing.length === 1 ? `inbound ${missing[0]} does not exist` : `inbounds ${missing.join(", ")} do not exist`;
      return fail("unknown-inbound", `${which} on this panel; ${has}`);
    }
    return ok(inbounds);
  }

  private nameTaken(name: string): boolean {
    return this.deps.db.query<{ id: string }, [string]>("SELECT id FROM servers WHERE name = ?").get(name) !== null;
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

// ---------------------------------------------------------------------------------------------------------------
// Checking what a person typed.

function checkName(raw: unknown): Checked<string> {
  const name = typeof raw === "string" ? raw.trim() : "";
  if (name === "") return fail("invalid-input", "give the server a name");
  if (name.length > NAME_MAX) return fail("invalid-input", `a server name is at most ${NAME_MAX} characters`);
  if (/[\u0000-\u001f\u007f]/.test(name)) return fail("invalid-input", "a server name cannot contain control characters");
  return ok(name);
}

function checkGroup(raw: unknown): Checked<string> {
  const group = typeof raw === "string" ? raw.trim() : "";
  if (!GROUP_PATTERN.test(group)) return fail("invalid-input", "a server group is 1 to 32 letters, digits, '-' or '_'");
  return ok(group);
}

function checkCapacity(raw: unknown): Checked<number> {
  if (typeof raw !== "number" || !Number.isSafeInteger(raw) || raw < 0) {
    return fail("invalid-input", "capacity is a whole number of subscriptions, 0 for no limit");
  }
  return ok(raw);
}

function checkInboundIds(raw: unknown): Checked<number[]> {
  if (!Array.isArray(raw) || raw.length === 0) return fail("invalid-input", "give at least one inbound id (see the panel's Inbounds page)");
  if (!raw.every((id) => typeof id === "number" && Number.isSafeInteger(id) && id > 0)) {
    return fail("invalid-input", "inbound ids are whole numbers greater than 0");
  }
  return ok([...new Set(raw as number[])]);
}

/** Never echoes the token back, not even in an error. */
function checkToken(raw: unknown): Checked<string> {
  const token = typeof raw === "string" ? raw.trim() : "";
  if (token === "") return fail("invalid-input", "give the panel's API token (S-UI: Settings → API tokens)");
  if (/\s/.test(token) || token.length > 512) return fail("invalid-input", "the API token looks wrong: it has spaces or is too long");
  return ok(token);
}

function checkUrls(panelRaw: unknown, subRaw: unknown): Checked<{ panelUrl: string; subUrl: string }> {
  let panelUrl: string;
  try {
    panelUrl = normalizePanelUrl(typeof panelRaw === "string" ? panelRaw : "");
  } catch {
    return fail("invalid-input", "the panel URL must be an absolute http(s) address with its web path, like http://1.2.3.4:2095/app/");
  }
  if (subRaw === undefined || subRaw === null || subRaw === "") return ok({ panelUrl, subUrl: defaultSubscriptionUrl(panelUrl) });
  try {
    return ok({ panelUrl, subUrl: normalizeSubscriptionUrl(String(subRaw)) });
  } catch {
    return fail("invalid-input", "the subscription URL must be an absolute http(s) address, like http://1.2.3.4:2096/sub/");
  }
}

/** A failed check against the panel, in words an admin can act on. */
function panelFailure(panelUrl: string, error: unknown): ServerResult<never> {
  if (!isPanelError(error)) return fail("panel-error", `checking the panel at ${panelUrl} failed: ${(error as Error)?.message ?? String(error)}`);
  if (error.kind === "auth") {
    return fail("auth", `the API token was refused by the panel at ${panelUrl}: create a new token in S-UI (Settings → API tokens) and paste it whole`);
  }
  if (error.reason === "network" || error.reason === "timeout" || error.reason === "aborted") {
    return fail("unreachable", `the panel did not answer at ${panelUrl}: check the address, the port and the firewall (${error.message})`);
  }
  return fail("panel-error", error.message);
}

function notFound(id: string): ServerResult<never> {
  return fail("not-found", `there is no server ${id}`);
}

function refusal(name: string, type: string, state: string): string {
  if (state === "retired") return `server "${name}" is retired; add it again to use it`;
  if (type === "SYNC_NOW") return `server "${name}" is ${state}: its usage is synced once the panel answers again`;
  if (type === "RESUME") return `server "${name}" is not draining`;
  return `server "${name}" cannot ${type.toLowerCase().replace("_", " ")} while ${state}`;
}

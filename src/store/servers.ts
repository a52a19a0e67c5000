/**
 * The servers table: where each panel is, of which kind, and how to reach it. The token or password is sealed and
 * never leaves here. Inbound ids are kept as the kind writes them (numbers, or text for Marzban tags and
 * Remnawave squads); drivers take them as text (`inboundKeys`).
 */
import type { Database } from "bun:sqlite";

export interface ServerRow {
  id: string;
  name: string;
  panel_kind: string;
  panel_url: string;
  /** The sealed API token, or the sealed password when `panel_username` is set. */
  api_token_enc: string;
  panel_username: string | null;
  sub_url: string;
  inbound_ids: string;
  capacity: number;
  server_group: string;
  state: string;
  latency_ms: number | null;
  client_count: number;
  consecutive_failures: number;
  last_error: string | null;
  last_sync_at: number | null;
  created_at: number;
  updated_at: number;
}

/** A server as it may be shown to admins and operators: everything but the token. */
export interface ServerView {
  id: string;
  name: string;
  panelKind: string;
  panelUrl: string;
  subUrl: string;
  inboundIds: InboundId[];
  capacity: number;
  serverGroup: string;
  state: string;
  latencyMs: number | null;
  clientCount: number;
  consecutiveFailures: number;
  lastError: string | null;
  lastSyncAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** An inbound, group or squad id as an operator wrote it: a number (S-UI, 3x-ui, PasarGuard) or text. */
export type InboundId = number | string;

export function inboundIdsOf(row: Pick<ServerRow, "inbound_ids">): InboundId[] {
  return JSON.parse(row.inbound_ids) as InboundId[];
}

/** A server's inbound ids as drivers take them: text. */
export function inboundKeys(row: Pick<ServerRow, "inbound_ids">): string[] {
  return inboundIdsOf(row).map(String);
}

export function toServerView(row: ServerRow): ServerView {
  return {
    id: row.id,
    name: row.name,
    panelKind: row.panel_kind,
    panelUrl: row.panel_url,
    subUrl: row.sub_url,
    inboundIds: inboundIdsOf(row),
    capacity: row.capacity,
    serverGroup: row.server_group,
    state: row.state,
    latencyMs: row.latency_ms,
    clientCount: row.client_count,
    consecutiveFailures: row.consecutive_failures,
    lastError: row.last_error,
    lastSyncAt: row.last_sync_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function getServer(db: Database, id: string): ServerRow | null {
  return db.query<ServerRow, [string]>("SELECT * FROM servers WHERE id = ?").get(id);
}

export function listServers(db: Database): ServerRow[] {
  return db.query<ServerRow, []>("SELECT * FROM servers ORDER BY created_at, id").all();
}

export interface NewServer {
  id: string;
  name: string;
  /** "s-ui" when left out. */
  panelKind?: string;
  panelUrl: string;
  /** The sealed API token, or the sealed password when `panelUsername` is given. */
  apiTokenSealed: string;
  panelUsername?: string | null;
  subUrl: string;
  inboundIds: InboundId[];
  capacity: number;
  serverGroup: string;
}

export function insertServer(db: Database, server: NewServer, now: number): void {
  db.query(
    `INSERT INTO servers (id, name, panel_kind, panel_url, api_token_enc, panel_username, sub_url, inbound_ids, capacity, server_group, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    server.id,
    server.name,
    server.panelKind ?? "s-ui",
    server.panelUrl,
    server.apiTokenSealed,
    server.panelUsername ?? null,
    server.subUrl,
    JSON.stringify(server.inboundIds),
    server.capacity,
    server.serverGroup,
    now,
    now,
  );
}

export function updateServerConfig(
  db: Database,
  id: string,
  patch: Partial<Pick<NewServer, "name" | "panelUrl" | "apiTokenSealed" | "panelUsername" | "subUrl" | "inboundIds" | "capacity" | "serverGroup">>,
  now: number,
): void {
  const columns = {
    name: "name",
    panelUrl: "panel_url",
    apiTokenSealed: "api_token_enc",
    panelUsername: "panel_username",
    subUrl: "sub_url",
    inboundIds: "inbound_ids",
    capacity: "capacity",
    serverGroup: "server_group",
  } as const;
  const sets: string[] = [];
  const values: (string | number | null)[] = [];
  for (const [key, column] of Object.entries(columns) as [keyof typeof columns, string][]) {
    const value = patch[key];
    if (value === undefined) continue;
    sets.push(`${column} = ?`);
    values.push(Array.isArray(value) ? JSON.stringify(value) : value);
  }
  if (sets.length > 0) db.query(`UPDATE servers SET ${sets.join(", ")}, updated_at = ? WHERE id = ?`).run(...values, now, id);
}

export function serverIdByName(db: Database, name: string): string | null {
  return db.query<{ id: string }, [string]>("SELECT id FROM servers WHERE name = ?").get(name)?.id ?? null;
}

/** What the server actor projects into its row: health and the last sync. */
export type ServerHealth = Pick<ServerView, "state" | "latencyMs" | "clientCount" | "consecutiveFailures" | "lastError" | "lastSyncAt">;

export function projectServerHealth(db: Database, id: string, health: ServerHealth, at: number): void {
  db.query<void, [string, number | null, number, number, string | null, number | null, number, string]>(
    `UPDATE servers SET state = ?, latency_ms = ?, client_count = ?, consecutive_failures = ?, last_error = ?,
            last_sync_at = ?, updated_at = ?
      WHERE id = ?`,
  ).run(health.state, health.latencyMs, health.clientCount, health.consecutiveFailures, health.lastError, health.lastSyncAt, at, id);
}

/** A server with the subscriptions placed on it (not revoked): what placement and the stats weigh. */
export interface ServerPlacement extends ServerRow {
  placed: number;
}

/** Every server with its placed subscriptions, oldest first; `healthyIn` keeps the healthy ones of that group. */
export function serversWithPlacements(db: Database, healthyIn?: string): ServerPlacement[] {
  return db
    .query<ServerPlacement, [string | null]>(
      `SELECT s.*, (SELECT COUNT(*) FROM subscriptions sub WHERE sub.server_id = s.id AND sub.state <> 'revoked') AS placed
         FROM servers s
        WHERE ?1 IS NULL OR (s.server_group = ?1 AND s.state = 'healthy')
        ORDER BY s.created_at, s.id`,
    )
    .all(healthyIn ?? null);
}

/** Servers per state (healthy, degraded, down, draining, retired…). */
export function serverCountsByState(db: Database): { state: string; n: number }[] {
  return db.query<{ state: string; n: number }, []>("SELECT state, COUNT(*) AS n FROM servers GROUP BY state").all();
}

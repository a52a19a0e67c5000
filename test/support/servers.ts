/** A panel server put straight into a test store (its secret sealed on the way in, healthy), and its usage synced. */
import type { Database } from "bun:sqlite";
import type { Core } from "../../src/core.ts";
import type { TokenBox } from "../../src/panels/token-box.ts";
import { syncServerUsage } from "../../src/servers/usage-sync.ts";
import { insertServer, type NewServer } from "../../src/store/servers.ts";

/** A server row with its panel secret (API token or password) in the clear. */
export type ServerWithSecret = Omit<NewServer, "apiTokenSealed"> & { secret: string };

export async function addHealthyServer(db: Database, tokens: TokenBox, server: ServerWithSecret, now: number): Promise<void> {
  const { secret, ...row } = server;
  insertServer(db, { ...row, apiTokenSealed: await tokens.seal(secret) }, now);
  db.query("UPDATE servers SET state = 'healthy' WHERE id = ?").run(row.id);
}

/** One usage sync of a server, as the scheduler runs it. */
export function syncUsage(core: Pick<Core, "db" | "panels" | "runtime">, serverId: string): ReturnType<typeof syncServerUsage> {
  return syncServerUsage({ db: core.db, panels: core.panels, send: (kind, id, event) => core.runtime.send(kind, id, event) }, serverId);
}

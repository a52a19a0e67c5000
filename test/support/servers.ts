/** A panel server put straight into a test store: its secret sealed on the way in, and healthy. */
import type { Database } from "bun:sqlite";
import type { TokenBox } from "../../src/panels/token-box.ts";
import { insertServer, type NewServer } from "../../src/store/servers.ts";

/** A server row with its panel secret (API token or password) in the clear. */
export type ServerWithSecret = Omit<NewServer, "apiTokenSealed"> & { secret: string };

export async function addHealthyServer(db: Database, tokens: TokenBox, server: ServerWithSecret, now: number): Promise<void> {
  const { secret, ...row } = server;
  insertServer(db, { ...row, apiTokenSealed: await tokens.seal(secret) }, now);
  db.query("UPDATE servers SET state = 'healthy' WHERE id = ?").run(row.id);
}

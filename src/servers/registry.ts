/**
 * One driver per server, built on first use from the servers table with its secret unsealed, by the factory of
 * the server's panel kind: one HTTP client (and one session) per panel, so writes to a panel are serialised in one
 * place.
 */
import type { Database } from "bun:sqlite";
import { PanelError, type PanelAuth, type PanelDriver } from "../panels/panel.ts";
import { PanelDrivers } from "../panels/kinds.ts";
import type { TokenBox } from "../panels/token-box.ts";
import { registerSecret } from "../log.ts";
import { getServer, type ServerRow } from "../store/servers.ts";

export interface PanelRegistryOptions {
  timeoutMs?: number;
  /** The factory shared with the check made before a server is saved; a new one by default. */
  drivers?: PanelDrivers;
  /** Wraps each server's driver once, e.g. to time its calls for the metrics. */
  wrap?: (driver: PanelDriver, serverId: string) => PanelDriver;
}

/** A server's stored credentials, unsealed: the password for `panel_username`, else the API token. */
export async function openAuth(row: Pick<ServerRow, "api_token_enc" | "panel_username">, tokens: TokenBox): Promise<PanelAuth> {
  const secret = await tokens.open(row.api_token_enc);
  registerSecret(secret);
  return row.panel_username === null ? { type: "token", token: secret } : { type: "login", username: row.panel_username, password: secret };
}

export class PanelRegistry {
  private readonly drivers = new Map<string, Promise<PanelDriver>>();
  readonly factory: PanelDrivers;

  constructor(
    private readonly db: Database,
    private readonly tokens: TokenBox,
    private readonly options: PanelRegistryOptions = {},
  ) {
    this.factory = options.drivers ?? new PanelDrivers({ ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
  }

  /** The driver for a server; a server that does not exist is a permanent error. */
  driverFor(serverId: string): Promise<PanelDriver> {
    let driver = this.drivers.get(serverId);
    if (!driver) {
      driver = this.build(serverId);
      this.drivers.set(serverId, driver);
      driver.catch(() => this.drivers.delete(serverId));
    }
    return driver;
  }

  /** Forget a server's driver (its URL or credentials changed). */
  invalidate(serverId: string): void {
    this.drivers.delete(serverId);
  }

  private async build(serverId: string): Promise<PanelDriver> {
    const row = getServer(this.db, serverId);
    if (!row) throw new PanelError("permanent", "not-found", "config", `server ${serverId} does not exist`);
    const auth = await openAuth(row, this.tokens);
    const driver = this.factory.connect(row.panel_kind, { panelUrl: row.panel_url, auth, subUrl: row.sub_url });
    return this.options.wrap ? this.options.wrap(driver, serverId) : driver;
  }
}

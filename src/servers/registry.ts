/**
 * One driver per server, built on first use from the servers table with its token unsealed: one HTTP client per
 * panel, so writes to a panel are serialised in one place.
 */
import type { Database } from "bun:sqlite";
import type { PanelDriver } from "../panels/panel.ts";
import { PanelError } from "../panels/panel.ts";
import { createSuiDriver } from "../panels/sui-driver.ts";
import type { TokenBox } from "../panels/token-box.ts";
import { registerSecret } from "../log.ts";
import { getServer } from "./servers.ts";

export class PanelRegistry {
  private readonly drivers = new Map<string, Promise<PanelDriver>>();

  constructor(
    private readonly db: Database,
    private readonly tokens: TokenBox,
    private readonly options: { timeoutMs?: number } = {},
  ) {}

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

  /** Forget a server's driver (its URL or token changed). */
  invalidate(serverId: string): void {
    this.drivers.delete(serverId);
  }

  private async build(serverId: string): Promise<PanelDriver> {
    const row = getServer(this.db, serverId);
    if (!row) throw new PanelError("permanent", "not-found", "config", `server ${serverId} does not exist`);
    const token = await this.tokens.open(row.api_token_enc);
    registerSecret(token);
    return createSuiDriver({ panelUrl: row.panel_url, token, subUrl: row.sub_url, timeoutMs: this.options.timeoutMs });
  }
}

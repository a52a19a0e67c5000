/**
 * The panel-kind seam: which driver speaks to which panel software. A new kind is a driver file exporting its
 * PanelKindModule, its simulator, its contract test, and one line in KINDS below.
 *
 * PanelDrivers hands out one driver per panel connection, shared by everyone who asks with the same URL and
 * credentials (the check before saving a server, the registry, the usage sync), so a panel that logs in sees one
 * session per process rather than one per caller.
 */
import { createHash } from "node:crypto";
import { PanelError, PANEL_KINDS, type PanelConnection, type PanelDriver, type PanelKind, type PanelKindModule } from "./panel.ts";
import { marzbanPanel } from "./marzban-driver.ts";
import { pasarguardPanel } from "./pasarguard-driver.ts";
import { remnawavePanel } from "./remnawave-driver.ts";
import { suiPanel } from "./sui-driver.ts";
import { xuiPanel } from "./xui-driver.ts";

const KINDS: Partial<Record<PanelKind, PanelKindModule>> = {
  "s-ui": suiPanel,
  "3x-ui": xuiPanel,
  marzban: marzbanPanel,
  pasarguard: pasarguardPanel,
  remnawave: remnawavePanel,
};

/** The kinds that have a driver in this build, in PANEL_KINDS order. */
export function supportedPanelKinds(): PanelKind[] {
  return PANEL_KINDS.filter((kind) => KINDS[kind] !== undefined);
}

/** The module of a panel kind; a kind without a driver in this build is a permanent invalid-input error. */
export function panelKind(kind: string): PanelKindModule {
  const module = (KINDS as Record<string, PanelKindModule | undefined>)[kind];
  if (!module) {
    const known = supportedPanelKinds().join(", ");
    throw new PanelError("permanent", "invalid-input", "config", `the panel kind "${kind}" is not supported (this build drives ${known})`);
  }
  return module;
}

/** Who signs in where: the key of the state drivers of one panel and account share. */
function accountKey(kind: string, connection: PanelConnection): string {
  const auth = connection.auth.type === "token" ? ["token", connection.auth.token] : ["login", connection.auth.username, connection.auth.password];
  const secret = createHash("sha256").update(JSON.stringify(auth)).digest("base64url");
  return JSON.stringify([kind, connection.panelUrl, secret]);
}

const MAX_CACHED = 256;

/** One driver per panel connection, built on first use. */
export class PanelDrivers {
  private readonly drivers = new Map<string, PanelDriver>();
  private readonly shared = new Map<string, Map<string, unknown>>();

  constructor(private readonly options: { timeoutMs?: number } = {}) {}

  /**
   * The driver for a panel of `kind`, shared with every caller giving the same URL and credentials. Throws a
   * PanelError (invalid-input) for an unknown kind or a connection the kind cannot use.
   */
  connect(kind: string, connection: PanelConnection): PanelDriver {
    const module = panelKind(kind);
    const normalised: PanelConnection = {
      ...connection,
      panelUrl: module.normalizePanelUrl(connection.panelUrl),
      ...(module.hasSubUrl ? { subUrl: module.subscriptionUrl(module.normalizePanelUrl(connection.panelUrl), connection.subUrl) } : {}),
    };
    const account = accountKey(kind, normalised);
    const key = JSON.stringify([account, normalised.subUrl ?? ""]);
    let driver = this.drivers.get(key);
    if (!driver) {
      let shared = this.shared.get(account);
      if (!shared) this.shared.set(account, (shared = new Map()));
      const timeoutMs = connection.timeoutMs ?? this.options.timeoutMs;
      driver = module.connect({ ...normalised, shared, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
      this.drivers.set(key, driver);
      // Every wrong password typed in the add form makes an entry: keep the newest few hundred only (the registry
      // holds its own drivers, so an evicted one still serves its server).
      for (const map of [this.drivers, this.shared] as Map<string, unknown>[]) {
        while (map.size > MAX_CACHED) map.delete(map.keys().next().value!);
      }
    }
    return driver;
  }
}

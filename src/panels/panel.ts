/**
 * The one interface every panel driver implements, the values it speaks in, and its typed error.
 *
 * Units are in the names (`volumeBytes`, `expiryUnixS`) because panels count in bytes and unix seconds while the
 * rest of subkeeper keeps instants in epoch milliseconds; a bare `expiry` invites a factor-of-1000 bug.
 */

/** What the caller should do about a failure: retry later, fix the server's credentials, or give up. */
export type PanelErrorKind = "transient" | "auth" | "permanent";

/** Why a call failed, finer than the kind: for logs, metrics and the few callers that branch on it. */
export type PanelErrorReason =
  | "network"
  | "timeout"
  | "aborted"
  | "http-status"
  | "database-locked"
  | "invalid-token"
  | "not-found"
  | "rejected"
  | "invalid-input"
  | "bad-response"
  | "unsupported-version"
  /**
   * The stored client key is of another API generation than the panel now speaks (a Remnawave 2.x uuid after the
   * panel moved to 3.x): the client is still there, found by its name, under a new key.
   */
  | "stale-key";

/** A failed panel call, classified. `action` names the panel call that failed, e.g. `clients` or `save:clients:new`. */
export class PanelError extends Error {
  override readonly name = "PanelError";
  /** The HTTP status when the panel answered with one that is not 200. */
  readonly status: number | undefined;
  /** The panel's own words, trimmed, when it answered with a failure envelope. */
  readonly panelMessage: string | undefined;

  constructor(
    readonly kind: PanelErrorKind,
    readonly reason: PanelErrorReason,
    readonly action: string,
    message: string,
    details: { status?: number; panelMessage?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.panelMessage = details.panelMessage;
  }
}

/** Narrows an unknown rejection to a PanelError. */
export function isPanelError(error: unknown): error is PanelError {
  return error instanceof PanelError;
}

/** Per-call options: a caller's abort signal and a timeout overriding the driver's default. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** The panel software families subkeeper knows. Which of them have a driver is the factory's business (`kinds.ts`). */
export const PANEL_KINDS = ["s-ui", "3x-ui", "marzban", "pasarguard", "remnawave"] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

export function isPanelKind(value: unknown): value is PanelKind {
  return typeof value === "string" && (PANEL_KINDS as readonly string[]).includes(value);
}

/**
 * How a driver signs in to its panel: a long-lived API token (S-UI, 3x-ui v3, Remnawave), or a username and
 * password it trades for a session or JWT (3x-ui, Marzban, PasarGuard). Secrets are registered with the log
 * redactor by the driver that receives them.
 */
export type PanelAuth = { type: "token"; token: string } | { type: "login"; username: string; password: string };

/** Everything a driver needs to reach one panel. URLs are normalised by the driver's kind, not by the caller. */
export interface PanelConnection {
  /** The panel's base URL with its web path, as the operator typed it. */
  panelUrl: string;
  auth: PanelAuth;
  /** The panel's subscription server base, when it has one apart from the panel (S-UI, 3x-ui). */
  subUrl?: string;
  /** Per-call timeout in milliseconds when the call does not give its own; 10 s by default. */
  timeoutMs?: number;
  /**
   * State shared by every driver of this panel and account, whatever their subscription URL or timeout (given by
   * `PanelDrivers`): a driver that logs in keeps its session here, so a second driver does not log in again.
   */
  shared?: Map<string, unknown>;
}

/** What a panel can and cannot do, for the callers whose plan depends on it. */
export interface PanelCapabilities {
  /**
   * The panel takes any used-traffic figure on a client (S-UI's `up`/`down`). Elsewhere counters can only be reset
   * to 0, and `ClientPatch.upBytes`/`downBytes` other than 0 are refused as invalid input: a move that must keep
   * usage then gives the new client only the volume left.
   */
  setUsedTraffic: boolean;
}

/** One protocol's credentials for a client (`{name, uuid, flow}` for vless, `{name, password}` for trojan…). */
export interface CredentialEntry {
  readonly [field: string]: string | number | boolean;
}

/**
 * A client's credentials keyed by protocol (`vless`, `trojan`, `shadowsocks`…), generated once per subscription so a
 * move to another server (of any kind) keeps the customer's uuid and passwords. Each driver maps the entries its
 * panel knows (S-UI stores them whole; 3x-ui takes vless/vmess `uuid` as `id`, trojan `password`…).
 */
export interface ClientCredentials {
  readonly [protocol: string]: CredentialEntry;
}

/** A config link the panel holds or generates for a client. */
export interface PanelLink {
  type: "local" | "external" | "sub";
  remark?: string;
  uri: string;
}

/**
 * A client as the cheap list shows it: enough to sync usage and find clients. `id` is the panel's own key for the
 * client, opaque to everyone but its driver: S-UI's numeric id as text, 3x-ui's email, Marzban's username,
 * Remnawave's uuid or id. Stored as `panel_client_id` and handed back to the same driver.
 */
export interface PanelClientSummary {
  id: string;
  /** The name subkeeper gave the client (the unique key subkeeper searches by). */
  name: string;
  enable: boolean;
  upBytes: number;
  downBytes: number;
  /** 0 means unlimited. */
  volumeBytes: number;
  /** 0 means never. */
  expiryUnixS: number;
  /** Inbounds, groups or squads the client is attached to, as the panel names them (see PanelInbound.id). */
  inboundIds: string[];
}

/** A client as one full read shows it. */
export interface PanelClient extends PanelClientSummary {
  credentials: ClientCredentials;
  links: PanelLink[];
}

/** What to create. `credentials` are generated when left out. */
export interface ClientSpec {
  name: string;
  inboundIds: string[];
  volumeBytes: number;
  expiryUnixS: number;
  enable: boolean;
  credentials?: ClientCredentials;
}

/**
 * Fields to change on an existing client; everything left out keeps the panel's current value, traffic included.
 * Set `upBytes`/`downBytes` to 0 to reset usage; other figures only where `capabilities.setUsedTraffic`.
 */
export interface ClientPatch {
  name?: string;
  enable?: boolean;
  volumeBytes?: number;
  expiryUnixS?: number;
  upBytes?: number;
  downBytes?: number;
  inboundIds?: string[];
  credentials?: ClientCredentials;
}

/**
 * Where new clients are attached: an inbound (S-UI and 3x-ui by numeric id, Marzban by tag), a group (PasarGuard)
 * or an internal squad (Remnawave). `id` is what the operator lists in a server's `inboundIds`, as text.
 */
export interface PanelInbound {
  id: string;
  /** A human label: the inbound's tag or remark, the group's or squad's name. */
  tag: string;
  /** The protocol (`vless`, `trojan`…), or `group` / `squad`. */
  type: string;
}

/** The answer of a health probe. */
export interface PanelProbe {
  latencyMs: number;
  /** The panel software's version as it reports it, or null when it does not say (S-UI's API v2). */
  version: string | null;
  /** Is the proxy core (sing-box, xray) running; panels that do not report it answer true when they answer. */
  coreRunning: boolean;
  /** Clients on the panel. */
  clients: number;
}

/** The formats a subscription server serves: the links list (base64), a sing-box JSON, a Clash YAML. */
export type SubscriptionFormat = "links" | "json" | "clash";

/** `Subscription-Userinfo` read into numbers. */
export interface SubscriptionUsage {
  uploadBytes: number;
  downloadBytes: number;
  totalBytes: number;
  expireUnixS: number;
}

/** A subscription as the panel's subscription server serves it, with the headers clients read. */
export interface PanelSubscription {
  body: string;
  contentType: string | null;
  subscriptionUserinfo: string | null;
  usage: SubscriptionUsage | null;
  profileTitle: string | null;
  profileUpdateInterval: string | null;
  contentDisposition: string | null;
}

/**
 * A panel driver. Every call rejects with a PanelError only; a panel whose version the driver does not speak is a
 * permanent `unsupported-version` error from `probe`. Writes to one panel are serialised by the driver; reads run
 * in parallel. A driver that logs in keeps one session (single-flight) until it expires, and on a 401 logs in once
 * more and retries once. Nothing else here retries: the machines own retries and backoff.
 */
export interface PanelDriver {
  /** Which panel software this driver speaks to. */
  readonly kind: PanelKind;
  readonly capabilities: PanelCapabilities;
  /** Is the panel answering, which version, is its core running, how many clients does it hold. */
  probe(options?: CallOptions): Promise<PanelProbe>;
  /** Every client, summary rows, in one request (or one per page where the panel pages): the usage sync reads this. */
  listClients(options?: CallOptions): Promise<PanelClientSummary[]>;
  /** One client in full, or null when the panel certainly has no client with that key. */
  getClient(id: string, options?: CallOptions): Promise<PanelClient | null>;
  /** All clients with exactly this name, oldest first: on some panels (S-UI) names are not unique. */
  findClientByName(name: string, options?: CallOptions): Promise<PanelClientSummary[]>;
  /** Creates a client. Not idempotent: a retry after a lost answer may duplicate it. Use `ensureClient`. */
  createClient(spec: ClientSpec, options?: CallOptions): Promise<PanelClient>;
  /** Reads the client fresh and writes it back at once with the patch applied, so no counted traffic is lost. */
  updateClient(id: string, patch: ClientPatch, options?: CallOptions): Promise<PanelClient>;
  /** Deletes a client; resolves false when it was certainly already gone, so a replayed delete is harmless. */
  deleteClient(id: string, options?: CallOptions): Promise<boolean>;
  /** The inbounds, groups or squads new clients can be attached to. */
  listInbounds(options?: CallOptions): Promise<PanelInbound[]>;
  /** Fetches the subscription of the client subkeeper named `name` from the panel's subscription server. */
  fetchSubscription(name: string, format?: SubscriptionFormat, options?: CallOptions): Promise<PanelSubscription>;
}

/**
 * Creates the client unless one of that name already exists: the idempotent create every effect should use.
 * With duplicates already on the panel the oldest wins.
 */
export async function ensureClient(
  panel: PanelDriver,
  spec: ClientSpec,
  options?: CallOptions,
): Promise<{ client: PanelClient; created: boolean }> {
  const existing = await panel.findClientByName(spec.name, options);
  for (const match of existing) {
    const client = await panel.getClient(match.id, options);
    if (client) return { client, created: false };
  }
  return { client: await panel.createClient(spec, options), created: true };
}

/**
 * One panel kind as the rest of subkeeper sees it: what an operator must give to add a server of this kind, how its
 * URLs are normalised, and how to build its driver. Each driver file exports one; `kinds.ts` lists them.
 */
export interface PanelKindModule {
  readonly kind: PanelKind;
  /** The credential shapes this kind takes, the preferred first. */
  readonly auth: readonly PanelAuth["type"][];
  /** How operators write the ids of inbounds, groups or squads: numbers (S-UI, 3x-ui, PasarGuard) or text. */
  readonly inboundIdType: "number" | "string";
  /** Whether a server of this kind must list at least one inbound id. */
  readonly inboundsRequired: boolean;
  /** Whether the panel's subscription server has a base URL of its own (`subUrl`); else it is the panel's. */
  readonly hasSubUrl: boolean;
  /** The panel base URL as the driver uses it; throws a PanelError (invalid-input) for a URL it cannot use. */
  normalizePanelUrl(raw: string): string;
  /** The subscription base: `raw` normalised when given, else this kind's default for the (normalised) panel URL. */
  subscriptionUrl(panelUrl: string, raw?: string): string;
  /** Builds a driver; throws a PanelError (invalid-input) for a connection it cannot use. */
  connect(connection: PanelConnection): PanelDriver;
  /** Words refusing inbound ids that exist but this version cannot use together; undefined or null when fine. */
  checkInbounds?(version: string | null, inboundIds: string[]): string | null;
}

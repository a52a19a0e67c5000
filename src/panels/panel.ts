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
  | "bad-response";

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

/** One protocol's credentials for a client (`{name, uuid, flow}` for vless, `{name, password}` for trojan…). */
export interface CredentialEntry {
  readonly [field: string]: string | number | boolean;
}

/** A client's credentials keyed by protocol (`vless`, `trojan`, `shadowsocks`…), S-UI's `config` column. */
export interface ClientCredentials {
  readonly [protocol: string]: CredentialEntry;
}

/** A link the panel stores on a client: generated for an inbound (`local`) or added by hand. */
export interface PanelLink {
  type: "local" | "external" | "sub";
  remark?: string;
  uri: string;
}

/** A client as the cheap list shows it: enough to sync usage and find clients, without credentials or links. */
export interface PanelClientSummary {
  id: number;
  name: string;
  enable: boolean;
  upBytes: number;
  downBytes: number;
  /** 0 means unlimited. */
  volumeBytes: number;
  /** 0 means never. */
  expiryUnixS: number;
  inboundIds: number[];
  remark: string;
  desc: string;
  group: string;
  createdAtUnixS: number;
  /** Last time the panel saw traffic for this client; 0 when never. */
  onlineAtUnixS: number;
}

/** A client as one full read shows it. */
export interface PanelClient extends PanelClientSummary {
  credentials: ClientCredentials;
  links: PanelLink[];
  delayStart: boolean;
  autoReset: boolean;
  resetDays: number;
  nextResetUnixS: number;
  totalUpBytes: number;
  totalDownBytes: number;
}

/** What to create. `credentials` are generated when left out. */
export interface ClientSpec {
  name: string;
  inboundIds: number[];
  volumeBytes: number;
  expiryUnixS: number;
  enable: boolean;
  credentials?: ClientCredentials;
  remark?: string;
  desc?: string;
  group?: string;
}

/**
 * Fields to change on an existing client; everything left out keeps the panel's current value, traffic included.
 * Set `upBytes`/`downBytes` to 0 to reset usage.
 */
export interface ClientPatch {
  name?: string;
  enable?: boolean;
  volumeBytes?: number;
  expiryUnixS?: number;
  upBytes?: number;
  downBytes?: number;
  inboundIds?: number[];
  credentials?: ClientCredentials;
  remark?: string;
  desc?: string;
  group?: string;
}

/** An inbound (a listening protocol endpoint) on the panel. */
export interface PanelInbound {
  id: number;
  type: string;
  tag: string;
  listen: string;
  listenPort: number;
  tlsId: number;
  /** Names of the clients linked to it, as far as the panel reports them. */
  clientNames: string[];
}

/** The answer of a health probe. */
export interface PanelProbe {
  latencyMs: number;
  coreRunning: boolean;
  coreUptimeS: number;
  clients: number;
  inbounds: number;
  clientUpBytes: number;
  clientDownBytes: number;
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
 * A panel driver. Every call rejects with a PanelError only. Writes to one panel are serialised by the driver;
 * reads run in parallel. Nothing here retries: the machines own retries and backoff.
 */
export interface PanelDriver {
  /** Which panel software this driver speaks to. */
  readonly kind: string;
  /** Is the panel answering, is its core running, how many clients does it hold. */
  probe(options?: CallOptions): Promise<PanelProbe>;
  /** Every client, summary rows, in one request: the usage sync reads this. */
  listClients(options?: CallOptions): Promise<PanelClientSummary[]>;
  /** One client in full, or null when the panel has no client with that id. */
  getClient(id: number, options?: CallOptions): Promise<PanelClient | null>;
  /** All clients with exactly this name, id ascending: names are not unique on the panel. */
  findClientByName(name: string, options?: CallOptions): Promise<PanelClientSummary[]>;
  /** Creates a client. Not idempotent: a retry after a lost answer may duplicate it. Use `ensureClient`. */
  createClient(spec: ClientSpec, options?: CallOptions): Promise<PanelClient>;
  /** Reads the client fresh and writes it back at once with the patch applied, so no counted traffic is lost. */
  updateClient(id: number, patch: ClientPatch, options?: CallOptions): Promise<PanelClient>;
  /** Deletes a client; resolves false when it was already gone, so a replayed delete is harmless. */
  deleteClient(id: number, options?: CallOptions): Promise<boolean>;
  /** The panel's inbounds. */
  listInbounds(options?: CallOptions): Promise<PanelInbound[]>;
  /** The panel's own subscription URL for a client name. */
  subscriptionUrl(name: string): string;
  /** Fetches a client's subscription from the panel's subscription server. */
  fetchSubscription(name: string, format?: SubscriptionFormat, options?: CallOptions): Promise<PanelSubscription>;
}

/**
 * Creates the client unless one of that name already exists: the idempotent create every effect should use.
 * With duplicates already on the panel the oldest (lowest id) wins.
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

/**
 * The user model of the Marzban-family simulator (test/fakes/marzban-panel.ts): one store, two flavours.
 *
 * Read from the sources, not copied: Gozargah/Marzban v0.8.4 (7f396db3, `app/models/user.py`, `app/db/crud.py`,
 * `app/utils/jwt.py`) and PasarGuard/panel v5.2.1 (e81877c0, `app/models/user.py`, `app/db/crud/user.py`,
 * `app/operation/user.py`, `app/utils/jwt.py`). What differs between them is branched on `flavor`, in this folder:
 * Marzban keys users by a case-insensitive username and answers `expire` in unix seconds, proxies per protocol and
 * inbound tags; PasarGuard has numeric ids, a case-sensitive username, `expire` as an ISO datetime with `Z`, one
 * `proxy_settings` table for every protocol and `group_ids`. Tokens are in tokens.ts, JSON shapes and links in
 * shapes.ts, request validation in validation.ts, the users and what writes do to them in store.ts.
 */

export type MarzbanFlavor = "marzban" | "pasarguard";
export type UserStatus = "active" | "disabled" | "limited" | "expired" | "on_hold";

/** An inbound of the simulated core: Marzban's `ProxyInbound` (`GET /api/inbounds`). */
export interface SimInbound {
  tag: string;
  protocol: "vless" | "vmess" | "trojan" | "shadowsocks";
  network: string;
  tls: string;
  port: number;
}

/** A PasarGuard group: a named set of inbound tags. */
export interface SimGroup {
  id: number;
  name: string;
  inbound_tags: string[];
  is_disabled: boolean;
}

/** A user as the simulator stores it, flavour-neutral; instants are unix seconds (fractions kept). */
export interface SimUser {
  id: number;
  username: string;
  status: UserStatus;
  usedTraffic: number;
  /** Traffic counted before each reset (the usage logs), for `lifetime_used_traffic`. */
  resetTraffic: number;
  dataLimit: number | null;
  expire: number | null;
  dataLimitResetStrategy: string;
  note: string | null;
  createdAt: number;
  editAt: number | null;
  onlineAt: number | null;
  subUpdatedAt: number | null;
  subLastUserAgent: string | null;
  subRevokedAt: number | null;
  onHoldExpireDuration: number | null;
  onHoldTimeout: string | null;
  autoDeleteInDays: number | null;
  nextPlan: Record<string, unknown> | null;
  hwidLimit: number | null;
  /** Marzban: the protocols the user has, with their settings. PasarGuard: every protocol's settings. */
  proxies: Record<string, Record<string, unknown>>;
  /** Marzban only: per protocol, the inbound tags the user is NOT on. */
  excludedInbounds: Record<string, string[]>;
  /** PasarGuard only. */
  groupIds: number[];
}

/** A refusal the HTTP layer turns into `{"detail": ...}` with this status. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown,
  ) {
    super(typeof detail === "string" ? detail : JSON.stringify(detail));
  }
}

/** FastAPI's 422 as both panels' custom handler shapes it: `{"detail": {<last loc part>: <msg>}}`. */
export function invalid(field: string, message: string): Refusal {
  return new Refusal(422, { [field]: message });
}

/**
 * Remnawave users read into PanelClients and PanelClients written as Remnawave request bodies, for both API
 * generations: 2.x keys users by `uuid`, 3.x by numeric `id` (the uuid is gone). The contract is
 * docs/panels/remnawave.md.
 */
import { PanelError, type ClientCredentials, type ClientPatch, type ClientSpec, type PanelClient, type PanelClientSummary, type PanelInbound } from "./panel.ts";
import { invalidInput, isRow, num, rows, str, type Row } from "./wire.ts";

export type RemnawaveMajor = 2 | 3;

/** Remnawave has no "never": the dashboard writes 2099, and the subscription header reads any 2099 date as 0. */
const NEVER_ISO = "2099-01-01T00:00:00.000Z";
const USERNAME = /^[a-zA-Z0-9_-]{3,36}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user's key as the version's routes take it: the uuid in 2.x, the id (as text) in 3.x. */
function userKey(user: Row, major: RemnawaveMajor): string {
  return major === 2 ? str(user.uuid) : String(num(user.id));
}

/**
 * Checks a stored client key against the version's routes before it is sent. A 2.x uuid sent to 3.x answers 400,
 * which must never be read as "no such user" (a retry would then create a second one), so it is refused here as a
 * `stale-key`: the caller finds the client by its name and goes on with the key the panel uses now.
 */
export function checkUserKey(action: string, key: string, major: RemnawaveMajor): string {
  if (major === 2 && UUID.test(key)) return key;
  if (major === 3 && /^[1-9]\d{0,15}$/.test(key)) return key;
  const shape = UUID.test(key) ? "a 2.x user uuid" : /^\d+$/.test(key) ? "a 3.x user id" : "not a Remnawave user key";
  const words = `the client key ${JSON.stringify(key)} is ${shape}, but this panel runs Remnawave ${major}.x`;
  if (shape.startsWith("not")) throw invalidInput(action, words);
  throw new PanelError("permanent", "stale-key", action, `${words}: find the client by its name`);
}

function expiryUnixS(iso: unknown): number {
  const ms = Date.parse(str(iso));
  if (Number.isNaN(ms)) return 0;
  return new Date(ms).getUTCFullYear() >= 2099 ? 0 : Math.floor(ms / 1000);
}

export function expireAt(expiryUnixS: number): string {
  return expiryUnixS === 0 ? NEVER_ISO : new Date(expiryUnixS * 1000).toISOString();
}

export function toSummary(user: Row, major: RemnawaveMajor): PanelClientSummary {
  const traffic = isRow(user.userTraffic) ? user.userTraffic : {};
  return {
    id: userKey(user, major),
    name: str(user.username),
    enable: user.status === "ACTIVE",
    // Remnawave counts one figure; its own Subscription-Userinfo reports it as download with upload 0.
    upBytes: 0,
    downBytes: num(traffic.usedTrafficBytes),
    volumeBytes: num(user.trafficLimitBytes),
    expiryUnixS: expiryUnixS(user.expireAt),
    inboundIds: rows(user.activeInternalSquads).map((squad) => str(squad.uuid)),
  };
}

export function toClient(user: Row, major: RemnawaveMajor): PanelClient {
  return {
    ...toSummary(user, major),
    credentials: {
      vless: { uuid: str(user.vlessUuid) },
      trojan: { password: str(user.trojanPassword) },
      shadowsocks: { password: str(user.ssPassword) },
    },
    links: [],
  };
}

export function toSquad(squad: Row): PanelInbound {
  return { id: str(squad.uuid), tag: str(squad.name), type: "squad" };
}

/** A credential value when it is a string of the length Remnawave takes; else the panel generates its own. */
function credential(credentials: ClientCredentials | undefined, protocol: string, field: string, fits: (v: string) => boolean): string | undefined {
  const value = credentials?.[protocol]?.[field];
  return typeof value === "string" && fits(value) ? value : undefined;
}

const password = (v: string) => v.length >= 8 && v.length <= 32;

/** `POST /api/users`: the customer's own uuid and passwords are kept, so a moved client keeps its links' secrets. */
export function createBody(action: string, spec: ClientSpec): Row {
  if (!USERNAME.test(spec.name)) throw invalidInput(action, "a Remnawave username is 3-36 letters, digits, _ or -");
  checkSquads(action, spec.inboundIds);
  const body: Row = {
    username: spec.name,
    status: spec.enable ? "ACTIVE" : "DISABLED",
    trafficLimitBytes: spec.volumeBytes,
    trafficLimitStrategy: "NO_RESET",
    expireAt: expireAt(spec.expiryUnixS),
    activeInternalSquads: spec.inboundIds,
  };
  const vless = credential(spec.credentials, "vless", "uuid", (v) => UUID.test(v));
  const trojan = credential(spec.credentials, "trojan", "password", password);
  const ss = credential(spec.credentials, "shadowsocks16", "password", password) ?? credential(spec.credentials, "shadowsocks", "password", password);
  if (vless) body.vlessUuid = vless;
  if (trojan) body.trojanPassword = trojan;
  if (ss) body.ssPassword = ss;
  return body;
}

function checkSquads(action: string, squads: string[]): void {
  if (squads.some((uuid) => !UUID.test(uuid))) throw invalidInput(action, "Remnawave internal squads are named by their UUIDs");
}

/**
 * `PATCH /api/users`: only the fields sent change and the traffic counter lives apart, so nothing counted can be
 * lost and no fresh read is needed. An expiry in the past is refused by the panel ("Expiration date cannot be in
 * the past") and so left out: the client is disabled at expiry anyway, and the panel keeps the expiry it had.
 */
export function patchBody(action: string, key: string, major: RemnawaveMajor, patch: ClientPatch, nowMs: number): Row {
  if (patch.name !== undefined || patch.credentials !== undefined) {
    throw invalidInput(action, "Remnawave cannot rename a user or set its credentials by update");
  }
  const body: Row = major === 2 ? { uuid: key } : { id: Number(key) };
  if (patch.enable !== undefined) body.status = patch.enable ? "ACTIVE" : "DISABLED";
  if (patch.volumeBytes !== undefined) body.trafficLimitBytes = patch.volumeBytes;
  if (patch.expiryUnixS !== undefined && (patch.expiryUnixS === 0 || patch.expiryUnixS * 1000 > nowMs + 60_000)) {
    body.expireAt = expireAt(patch.expiryUnixS);
  }
  if (patch.inboundIds !== undefined) {
    checkSquads(action, patch.inboundIds);
    body.activeInternalSquads = patch.inboundIds;
  }
  return body;
}

/** Whether the patch resets the counter (the only traffic change Remnawave takes: `actions/reset-traffic`). */
export function resetsTraffic(action: string, patch: ClientPatch): boolean {
  const figures = [patch.upBytes, patch.downBytes].filter((v) => v !== undefined);
  if (figures.some((v) => v !== 0)) throw invalidInput(action, "Remnawave can only reset a user's traffic to 0");
  return figures.length > 0;
}

/**
 * The PasarGuard 5.x driver (read at PasarGuard/panel v5.2.1, e81877c0): the family's shared code
 * (marzban-family.ts) with PasarGuard's shapes. Users have numeric ids (the driver's key, and the by-id routes the
 * panel deprecates the username ones for), case-sensitive usernames, `expire` answered as an ISO datetime with `Z`
 * (an integer sent is read as unix seconds), one `proxy_settings` table for every protocol, and `group_ids` where
 * Marzban had inbounds. The contract: docs/panels/pasarguard.md.
 */
import { connectFamily, normalizeFamilyUrl, passwordCredentials, servesStatus, type MarzbanFlavor } from "./marzban-family.ts";
import type { ClientCredentials, PanelInbound, PanelKindModule } from "./panel.ts";
import { invalidInput, isRow, num, rows, str, type Row } from "./wire.ts";

function panelName(name: string): string {
  if (name.length < 3 || name.length > 128 || !/^[a-zA-Z0-9-_@.]+$/.test(name) || /[-_@.]{2,}/.test(name)) {
    throw invalidInput("user", `PasarGuard usernames are 3 to 128 letters, digits and single -_@. ; "${name}" is not one`);
  }
  return name;
}

/** Unix seconds of PasarGuard's datetime (`Z`, or naive read as UTC as the panel does); 0 for none. */
export function unixSeconds(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value !== "string" || value === "") return 0;
  const ms = Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : 0;
}

function proxySettings(credentials: ClientCredentials): Row {
  const uuid = str(credentials.vless?.uuid) || str(credentials.vmess?.uuid);
  const out: Row = {};
  if (uuid) {
    out.vless = { id: uuid };
    out.vmess = { id: str(credentials.vmess?.uuid) || uuid };
  }
  if (credentials.trojan?.password) out.trojan = { password: str(credentials.trojan.password) };
  // PasarGuard wants at least 22 characters; shorter ones are left for the panel to generate.
  const ss = str(credentials.shadowsocks?.password);
  if (ss.length >= 22) out.shadowsocks = { password: ss, method: "chacha20-ietf-poly1305" };
  return out;
}

/** The operator's group ids as numbers; [] means every enabled group on the panel. */
async function groupIds(ids: string[], known: () => Promise<PanelInbound[]>, action: string): Promise<number[]> {
  const chosen = ids.length ? ids : (await known()).map((g) => g.id);
  if (chosen.length === 0) throw invalidInput(action, "the panel has no enabled groups to put the user on");
  return chosen.map((id) => {
    if (!/^\d+$/.test(id)) throw invalidInput(action, `PasarGuard group ids are numbers, not "${id}"`);
    return Number(id);
  });
}

export const pasarguardFlavor: MarzbanFlavor = {
  kind: "pasarguard",
  label: "PasarGuard",
  checkVersion(version, stats) {
    if ("users_active" in stats) return `this panel is Marzban ${version}, not PasarGuard: add it as a marzban server`;
    if (!/^5\.\d+\.\d+/.test(version)) return `PasarGuard ${version || "(no version)"} is not supported: this driver speaks PasarGuard 5.x`;
    return null;
  },
  panelName,
  ourName: (username) => username,
  userPath(id) {
    if (!/^\d+$/.test(id)) throw invalidInput("user", `PasarGuard user ids are numbers, not "${id}"`);
    return `/api/user/by-id/${id}`;
  },
  namePath: (username) => `/api/user/by-username/${encodeURIComponent(username)}`,
  toSummary(row) {
    return {
      id: String(num(row.id)),
      name: str(row.username),
      enable: servesStatus(str(row.status)),
      upBytes: 0,
      downBytes: num(row.used_traffic),
      volumeBytes: num(row.data_limit),
      expiryUnixS: unixSeconds(row.expire),
      inboundIds: Array.isArray(row.group_ids) ? row.group_ids.filter((id): id is number => typeof id === "number").map(String) : [],
    };
  },
  credentials(row) {
    const table = isRow(row.proxy_settings) ? row.proxy_settings : {};
    const out: Record<string, Record<string, string>> = {};
    for (const protocol of ["vless", "vmess"]) if (isRow(table[protocol])) out[protocol] = { uuid: str((table[protocol] as Row).id) };
    for (const protocol of ["trojan", "shadowsocks"]) {
      const settings = table[protocol];
      if (isRow(settings)) out[protocol] = passwordCredentials(settings);
    }
    return out;
  },
  async createBody(spec, username, credentials, driver, due) {
    const groups = await groupIds(spec.inboundIds, () => driver.knownTargets(due), "user:create");
    // Omitting group_ids would make a user with no links.
    return { username, proxy_settings: proxySettings(credentials), group_ids: groups, data_limit: spec.volumeBytes, expire: spec.expiryUnixS, data_limit_reset_strategy: "no_reset", status: "active" };
  },
  async modifyBody(fresh, patch, driver, due) {
    const body: Row = {};
    if (patch.enable !== undefined) body.status = patch.enable ? "active" : "disabled";
    if (patch.volumeBytes !== undefined) body.data_limit = patch.volumeBytes;
    if (patch.expiryUnixS !== undefined) body.expire = patch.expiryUnixS;
    // An empty group_ids would clear the user's groups (the docs say "no change"; the code assigns it).
    if (patch.inboundIds !== undefined) body.group_ids = await groupIds(patch.inboundIds, () => driver.knownTargets(due), "user:modify");
    if (patch.credentials !== undefined) body.proxy_settings = { ...(isRow(fresh.proxy_settings) ? fresh.proxy_settings : {}), ...proxySettings(patch.credentials) };
    // A modify without next_plan deletes the one an admin set: send it back.
    if (isRow(fresh.next_plan)) body.next_plan = fresh.next_plan;
    return body;
  },
  afterReset: () => null,
  async listTargets(driver, due) {
    const answer = await driver.api("groups", "GET", "/api/groups", undefined, due);
    const groups = isRow(answer) ? rows(answer.groups) : [];
    // A disabled group gives its users no links: it is not somewhere to put anyone.
    return groups.filter((g) => g.is_disabled !== true).map((g) => ({ id: String(num(g.id)), tag: str(g.name), type: "group" }));
  },
  formatPath: (format) => (format === "json" ? "/sing_box" : format === "clash" ? "/clash_meta" : ""),
  coreRunning: async () => true,
};

export const pasarguardPanel: PanelKindModule = {
  kind: "pasarguard",
  auth: ["login"],
  inboundIdType: "number",
  inboundsRequired: false,
  hasSubUrl: false,
  normalizePanelUrl: normalizeFamilyUrl,
  subscriptionUrl: (panelUrl) => panelUrl,
  connect: (connection) => connectFamily(pasarguardFlavor, connection),
};

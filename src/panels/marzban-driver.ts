/**
 * The Marzban 0.8.x driver (read at Gozargah/Marzban v0.8.4, 7f396db3): the family's shared code
 * (marzban-family.ts) with Marzban's own shapes. Users are keyed by username, which Marzban compares without case
 * and requires to start with three word characters, so subkeeper's `sk-<n>` is written `sk_<n>`; `expire` is unix
 * seconds, `data_limit` bytes (both `null` for none), all traffic is one `used_traffic` counter; users carry
 * `proxies` per protocol and the inbound tags they are on. The contract: docs/panels/marzban.md.
 */
import { connectFamily, normalizeFamilyUrl, passwordCredentials, servesStatus, type MarzbanFlavor } from "./marzban-family.ts";
import type { ClientCredentials, ClientPatch, PanelInbound, PanelKindModule } from "./panel.ts";
import { invalidInput, isRow, num, str, type Row } from "./wire.ts";

/** Marzban's USERNAME_REGEXP (`app/models/user.py`). */
const USERNAME = /^(?=\w{3,32}\b)[a-zA-Z0-9-_@.]+(?:_[a-zA-Z0-9-_@.]+)*$/;
const PROTOCOLS = ["vless", "vmess", "trojan", "shadowsocks"] as const;

function panelName(name: string): string {
  if (USERNAME.test(name) && name.length <= 32) return name;
  const written = name.replace(/-/g, "_");
  if (USERNAME.test(written) && written.length <= 32) return written;
  throw invalidInput("user", `Marzban usernames are 3 to 32 letters, digits and _-@. starting with three word characters; "${name}" cannot be written as one`);
}

/** The reverse of panelName for the names it rewrote; every other username is its own name. */
function ourName(username: string): string {
  const dashed = username.replace(/_/g, "-");
  if (dashed === username || USERNAME.test(dashed)) return username;
  try {
    return panelName(dashed) === username ? dashed : username;
  } catch {
    return username;
  }
}

/** Marzban `proxies` settings from subkeeper's credentials for one protocol. */
function proxySettings(protocol: string, credentials: ClientCredentials): Row {
  const entry = credentials[protocol] ?? {};
  if (protocol === "vless") return { id: str(entry.uuid) || crypto.randomUUID(), flow: "" };
  if (protocol === "vmess") return { id: str(entry.uuid) || str(credentials.vless?.uuid) || crypto.randomUUID() };
  if (protocol === "trojan") return entry.password ? { password: str(entry.password) } : {};
  return entry.password ? { password: str(entry.password), method: "chacha20-ietf-poly1305" } : {};
}

function tagsOf(row: Row): string[] {
  const tags = new Set<string>();
  if (isRow(row.inbounds)) for (const list of Object.values(row.inbounds)) if (Array.isArray(list)) for (const t of list) if (typeof t === "string") tags.add(t);
  return [...tags];
}

/** The operator's inbound tags grouped by protocol; [] means every inbound. Unknown tags are invalid input. */
function byProtocol(tags: string[], known: PanelInbound[], action: string): Map<string, string[]> {
  const chosen = tags.length === 0 ? known : tags.map((tag) => known.find((i) => i.id === tag) ?? tag);
  const out = new Map<string, string[]>();
  for (const inbound of chosen) {
    if (typeof inbound === "string") throw invalidInput(action, `the panel has no inbound tagged "${inbound}"`);
    out.set(inbound.type, [...(out.get(inbound.type) ?? []), inbound.id]);
  }
  if (out.size === 0) throw invalidInput(action, "the panel has no inbounds to put the user on");
  return out;
}

export const marzbanFlavor: MarzbanFlavor = {
  kind: "marzban",
  label: "Marzban",
  checkVersion(version, stats) {
    if ("active_users" in stats) return `this panel is PasarGuard ${version}, not Marzban: add it as a pasarguard server`;
    if (!/^0\.8\.\d+$/.test(version)) return `Marzban ${version || "(no version)"} is not supported: this driver speaks Marzban 0.8.x`;
    return null;
  },
  panelName,
  ourName,
  userPath: (id) => `/api/user/${encodeURIComponent(id)}`,
  namePath: (username) => `/api/user/${encodeURIComponent(username)}`,
  toSummary(row) {
    const username = str(row.username);
    return {
      id: username,
      name: ourName(username),
      enable: servesStatus(str(row.status)),
      upBytes: 0,
      downBytes: num(row.used_traffic),
      volumeBytes: num(row.data_limit),
      expiryUnixS: num(row.expire),
      inboundIds: tagsOf(row),
    };
  },
  credentials(row) {
    const proxies = isRow(row.proxies) ? row.proxies : {};
    const out: Record<string, Record<string, string>> = {};
    for (const [protocol, settings] of Object.entries(proxies)) {
      if (!isRow(settings)) continue;
      if (protocol === "vless" || protocol === "vmess") out[protocol] = { uuid: str(settings.id), ...(settings.flow ? { flow: str(settings.flow) } : {}) };
      else out[protocol] = passwordCredentials(settings);
    }
    return out;
  },
  async createBody(spec, username, credentials, driver, due) {
    const groups = byProtocol(spec.inboundIds, await driver.knownTargets(due), "user:create");
    const proxies: Row = {};
    const inbounds: Row = {};
    for (const [protocol, tags] of groups) {
      proxies[protocol] = proxySettings(protocol, credentials);
      inbounds[protocol] = tags;
    }
    // Marzban stores 0 as null (unlimited / never) either way.
    return { username, proxies, inbounds, data_limit: spec.volumeBytes, expire: spec.expiryUnixS, data_limit_reset_strategy: "no_reset", status: "active" };
  },
  async modifyBody(fresh, patch: ClientPatch, driver, due) {
    const body: Row = {};
    if (patch.enable !== undefined) body.status = patch.enable ? "active" : "disabled";
    if (patch.volumeBytes !== undefined) body.data_limit = patch.volumeBytes;
    if (patch.expiryUnixS !== undefined) body.expire = patch.expiryUnixS;
    const current = isRow(fresh.proxies) ? fresh.proxies : {};
    if (patch.inboundIds !== undefined || patch.credentials !== undefined) {
      const groups = patch.inboundIds !== undefined ? byProtocol(patch.inboundIds, await driver.knownTargets(due), "user:modify") : null;
      const protocols = groups ? [...groups.keys()] : Object.keys(current);
      // A non-empty `proxies` replaces the user's set: every protocol it keeps is sent, with its settings.
      const proxies: Row = {};
      for (const protocol of protocols) {
        proxies[protocol] = patch.credentials?.[protocol] ? proxySettings(protocol, patch.credentials) : (current[protocol] ?? proxySettings(protocol, patch.credentials ?? {}));
      }
      body.proxies = proxies;
      if (groups) body.inbounds = Object.fromEntries(groups);
    }
    // A modify without next_plan deletes the one an admin set: send it back.
    if (isRow(fresh.next_plan)) body.next_plan = fresh.next_plan;
    return body;
  },
  afterReset(fresh, patch) {
    // Marzban's reset brings disabled users back to active; keep a suspended user suspended.
    return str(fresh.status) === "disabled" && patch.enable === undefined ? { status: "disabled" } : null;
  },
  async listTargets(driver, due) {
    const answer = await driver.api("inbounds", "GET", "/api/inbounds", undefined, due);
    const out: PanelInbound[] = [];
    if (!isRow(answer)) return out;
    for (const protocol of PROTOCOLS) {
      const list = answer[protocol];
      if (Array.isArray(list)) for (const inbound of list) if (isRow(inbound)) out.push({ id: str(inbound.tag), tag: str(inbound.tag), type: protocol });
    }
    return out;
  },
  formatPath: (format) => (format === "json" ? "/sing-box" : format === "clash" ? "/clash-meta" : ""),
  async coreRunning(driver, due) {
    const core = await driver.api("core", "GET", "/api/core", undefined, due);
    return isRow(core) && core.started === true;
  },
};

export const marzbanPanel: PanelKindModule = {
  kind: "marzban",
  auth: ["login"],
  inboundIdType: "string",
  inboundsRequired: false,
  hasSubUrl: false,
  normalizePanelUrl: normalizeFamilyUrl,
  subscriptionUrl: (panelUrl) => panelUrl,
  connect: (connection) => connectFamily(marzbanFlavor, connection),
};

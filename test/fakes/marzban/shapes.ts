/** The JSON a Marzban-family panel answers for a user, and the links and configs its subscription serves. */
import type { MarzbanFlavor, SimGroup, SimInbound, SimUser } from "./model.ts";


/** Python's naive `datetime.isoformat()` (Marzban: no zone, JavaScript reads it as local time). */
function naiveIso(unixS: number): string {
  const iso = new Date(Math.floor(unixS * 1000)).toISOString().replace("Z", "");
  const micros = String(Math.round((unixS % 1) * 1e6)).padStart(6, "0");
  return micros === "000000" ? iso.slice(0, 19) : `${iso.slice(0, 19)}.${micros}`;
}

/** Pydantic v2's JSON for an aware UTC datetime: ISO with `Z`, microseconds only when non-zero. */
export function zuluIso(unixS: number): string {
  return `${naiveIso(unixS)}Z`;
}

const when = (unixS: number | null, zulu: boolean) => (unixS === null ? null : zulu ? zuluIso(unixS) : naiveIso(unixS));

/** The inbounds a user is on, each with the user's settings for its protocol. */
function userEndpoints(flavor: MarzbanFlavor, user: SimUser, inbounds: SimInbound[], groups: Map<number, SimGroup>) {
  const tags = new Set<string>();
  if (flavor === "marzban") {
    for (const protocol of Object.keys(user.proxies)) {
      for (const inbound of inbounds) {
        if (inbound.protocol === protocol && !(user.excludedInbounds[protocol] ?? []).includes(inbound.tag)) tags.add(inbound.tag);
      }
    }
  } else {
    for (const id of user.groupIds) {
      const group = groups.get(id);
      if (group && !group.is_disabled) for (const tag of group.inbound_tags) tags.add(tag);
    }
  }
  return inbounds.flatMap((inbound) => {
    const settings = user.proxies[inbound.protocol];
    return tags.has(inbound.tag) && settings ? [{ inbound, settings, remark: `🚀 ${inbound.tag} (${user.username})` }] : [];
  });
}

/** The share links a user gets: one per inbound it is on, for the protocols it has settings for. */
export function userLinks(flavor: MarzbanFlavor, user: SimUser, inbounds: SimInbound[], groups: Map<number, SimGroup>, host: string): string[] {
  return userEndpoints(flavor, user, inbounds, groups).map(({ inbound, settings, remark: text }) => {
    const remark = encodeURIComponent(text);
    const query = `security=${inbound.tls}&type=${inbound.network}`;
    const address = `${host}:${inbound.port}`;
    if (inbound.protocol === "vless") return `vless://${String(settings.id)}@${address}?${query}#${remark}`;
    if (inbound.protocol === "trojan") return `trojan://${String(settings.password)}@${address}?${query}#${remark}`;
    if (inbound.protocol === "shadowsocks") return `ss://${Buffer.from(`${String(settings.method)}:${String(settings.password)}`).toString("base64")}@${address}#${remark}`;
    const vmess = { add: host, aid: "0", host: "", id: settings.id, net: inbound.network, port: inbound.port, ps: text, tls: inbound.tls, type: "none", v: "2" };
    return `vmess://${Buffer.from(JSON.stringify(vmess)).toString("base64")}`;
  });
}

/** The same endpoints as a sing-box config (`json`) or a Clash YAML (`clash`), as the panels' other formats. */
export function userConfig(format: "json" | "clash", flavor: MarzbanFlavor, user: SimUser, inbounds: SimInbound[], groups: Map<number, SimGroup>, host: string): string {
  const proxies = userEndpoints(flavor, user, inbounds, groups).map(({ inbound, settings, remark }) => ({
    type: inbound.protocol,
    tag: remark,
    server: host,
    server_port: inbound.port,
    ...(inbound.protocol === "vless" || inbound.protocol === "vmess" ? { uuid: settings.id } : { password: settings.password }),
  }));
  if (format === "json") {
    return JSON.stringify({ outbounds: [{ type: "selector", tag: "proxy", outbounds: proxies.map((p) => p.tag) }, ...proxies, { type: "direct", tag: "direct" }] }, null, 2);
  }
  const lines = ["mode: rule", "proxies:"];
  for (const p of proxies) {
    lines.push(`  - name: "${p.tag}"`, `    type: ${p.type === "shadowsocks" ? "ss" : p.type}`, `    server: ${p.server}`, `    port: ${p.server_port}`);
    lines.push("uuid" in p ? `    uuid: ${String(p.uuid)}` : `    password: ${String(p.password)}`);
  }
  lines.push("proxy-groups:", "  - name: Proxy", "    type: select", "    proxies:", ...proxies.map((p) => `      - "${p.tag}"`), "rules:", "  - MATCH,Proxy", "");
  return lines.join("\n");
}

/** Marzban's `UserResponse` / PasarGuard's `UserResponse`, field for field; it shares the user's objects, so serialise it at once. */
export function userJson(
  flavor: MarzbanFlavor,
  user: SimUser,
  extra: { subscriptionUrl: string; links: string[]; inbounds: SimInbound[]; admin: string },
): Record<string, unknown> {
  if (flavor === "marzban") {
    const inboundTags: Record<string, string[]> = {};
    for (const protocol of Object.keys(user.proxies)) {
      inboundTags[protocol] = extra.inbounds
        .filter((i) => i.protocol === protocol && !(user.excludedInbounds[protocol] ?? []).includes(i.tag))
        .map((i) => i.tag);
    }
    return {
      proxies: user.proxies,
      expire: user.expire,
      data_limit: user.dataLimit,
      data_limit_reset_strategy: user.dataLimitResetStrategy,
      inbounds: inboundTags,
      note: user.note,
      sub_updated_at: when(user.subUpdatedAt, false),
      sub_last_user_agent: user.subLastUserAgent,
      online_at: when(user.onlineAt, false),
      on_hold_expire_duration: user.onHoldExpireDuration,
      on_hold_timeout: user.onHoldTimeout,
      auto_delete_in_days: user.autoDeleteInDays,
      next_plan: user.nextPlan,
      username: user.username,
      status: user.status,
      used_traffic: user.usedTraffic,
      lifetime_used_traffic: user.usedTraffic + user.resetTraffic,
      created_at: naiveIso(user.createdAt),
      links: extra.links,
      subscription_url: extra.subscriptionUrl,
      excluded_inbounds: user.excludedInbounds,
      admin: { username: extra.admin, is_sudo: true, telegram_id: null, discord_webhook: null, users_usage: null },
    };
  }
  return {
    proxy_settings: user.proxies,
    expire: when(user.expire, true),
    data_limit: user.dataLimit,
    data_limit_reset_strategy: user.dataLimitResetStrategy,
    note: user.note,
    on_hold_expire_duration: user.onHoldExpireDuration,
    on_hold_timeout: user.onHoldTimeout,
    group_ids: user.groupIds,
    auto_delete_in_days: user.autoDeleteInDays,
    hwid_limit: user.hwidLimit,
    next_plan: user.nextPlan,
    id: user.id,
    username: user.username,
    status: user.status,
    used_traffic: user.usedTraffic,
    lifetime_used_traffic: user.usedTraffic + user.resetTraffic,
    created_at: zuluIso(user.createdAt),
    edit_at: when(user.editAt, true),
    online_at: when(user.onlineAt, true),
    subscription_url: extra.subscriptionUrl,
    admin: { id: 1, username: extra.admin },
  };
}

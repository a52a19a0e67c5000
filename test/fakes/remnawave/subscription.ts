/**
 * The Remnawave backend's subscription answer (`GET /api/sub/:shortUuid[/:clientType]`, the subscription module at
 * 2.8.1 and 3.3.2): links for each inbound of the user's squads, placeholder links whose remarks say why when the
 * user is not ACTIVE (the seeded custom remarks), and the headers clients read.
 */
import type { RwSquad, RwUser } from "../remnawave-panel.ts";
import type { Major, UserStatus } from "./requests.ts";

/** REQUEST_TEMPLATE_TYPE: the client types `/api/sub/:shortUuid/:clientType` serves. */
export const CLIENT_TYPES = ["stash", "singbox", "mihomo", "json", "v2ray-json", "clash"];

const STATUS_REMARKS: Partial<Record<UserStatus, string[]>> = {
  EXPIRED: ["⌛ Subscription expired", "Contact support"],
  LIMITED: ["🚧 Subscription limited", "Contact support"],
  DISABLED: ["🚫 Subscription disabled", "Contact support"],
};
const EMPTY_HOSTS = ["→ Remnawave", "→ No hosts found", "→ Check Hosts tab", "→ Check Internal Squads tab"];

const placeholder = (remark: string) => `vless://00000000-0000-0000-0000-000000000000@0.0.0.0:1?encryption=none&type=tcp#${encodeURIComponent(remark)}`;

function links(user: RwUser, squads: RwSquad[]): string[] {
  const remarks = STATUS_REMARKS[user.status];
  if (remarks) return remarks.map(placeholder);
  const host = "127.0.0.1";
  const out: string[] = [];
  for (const squad of squads.filter((s) => user.squads.includes(s.uuid))) {
    for (const inbound of squad.inbounds) {
      const remark = encodeURIComponent(inbound.tag);
      if (inbound.type === "vless") out.push(`vless://${user.vlessUuid}@${host}:${inbound.port}?security=${inbound.security ?? "none"}&type=${inbound.network ?? "tcp"}#${remark}`);
      else if (inbound.type === "trojan") out.push(`trojan://${user.trojanPassword}@${host}:${inbound.port}?security=${inbound.security ?? "none"}#${remark}`);
      else out.push(`ss://${Buffer.from(`chacha20-ietf-poly1305:${user.ssPassword}`).toString("base64")}@${host}:${inbound.port}#${remark}`);
    }
  }
  return out.length ? out : EMPTY_HOSTS.map(placeholder);
}

/** The body for a client type: base64 links by default, sing-box JSON, a Clash/Mihomo YAML, Xray JSON. */
function rendered(list: string[], clientType: string | undefined): { body: string; contentType: string } {
  if (clientType === undefined) return { body: Buffer.from(list.join("\n")).toString("base64"), contentType: "text/plain; charset=utf-8" };
  const proxies = list.map((link) => {
    const url = new URL(link);
    return { type: url.protocol.slice(0, -1), tag: decodeURIComponent(url.hash.slice(1)), server: url.hostname, server_port: Number(url.port), secret: decodeURIComponent(url.username) };
  });
  if (clientType === "singbox") {
    const outbounds = proxies.map((p) => ({ type: p.type, tag: p.tag, server: p.server, server_port: p.server_port, ...(p.type === "vless" ? { uuid: p.secret } : { password: p.secret }) }));
    return { body: JSON.stringify({ outbounds: [{ type: "selector", tag: "proxy", outbounds: outbounds.map((o) => o.tag) }, ...outbounds] }, null, 2), contentType: "application/json" };
  }
  if (clientType === "clash" || clientType === "mihomo" || clientType === "stash") {
    const lines = ["proxies:", ...proxies.flatMap((p) => [`  - name: ${p.tag}`, `    type: ${p.type}`, `    server: ${p.server}`, `    port: ${p.server_port}`])];
    return { body: `${lines.join("\n")}\n`, contentType: "text/yaml" };
  }
  return { body: JSON.stringify(proxies.map((p) => ({ remarks: p.tag, outbounds: [{ protocol: p.type }] }))), contentType: "application/json" };
}

/** The 200 answer for a user; 2.x adds the profile title, update interval and support URL from its settings. */
export function subscriptionAnswer(user: RwUser, squads: RwSquad[], major: Major, clientType?: string): Response {
  const expire = new Date(user.expireAtMs).getUTCFullYear() !== 2099 ? Math.floor(user.expireAtMs / 1000) : 0;
  const { body, contentType } = rendered(links(user, squads), clientType);
  const headers: Record<string, string> = {
    "Content-Type": contentType,
    "content-disposition": `attachment; filename=${user.username}`,
    "subscription-userinfo": `upload=0; download=${user.usedTrafficBytes}; total=${user.trafficLimitBytes}; expire=${expire}`,
  };
  if (major === 2) {
    headers["support-url"] = "https://dummy.docs.rw";
    headers["profile-title"] = `base64:${Buffer.from("Remnawave").toString("base64")}`;
    headers["profile-update-interval"] = "12";
  }
  return new Response(body, { status: 200, headers });
}

/**
 * The headers VPN apps read from a subscription answer, written for the customer rather than copied from the panel:
 * usage is the current period's (a renewal with the `reset` policy moves `usage_base` instead of resetting panel
 * counters, and a move to another server shifts it), the title is the subscription's own.
 */
import { periodUsage } from "../../domain/subscription-rules.ts";

export interface PanelCounters {
  uploadBytes: number;
  downloadBytes: number;
}

/**
 * `Subscription-Userinfo` for the current period: upload + download = used − usage_base (split in the panel's own
 * upload/download proportion when it gave one), total = volume − usage_base, expire in unix seconds (0 = never).
 */
export function periodUserinfo(
  traffic: { volumeBytes: number; usageBase: number; usedBytes: number },
  expiresAt: number | null,
  panel: PanelCounters | null,
): string {
  const { used, total } = periodUsage(traffic);
  const panelTotal = panel ? panel.uploadBytes + panel.downloadBytes : 0;
  const upload = panelTotal > 0 ? Math.round((used * panel!.uploadBytes) / panelTotal) : 0;
  const expire = expiresAt === null ? 0 : Math.floor(expiresAt / 1000);
  return `upload=${upload}; download=${used - upload}; total=${total}; expire=${expire}`;
}

const printableAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

/** `Profile-Title`: plain when ASCII, else `base64:` + UTF-8 base64, which v2rayNG, Hiddify, V2Box and sing-box read. */
export function profileTitle(title: string): string {
  const clean = title.replace(/[\r\n]+/g, " ").trim() || "subscription";
  return printableAscii(clean) ? clean : `base64:${Buffer.from(clean, "utf8").toString("base64")}`;
}

/** `Content-Disposition` with an ASCII fallback name and the UTF-8 name (RFC 6266). */
export function contentDisposition(title: string, format: "links" | "json" | "clash"): string {
  const extension = format === "json" ? ".json" : format === "clash" ? ".yaml" : "";
  const name = (title.trim() || "subscription") + extension;
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

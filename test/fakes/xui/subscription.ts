/**
 * The 3x-ui subscription server's answer (sub/subController.go at v2.9.4): every link of the clients sharing the
 * subId, base64 of one line each ending in "\n" (subEncrypt, on by default); `Subscription-Userinfo` sums the
 * clients' counters and totals (0 once any is unlimited) and gives the expiry in seconds (0 once they differ);
 * nothing matching is 400 `Error!`. JSON and Clash answer at /json/ and /clash/ beside /sub/.
 */
import type { XuiStore } from "./store.ts";

export function subscriptionAnswer(store: XuiStore, format: "sub" | "json" | "clash", subId: string, url: URL): Response {
  const { lines, clients } = store.links(subId, url.hostname);
  if (lines.length === 0) return new Response("Error!", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  let up = 0;
  let down = 0;
  let total = 0;
  let expiry = 0;
  clients.forEach((c, i) => {
    up += c.up;
    down += c.down;
    const t = Number(c.entry.totalGB ?? 0);
    total = i === 0 ? t : total === 0 || t === 0 ? 0 : total + t;
    const e = Number(c.entry.expiryTime ?? 0);
    expiry = i === 0 ? Math.max(0, e) : e === expiry ? expiry : 0;
  });
  const headers = new Headers({
    "Subscription-Userinfo": `upload=${up}; download=${down}; total=${total}; expire=${Math.trunc(expiry / 1000)}`,
    "Profile-Update-Interval": "12",
    "Profile-Web-Page-Url": url.toString(),
  });
  const remark = (line: string) => decodeURIComponent(line.split("#")[1] ?? "");
  const protocol = (line: string) => line.split(":")[0];
  let body: string;
  if (format === "json") {
    headers.set("content-type", "application/json; charset=utf-8");
    body = JSON.stringify(lines.map((line) => ({ remarks: remark(line), outbounds: [{ protocol: protocol(line) }] })));
  } else if (format === "clash") {
    headers.set("content-type", "application/yaml; charset=utf-8");
    body = `proxies:\n${lines.map((line) => `  - name: ${remark(line)}\n    type: ${protocol(line)}`).join("\n")}\n`;
  } else {
    headers.set("content-type", "text/plain; charset=utf-8");
    body = Buffer.from(lines.map((line) => `${line}\n`).join("")).toString("base64");
  }
  return new Response(body, { status: 200, headers });
}

/**
 * Who is asking for a subscription: a VPN app (gets the panel's subscription) or a person in a browser (gets the
 * subscription page). Apps identify themselves in User-Agent; a browser asks for text/html.
 */

/** User-Agents of the apps customers use (and a few more that fetch subscriptions). */
const VPN_CLIENT =
  /v2rayn|v2rayng|v2box|hiddify|streisand|sing-?box|sfa\/|sfi\/|sfm\/|sft\/|nekobox|nekoray|shadowrocket|clash|mihomo|stash|quantumult|surge|loon|foxray|v2raytun|happ\/|karing|oneclick|throne|husi|exclave|incy|npvtunnel|v2fly|xray/i;

function isVpnClient(userAgent: string | null): boolean {
  return userAgent !== null && VPN_CLIENT.test(userAgent);
}

/** A person in a browser: asks for HTML and is not one of the apps. */
export function wantsPage(request: Request): boolean {
  const accept = request.headers.get("accept") ?? "";
  return accept.includes("text/html") && !isVpnClient(request.headers.get("user-agent"));
}

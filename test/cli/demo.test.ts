/**
 * `npm run demo` as a newcomer runs it: the whole flow in one process, ending in what the customer's VPN app
 * fetched from subkeeper's own /sub/<token> on a local port — the usage header and the decoded config links.
 */
import { expect, test } from "bun:test";
import { join } from "node:path";

const root = join(import.meta.dir, "..", "..");

test(
  "the demo fetches the customer's link from its own /sub and prints the Subscription-Userinfo header and the decoded configs",
  async () => {
    const proc = Bun.spawn([process.execPath, "src/cli.ts", "demo"], { cwd: root, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, stdout: "pipe", stderr: "pipe" });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    expect(err).toBe("");
    expect(code).toBe(0);

    // The link handed to the customer is subkeeper's, on the port the demo bound, and that is what the app fetched.
    const link = /Sara's stable link: (http:\/\/127\.0\.0\.1:(\d+)\/sub\/[A-Za-z0-9_-]{16,64})/.exec(out);
    expect(link).not.toBeNull();
    expect(Number(link![2])).toBeGreaterThan(0);
    expect(out).toContain(`GET ${link![1]}  (User-Agent: v2rayNG/`);
    expect(out).toContain("→ HTTP 200");

    // After 16.5 GB of the 20 GB plan, the header carries the customer's usage, in bytes, with the expiry.
    const userinfo = /→ Subscription-Userinfo: upload=(\d+); download=(\d+); total=(\d+); expire=(\d+)/.exec(out);
    expect(userinfo).not.toBeNull();
    const [, up, down, total, expire] = userinfo!.map(Number);
    expect(up! + down!).toBe(Math.round(16.5 * 1024 ** 3));
    expect(total).toBe(20 * 1024 ** 3);
    expect(expire).toBeGreaterThan(Date.now() / 1000);

    // Both inbounds of the simulated panel give one link each, decoded from the base64 body.
    expect(out).toContain("→ 2 config links, decoded from the base64 body:");
    const configs = [...out.matchAll(/^ {6}((?:vless|trojan):\/\/\S+)$/gm)].map((m) => m[1]!);
    expect(configs.map((uri) => uri.split(":")[0]).sort()).toEqual(["trojan", "vless"]);
    const vless = new URL(configs.find((uri) => uri.startsWith("vless://"))!);
    expect(vless.username).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(vless.port).not.toBe("");
  },
  60_000,
);

/**
 * Credentials for a new panel client. S-UI never makes them itself, and a client linked to an inbound whose protocol
 * key is missing from its config breaks the save, so like the panel's web UI we fill every protocol at once: the same
 * shape each time, fresh random values from the platform's CSPRNG.
 */
import type { ClientCredentials } from "./panel.ts";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A random string of letters and digits, unbiased (rejection sampling over random bytes). */
export function randomAlphanumeric(length: number): string {
  const limit = 256 - (256 % ALPHANUMERIC.length);
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
    }
  }
  return out;
}

/** A shadowsocks 2022 key: standard base64 of `bytes` random bytes (32 for aes-256/chacha, 16 for aes-128). */
function shadowsocksKey(bytes: 16 | 32): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("base64");
}

/** Every protocol's credentials for a client called `name`, in the shape S-UI's web UI generates. */
export function generateCredentials(name: string): ClientCredentials {
  const password = randomAlphanumeric(16);
  const uuid = crypto.randomUUID();
  const ss32 = shadowsocksKey(32);
  return {
    mixed: { username: name, password },
    socks: { username: name, password },
    http: { username: name, password },
    shadowsocks: { name, password: ss32 },
    shadowsocks16: { name, password: shadowsocksKey(16) },
    shadowtls: { name, password: ss32 },
    vmess: { name, uuid, alterId: 0 },
    vless: { name, uuid, flow: "xtls-rprx-vision" },
    anytls: { name, password },
    trojan: { name, password },
    naive: { username: name, password },
    hysteria: { name, auth_str: password },
    tuic: { name, uuid, password },
    hysteria2: { name, password },
  };
}

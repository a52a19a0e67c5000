/**
 * The console's stylesheet and script, embedded in the binary as text and served with a fingerprint in the path's
 * query, so they can be cached for good.
 */
import css from "./assets/console.css" with { type: "text" };
import script from "./assets/console.client.js" with { type: "text" };

const fingerprint = (text: string) => new Bun.CryptoHasher("sha256").update(text).digest("hex").slice(0, 12);

export const ASSETS = {
  css: { body: css, type: "text/css; charset=utf-8" },
  js: { body: script, type: "text/javascript; charset=utf-8" },
};

export const ASSET_PATHS = {
  css: `/console/assets/console.css?v=${fingerprint(css)}`,
  js: `/console/assets/console.js?v=${fingerprint(script)}`,
};

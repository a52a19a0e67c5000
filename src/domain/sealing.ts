/**
 * The one sealing primitive of this install: AES-256-GCM through WebCrypto under a key derived by PBKDF2-SHA256
 * from the install's secret (SECRET_KEY or the key file). A salt per use (panel tokens, backups) gives each use its
 * own key from the same secret. Callers keep their own envelope format; this only derives, seals and opens.
 */

/** The IV length of every sealed value (96 bits, as GCM wants). */
export const IV_BYTES = 12;
const PBKDF2_ITERATIONS = 210_000;

/** The AES-GCM key for one use of `secret`; `salt` names the use. Derivation is slow on purpose. */
export async function deriveSealingKey(secret: string, salt: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt: new TextEncoder().encode(salt), iterations: PBKDF2_ITERATIONS },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/** Seals `plain` under a fresh random IV; `header`, when given, is authenticated but not encrypted. */
export async function sealBytes(key: CryptoKey, plain: BufferSource, header?: BufferSource): Promise<{ iv: Uint8Array<ArrayBuffer>; ciphertext: Uint8Array<ArrayBuffer> }> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv, ...(header ? { additionalData: header } : {}) }, key, plain);
  return { iv, ciphertext: new Uint8Array(ciphertext) };
}

/** The plain bytes; throws (WebCrypto's error) when the key is not this value's or the value or header was changed. */
export async function openBytes(key: CryptoKey, iv: BufferSource, ciphertext: BufferSource, header?: BufferSource): Promise<Uint8Array<ArrayBuffer>> {
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv, ...(header ? { additionalData: header } : {}) }, key, ciphertext);
  return new Uint8Array(plain);
}

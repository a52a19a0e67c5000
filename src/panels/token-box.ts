/**
 * Panel API tokens at rest, sealed (src/domain/sealing.ts) as `v1.<iv b64url>.<ciphertext+tag b64url>`.
 * The key comes from SECRET_KEY, or from a random key file created beside the database when SECRET_KEY is unset.
 */
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { deriveSealingKey, IV_BYTES, openBytes, sealBytes } from "../domain/sealing.ts";
import { log } from "../log.ts";

const VERSION = "v1";
// A fixed salt is fine here: the key material is one per installation, and the salt only separates this use of it.
const SALT = "subkeeper/token-box/v1";
const KEY_FILE_NAME = "subkeeper.key";

/** A sealed value could not be opened: wrong key, or the stored text was changed or cut. */
export class TokenBoxError extends Error {
  override readonly name = "TokenBoxError";
  readonly kind = "permanent";
}

/** Seals and opens panel tokens with one key. */
export interface TokenBox {
  seal(plaintext: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new TokenBoxError("the sealed token is not valid base64url");
  return new Uint8Array(Buffer.from(text, "base64url"));
}

/** Opens a token box keyed by `secret`. Derivation is deliberately slow: call it once per process. */
export async function openTokenBox(secret: string): Promise<TokenBox> {
  if (secret.length < 16) throw new TokenBoxError("the token key must be at least 16 characters");
  const key = await deriveSealingKey(secret, SALT);
  return {
    async seal(plaintext) {
      const { iv, ciphertext } = await sealBytes(key, new TextEncoder().encode(plaintext));
      return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(ciphertext)}`;
    },
    async open(sealed) {
      const parts = sealed.split(".");
      if (parts.length !== 3 || parts[0] !== VERSION) {
        throw new TokenBoxError(`the sealed token is not in the ${VERSION}.<iv>.<ciphertext> form`);
      }
      const iv = fromBase64Url(parts[1] ?? "");
      const ciphertext = fromBase64Url(parts[2] ?? "");
      if (iv.length !== IV_BYTES) throw new TokenBoxError("the sealed token has a damaged IV");
      try {
        return new TextDecoder().decode(await openBytes(key, iv, ciphertext));
      } catch (cause) {
        throw new TokenBoxError("the sealed token cannot be opened: wrong SECRET_KEY or a damaged value", { cause });
      }
    },
  };
}

/** Where the generated key lives for a given database path. */
export function keyFilePath(databasePath: string): string {
  return join(dirname(databasePath), KEY_FILE_NAME);
}

/** Where the key of this configuration comes from, in words for messages: SECRET_KEY or the key file's path. */
export function keySourceOf(config: { databasePath: string; secretKey?: string | undefined }): string {
  return config.secretKey ? "SECRET_KEY" : `the key file ${keyFilePath(config.databasePath)}`;
}

/** The key this configuration has, without creating a key file: SECRET_KEY, the key file's content, or undefined. */
export function existingKey(databasePath: string, secretKey?: string): string | undefined {
  if (secretKey !== undefined && secretKey !== "") return secretKey;
  if (databasePath === ":memory:") return undefined;
  try {
    const key = readFileSync(keyFilePath(databasePath), "utf8").trim();
    return key.length >= 16 ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The token key: SECRET_KEY when set; otherwise the key file beside the database, created with 32 random bytes and
 * mode 0600 on first use. An in-memory database gets a key that lives only as long as the process.
 */
export function loadOrCreateKey(databasePath: string, secretKey?: string): string {
  if (secretKey !== undefined && secretKey !== "") return secretKey;
  if (databasePath === ":memory:") return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const path = keyFilePath(databasePath);
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, `${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}\n`, { flag: "wx", mode: 0o600 });
    log.info({ path }, "created a token key file; back it up with the database, or set SECRET_KEY");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    log.warn({ path }, "the token key file was readable by others; restricting it to mode 0600");
    chmodSync(path, 0o600);
  }
  const key = readFileSync(path, "utf8").trim();
  if (key.length < 16) throw new TokenBoxError(`the token key file ${path} is empty or damaged`);
  return key;
}

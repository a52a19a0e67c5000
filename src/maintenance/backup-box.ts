/**
 * A backup that leaves this machine (the scheduled one sent to the admins on Telegram) is sealed with a key of this
 * install: AES-256-GCM, keyed by PBKDF2 over SECRET_KEY or the key file with a salt of its own (so it is not the
 * panel tokens' key), the store gzipped first. Anyone who gets the document without that key gets nothing; a changed
 * or cut document does not open. Format: `SKBK1\n`, a 12-byte IV, then the ciphertext with its tag; the header is
 * authenticated too.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { deriveSealingKey, IV_BYTES, openBytes, sealBytes } from "../domain/sealing.ts";

const MAGIC = new TextEncoder().encode("SKBK1\n");
const SALT = "subkeeper/backup/v1";
const SQLITE_MAGIC = new TextEncoder().encode("SQLite format 3\0");

export class BackupBoxError extends Error {
  override readonly name = "BackupBoxError";
}

const backupKey = (secret: string) => deriveSealingKey(secret, SALT);

const startsWith = (bytes: Uint8Array, prefix: Uint8Array) => bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

export const isSealedBackup = (bytes: Uint8Array) => startsWith(bytes, MAGIC);
export const isSqliteFile = (bytes: Uint8Array) => startsWith(bytes, SQLITE_MAGIC);

/** Seals a store file's bytes with this install's backup key. */
export async function sealBackup(store: Uint8Array, secret: string): Promise<Uint8Array> {
  const { iv, ciphertext } = await sealBytes(await backupKey(secret), gzipSync(store), MAGIC);
  return new Uint8Array(Buffer.concat([MAGIC, iv, ciphertext]));
}

/** The store file's bytes from a sealed backup; BackupBoxError when the key is not this backup's or it was changed. */
export async function openBackup(sealed: Uint8Array, secret: string): Promise<Uint8Array> {
  if (!isSealedBackup(sealed) || sealed.length < MAGIC.length + IV_BYTES + 16) throw new BackupBoxError("this is not a sealed subkeeper backup");
  const iv = sealed.slice(MAGIC.length, MAGIC.length + IV_BYTES);
  let plain: Uint8Array;
  try {
    plain = await openBytes(await backupKey(secret), iv, sealed.slice(MAGIC.length + IV_BYTES), MAGIC);
  } catch {
    throw new BackupBoxError("the backup does not open with this install's key (SECRET_KEY or the key file), or it was changed");
  }
  return new Uint8Array(gunzipSync(plain));
}

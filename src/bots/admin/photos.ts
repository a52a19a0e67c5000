/**
 * Receipt photos come from the user bot, and a file_id is only good for the bot that received it: the admin bot
 * downloads the photo through the user bot's API and uploads the bytes itself. A few recent photos stay in memory,
 * since every admin gets the same card.
 */
import { Api } from "grammy";
import type { Logger } from "pino";

export type PhotoLoader = (fileId: string) => Promise<Uint8Array | null>;

const KEEP = 32;
const MAX_BYTES = 10 * 1024 * 1024;

/** Loads photos the user bot received; null when it cannot (the admin card then goes without its photo). */
export function userBotPhotos(options: { token: string; apiRoot?: string; log: Logger; timeoutMs?: number }): PhotoLoader {
  const root = (options.apiRoot ?? "https://api.telegram.org").replace(/\/+$/, "");
  const api = new Api(options.token, { apiRoot: root, timeoutSeconds: Math.ceil((options.timeoutMs ?? 15_000) / 1000) });
  const cache = new Map<string, Uint8Array>();
  return async (fileId) => {
    const kept = cache.get(fileId);
    if (kept) return kept;
    try {
      const file = await api.getFile(fileId);
      if (!file.file_path) return null;
      const response = await fetch(`${root}/file/bot${options.token}/${file.file_path}`, { signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
      if (!response.ok) throw new Error(`download answered ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.byteLength === 0 || bytes.byteLength > MAX_BYTES) return null;
      cache.set(fileId, bytes);
      if (cache.size > KEEP) cache.delete(cache.keys().next().value!);
      return bytes;
    } catch (error) {
      options.log.warn({ err: (error as Error)?.message?.split(options.token).join("[token]") }, "receipt photo not loaded from the user bot");
      return null;
    }
  };
}

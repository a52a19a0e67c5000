/**
 * Whether this process holds the key the store's secrets were sealed with. The store keeps a check value: a known
 * text sealed with its key (as costly to guess the key from as any sealed panel token, and nothing more). A start
 * with another key is refused before anything is changed; before this check existed a changed SECRET_KEY started
 * with one warning and every paid order then stalled in provisioning, unable to open its server's token.
 */
import type { Database } from "bun:sqlite";
import type { TokenBox } from "../panels/token-box.ts";
import { getMeta, setMeta } from "./store-meta.ts";
import { StartupError } from "./startup-error.ts";

export const KEY_CHECK = "key_check";
const CHECK_TEXT = "subkeeper store key check v1";

/** Where the key came from, in words for the refusal: "SECRET_KEY" or "the key file /data/subkeeper.key". */
export type KeySource = string;

async function opens(tokens: TokenBox, sealed: string): Promise<boolean> {
  return tokens.open(sealed).then(
    () => true,
    () => false,
  );
}

function mismatch(source: KeySource): StartupError {
  return new StartupError(
    `SECRET_KEY does not fit this store: its panel secrets were sealed with another key than ${source}. Nothing was ` +
      `changed. Start with the SECRET_KEY (or key file) the store was made with; to change the key on purpose, run ` +
      `\`subkeeper rotate-key\` with the old key set and the new one in NEW_SECRET_KEY.`,
  );
}

/**
 * Refuses (StartupError) when `tokens` is not the store's key; records the check value on a store that has none
 * yet, after testing the key against a sealed token when the store already holds one.
 */
export async function checkStoreKey(db: Database, tokens: TokenBox, source: KeySource, now: number): Promise<void> {
  const check = getMeta(db, KEY_CHECK);
  if (check !== undefined) {
    if (!(await opens(tokens, check))) throw mismatch(source);
    return;
  }
  const sealed = db.query<{ api_token_enc: string }, []>("SELECT api_token_enc FROM servers LIMIT 1").get();
  if (sealed && !(await opens(tokens, sealed.api_token_enc))) throw mismatch(source);
  setMeta(db, KEY_CHECK, await tokens.seal(CHECK_TEXT), now);
}

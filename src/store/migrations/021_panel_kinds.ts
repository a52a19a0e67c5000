import type { Migration } from "../migrate.ts";

/**
 * Panels of every kind. Servers that sign in with a username and password (3x-ui, Marzban, PasarGuard) keep the
 * username beside the server and the password sealed in `api_token_enc` like an API token; NULL means the sealed
 * secret is an API token. A subscription's panel client key becomes text: S-UI's ids were numbers, 3x-ui keys
 * clients by email, Marzban by username, Remnawave by uuid.
 */
export const panelKinds: Migration = {
  version: 21,
  name: "panel-kinds",
  sql: `
ALTER TABLE servers ADD COLUMN panel_username TEXT;
ALTER TABLE subscriptions ADD COLUMN panel_client_key TEXT;
UPDATE subscriptions SET panel_client_key = CAST(panel_client_id AS TEXT) WHERE panel_client_id IS NOT NULL;
ALTER TABLE subscriptions DROP COLUMN panel_client_id;
ALTER TABLE subscriptions RENAME COLUMN panel_client_key TO panel_client_id;
`,
};

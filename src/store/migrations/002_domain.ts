import type { Migration } from "../migrate.ts";

/**
 * The sales domain: customers, plans, codes, the ledger, receipts, tickets, settings, and the read models the
 * server, order and subscription actors project into (servers, orders, subscriptions).
 */
export const domain: Migration = {
  version: 2,
  name: "domain",
  sql: `
CREATE TABLE customers (
  telegram_id INTEGER PRIMARY KEY,
  username TEXT,
  first_name TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL CHECK (language IN ('fa', 'en')),
  language_chosen INTEGER NOT NULL DEFAULT 0,
  banned INTEGER NOT NULL DEFAULT 0,
  unreachable INTEGER NOT NULL DEFAULT 0,
  referrer_id INTEGER REFERENCES customers (telegram_id),
  referral_code TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX customers_by_username ON customers (username COLLATE NOCASE);
CREATE INDEX customers_by_created ON customers (created_at);

CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'subscription' CHECK (kind IN ('subscription', 'traffic')),
  price INTEGER NOT NULL CHECK (price >= 0),
  traffic_bytes INTEGER NOT NULL CHECK (traffic_bytes >= 0),
  days INTEGER NOT NULL CHECK (days >= 0),
  renewal_policy TEXT NOT NULL DEFAULT 'reset' CHECK (renewal_policy IN ('reset', 'stack')),
  server_group TEXT NOT NULL DEFAULT 'default',
  active INTEGER NOT NULL DEFAULT 1,
  sort INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE discount_codes (
  code TEXT PRIMARY KEY COLLATE NOCASE,
  percent INTEGER CHECK (percent BETWEEN 1 AND 100),
  amount INTEGER CHECK (amount > 0),
  max_uses INTEGER NOT NULL DEFAULT 0,
  uses INTEGER NOT NULL DEFAULT 0,
  per_customer_once INTEGER NOT NULL DEFAULT 1,
  valid_until INTEGER,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  CHECK ((percent IS NULL) <> (amount IS NULL)),
  CHECK (max_uses = 0 OR uses <= max_uses)
) STRICT;

CREATE TABLE discount_uses (
  order_id TEXT PRIMARY KEY,
  code TEXT NOT NULL REFERENCES discount_codes (code),
  customer_id INTEGER NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX discount_uses_by_customer ON discount_uses (code, customer_id);

CREATE TABLE ledger (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  reason TEXT NOT NULL,
  ref TEXT NOT NULL,
  actor TEXT,
  at INTEGER NOT NULL,
  UNIQUE (reason, ref)
) STRICT;
CREATE INDEX ledger_by_customer ON ledger (customer_id, id);
CREATE INDEX ledger_by_at ON ledger (at);

CREATE TABLE balances (
  customer_id INTEGER PRIMARY KEY,
  balance INTEGER NOT NULL CHECK (balance >= 0)
) STRICT;

CREATE TABLE referral_credits (
  referred_id INTEGER PRIMARY KEY,
  referrer_id INTEGER NOT NULL,
  order_id TEXT NOT NULL,
  amount INTEGER NOT NULL,
  at INTEGER NOT NULL
) STRICT;

CREATE TABLE trials (
  customer_id INTEGER PRIMARY KEY,
  order_id TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;

CREATE TABLE receipts (
  order_id TEXT PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  file_id TEXT NOT NULL,
  amount INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
  submitted_at INTEGER NOT NULL,
  decided_by INTEGER,
  decided_at INTEGER,
  reason TEXT
) STRICT;
CREATE INDEX receipts_pending ON receipts (submitted_at) WHERE state = 'pending';

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX tickets_open ON tickets (customer_id) WHERE state = 'open';

CREATE TABLE ticket_messages (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id),
  admin_id INTEGER,
  text TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX ticket_messages_by_ticket ON ticket_messages (ticket_id, id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE sequences (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  before TEXT,
  after TEXT,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX audit_log_by_at ON audit_log (at);

-- Server configuration (panel URL, encrypted token) and the server actor's projection (health).
CREATE TABLE servers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  panel_kind TEXT NOT NULL DEFAULT 's-ui',
  panel_url TEXT NOT NULL,
  api_token_enc TEXT NOT NULL,
  sub_url TEXT NOT NULL,
  inbound_ids TEXT NOT NULL,
  capacity INTEGER NOT NULL DEFAULT 0,
  server_group TEXT NOT NULL DEFAULT 'default',
  state TEXT NOT NULL DEFAULT 'probing',
  latency_ms INTEGER,
  client_count INTEGER NOT NULL DEFAULT 0,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  last_sync_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- Projection of the order actors.
CREATE TABLE orders (
  id TEXT PRIMARY KEY,
  number INTEGER NOT NULL UNIQUE,
  customer_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  plan_id INTEGER,
  subscription_id TEXT,
  amount INTEGER NOT NULL,
  method TEXT NOT NULL,
  discount_code TEXT,
  state TEXT NOT NULL,
  decided_by INTEGER,
  decided_at INTEGER,
  reject_reason TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX orders_by_state ON orders (state, created_at);
CREATE INDEX orders_by_customer ON orders (customer_id, created_at);

-- Projection of the subscription actors; usage columns are also written in bulk by the usage sync.
CREATE TABLE subscriptions (
  id TEXT PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  plan_id INTEGER,
  token TEXT NOT NULL UNIQUE,
  client_name TEXT NOT NULL UNIQUE,
  server_id TEXT,
  panel_client_id INTEGER,
  state TEXT NOT NULL,
  volume_bytes INTEGER NOT NULL,
  usage_base INTEGER NOT NULL DEFAULT 0,
  used_bytes INTEGER NOT NULL DEFAULT 0,
  usage_level INTEGER NOT NULL DEFAULT 0,
  expires_at INTEGER,
  title TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX subscriptions_by_server ON subscriptions (server_id, client_name);
CREATE INDEX subscriptions_by_customer ON subscriptions (customer_id);
CREATE INDEX subscriptions_by_state ON subscriptions (state);

-- The last good copy of each subscription's panel answer, served while the panel is down.
CREATE TABLE subscription_cache (
  subscription_id TEXT NOT NULL,
  format TEXT NOT NULL,
  body BLOB NOT NULL,
  headers TEXT NOT NULL,
  fetched_at INTEGER NOT NULL,
  PRIMARY KEY (subscription_id, format)
) STRICT;
`,
};

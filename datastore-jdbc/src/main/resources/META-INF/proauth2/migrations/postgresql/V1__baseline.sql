-- V1, the proauth2 0.2.0 schema for PostgreSQL 9.6 or newer (datastore-jdbc). The store applies
-- the migrations of this folder in order at start-up unless createSchema=false, and records each
-- in proauth2_schema_history; a host that runs Flyway instead hands it this folder
-- (classpath:META-INF/proauth2/migrations/postgresql) and opens the store with createSchema=false.
-- Every statement is idempotent, so V1 also runs over a database an earlier build made without
-- migrations. One table per dev.proauth2.spi.Table, one column per field, the key as primary key,
-- one index per indexed field and one on expires_at for the sweeper.
-- Keys and indexed values are hashes and ids compared byte for byte: COLLATE "C".
-- Only hashes of tokens, codes and secrets are stored, never the values themselves.

CREATE TABLE IF NOT EXISTS applications (
  client_id text COLLATE "C" PRIMARY KEY,
  name text,
  secret_hash text,
  redirect_uris text,
  scope text,
  grant_types text,
  auth_method text,
  created_at bigint,
  resource_server bigint,
  resources text,
  jwks text,
  jwks_uri text,
  expires_at bigint,
  lifetime_ends_at bigint,
  application_type text,
  access_token_format text,
  post_logout_redirect_uris text,
  id_token_signed_response_alg text,
  require_pushed_authorization_requests bigint,
  dpop_bound_access_tokens bigint
);
-- Databases made before clients could expire or had an application_type get the columns here.
ALTER TABLE applications ADD COLUMN IF NOT EXISTS expires_at bigint;
ALTER TABLE applications ADD COLUMN IF NOT EXISTS lifetime_ends_at bigint;
ALTER TABLE applications ADD COLUMN IF NOT EXISTS application_type text;
ALTER TABLE applications ADD COLUMN IF NOT EXISTS access_token_format text;
ALTER TABLE applications ADD COLUMN IF NOT EXISTS post_logout_redirect_uris text;
ALTER TABLE applications ADD COLUMN IF NOT EXISTS id_token_signed_response_alg text;
ALTER TABLE applications ADD COLUMN IF NOT EXISTS require_pushed_authorization_requests bigint;
ALTER TABLE applications ADD COLUMN IF NOT EXISTS dpop_bound_access_tokens bigint;
CREATE INDEX IF NOT EXISTS applications_expires_at_idx ON applications (expires_at);

CREATE TABLE IF NOT EXISTS nonce_codes (
  code_hash text COLLATE "C" PRIMARY KEY,
  client_id text COLLATE "C",
  user_id text COLLATE "C",
  redirect_uri text,
  scope text,
  code_challenge text,
  code_challenge_method text,
  resource text,
  issued_at bigint,
  expires_at bigint,
  redeemed_at bigint,
  nonce text,
  auth_time bigint,
  acr text,
  amr text,
  dpop_jkt text
);
ALTER TABLE nonce_codes ADD COLUMN IF NOT EXISTS dpop_jkt text;
CREATE INDEX IF NOT EXISTS nonce_codes_user_id_idx ON nonce_codes (user_id);
CREATE INDEX IF NOT EXISTS nonce_codes_client_id_idx ON nonce_codes (client_id);
CREATE INDEX IF NOT EXISTS nonce_codes_expires_at_idx ON nonce_codes (expires_at);

CREATE TABLE IF NOT EXISTS tokens (
  token_hash text COLLATE "C" PRIMARY KEY,
  client_id text COLLATE "C",
  user_id text COLLATE "C",
  scope text,
  family text COLLATE "C",
  resource text,
  issued_at bigint,
  expires_at bigint,
  act text,
  dpop_jkt text
);
ALTER TABLE tokens ADD COLUMN IF NOT EXISTS dpop_jkt text;
CREATE INDEX IF NOT EXISTS tokens_user_id_idx ON tokens (user_id);
CREATE INDEX IF NOT EXISTS tokens_client_id_idx ON tokens (client_id);
CREATE INDEX IF NOT EXISTS tokens_family_idx ON tokens (family);
CREATE INDEX IF NOT EXISTS tokens_expires_at_idx ON tokens (expires_at);

CREATE TABLE IF NOT EXISTS refresh_tokens (
  token_hash text COLLATE "C" PRIMARY KEY,
  client_id text COLLATE "C",
  user_id text COLLATE "C",
  scope text,
  family text COLLATE "C",
  resource text,
  issued_at bigint,
  expires_at bigint,
  rotated_at bigint,
  auth_time bigint,
  acr text,
  amr text,
  dpop_jkt text
);
ALTER TABLE refresh_tokens ADD COLUMN IF NOT EXISTS dpop_jkt text;
CREATE INDEX IF NOT EXISTS refresh_tokens_user_id_idx ON refresh_tokens (user_id);
CREATE INDEX IF NOT EXISTS refresh_tokens_client_id_idx ON refresh_tokens (client_id);
CREATE INDEX IF NOT EXISTS refresh_tokens_family_idx ON refresh_tokens (family);
CREATE INDEX IF NOT EXISTS refresh_tokens_expires_at_idx ON refresh_tokens (expires_at);

CREATE TABLE IF NOT EXISTS one_time_ids (
  id_hash text COLLATE "C" PRIMARY KEY,
  client_id text COLLATE "C",
  issued_at bigint,
  expires_at bigint
);
CREATE INDEX IF NOT EXISTS one_time_ids_expires_at_idx ON one_time_ids (expires_at);

-- The engine's signing keys, one row per key set; private keys only encrypted. Never expires.
CREATE TABLE IF NOT EXISTS signing_keys (
  key_set text COLLATE "C" PRIMARY KEY,
  key_entries text,
  revision text,
  updated_at bigint
);

-- Pushed authorization requests (RFC 9126), keyed by the hash of the request_uri's random part.
CREATE TABLE IF NOT EXISTS pushed_requests (
  request_hash text COLLATE "C" PRIMARY KEY,
  client_id text COLLATE "C",
  request_parameters text,
  issued_at bigint,
  expires_at bigint
);
CREATE INDEX IF NOT EXISTS pushed_requests_expires_at_idx ON pushed_requests (expires_at);

-- Device codes (RFC 8628), keyed by the device code's hash; a redeemed code stays as a tombstone.
CREATE TABLE IF NOT EXISTS device_codes (
  code_hash text COLLATE "C" PRIMARY KEY,
  client_id text COLLATE "C",
  user_code_hash text COLLATE "C",
  user_id text COLLATE "C",
  scope text,
  resource text,
  denied_at bigint,
  issued_at bigint,
  code_expires_at bigint,
  expires_at bigint,
  redeemed_at bigint
);
CREATE INDEX IF NOT EXISTS device_codes_user_id_idx ON device_codes (user_id);
CREATE INDEX IF NOT EXISTS device_codes_client_id_idx ON device_codes (client_id);
CREATE INDEX IF NOT EXISTS device_codes_expires_at_idx ON device_codes (expires_at);

-- User codes of pending device authorizations, keyed by the normalised user code's hash.
CREATE TABLE IF NOT EXISTS user_codes (
  user_code_hash text COLLATE "C" PRIMARY KEY,
  code_hash text COLLATE "C",
  client_id text COLLATE "C",
  poll_interval bigint,
  polled_at bigint,
  issued_at bigint,
  expires_at bigint
);
CREATE INDEX IF NOT EXISTS user_codes_expires_at_idx ON user_codes (expires_at);

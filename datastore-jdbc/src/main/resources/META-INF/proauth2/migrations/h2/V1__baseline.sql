-- V1, the proauth2 0.2.0 schema for H2 2.x (datastore-jdbc). The store applies the migrations of
-- this folder in order at start-up unless createSchema=false, and records each in
-- proauth2_schema_history; a host that runs Flyway instead hands it this folder
-- (classpath:META-INF/proauth2/migrations/h2) and opens the store with createSchema=false.
-- Every statement is idempotent, so V1 also runs over a database an earlier build made without
-- migrations. One table per dev.proauth2.spi.Table, one column per field, the key as primary key,
-- one index per indexed field and one on expires_at for the sweeper.
-- Only hashes of tokens, codes and secrets are stored, never the values themselves.

CREATE TABLE IF NOT EXISTS applications (
  client_id VARCHAR(256) PRIMARY KEY,
  name VARCHAR(256),
  secret_hash VARCHAR(88),
  redirect_uris VARCHAR(20490),
  scope VARCHAR(2048),
  grant_types VARCHAR(256),
  auth_method VARCHAR(256),
  created_at BIGINT,
  resource_server BIGINT,
  resources VARCHAR(20490),
  jwks VARCHAR(20490),
  jwks_uri VARCHAR(2048),
  expires_at BIGINT,
  lifetime_ends_at BIGINT,
  application_type VARCHAR(256),
  access_token_format VARCHAR(256),
  post_logout_redirect_uris VARCHAR(20490),
  id_token_signed_response_alg VARCHAR(256),
  require_pushed_authorization_requests BIGINT,
  dpop_bound_access_tokens BIGINT
);
-- Databases made before clients could expire or had an application_type get the columns here.
ALTER TABLE applications ADD COLUMN IF NOT EXISTS expires_at BIGINT;
ALTER TABLE applications ADD COLUMN IF NOT EXISTS lifetime_ends_at BIGINT;
ALTER TABLE applications ADD COLUMN IF NOT EXISTS application_type VARCHAR(256);
ALTER TABLE applications ADD COLUMN IF NOT EXISTS access_token_format VARCHAR(256);
ALTER TABLE applications ADD COLUMN IF NOT EXISTS post_logout_redirect_uris VARCHAR(20490);
ALTER TABLE applications ADD COLUMN IF NOT EXISTS id_token_signed_response_alg VARCHAR(256);
ALTER TABLE applications ADD COLUMN IF NOT EXISTS require_pushed_authorization_requests BIGINT;
ALTER TABLE applications ADD COLUMN IF NOT EXISTS dpop_bound_access_tokens BIGINT;
CREATE INDEX IF NOT EXISTS applications_expires_at_idx ON applications (expires_at);

CREATE TABLE IF NOT EXISTS nonce_codes (
  code_hash VARCHAR(88) PRIMARY KEY,
  client_id VARCHAR(256),
  user_id VARCHAR(256),
  redirect_uri VARCHAR(2048),
  scope VARCHAR(2048),
  code_challenge VARCHAR(256),
  code_challenge_method VARCHAR(256),
  resource VARCHAR(20490),
  issued_at BIGINT,
  expires_at BIGINT,
  redeemed_at BIGINT,
  nonce VARCHAR(256),
  auth_time BIGINT,
  acr VARCHAR(256),
  amr VARCHAR(256),
  dpop_jkt VARCHAR(88)
);
ALTER TABLE nonce_codes ADD COLUMN IF NOT EXISTS dpop_jkt VARCHAR(88);
CREATE INDEX IF NOT EXISTS nonce_codes_user_id_idx ON nonce_codes (user_id);
CREATE INDEX IF NOT EXISTS nonce_codes_client_id_idx ON nonce_codes (client_id);
CREATE INDEX IF NOT EXISTS nonce_codes_expires_at_idx ON nonce_codes (expires_at);

CREATE TABLE IF NOT EXISTS tokens (
  token_hash VARCHAR(88) PRIMARY KEY,
  client_id VARCHAR(256),
  user_id VARCHAR(256),
  scope VARCHAR(2048),
  family VARCHAR(88),
  resource VARCHAR(20490),
  issued_at BIGINT,
  expires_at BIGINT,
  act VARCHAR(4096),
  dpop_jkt VARCHAR(88)
);
ALTER TABLE tokens ADD COLUMN IF NOT EXISTS dpop_jkt VARCHAR(88);
CREATE INDEX IF NOT EXISTS tokens_user_id_idx ON tokens (user_id);
CREATE INDEX IF NOT EXISTS tokens_client_id_idx ON tokens (client_id);
CREATE INDEX IF NOT EXISTS tokens_family_idx ON tokens (family);
CREATE INDEX IF NOT EXISTS tokens_expires_at_idx ON tokens (expires_at);

CREATE TABLE IF NOT EXISTS refresh_tokens (
  token_hash VARCHAR(88) PRIMARY KEY,
  client_id VARCHAR(256),
  user_id VARCHAR(256),
  scope VARCHAR(2048),
  family VARCHAR(88),
  resource VARCHAR(20490),
  issued_at BIGINT,
  expires_at BIGINT,
  rotated_at BIGINT,
  auth_time BIGINT,
  acr VARCHAR(256),
  amr VARCHAR(256),
  dpop_jkt VARCHAR(88)
);
ALTER TABLE refresh_tokens ADD COLUMN IF NOT EXISTS dpop_jkt VARCHAR(88);
CREATE INDEX IF NOT EXISTS refresh_tokens_user_id_idx ON refresh_tokens (user_id);
CREATE INDEX IF NOT EXISTS refresh_tokens_client_id_idx ON refresh_tokens (client_id);
CREATE INDEX IF NOT EXISTS refresh_tokens_family_idx ON refresh_tokens (family);
CREATE INDEX IF NOT EXISTS refresh_tokens_expires_at_idx ON refresh_tokens (expires_at);

CREATE TABLE IF NOT EXISTS one_time_ids (
  id_hash VARCHAR(88) PRIMARY KEY,
  client_id VARCHAR(256),
  issued_at BIGINT,
  expires_at BIGINT
);
CREATE INDEX IF NOT EXISTS one_time_ids_expires_at_idx ON one_time_ids (expires_at);

-- The engine's signing keys, one row per key set; private keys only encrypted. Never expires.
CREATE TABLE IF NOT EXISTS signing_keys (
  key_set VARCHAR(256) PRIMARY KEY,
  key_entries VARCHAR(65536),
  revision VARCHAR(88),
  updated_at BIGINT
);

-- Pushed authorization requests (RFC 9126), keyed by the hash of the request_uri's random part.
CREATE TABLE IF NOT EXISTS pushed_requests (
  request_hash VARCHAR(88) PRIMARY KEY,
  client_id VARCHAR(256),
  request_parameters VARCHAR(16384),
  issued_at BIGINT,
  expires_at BIGINT
);
CREATE INDEX IF NOT EXISTS pushed_requests_expires_at_idx ON pushed_requests (expires_at);

-- Device codes (RFC 8628), keyed by the device code's hash; a redeemed code stays as a tombstone.
CREATE TABLE IF NOT EXISTS device_codes (
  code_hash VARCHAR(88) PRIMARY KEY,
  client_id VARCHAR(256),
  user_code_hash VARCHAR(88),
  user_id VARCHAR(256),
  scope VARCHAR(2048),
  resource VARCHAR(20490),
  denied_at BIGINT,
  issued_at BIGINT,
  code_expires_at BIGINT,
  expires_at BIGINT,
  redeemed_at BIGINT
);
CREATE INDEX IF NOT EXISTS device_codes_user_id_idx ON device_codes (user_id);
CREATE INDEX IF NOT EXISTS device_codes_client_id_idx ON device_codes (client_id);
CREATE INDEX IF NOT EXISTS device_codes_expires_at_idx ON device_codes (expires_at);

-- User codes of pending device authorizations, keyed by the normalised user code's hash.
CREATE TABLE IF NOT EXISTS user_codes (
  user_code_hash VARCHAR(88) PRIMARY KEY,
  code_hash VARCHAR(88),
  client_id VARCHAR(256),
  poll_interval BIGINT,
  polled_at BIGINT,
  issued_at BIGINT,
  expires_at BIGINT
);
CREATE INDEX IF NOT EXISTS user_codes_expires_at_idx ON user_codes (expires_at);

-- V1, the proauth2 0.2.0 schema for MySQL 8 and MariaDB 10.6 or newer (datastore-jdbc). The store
-- applies the migrations of this folder in order at start-up unless createSchema=false, and
-- records each in proauth2_schema_history; a host that runs Flyway instead hands it this folder
-- (classpath:META-INF/proauth2/migrations/mysql) and opens the store with createSchema=false.
-- Every statement is idempotent. One table per dev.proauth2.spi.Table, one column per field, the
-- key as primary key, one index per indexed field and one on expires_at for the sweeper.
-- utf8mb4_bin: keys are base64url hashes, where case matters. The indexes are declared inside
-- CREATE TABLE because MySQL has no CREATE INDEX IF NOT EXISTS.
-- Only hashes of tokens, codes and secrets are stored, never the values themselves.

CREATE TABLE IF NOT EXISTS applications (
  client_id VARCHAR(256) NOT NULL PRIMARY KEY,
  name VARCHAR(256),
  secret_hash VARCHAR(88),
  redirect_uris MEDIUMTEXT,
  scope VARCHAR(2048),
  grant_types VARCHAR(256),
  auth_method VARCHAR(256),
  created_at BIGINT,
  resource_server BIGINT,
  resources MEDIUMTEXT,
  jwks MEDIUMTEXT,
  jwks_uri VARCHAR(2048),
  expires_at BIGINT,
  lifetime_ends_at BIGINT,
  application_type VARCHAR(256),
  access_token_format VARCHAR(256),
  post_logout_redirect_uris MEDIUMTEXT,
  id_token_signed_response_alg VARCHAR(256),
  require_pushed_authorization_requests BIGINT,
  dpop_bound_access_tokens BIGINT,
  INDEX applications_expires_at_idx (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS nonce_codes (
  code_hash VARCHAR(88) NOT NULL PRIMARY KEY,
  client_id VARCHAR(256),
  user_id VARCHAR(256),
  redirect_uri VARCHAR(2048),
  scope VARCHAR(2048),
  code_challenge VARCHAR(256),
  code_challenge_method VARCHAR(256),
  resource MEDIUMTEXT,
  issued_at BIGINT,
  expires_at BIGINT,
  redeemed_at BIGINT,
  nonce VARCHAR(256),
  auth_time BIGINT,
  acr VARCHAR(256),
  amr VARCHAR(256),
  dpop_jkt VARCHAR(88),
  INDEX nonce_codes_user_id_idx (user_id),
  INDEX nonce_codes_client_id_idx (client_id),
  INDEX nonce_codes_expires_at_idx (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS tokens (
  token_hash VARCHAR(88) NOT NULL PRIMARY KEY,
  client_id VARCHAR(256),
  user_id VARCHAR(256),
  scope VARCHAR(2048),
  family VARCHAR(88),
  resource MEDIUMTEXT,
  issued_at BIGINT,
  expires_at BIGINT,
  act VARCHAR(4096),
  dpop_jkt VARCHAR(88),
  INDEX tokens_user_id_idx (user_id),
  INDEX tokens_client_id_idx (client_id),
  INDEX tokens_family_idx (family),
  INDEX tokens_expires_at_idx (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS refresh_tokens (
  token_hash VARCHAR(88) NOT NULL PRIMARY KEY,
  client_id VARCHAR(256),
  user_id VARCHAR(256),
  scope VARCHAR(2048),
  family VARCHAR(88),
  resource MEDIUMTEXT,
  issued_at BIGINT,
  expires_at BIGINT,
  rotated_at BIGINT,
  auth_time BIGINT,
  acr VARCHAR(256),
  amr VARCHAR(256),
  dpop_jkt VARCHAR(88),
  INDEX refresh_tokens_user_id_idx (user_id),
  INDEX refresh_tokens_client_id_idx (client_id),
  INDEX refresh_tokens_family_idx (family),
  INDEX refresh_tokens_expires_at_idx (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS one_time_ids (
  id_hash VARCHAR(88) NOT NULL PRIMARY KEY,
  client_id VARCHAR(256),
  issued_at BIGINT,
  expires_at BIGINT,
  INDEX one_time_ids_expires_at_idx (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The engine's signing keys, one row per key set; private keys only encrypted. Never expires.
CREATE TABLE IF NOT EXISTS signing_keys (
  key_set VARCHAR(256) NOT NULL PRIMARY KEY,
  key_entries MEDIUMTEXT,
  revision VARCHAR(88),
  updated_at BIGINT
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Pushed authorization requests (RFC 9126), keyed by the hash of the request_uri's random part.
CREATE TABLE IF NOT EXISTS pushed_requests (
  request_hash VARCHAR(88) NOT NULL PRIMARY KEY,
  client_id VARCHAR(256),
  request_parameters MEDIUMTEXT,
  issued_at BIGINT,
  expires_at BIGINT,
  INDEX pushed_requests_expires_at_idx (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Device codes (RFC 8628), keyed by the device code's hash; a redeemed code stays as a tombstone.
CREATE TABLE IF NOT EXISTS device_codes (
  code_hash VARCHAR(88) NOT NULL PRIMARY KEY,
  client_id VARCHAR(256),
  user_code_hash VARCHAR(88),
  user_id VARCHAR(256),
  scope VARCHAR(2048),
  resource MEDIUMTEXT,
  denied_at BIGINT,
  issued_at BIGINT,
  code_expires_at BIGINT,
  expires_at BIGINT,
  redeemed_at BIGINT,
  INDEX device_codes_user_id_idx (user_id),
  INDEX device_codes_client_id_idx (client_id),
  INDEX device_codes_expires_at_idx (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- User codes of pending device authorizations, keyed by the normalised user code's hash.
CREATE TABLE IF NOT EXISTS user_codes (
  user_code_hash VARCHAR(88) NOT NULL PRIMARY KEY,
  code_hash VARCHAR(88),
  client_id VARCHAR(256),
  poll_interval BIGINT,
  polled_at BIGINT,
  issued_at BIGINT,
  expires_at BIGINT,
  INDEX user_codes_expires_at_idx (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

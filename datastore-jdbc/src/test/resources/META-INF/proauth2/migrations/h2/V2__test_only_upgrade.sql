-- Test only (MigrationsTest): an upgrade of the kind a later issue ships, a new table with an
-- index and a new optional column on a table that holds rows.
CREATE TABLE IF NOT EXISTS upgrade_probe (
  probe_id VARCHAR(88) PRIMARY KEY,
  expires_at BIGINT
);
CREATE INDEX IF NOT EXISTS upgrade_probe_expires_at_idx ON upgrade_probe (expires_at);
ALTER TABLE applications ADD COLUMN IF NOT EXISTS probe_note VARCHAR(256);

-- Test only (MigrationsTest): an upgrade of the kind a later issue ships, a new table with an
-- index and a new optional column on a table that holds rows. MySQL has no ADD COLUMN IF NOT
-- EXISTS: the store's lock and history make sure this runs once.
CREATE TABLE IF NOT EXISTS upgrade_probe (
  probe_id VARCHAR(88) NOT NULL PRIMARY KEY,
  expires_at BIGINT,
  INDEX upgrade_probe_expires_at_idx (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
ALTER TABLE applications ADD COLUMN probe_note VARCHAR(256);

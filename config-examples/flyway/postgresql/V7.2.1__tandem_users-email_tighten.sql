-- Tandem DDL of migration users-email: tighten, step 1 of 5 (planned in EXPAND on PostgreSQL).
-- Run after the backfill (reconcile 0), in SHADOW_READ or READ_NEW, before CONTRACT.
-- Lock: ACCESS EXCLUSIVE for an instant (catalog only); waits at most lock_timeout.
-- A lock wait longer than the lock timeout fails the script instead of stalling the table's writes;
-- run flyway migrate again to retry (the failed script was rolled back).
SET lock_timeout = '2000ms';
ALTER TABLE users DROP CONSTRAINT IF EXISTS email_address_not_null_tandem, ADD CONSTRAINT email_address_not_null_tandem CHECK (email_address IS NOT NULL) NOT VALID;
SET lock_timeout = DEFAULT;

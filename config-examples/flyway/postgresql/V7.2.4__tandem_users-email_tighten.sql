-- Tandem DDL of migration users-email: tighten, step 4 of 5 (planned in EXPAND on PostgreSQL).
-- Run after the backfill (reconcile 0), in SHADOW_READ or READ_NEW, before CONTRACT.
-- Lock: ACCESS EXCLUSIVE for an instant (catalog only); waits at most lock_timeout.
-- A lock wait longer than the lock timeout fails the script instead of stalling the table's writes;
-- run flyway migrate again to retry (the failed script was rolled back).
SET lock_timeout = '2000ms';
ALTER TABLE users DROP CONSTRAINT email_address_not_null_tandem;
SET lock_timeout = DEFAULT;

-- Tandem DDL of migration users-email: tighten, step 2 of 5 (planned in EXPAND on PostgreSQL).
-- Run after the backfill (reconcile 0), in SHADOW_READ or READ_NEW, before CONTRACT.
-- Lock: SHARE UPDATE EXCLUSIVE while it scans: writes continue.
-- A lock wait longer than the lock timeout fails the script instead of stalling the table's writes;
-- run flyway migrate again to retry (the failed script was rolled back).
SET lock_timeout = '2000ms';
ALTER TABLE users VALIDATE CONSTRAINT email_address_not_null_tandem;
SET lock_timeout = DEFAULT;

-- Tandem DDL of migration users-email: expand, step 1 of 2 (planned in EXPAND on PostgreSQL).
-- Run in EXPAND, before 'tandem-agent phase users-email DUAL_WRITE'.
-- Lock: ACCESS EXCLUSIVE for an instant (catalog only); waits at most lock_timeout.
-- A lock wait longer than the lock timeout fails the script instead of stalling the table's writes;
-- run flyway migrate again to retry (the failed script was rolled back).
SET lock_timeout = '2000ms';
ALTER TABLE users ADD COLUMN email_address character varying(200);
SET lock_timeout = DEFAULT;

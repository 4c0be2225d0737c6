-- Tandem DDL of migration users-email: contract, step 1 of 1 (planned in EXPAND on PostgreSQL).
-- Run in CONTRACT (once every instance runs it), before COMPLETE.
-- Lock: ACCESS EXCLUSIVE for an instant (catalog only); waits at most lock_timeout.
-- A lock wait longer than the lock timeout fails the script instead of stalling the table's writes;
-- run flyway migrate again to retry (the failed script was rolled back).
SET lock_timeout = '2000ms';
ALTER TABLE users DROP COLUMN email;
SET lock_timeout = DEFAULT;

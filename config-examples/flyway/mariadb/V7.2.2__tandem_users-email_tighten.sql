-- Tandem DDL of migration users-email: tighten, step 2 of 2 (planned in EXPAND on MySQL/MariaDB).
-- Run after the backfill (reconcile 0), in SHADOW_READ or READ_NEW, before CONTRACT.
-- Lock: table rebuilt online (LOCK=NONE): writes continue; exclusive metadata lock for an instant at start and end, each waiting at most lock_wait_timeout.
-- A lock wait longer than the lock timeout fails the script instead of stalling the table's writes;
-- run flyway migrate again to retry (after flyway repair, which clears the failed run).
SET SESSION lock_wait_timeout = 2;
ALTER TABLE users MODIFY email varchar(200) NULL, ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;

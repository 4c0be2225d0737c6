-- Tandem DDL of migration users-email: expand, step 2 of 2 (planned in EXPAND on PostgreSQL).
-- Run in EXPAND, before 'tandem-agent phase users-email DUAL_WRITE'.
-- Lock: SHARE UPDATE EXCLUSIVE (CONCURRENTLY): writes continue; waits at most lock_timeout for older transactions.
-- Runs outside a transaction (the server refuses CONCURRENTLY in one): see executeInTransaction=false in this script's .conf file.
-- Needs flyway.postgresql.transactional.lock=false: with Flyway's default lock, held in a transaction,
-- CONCURRENTLY waits for Flyway's own transaction and fails at the lock timeout.
-- A lock wait longer than the lock timeout fails the script instead of stalling the table's writes;
-- run flyway migrate again to retry (after flyway repair, which clears the failed run).
SET lock_timeout = '2000ms';
DROP INDEX CONCURRENTLY IF EXISTS users_email_idx_tandem;
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx_tandem ON users (email_address);
SET lock_timeout = DEFAULT;

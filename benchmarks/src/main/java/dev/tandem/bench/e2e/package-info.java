/**
 * End-to-end throughput on real servers: single-row PK select, insert and update through the raw driver,
 * p6spy, Tandem passing a statement through, Tandem in DUAL_WRITE, and the hand-written dual-write SQL
 * (the floor for DUAL_WRITE). PostgreSQL and MariaDB run embedded, one fresh server per trial, unless
 * {@code -Djdbc.url} / {@code -Djdbc.mysql.url} name existing ones.
 */
package dev.tandem.bench.e2e;

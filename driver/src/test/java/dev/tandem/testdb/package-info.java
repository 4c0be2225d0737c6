/**
 * Test-database harness: real PostgreSQL and MySQL-family servers for tests, one server per kind per
 * test JVM and a fresh database per caller (DESIGN.md section 8). Test code uses {@link
 * dev.tandem.testdb.TestDatabases} and {@link dev.tandem.testdb.TestDatabase} only; everything else here is
 * package-private plumbing that picks and starts the servers. Depends on nothing from the driver, so it
 * keeps working while driver code is broken.
 */
package dev.tandem.testdb;

/**
 * JMH benchmarks of what Tandem costs, each next to the raw driver and p6spy measured in the same run:
 * {@code overhead} on a stub driver (wrapper and planning cost per statement), {@code e2e} against real
 * PostgreSQL and MariaDB servers (throughput), and {@code report}, which turns JMH's JSON into
 * docs/benchmarks.md. Run them with {@code benchmarks/run}; the build only compiles and packages them.
 */
package dev.tandem.bench;

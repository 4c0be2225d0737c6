/**
 * A JDBC driver for {@code jdbc:benchstub:} URLs that does nothing and answers with cheap constants, in the
 * style of HikariCP's benchmark stubs: with it underneath, a benchmark measures only the cost of the proxy
 * driver on top (Tandem, p6spy). Depends on nothing but {@code java.sql}; used only by the benchmarks.
 */
package dev.tandem.bench.stub;

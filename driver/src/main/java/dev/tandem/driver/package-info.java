/**
 * Tandem's public API: the JDBC {@link dev.tandem.driver.TandemDriver} for {@code jdbc:tandem:<real url>}
 * URLs, the {@link dev.tandem.driver.TandemDataSource} that wraps any DataSource (and reports its instance's
 * {@link dev.tandem.driver.TandemStatus}), the {@link dev.tandem.driver.TandemProperty} options with their
 * resolved {@link dev.tandem.driver.TandemOptions},
 * and {@link dev.tandem.driver.TandemSQLException} with its {@link dev.tandem.driver.TandemSqlState} codes.
 * Options come from the URL query, then the connect Properties, then system properties, then defaults;
 * every {@code tandem.*} key is removed before the real driver sees the URL and Properties, and only the
 * leading {@code tandem:} of the URL is stripped. Tools (the agent, the benchmarks, the Spring Boot
 * starter) use this package, {@link dev.tandem.driver.spec} and {@link dev.tandem.driver.schema}, never
 * {@code internal}. The driver and the data source make connections through {@code internal.connect};
 * nothing under {@code internal} depends on this package except for the option and error types.
 */
package dev.tandem.driver;

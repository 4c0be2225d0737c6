/**
 * Tandem's public surface: the JDBC {@link dev.tandem.driver.TandemDriver} for {@code jdbc:tandem:<real url>}
 * URLs, the {@link dev.tandem.driver.TandemDataSource} that wraps any DataSource, the
 * {@link dev.tandem.driver.TandemProperty} options with their resolved {@link dev.tandem.driver.TandemOptions},
 * and {@link dev.tandem.driver.TandemSQLException} with its {@link dev.tandem.driver.TandemSqlState} codes.
 * Options come from the URL query, then the connect Properties, then system properties, then defaults;
 * every {@code tandem.*} key is removed before the real driver sees the URL and Properties, and only the
 * leading {@code tandem:} of the URL is stripped. This package depends on {@code runtime} (to obtain the
 * instance's runtime) and {@code jdbc} (to wrap connections); nothing in the driver depends on it except
 * for the option and error types.
 */
package dev.tandem.driver;

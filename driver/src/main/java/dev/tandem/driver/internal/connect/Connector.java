package dev.tandem.driver.internal.connect;

import dev.tandem.driver.TandemOptions;
import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.TandemSqlState;
import dev.tandem.driver.internal.config.ConnectionFactory;
import dev.tandem.driver.internal.jdbc.ConnectionWrapper;
import dev.tandem.driver.internal.jdbc.Planner;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * The one way a Tandem connection is made, for {@code TandemDriver} and {@code TandemDataSource} alike:
 * resolve the options, obtain the instance's runtime, open the real connection, and wrap it, closing
 * it when wrapping fails.
 */
public final class Connector {

    /**
     * Obtains the planner (runtime) for an option set and real URL: {@code Runtimes::obtain}, or a test's fake. The
     * registry is a Micrometer {@code MeterRegistry}, or null without Micrometer: typed {@code Object} so that the
     * driver loads without Micrometer.
     */
    @FunctionalInterface
    public interface RuntimeFactory {
        Planner obtain(TandemOptions options, String realUrl, Object registry, ConnectionFactory side)
            throws SQLException;
    }

    /** The planner for a physical connection that is already open (a DataSource keys its runtime by its URL). */
    @FunctionalInterface
    public interface PlannerFor {
        Planner planner(Connection physical) throws SQLException;
    }

    private Connector() {
    }

    /**
     * A Tandem connection for a parsed {@code jdbc:tandem:} URL: the real driver opens the real URL with the
     * caller's Properties less the {@code tandem.*} keys, and the runtime gets the same way to open its side
     * connection.
     */
    public static Connection connect(TandemUrl url, Properties info, RuntimeFactory runtimes) throws SQLException {
        ConnectOptions options = ConnectOptions.resolve(url, info);
        String realUrl = url.realUrl();
        Driver real = realDriver(realUrl);
        ConnectionFactory open = () -> real.connect(realUrl, options.realProperties());
        Planner planner = runtimes.obtain(options.options(), realUrl, options.registry(), open);
        Connection physical = open.open();
        if (physical == null) {
            throw new TandemSQLException("The driver " + real.getClass().getName() + " did not accept the real URL "
                + TandemUrl.safePrefix(realUrl), TandemSqlState.CONNECTION_UNABLE_TO_CONNECT);
        }
        return wrap(physical, p -> planner, url::url);
    }

    /**
     * The runtime for options set on a DataSource ({@code where} names it in errors), then system properties,
     * then defaults; {@code registry} (a {@code MeterRegistry}) null means the driver-wide default.
     */
    public static Planner runtime(Map<String, String> options, String where, Object registry, String realUrl,
                                  ConnectionFactory side, RuntimeFactory runtimes) throws SQLException {
        TandemOptions resolved = ConnectOptions.options(options, where, Map.of(), "");
        return runtimes.obtain(resolved, realUrl, ConnectOptions.registry(registry), side);
    }

    /**
     * Wraps {@code physical} with its planner, or closes it and rethrows when that fails. {@code url}, asked after
     * the planner, is what the connection's metadata reports as its URL.
     */
    public static Connection wrap(Connection physical, PlannerFor planner, Supplier<String> url) throws SQLException {
        try {
            Planner p = planner.planner(physical);
            return ConnectionWrapper.wrap(physical, p, url.get());
        } catch (SQLException | RuntimeException e) {
            try {
                physical.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The registered driver for the real URL, else one listed in {@code META-INF/services} of Tandem's own class
     * loader (never Tandem itself: nested tandem: URLs are refused).
     */
    static Driver realDriver(String realUrl) throws SQLException {
        try {
            return DriverManager.getDriver(realUrl);
        } catch (SQLException e) {
            Driver beside = besideTandem(realUrl);
            if (beside != null) {
                return beside;
            }
            throw new TandemSQLException("No JDBC driver accepts the real URL " + TandemUrl.safePrefix(realUrl)
                + "; put the real driver (e.g. org.postgresql:postgresql) on the class path",
                TandemSqlState.CONNECTION_UNABLE_TO_CONNECT, e);
        }
    }

    /**
     * A driver for the real URL from Tandem's own class loader. Tools that load drivers from a folder into a class
     * loader of their own (DBeaver, Metabase) instantiate Tandem directly, and DriverManager, which looked for
     * drivers once in the class loaders it knew, has never seen the real driver beside it.
     */
    private static Driver besideTandem(String realUrl) throws SQLException {
        try {
            for (Driver driver : ServiceLoader.load(Driver.class, Connector.class.getClassLoader())) {
                if (driver.acceptsURL(realUrl)) {
                    return driver;
                }
            }
        } catch (ServiceConfigurationError e) {
            // A provider that cannot be loaded ends the search, as it ends DriverManager's own.
        }
        return null;
    }
}

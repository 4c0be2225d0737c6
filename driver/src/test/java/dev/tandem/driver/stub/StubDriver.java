package dev.tandem.driver.stub;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A recording stub JDBC driver for {@code jdbc:stub:} URLs, in the spirit of HikariCP's StubDriver:
 * no database, every SQL text and every parameter binding is recorded on the stub objects so tests
 * can assert what a wrapper sent. On a {@link #QUIET_PREFIX} URL the stubs record nothing and answer
 * with cheap constants instead ({@link StubConnection#quiet()}): the benchmarks measure the proxy driver
 * on top of them, through this test jar.
 */
public final class StubDriver implements Driver {
    public static final String PREFIX = "jdbc:stub:";
    /** URLs for quiet connections (see {@link StubConnection#quiet()}), e.g. {@code jdbc:stub:quiet:bench}. */
    public static final String QUIET_PREFIX = PREFIX + "quiet:";
    private static volatile StubConnection lastConnection;

    static {
        try {
            DriverManager.registerDriver(new StubDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Makes sure the stub driver is registered with DriverManager (loading the class registers it). */
    public static void register() {
        // class initialisation does the work
    }

    /** The connection most recently opened through any StubDriver. */
    public static StubConnection lastConnection() {
        return lastConnection;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        StubConnection connection = new StubConnection(url, info);
        lastConnection = connection;
        return connection;
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        if (url == null) {
            throw new SQLException("url is null");
        }
        return url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        DriverPropertyInfo user = new DriverPropertyInfo("user", info == null ? null : info.getProperty("user"));
        user.description = "stub user";
        return new DriverPropertyInfo[] {user};
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}

package dev.tandem.bench.stub;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The stub driver for {@code jdbc:benchstub:<anything>}: every connection is a fresh {@link StubConnection}.
 * Registered when loaded and through {@code META-INF/services/java.sql.Driver}, so proxies that look the
 * real driver up in {@link DriverManager} (Tandem, p6spy) find it.
 */
public final class BenchStubDriver implements Driver {
    public static final String PREFIX = "jdbc:benchstub:";

    static {
        try {
            DriverManager.registerDriver(new BenchStubDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Makes sure the driver is registered (loading the class does it). */
    public static void register() {
        // class initialisation does the work
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        return acceptsURL(url) ? new StubConnection() : null;
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        if (url == null) {
            throw new SQLException("The JDBC URL is null");
        }
        return url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
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
    public Logger getParentLogger() {
        return Logger.getLogger("dev.tandem.bench.stub");
    }
}

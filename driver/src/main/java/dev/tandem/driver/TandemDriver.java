package dev.tandem.driver;

import dev.tandem.driver.internal.connect.ConnectOptions;
import dev.tandem.driver.internal.connect.Connector;
import dev.tandem.driver.internal.connect.TandemUrl;
import dev.tandem.driver.internal.runtime.Runtimes;
import io.micrometer.core.instrument.MeterRegistry;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The Tandem JDBC driver for {@code jdbc:tandem:<real url>} URLs: strips the leading {@code tandem:}
 * and the {@code tandem.*} options, connects through the real driver, and wraps the connection so
 * every statement is planned by the instance's runtime. Kept small and standalone, like pgjdbc's:
 * it registers itself when loaded (and is listed in {@code META-INF/services/java.sql.Driver}),
 * returns null for other drivers' URLs and throws for a null URL.
 */
public final class TandemDriver implements Driver {
    private static final Logger PARENT_LOGGER = Logger.getLogger("dev.tandem.driver");

    /**
     * How a runtime is obtained (also by {@link TandemDataSource}). A test seam: wrapper tests swap in a
     * fake planner so they need neither a config file nor a parser.
     */
    static volatile RuntimeFactory runtimeFactory = Runtimes::obtain;

    static {
        try {
            DriverManager.registerDriver(new TandemDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Obtains the planner (runtime) for an option set and real URL. */
    @FunctionalInterface
    interface RuntimeFactory extends Connector.RuntimeFactory {
    }

    /**
     * The meter registry for connections that do not pass one as the {@code tandem.meterRegistry}
     * Properties object; null (the default) means Micrometer's global registry. Micrometer is an optional
     * dependency: without it on the class path the driver counts nothing.
     */
    public static void setDefaultMeterRegistry(MeterRegistry registry) {
        ConnectOptions.setDefaultRegistry(registry);
    }

    public static MeterRegistry getDefaultMeterRegistry() {
        return (MeterRegistry) ConnectOptions.defaultRegistry();
    }

    /**
     * True while this JVM has a driver instance with this {@code tandem.instanceId}: one is created by the
     * first connection of its URL and options, and lives until {@link #closeInstance}.
     */
    public static boolean isInstanceRegistered(String instanceId) {
        return Runtimes.forInstance(instanceId) != null;
    }

    /**
     * Stops the driver instance with this {@code tandem.instanceId}: its config source closes (no more
     * polling of the control tables or re-reading of the config file), connections still open keep the
     * last config, and a later connection starts a new instance. False when there is no such instance.
     */
    public static boolean closeInstance(String instanceId) {
        return Runtimes.close(instanceId);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (url == null) {
            throw new TandemSQLException("The JDBC URL is null", TandemSqlState.CONNECTION_UNABLE_TO_CONNECT);
        }
        if (!TandemUrl.isTandemUrl(url)) {
            return null; // another driver's URL
        }
        return Connector.connect(TandemUrl.parse(url), info, runtimeFactory);
    }

    /** True for {@code jdbc:tandem:} URLs that parse; this driver's "can I use it" test. */
    @Override
    public boolean acceptsURL(String url) throws SQLException {
        if (url == null) {
            throw new TandemSQLException("The JDBC URL is null", TandemSqlState.CONNECTION_UNABLE_TO_CONNECT);
        }
        if (!TandemUrl.isTandemUrl(url)) {
            return false;
        }
        try {
            TandemUrl.parse(url);
            return true;
        } catch (TandemSQLException e) {
            return false;
        }
    }

    /** The Tandem options (from {@link TandemProperty}) followed by the real driver's, when it is found. */
    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return new DriverPropertyInfo[0];
        }
        TandemUrl parsed = TandemUrl.parse(url);
        ConnectOptions options = ConnectOptions.resolve(parsed, info);
        List<DriverPropertyInfo> result = new ArrayList<>();
        for (TandemProperty p : TandemProperty.values()) {
            DriverPropertyInfo d = new DriverPropertyInfo(p.getKey(), options.options().get(p));
            d.description = p.getDescription();
            d.required = false;
            d.choices = p.getAllowedValues().isEmpty() ? null : p.getAllowedValues().toArray(new String[0]);
            result.add(d);
        }
        Driver real;
        try {
            real = DriverManager.getDriver(parsed.realUrl());
        } catch (SQLException noRealDriver) {
            real = null; // a tool asking for properties gets Tandem's; connect() reports the missing driver
        }
        if (real != null) {
            result.addAll(Arrays.asList(real.getPropertyInfo(parsed.realUrl(), options.realProperties())));
        }
        return result.toArray(new DriverPropertyInfo[0]);
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    /** A proxy cannot promise JDBC compliance on behalf of the driver it wraps. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return PARENT_LOGGER;
    }
}

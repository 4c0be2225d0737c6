package dev.tandem.driver;

import dev.tandem.driver.internal.connect.ConnectOptions;
import dev.tandem.driver.internal.connect.Connector;
import dev.tandem.driver.internal.connect.TandemUrl;
import dev.tandem.driver.internal.jdbc.Planner;
import dev.tandem.driver.internal.runtime.TandemRuntime;
import io.micrometer.core.instrument.MeterRegistry;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Tandem for applications configured with a {@link DataSource}: wraps any DataSource (a pool such as
 * HikariCP included) and returns Tandem connections around the connections it hands out. Options are
 * set with the setters (taking precedence over system properties); the runtime is keyed by the real
 * database URL, read from the first connection's metadata unless {@link #setUrlForKey} names it.
 */
public class TandemDataSource implements DataSource {
    private DataSource dataSource;
    private final Map<String, String> options = new LinkedHashMap<>();
    /** What this data source's connections report as their URL; computed with the planner. */
    private volatile String reportedUrl;
    private MeterRegistry meterRegistry;
    private volatile String urlForKey;
    private volatile Planner planner;

    public TandemDataSource() {
    }

    public TandemDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public synchronized void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
        planner = null;
    }

    public synchronized DataSource getDataSource() {
        return dataSource;
    }

    /**
     * Sets a {@code tandem.*} option by its full key, e.g. {@code tandem.onUnsupported}.
     *
     * @throws IllegalArgumentException for an unknown key
     */
    public synchronized void setProperty(String key, String value) {
        if (TandemProperty.forKey(key) == null) {
            throw new IllegalArgumentException("Unknown Tandem option '" + key + "'; valid options: "
                + ConnectOptions.validKeys());
        }
        if (value == null) {
            options.remove(key);
        } else {
            options.put(key, value);
        }
        planner = null; // the next connection obtains the runtime for the new options
    }

    public void setConfig(String config) {
        setProperty(TandemProperty.CONFIG.getKey(), config);
    }

    public void setOnUnsupported(String onUnsupported) {
        setProperty(TandemProperty.ON_UNSUPPORTED.getKey(), onUnsupported);
    }

    public void setInstanceId(String instanceId) {
        setProperty(TandemProperty.INSTANCE_ID.getKey(), instanceId);
    }

    public void setDialect(String dialect) {
        setProperty(TandemProperty.DIALECT.getKey(), dialect);
    }

    public synchronized void setMeterRegistry(MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
        planner = null;
    }

    /** The real database URL the runtime is keyed by; by default the first connection's metadata URL. */
    public synchronized void setUrlForKey(String urlForKey) {
        this.urlForKey = urlForKey;
        planner = null;
    }

    /**
     * What this data source's Tandem instance is doing (config version and age, lease, phase per migration); empty
     * until the first connection has started the instance, and again after an option changed.
     */
    public Optional<TandemStatus> status() {
        return planner instanceof TandemRuntime runtime ? Optional.of(TandemStatus.of(runtime)) : Optional.empty();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return Connector.wrap(delegate().getConnection(), this::planner, this::reportedUrl);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return Connector.wrap(delegate().getConnection(username, password), this::planner, this::reportedUrl);
    }

    private Planner planner(Connection physical) throws SQLException {
        Planner current = planner;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (planner == null) {
                String url = urlForKey;
                if (url == null) {
                    url = physical.getMetaData().getURL();
                    if (url == null) {
                        throw new TandemSQLException("The wrapped DataSource's connections report no URL; call "
                            + "TandemDataSource.setUrlForKey with the real database URL",
                            TandemSqlState.CONNECTION_UNABLE_TO_CONNECT);
                    }
                    urlForKey = url;
                }
                planner = Connector.runtime(options, "the TandemDataSource", meterRegistry, url,
                    () -> delegate().getConnection(), TandemDriver.runtimeFactory);
                reportedUrl = TandemUrl.compose(url, options);
            }
            return planner;
        }
    }

    /** The {@code jdbc:tandem:} URL with this data source's options that its connections report (set by planner). */
    private String reportedUrl() {
        return reportedUrl;
    }

    private synchronized DataSource delegate() throws SQLException {
        if (dataSource == null) {
            throw new TandemSQLException("TandemDataSource has no DataSource to wrap; call setDataSource",
                TandemSqlState.CONNECTION_UNABLE_TO_CONNECT);
        }
        return dataSource;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate().getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return Logger.getLogger("dev.tandem.driver");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        DataSource d = delegate();
        return iface.isInstance(d) ? iface.cast(d) : d.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return true;
        }
        DataSource d = delegate();
        return iface.isInstance(d) || d.isWrapperFor(iface);
    }

    /** Names the wrapped data source in its own words, e.g. {@code TandemDataSource[HikariDataSource (HikariPool-1)]}. */
    @Override
    public String toString() {
        DataSource d;
        synchronized (this) {
            d = dataSource;
        }
        return "TandemDataSource[" + d + "]";
    }
}

package dev.tandem.driver.internal.runtime;

import dev.tandem.driver.TandemOptions;
import dev.tandem.driver.TandemProperty;
import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.TandemSqlState;
import dev.tandem.driver.internal.config.ConfigSource;
import dev.tandem.driver.internal.config.ConnectionFactory;
import dev.tandem.driver.internal.config.DbConfigSource;
import dev.tandem.driver.internal.config.FileConfigSource;
import dev.tandem.driver.schema.ControlSchema;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.spec.SpecException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The driver instances of this JVM, keyed by real URL and canonical options: each is created (dialect,
 * instance id, config source) by the first connection that needs it and shared by the later ones.
 */
public final class Runtimes {
    /** The instance's logger, as before the registry had a class of its own. */
    private static final System.Logger LOG = System.getLogger(TandemRuntime.class.getName());
    private static final ConcurrentMap<String, TandemRuntime> RUNTIMES = new ConcurrentHashMap<>();

    private Runtimes() {
    }

    /**
     * The runtime for these options and real URL, created on first use and shared afterwards; {@code registry} is
     * a Micrometer {@code MeterRegistry}, or null when Micrometer is not on the class path.
     */
    public static TandemRuntime obtain(TandemOptions options, String realUrl, Object registry,
                                       ConnectionFactory side) throws SQLException {
        String key = realUrl + " " + options.canonical();
        TandemRuntime existing = RUNTIMES.get(key);
        if (existing != null) {
            return existing;
        }
        synchronized (RUNTIMES) {
            existing = RUNTIMES.get(key);
            if (existing == null) {
                existing = create(options, realUrl, registry, side);
                RUNTIMES.put(key, existing);
            }
            return existing;
        }
    }

    /** The runtime with this instance id in this JVM, or {@code null}; for tools and tests. */
    public static TandemRuntime forInstance(String instanceId) {
        for (TandemRuntime r : RUNTIMES.values()) {
            if (r.instanceId().equals(instanceId)) {
                return r;
            }
        }
        return null;
    }

    /**
     * Takes the instance with this id out of the registry and closes its config source (no more polling or
     * re-reading): connections still open keep planning with the last config; a later connection creates a
     * new instance. False when no instance has this id.
     */
    public static boolean close(String instanceId) {
        TandemRuntime closed = null;
        synchronized (RUNTIMES) {
            for (var e : RUNTIMES.entrySet()) {
                if (e.getValue().instanceId().equals(instanceId)) {
                    closed = e.getValue();
                    RUNTIMES.remove(e.getKey());
                    break;
                }
            }
        }
        if (closed == null) {
            return false;
        }
        closed.configSource().close();
        return true;
    }

    private static TandemRuntime create(TandemOptions options, String realUrl, Object registry,
                                        ConnectionFactory side) throws SQLException {
        Dialect dialect = dialect(options, realUrl);
        String instanceId = options.get(TandemProperty.INSTANCE_ID);
        if (instanceId == null) {
            instanceId = defaultInstanceId();
        }
        ConfigSource source = "db".equals(options.get(TandemProperty.CONTROL))
            ? dbSource(options, dialect, instanceId, side) : fileSource(options);
        TandemRuntime runtime = new TandemRuntime(instanceId, options, dialect, source, registry);
        LOG.log(System.Logger.Level.INFO, "Tandem instance {0} started with {1} ({2})", instanceId,
            source.current(), dialect);
        return runtime;
    }

    private static ConfigSource fileSource(TandemOptions options) throws SQLException {
        String config = options.get(TandemProperty.CONFIG);
        if (config == null) {
            throw new TandemSQLException("No migration config: set " + TandemProperty.CONFIG.getKey()
                + "=file:/path/to/migrations.yaml in the URL, the connection properties or a system property "
                + "(or " + TandemProperty.CONTROL.getKey() + "=db to read the agent's control tables)",
                TandemSqlState.INVALID_CONFIG);
        }
        if (!config.startsWith("file:")) {
            throw new TandemSQLException("Unsupported " + TandemProperty.CONFIG.getKey() + " value '" + config
                + "': expected file:/path/to/migrations.yaml", TandemSqlState.INVALID_PARAMETER_VALUE);
        }
        Path path = Paths.get(config.substring("file:".length()).replaceFirst("^//", ""));
        try {
            return new FileConfigSource(path, options.getInt(TandemProperty.RELOAD_INTERVAL_MS));
        } catch (SpecException e) {
            throw new TandemSQLException(e.getMessage(), TandemSqlState.INVALID_CONFIG, e);
        } catch (IOException e) {
            throw new TandemSQLException("Cannot read the migration config " + path + ": " + e
                + ". Check " + TandemProperty.CONFIG.getKey(), TandemSqlState.INVALID_CONFIG, e);
        }
    }

    private static ConfigSource dbSource(TandemOptions options, Dialect dialect, String instanceId,
                                         ConnectionFactory side) throws SQLException {
        ControlSchema schema = new ControlSchema(options.get(TandemProperty.CONTROL_PREFIX), dialect);
        try {
            return new DbConfigSource(schema, side, new DbConfigSource.Identity(instanceId, hostName(),
                options.get(TandemProperty.APP)), options.getInt(TandemProperty.POLL_INTERVAL_MS),
                options.getInt(TandemProperty.LEASE_MS));
        } catch (SpecException e) {
            throw new TandemSQLException(e.getMessage(), TandemSqlState.INVALID_CONFIG, e);
        } catch (SQLException e) {
            if (dialect.isPermissionDenied(e) || dialect.isPermissionDenied(rootOf(e))) {
                throw new TandemSQLException("Cannot read the migration config from the control tables: "
                    + e.getMessage(), TandemSqlState.INVALID_CONFIG, e);
            }
            throw new TandemSQLException("Cannot read the migration config from the control table "
                + schema.migrations() + ": " + e.getMessage() + ". Create the control tables with the agent "
                + "('tandem-agent init'), or check " + TandemProperty.CONTROL_PREFIX.getKey(),
                TandemSqlState.INVALID_CONFIG, e);
        }
    }

    private static SQLException rootOf(SQLException e) {
        return e.getCause() instanceof SQLException cause ? cause : e;
    }

    private static Dialect dialect(TandemOptions options, String realUrl) throws TandemSQLException {
        String d = options.get(TandemProperty.DIALECT);
        if ("postgresql".equals(d)) {
            return Dialect.POSTGRESQL;
        }
        if ("mysql".equals(d)) {
            return Dialect.MYSQL;
        }
        Dialect fromUrl = Dialect.fromUrl(realUrl);
        if (fromUrl == null) {
            throw new TandemSQLException("Cannot tell the SQL dialect of " + realUrl + "; set "
                + TandemProperty.DIALECT.getKey() + " to postgresql or mysql", TandemSqlState.INVALID_PARAMETER_VALUE);
        }
        return fromUrl;
    }

    /** host:pid, with a suffix for the second and later runtimes of one JVM so their meters stay apart. */
    private static String defaultInstanceId() {
        String base = hostName() + ":" + ManagementFactory.getRuntimeMXBean().getPid();
        String id = base;
        for (int n = 2; forInstance(id) != null; n++) {
            id = base + "-" + n;
        }
        return id;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}

package dev.tandem.driver.internal.config;

import dev.tandem.driver.schema.ControlSchema;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;
import dev.tandem.driver.spec.SpecException;
import dev.tandem.driver.spec.SpecParser;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Config from the control tables the agent writes ({@code tandem.control=db}). A side connection of
 * its own polls the config version (one row) and reloads the migrations when it changed, then
 * heartbeats the version this instance runs. Never uses application connections. If polling fails,
 * the last config stays in force and {@link #isStale()} turns true once the lease has passed.
 */
public final class DbConfigSource extends AbstractConfigSource {
    private static final System.Logger LOG = System.getLogger(DbConfigSource.class.getName());

    /** Who this instance is, for the instances table. */
    public record Identity(String instanceId, String host, String app) {
    }

    private final ControlSchema schema;
    private final ConnectionFactory connections;
    private final Identity identity;
    private final long leaseMillis;
    /** A thread per source: a poll stuck on one database must not make another instance's config stale. */
    private final ScheduledExecutorService poller;
    private final ScheduledFuture<?> task;
    private volatile LongSupplier reportedVersion;
    private volatile java.util.function.Supplier<String> stats = () -> null;
    /** The last report failure's message, logged once until a report succeeds again. */
    private String reportFailure;
    private Connection side;
    private boolean paused;
    /** The control tables' layout, as last read: it decides how this instance heartbeats. */
    private int schemaVersion = 1;

    /** Loads the config now (failing if it cannot) and then polls every {@code pollMillis}. */
    public DbConfigSource(ControlSchema schema, ConnectionFactory connections, Identity identity, long pollMillis,
                          long leaseMillis) throws SQLException, SpecException {
        this.schema = schema;
        this.connections = connections;
        this.identity = identity;
        this.leaseMillis = leaseMillis;
        this.reportedVersion = () -> current().version();
        synchronized (this) {
            long version = readVersion();
            initial(new ConfigSnapshot(version, readMigrations(), source(), Instant.now()));
            // Registered before the first connection is handed out: a phase change made from now on waits for
            // this instance, however soon it comes. (A heartbeat left to the poller thread could come after.)
            heartbeat();
        }
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tandem-control-poll-" + identity.instanceId());
            t.setDaemon(true);
            return t;
        });
        this.task = poller.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** What to report as the version this instance runs (the oldest one a transaction still uses). */
    public void reportVersion(LongSupplier supplier) {
        this.reportedVersion = supplier;
    }

    /** What to report as this instance's figures ({@code StatsReport}) with each heartbeat, from layout 3 on. */
    public void reportStats(java.util.function.Supplier<String> supplier) {
        this.stats = supplier;
    }

    @Override
    public boolean isStale() {
        return System.nanoTime() - lastRefreshNanos() > TimeUnit.MILLISECONDS.toNanos(leaseMillis);
    }

    /** Stops polling and heartbeating without closing, as a hung process would; for tests and drills. */
    public synchronized void pause(boolean pause) {
        this.paused = pause;
    }

    /** Polls now: reload if the version moved, then heartbeat. Returns true if a new snapshot was published. */
    public synchronized boolean refresh() throws SQLException, SpecException {
        long version = readVersion();
        ConfigSnapshot next = version == current().version() ? null
            : new ConfigSnapshot(version, readMigrations(), source(), Instant.now());
        if (next != null) {
            LOG.log(System.Logger.Level.INFO, "Tandem instance {0} loaded {1}", identity.instanceId(), next);
            publish(next);
        }
        heartbeat();
        report();
        confirmed();
        return next != null;
    }

    private synchronized void poll() {
        // The paused check and the refresh are one critical section: once pause(true) returns, no refresh runs.
        if (paused) {
            return;
        }
        try {
            refresh();
        } catch (SQLException | SpecException | RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (failed(message)) {
                LOG.log(System.Logger.Level.WARNING, "Tandem instance " + identity.instanceId() + " could not "
                    + "refresh its config from " + schema.migrations() + "; still running " + current() + ": "
                    + message);
            }
            closeSide();
        }
    }

    private long readVersion() throws SQLException {
        try (Statement s = side().createStatement(); ResultSet rs = s.executeQuery(schema.selectVersion())) {
            if (!rs.next()) {
                throw new SQLException("The control table " + schema.state() + " has no row; run the agent's "
                    + "'init' (or 'apply') to create the control tables");
            }
            schemaVersion = rs.getInt(2);
            return rs.getLong(1);
        } catch (SQLException e) {
            throw denied(e, "read " + schema.state());
        }
    }

    /** A refusal for lack of a privilege, reworded to name the grant that is missing; other errors as they are. */
    private SQLException denied(SQLException e, String what) {
        return schema.dialect().isPermissionDenied(e)
            ? new SQLException(schema.missingAppGrant(what, e), e.getSQLState(), e.getErrorCode(), e) : e;
    }

    private List<Migration> readMigrations() throws SQLException, SpecException {
        List<Migration> out = new ArrayList<>();
        try (Statement s = side().createStatement(); ResultSet rs = s.executeQuery(schema.selectMigrations())) {
            while (rs.next()) {
                String id = rs.getString(1);
                List<Migration> parsed = SpecParser.parse(rs.getString(2), schema.migrations() + " row '" + id + "'");
                Phase phase = Phase.parse(rs.getString(3));
                for (Migration m : parsed) {
                    out.add(phase == null ? m : m.withPhase(phase));
                }
            }
        } catch (SQLException e) {
            throw denied(e, "read " + schema.migrations());
        }
        return out;
    }

    private void heartbeat() throws SQLException {
        try (PreparedStatement ps = side().prepareStatement(schema.heartbeat(schemaVersion))) {
            ps.setString(1, identity.instanceId());
            ps.setString(2, identity.host());
            ps.setString(3, identity.app());
            ps.setLong(4, reportedVersion.getAsLong());
            ps.setLong(5, leaseMillis);
            ps.execute();
        } catch (SQLException e) {
            throw denied(e, "heartbeat through " + schema.heartbeatRoutine());
        }
    }

    /**
     * Sends this instance's figures. A failure (e.g. a role not yet granted EXECUTE on the routine after an
     * upgrade) is logged once and never makes the config stale: the figures serve the canary autopilot, which
     * holds its step without them, while the config keeps its lease.
     */
    private void report() {
        String sql = schema.report(schemaVersion);
        String text = stats.get();
        if (sql == null || text == null) {
            return;
        }
        try (PreparedStatement ps = side().prepareStatement(sql)) {
            ps.setString(1, identity.instanceId());
            ps.setString(2, text);
            ps.execute();
            reportFailure = null;
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.equals(reportFailure)) {
                LOG.log(System.Logger.Level.WARNING, "Tandem instance " + identity.instanceId() + " could not report "
                    + "its figures through " + schema.reportRoutine() + " (the canary autopilot holds without them): "
                    + denied(e, "report through " + schema.reportRoutine()).getMessage());
            }
            reportFailure = message;
        }
    }

    private Connection side() throws SQLException {
        if (side == null || side.isClosed()) {
            side = connections.open();
            side.setAutoCommit(true);
        }
        return side;
    }

    private void closeSide() {
        try {
            if (side != null) {
                side.close();
            }
        } catch (SQLException ignored) {
            // the connection is being discarded because it failed
        }
        side = null;
    }

    private String source() {
        return schema.migrations();
    }

    @Override
    public void close() {
        task.cancel(false);
        poller.shutdown();
        synchronized (this) {
            closeSide();
        }
    }
}

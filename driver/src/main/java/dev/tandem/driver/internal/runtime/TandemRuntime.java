package dev.tandem.driver.internal.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tandem.driver.TandemOptions;
import dev.tandem.driver.TandemProperty;
import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.TandemSqlState;
import dev.tandem.driver.internal.config.ConfigSnapshot;
import dev.tandem.driver.internal.config.ConfigSource;
import dev.tandem.driver.internal.config.DbConfigSource;
import dev.tandem.driver.internal.metrics.FleetStats;
import dev.tandem.driver.internal.metrics.TandemMetrics;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.internal.plan.Plan;
import dev.tandem.driver.internal.rewrite.ResultShape;
import dev.tandem.driver.internal.plan.StatementPlanner;
import dev.tandem.driver.internal.text.SqlLexer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One driver instance (one JVM x one target database x one option set): the config source, the
 * planner of the snapshot in force, and the meters. Shared by every connection of the instance;
 * {@link Runtimes} creates and finds them.
 */
public final class TandemRuntime implements dev.tandem.driver.internal.jdbc.Planner {
    private static final System.Logger LOG = System.getLogger(TandemRuntime.class.getName());
    private static final int RECENT_MISMATCHES = 100;

    /** One logged shadow-read mismatch. */
    public record ShadowMismatch(String migration, String column, String rowKey, Object oldValue, Object newValue) {
    }

    private final String instanceId;
    private final TandemOptions options;
    private final Dialect dialect;
    private final ConfigSource source;
    private final TandemMetrics metrics;
    /** The figures this instance reports with its heartbeat, for the agent's canary autopilot. */
    private final FleetStats fleet = new FleetStats();
    private final Cache<ConfigSnapshot, StatementPlanner> older = Caffeine.newBuilder().weakKeys().build();
    private final Deque<ShadowMismatch> recentMismatches = new ArrayDeque<>();
    private final ConcurrentMap<Long, AtomicInteger> pins = new ConcurrentHashMap<>();
    private final boolean refuseStaleWrites;
    private volatile StatementPlanner current;

    TandemRuntime(String instanceId, TandemOptions options, Dialect dialect, ConfigSource source,
                          Object registry) {
        this.instanceId = instanceId;
        this.options = options;
        this.dialect = dialect;
        this.source = source;
        this.metrics = TandemMetrics.of(registry, instanceId);
        this.refuseStaleWrites = "refuse-writes".equals(options.get(TandemProperty.STALE_CONFIG));
        if (source instanceof DbConfigSource) {
            ((DbConfigSource) source).reportVersion(this::runningVersion);
            ((DbConfigSource) source).reportStats(fleet::report);
        }
        this.current = planner(source.current());
        source.onChange(snapshot -> {
            StatementPlanner previous = current;
            older.put(previous.snapshot(), previous);
            current = planner(snapshot);
            metrics.phases(snapshot.migrations());
        });
        metrics.configGauges(() -> current.snapshot().version(),
            () -> (System.nanoTime() - source.lastRefreshNanos()) / 1e9);
        metrics.phases(current.snapshot().migrations());
    }

    private StatementPlanner planner(ConfigSnapshot snapshot) {
        try {
            return new StatementPlanner(snapshot, dialect, !"passthrough".equals(options.get(TandemProperty.ON_UNSUPPORTED)),
                options.getInt(TandemProperty.PLAN_CACHE_SIZE), (long) options.getInt(TandemProperty.PLAN_CACHE_MB) << 20,
                !"off".equals(options.get(TandemProperty.SHAPES)), metrics);
        } catch (TandemSQLException e) {
            throw new IllegalStateException(e); // options were validated when the runtime was created
        }
    }

    /** This instance's figures as its heartbeat reports them ({@code StatsReport} format). */
    public String fleetReport() {
        return fleet.report();
    }

    @Override
    public void recordExecution(Plan plan, long nanos, boolean failed) {
        fleet.execution(plan.sides(), nanos, failed);
    }

    @Override
    public ConfigSnapshot snapshot() {
        return current.snapshot();
    }

    @Override
    public Plan plan(String sql, ConfigSnapshot snapshot, Connection physical) throws SQLException {
        StatementPlanner p = current;
        if (p.snapshot() != snapshot) {
            p = older.get(snapshot, this::planner);
        }
        Plan plan = p.plan(sql, physical);
        // Staleness first: it is a clock read, while the second prefilter scans the text of every statement.
        if (refuseStaleWrites && source.isStale()
            && (plan.writesMigratedTable() || mayWriteMigratedTable(sql, snapshot))) {
            throw new TandemSQLException("Tandem instance " + instanceId + " could not refresh its migration config "
                + "within the lease (" + options.get(TandemProperty.LEASE_MS) + " ms; " + staleReason()
                + "), so it refuses writes to migrated tables rather than write with a phase that "
                + "may be outdated. Check the connection to the control tables; writes resume at the next "
                + "successful refresh (or set " + TandemProperty.STALE_CONFIG.getKey() + "=allow).",
                TandemSqlState.STALE_CONFIG);
        }
        return plan;
    }

    /**
     * A statement that is not plainly a read and names a table under any migration, EXPAND included: with a
     * stale config, an instance that still thinks a migration is in EXPAND must not write old-only rows.
     */
    private boolean mayWriteMigratedTable(String sql, ConfigSnapshot snapshot) {
        if (!snapshot.mayTouchAnyMigration(sql)) {
            return false;
        }
        String word = SqlLexer.firstWord(sql, dialect.backslashEscapesInStrings());
        return !(word.equals("SELECT") || word.equals("SHOW") || word.equals("EXPLAIN") || word.equals("VALUES")
            || word.equals("TABLE") || word.equals("DESCRIBE"));
    }

    /** Why the lease lapsed: the last refresh error, or how long no refresh ran at all (a paused or starved poller). */
    String staleReason() {
        Object error = source instanceof DbConfigSource ? ((DbConfigSource) source).lastError() : null;
        long silentMs = (System.nanoTime() - source.lastRefreshNanos()) / 1_000_000;
        return error != null ? "last error: " + error
            : "no refresh has run for " + silentMs + " ms and none failed: the poller was paused or starved (a "
                + "stopped process, a long GC pause, an exhausted thread pool)";
    }

    @Override
    public void pin(ConfigSnapshot snapshot) {
        pins.computeIfAbsent(snapshot.version(), v -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void unpin(ConfigSnapshot snapshot) {
        AtomicInteger n = pins.get(snapshot.version());
        if (n != null) {
            n.decrementAndGet();
        }
    }

    /**
     * The version this instance can promise to run: the current one, or the oldest version a transaction
     * still uses. The agent's barrier waits on this, so a long transaction on an old phase holds it.
     */
    public long runningVersion() {
        long version = current.snapshot().version();
        for (var e : pins.entrySet()) {
            if (e.getValue().get() > 0 && e.getKey() < version) {
                version = e.getKey();
            }
        }
        return version;
    }

    @Override
    public void recordShadow(ResultShape.ShadowCheck check, boolean match, String rowKey,
                             Object oldValue, Object newValue) {
        metrics.shadow(check.migrationId(), match);
        fleet.shadow(check.migrationId(), match);
        if (match) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "Tandem shadow read mismatch: migration {0}, column {1}, row {2}: "
            + "old side {3}, new side {4}", check.migrationId(), check.column(), rowKey, oldValue, newValue);
        synchronized (recentMismatches) {
            if (recentMismatches.size() == RECENT_MISMATCHES) {
                recentMismatches.removeFirst();
            }
            recentMismatches.addLast(new ShadowMismatch(check.migrationId(), check.column(), rowKey, oldValue,
                newValue));
        }
    }

    /** The last {@value #RECENT_MISMATCHES} shadow-read mismatches, oldest first. */
    public List<ShadowMismatch> recentMismatches() {
        synchronized (recentMismatches) {
            return List.copyOf(recentMismatches);
        }
    }

    public String instanceId() {
        return instanceId;
    }

    /** The options this instance was created with. */
    public TandemOptions options() {
        return options;
    }

    public Dialect dialect() {
        return dialect;
    }

    public ConfigSource configSource() {
        return source;
    }

    public TandemMetrics metrics() {
        return metrics;
    }
}

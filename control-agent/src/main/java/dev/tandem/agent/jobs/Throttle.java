package dev.tandem.agent.jobs;

import dev.tandem.agent.AgentConfig;
import dev.tandem.driver.schema.Dialect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a job within its limits: chunk size adapted toward the target chunk time, rows per second
 * capped, and a pause while a replica lags more than allowed (PostgreSQL: pg_stat_replication on the
 * primary; MySQL: SHOW REPLICA STATUS on each configured replica URL).
 */
final class Throttle {
    private static final System.Logger LOG = System.getLogger(Throttle.class.getName());
    static final int MIN_CHUNK = 10;
    static final int MAX_CHUNK = 500_000;
    /** The share of the target chunk time a chunk is sized for. */
    static final double AIM = 0.6;
    /** The most a chunk grows by during the ramp. */
    static final double MAX_RAMP = 8;
    private static final long LAG_PROBE_NANOS = 1_000_000_000L;

    private final AgentConfig.JobOptions options;
    private final Dialect dialect;
    private final long startNanos = System.nanoTime();
    private int chunk;
    private long rows;
    private long lastLagProbe;
    private double averagePerRow;

    Throttle(AgentConfig.JobOptions options, Dialect dialect) {
        this.options = options;
        this.dialect = dialect;
        int first = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, options.initialChunkRows()));
        this.chunk = options.maxRowsPerSecond() > 0
            ? (int) Math.max(MIN_CHUNK, Math.min(first, options.maxRowsPerSecond() / 10)) : first;
    }

    int chunk() {
        return chunk;
    }

    /**
     * After a chunk of {@code scanned} rows took {@code nanos}: size the next one to take {@link #AIM} of
     * the target time. The aim leaves room below twice the target (the hard limit) because consecutive
     * chunks of the same table vary by up to two times in time per row (page splits, purge, checkpoints,
     * other load).
     * <ul>
     *   <li>While chunks take less than a quarter of the aim (the ramp from the first chunk) each next one
     *       is as many times larger as the chunk's time fits into the aim, at least 4 and at most
     *       {@link #MAX_RAMP} times; their times are not learnt from (they are mostly fixed costs), and the
     *       average of earlier, slower chunks is forgotten.
     *       Scaled linearly, the larger chunk's time stays under the aim; the fixed costs do not scale, so
     *       it takes less.</li>
     *   <li>Near the aim the next chunk is sized at the slower of the last chunk's and the recent average
     *       time per row: a slow chunk shrinks the next one at once, one fast chunk cannot make the next
     *       one explode, and growth is at most 1.5-fold. The average starts afresh after the ramp, so slow
     *       first chunks (cold caches, a cold JIT) cannot keep a job that has since sped up in small
     *       chunks.</li>
     * </ul>
     */
    void done(long scanned, long nanos) {
        done(scanned, nanos, scanned < chunk);
    }

    /**
     * As {@link #done(long, long)}, for chunks whose row count is not known in advance (range chunks):
     * {@code last} says whether the chunk ended the walk; an empty chunk says nothing about the time per row.
     */
    void done(long scanned, long nanos, boolean last) {
        rows += scanned;
        if (last || scanned <= 0) {
            return; // the table's last chunk: it says nothing about the time per row
        }
        double millis = Math.max(0.05, nanos / 1e6);
        double aim = AIM * options.targetChunkMillis();
        if (millis < aim / 4.0) {
            double times = Math.max(4, Math.min(MAX_RAMP, Math.floor(aim / millis)));
            averagePerRow = 0; // a chunk this far below the aim: what slower chunks before it taught is stale
            chunk = (int) Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, chunk * times));
        } else {
            double perRow = millis / scanned;
            averagePerRow = averagePerRow == 0 ? perRow : 0.7 * averagePerRow + 0.3 * perRow;
            double next = aim / Math.max(perRow, averagePerRow);
            chunk = (int) Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.min(next, chunk * 1.5)));
        }
        if (options.maxRowsPerSecond() > 0) {
            // A chunk no larger than a tenth of a second's quota keeps the rate smooth.
            chunk = (int) Math.max(MIN_CHUNK, Math.min(chunk, options.maxRowsPerSecond() / 10));
        }
    }

    /** Sleeps as long as needed to respect the rate cap and replica lag. */
    void pace(Connection c) throws InterruptedException {
        if (options.maxRowsPerSecond() > 0) {
            long elapsedNanos = System.nanoTime() - startNanos;
            // Wait until the next chunk fits: after it, rows / elapsed stays within the cap.
            long dueNanos = (long) ((rows + chunk) * 1e9 / options.maxRowsPerSecond());
            if (dueNanos > elapsedNanos) {
                TimeUnit.NANOSECONDS.sleep(dueNanos - elapsedNanos);
            }
        }
        if (options.maxReplicationLagMillis() <= 0 || System.nanoTime() - lastLagProbe < LAG_PROBE_NANOS) {
            return;
        }
        lastLagProbe = System.nanoTime();
        for (int i = 0; i < 600; i++) {
            long lag = lagMillis(c);
            if (lag <= options.maxReplicationLagMillis()) {
                return;
            }
            if (i == 0) {
                LOG.log(System.Logger.Level.INFO, "Replica lag {0} ms is over {1} ms; pausing the job until it "
                    + "catches up", lag, options.maxReplicationLagMillis());
            }
            Thread.sleep(500);
        }
    }

    private long lagMillis(Connection c) {
        long lag = 0;
        String primaryLag = dialect.replicationLagQuery();
        if (primaryLag != null) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(primaryLag)) {
                rs.next();
                lag = rs.getLong(1);
                c.commit();
            } catch (SQLException e) {
                rollbackQuietly(c);
            }
        }
        for (String replica : options.replicaUrls()) {
            try (Connection r = DriverManager.getConnection(replica); Statement s = r.createStatement();
                 ResultSet rs = s.executeQuery("SHOW REPLICA STATUS")) {
                if (rs.next()) {
                    long seconds = rs.getLong("Seconds_Behind_Source");
                    lag = Math.max(lag, rs.wasNull() ? Long.MAX_VALUE : seconds * 1000);
                }
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot read replica lag from {0}: {1}", replica, e.getMessage());
            }
        }
        return lag;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the probe is best effort
        }
    }
}

package dev.tandem.agent.jobs;

import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.store.ControlStore;
import dev.tandem.agent.store.Db;
import dev.tandem.agent.store.JobStore;
import dev.tandem.driver.spec.Migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a backfill or reconcile over one table in keyset chunks. Each chunk is one transaction holding
 * the chunk's statement and its checkpoint, so a crash loses at most the chunk in flight and a restart
 * resumes after the last committed one. Between chunks the runner honours pause and cancel requests.
 */
public final class ChunkedJob {
    /** Job kinds as stored in the jobs table. */
    public static final String BACKFILL = "backfill";
    public static final String REVERSE_BACKFILL = "reverse-backfill";
    public static final String RECONCILE = "reconcile";

    private static final System.Logger LOG = System.getLogger(ChunkedJob.class.getName());
    private static final int SAMPLE = 20;
    private static final int DEADLOCK_RETRIES = 5;

    private final Db db;
    private final JobStore jobs;
    private final Migration migration;
    private final String kind;
    private final boolean reverse;
    private final boolean repair;
    private final AgentConfig.JobOptions options;
    private final JobListener listener;
    private final JobMeters meters;

    public ChunkedJob(Db db, JobStore jobs, Migration migration, String kind, boolean reverse, boolean repair,
                      AgentConfig.JobOptions options, JobListener listener, JobMeters meters) {
        this.db = db;
        this.jobs = jobs;
        this.migration = migration;
        this.kind = kind;
        this.reverse = reverse;
        this.repair = repair;
        this.options = options;
        this.listener = listener;
        this.meters = meters;
    }

    /** Runs job {@code id} (already created or claimed) to its end, a pause or a cancel. */
    public JobView run(long id) {
        JobStore.Job job = jobs.get(id);
        List<String> lower = job.checkpoint();
        long mismatches = 0;
        long repaired = 0;
        long maxChunkMillis = 0;
        List<String> sample = new ArrayList<>();
        if (job.view().result() != null) {
            mismatches = ((Number) job.view().result().getOrDefault("mismatches", 0)).longValue();
            repaired = ((Number) job.view().result().getOrDefault("repaired", 0)).longValue();
            maxChunkMillis = ((Number) job.view().result().getOrDefault("maxChunkMillis", 0)).longValue();
            Object s = job.view().result().get("sample");
            if (s instanceof List) {
                ((List<?>) s).forEach(k -> sample.add(String.valueOf(k)));
            }
        }
        listener.started(job.view());
        Throttle throttle = new Throttle(options, db.dialect());
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            // Row locks only on the rows a chunk changes: no gap locks that would stall application inserts.
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            TableScan scan = new TableScan(migration, db.dialect(), c, reverse);
            c.commit();
            while (true) {
                String state = jobs.state(id);
                if (JobStore.PAUSE_REQUESTED.equals(state) || JobStore.CANCEL_REQUESTED.equals(state)) {
                    String end = JobStore.PAUSE_REQUESTED.equals(state) ? JobStore.PAUSED : JobStore.CANCELLED;
                    jobs.setState(id, end, null, result(mismatches, repaired, sample, maxChunkMillis));
                    LOG.log(System.Logger.Level.INFO, "Job {0} ({1} of {2}) {3}", id, kind, migration.id(), end);
                    return finish(id);
                }
                throttle.pace(c);
                long start = System.nanoTime();
                ChunkResult r = chunk(c, scan, id, lower, throttle.chunk());
                long nanos = System.nanoTime() - start;
                maxChunkMillis = Math.max(maxChunkMillis, nanos / 1_000_000);
                throttle.done(r.scanned, nanos);
                mismatches += r.mismatched.size();
                repaired += r.changed;
                for (String k : r.mismatched) {
                    if (sample.size() < SAMPLE) {
                        sample.add(k);
                    }
                }
                if (RECONCILE.equals(kind) && !r.mismatched.isEmpty()) {
                    // Keep the running count with the checkpoint, so a resumed reconcile cannot under-report.
                    jobs.setState(id, JobStore.RUNNING, null, result(mismatches, repaired, sample, maxChunkMillis));
                }
                meters.chunk(migration.id(), kind, r.changed, r.scanned);
                listener.progress(jobs.get(id).view());
                if (r.upper == null) {
                    break;
                }
                lower = r.upper;
            }
            jobs.setState(id, JobStore.DONE, null, result(mismatches, repaired, sample, maxChunkMillis));
            if (RECONCILE.equals(kind)) {
                meters.reconciled(migration.id(), mismatches);
            }
            return finish(id);
        } catch (SQLException e) {
            jobs.setState(id, JobStore.FAILED, e.getMessage(), result(mismatches, repaired, sample, maxChunkMillis));
            listener.finished(jobs.get(id).view());
            throw new AgentException(AgentException.Kind.FAILED, "Job " + id + " (" + kind + " of " + migration.id()
                + ") failed: " + e.getMessage() + ". Committed chunks are kept; run it again to resume from the last "
                + "checkpoint", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jobs.setState(id, JobStore.PAUSED, "interrupted", null);
            return finish(id);
        } catch (RuntimeException e) {
            jobs.setState(id, JobStore.FAILED, String.valueOf(e.getMessage()), null);
            listener.finished(jobs.get(id).view());
            throw e;
        }
    }

    private JobView finish(long id) {
        JobView v = jobs.get(id).view();
        listener.finished(v);
        return v;
    }

    private record ChunkResult(List<String> upper, long scanned, long changed, List<String> mismatched) {
    }

    /** One chunk and its checkpoint in one transaction, retried on deadlock or serialization failure. */
    private ChunkResult chunk(Connection c, TableScan scan, long id, List<String> lower, int size) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                List<String> upper = scan.upperBound(c, lower, size);
                long scanned = upper == null ? scan.count(c, lower, null) : size;
                List<String> mismatched = RECONCILE.equals(kind) ? scan.mismatches(c, lower, upper) : List.of();
                long changed = !RECONCILE.equals(kind) || (repair && !mismatched.isEmpty())
                    ? scan.update(c, lower, upper) : 0;
                jobs.checkpoint(c, id, upper, changed, scanned);
                c.commit();
                return new ChunkResult(upper, scanned, changed, mismatched);
            } catch (SQLException e) {
                c.rollback();
                String state = String.valueOf(e.getSQLState());
                boolean retryable = state.equals("40001") || state.equals("40P01") || e.getErrorCode() == 1213;
                if (!retryable || attempt >= DEADLOCK_RETRIES) {
                    throw e;
                }
                LOG.log(System.Logger.Level.INFO, "Chunk of job {0} hit {1}; retrying ({2}/{3})", id, e.getMessage(),
                    attempt, DEADLOCK_RETRIES);
            }
        }
    }

    private static Map<String, Object> result(long mismatches, long repaired, List<String> sample, long maxChunkMillis) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mismatches", mismatches);
        r.put("repaired", repaired);
        r.put("sample", sample);
        r.put("maxChunkMillis", maxChunkMillis);
        return r;
    }

    /** How long a silent "running" job must be quiet before another agent may take it over. */
    public static Duration staleAfter() {
        return Duration.ofSeconds(30);
    }
}

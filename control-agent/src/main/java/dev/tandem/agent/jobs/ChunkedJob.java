package dev.tandem.agent.jobs;

import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.JobKind;
import dev.tandem.agent.JobState;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.store.Db;
import dev.tandem.agent.store.JobStore;
import dev.tandem.driver.spec.Migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a backfill or reconcile over one table in chunks: ranges of a single integer key or of heap
 * blocks ({@link RangeScan}), else keysets ({@link TableScan}); what a chunk does is {@link ChunkWork}'s.
 * Each chunk is one transaction holding the chunk's statement and its checkpoint, so a crash loses at most
 * the chunk in flight and a restart resumes after the last committed one. Between chunks the runner honours
 * pause and cancel requests (read at most every 250 ms, on the job's own connection).
 */
public final class ChunkedJob {
    private static final System.Logger LOG = System.getLogger(ChunkedJob.class.getName());
    private static final int DEADLOCK_RETRIES = 5;
    private static final long STATE_READ_NANOS = 250_000_000L;

    private final Db db;
    private final JobStore jobs;
    private final Migration migration;
    private final JobKind kind;
    private final boolean reverse;
    private final boolean repair;
    private final AgentConfig.JobOptions options;
    private final JobListener listener;
    private final JobMeters meters;

    public ChunkedJob(Db db, JobStore jobs, Migration migration, JobKind kind, boolean reverse, boolean repair,
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
        Tally tally = new Tally(job.view().result());
        listener.started(job.view());
        Throttle throttle = new Throttle(options, db.dialect());
        JobProgress progress = new JobProgress(job.view());
        ChunkWork work = null;
        ScheduledFuture<?> heartbeat = heartbeat(id, job.owner());
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            work = ChunkWork.open(db, c, migration, kind, reverse, repair, options, job.checkpoint(), id);
            List<String> lower = work.start();
            JobState state = JobState.RUNNING;
            long stateReadAt = 0;
            boolean first = true;
            while (true) {
                // Operators' pause and cancel requests are read on this connection, at most every STATE_READ_NANOS
                // (a chunk takes about targetChunkMillis, so a request is honoured within a few chunks).
                if (first || System.nanoTime() - stateReadAt >= STATE_READ_NANOS) {
                    first = false;
                    stateReadAt = System.nanoTime();
                    state = jobs.state(c, id);
                }
                if (state == JobState.PAUSE_REQUESTED || state == JobState.CANCEL_REQUESTED) {
                    JobState end = state == JobState.PAUSE_REQUESTED ? JobState.PAUSED : JobState.CANCELLED;
                    jobs.setState(id, end, null, tally.result());
                    LOG.log(System.Logger.Level.INFO, "Job {0} ({1} of {2}) {3}", id, kind, migration.id(), end);
                    return finish(id);
                }
                throttle.pace(c);
                long start = System.nanoTime();
                int size = throttle.chunk();
                ChunkResult r = chunk(c, work, id, lower, size, tally);
                long nanos = System.nanoTime() - start;
                tally.add(r, nanos / 1_000_000);
                work.committed(r);
                if (work.ranged()) {
                    throttle.done(r.scanned(), nanos, r.upper() == null);
                } else {
                    throttle.done(r.scanned(), nanos);
                }
                LOG.log(System.Logger.Level.DEBUG, "Job {0}: chunk of {1} rows ({2} asked) in {3} ms; next {4}", id,
                    r.scanned(), size, nanos / 1_000_000, throttle.chunk());
                meters.chunk(migration.id(), kind.text(), r.changed(), r.scanned());
                listener.progress(progress.advance(state, r.changed(), r.scanned(), tally.mismatches > 0
                    ? tally.result() : job.view().result()));
                if (r.upper() == null) {
                    break;
                }
                lower = r.upper();
            }
            long settleStart = System.nanoTime();
            long settled = work.settle(c);
            if (settled > 0) {
                tally.add(new ChunkResult(null, 0, settled, 0, List.of()), (System.nanoTime() - settleStart) / 1_000_000);
            }
            jobs.setState(id, JobState.DONE, null, tally.result());
            if (kind == JobKind.RECONCILE) {
                meters.reconciled(migration.id(), tally.mismatches);
            }
            return finish(id);
        } catch (SQLException e) {
            jobs.setState(id, JobState.FAILED, e.getMessage(), tally.result());
            listener.finished(jobs.get(id).view());
            throw new AgentException(AgentException.Kind.FAILED, "Job " + id + " (" + kind + " of " + migration.id()
                + ") failed: " + e.getMessage() + ". Committed chunks are kept; run it again to resume from the last "
                + "checkpoint", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jobs.setState(id, JobState.PAUSED, "interrupted", null);
            return finish(id);
        } catch (RuntimeException e) {
            jobs.setState(id, JobState.FAILED, String.valueOf(e.getMessage()), null);
            listener.finished(jobs.get(id).view());
            throw e;
        } finally {
            heartbeat.cancel(false);
            if (work != null) {
                work.close();
            }
        }
    }

    private JobView finish(long id) {
        JobView v = jobs.get(id).view();
        listener.finished(v);
        return v;
    }

    /** One chunk and its checkpoint in one transaction, retried on deadlock or serialization failure. */
    private ChunkResult chunk(Connection c, ChunkWork work, long id, List<String> lower, int size, Tally tally)
        throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                ChunkResult r = work.chunk(c, lower, size, tally);
                // A reconcile that found mismatches keeps its running count with the checkpoint, so a resumed
                // reconcile cannot under-report.
                jobs.checkpoint(c, id, r.upper(), r.changed(), r.scanned(),
                    r.mismatches() > 0 ? tally.with(r).result() : null);
                c.commit();
                return r;
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

    /** How long a silent "running" job must be quiet before another agent may take it over. */
    public static Duration staleAfter() {
        return JobStore.STALE_AFTER;
    }

    /** A daemon thread touching the rows of running jobs ({@link JobStore#heartbeat}); one for all jobs. */
    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tandem-job-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private ScheduledFuture<?> heartbeat(long id, String owner) {
        long every = JobStore.HEARTBEAT_EVERY.toMillis();
        return HEARTBEATS.scheduleWithFixedDelay(() -> {
            try {
                jobs.heartbeat(id, owner);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Job {0}: heartbeat failed: {1}", id, e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }
}

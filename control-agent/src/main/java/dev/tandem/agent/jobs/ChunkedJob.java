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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a backfill or reconcile over one table in chunks: ranges of a single integer key or of heap
 * blocks ({@link RangeScan}), else keysets ({@link TableScan}). Each chunk is one transaction holding
 * the chunk's statement and its checkpoint, so a crash loses at most the chunk in flight and a restart
 * resumes after the last committed one. Between chunks the runner honours pause and cancel requests
 * (read at most every 250 ms, on the job's own connection).
 */
public final class ChunkedJob {
    /** Job kinds as stored in the jobs table. */
    public static final String BACKFILL = "backfill";
    public static final String REVERSE_BACKFILL = "reverse-backfill";
    public static final String RECONCILE = "reconcile";

    private static final System.Logger LOG = System.getLogger(ChunkedJob.class.getName());
    private static final int SAMPLE = 20;
    private static final int DEADLOCK_RETRIES = 5;
    private static final long STATE_READ_NANOS = 250_000_000L;

    private final Db db;
    private final JobStore jobs;
    private final Migration migration;
    private final String kind;
    private final boolean reverse;
    private final boolean repair;
    private final AgentConfig.JobOptions options;
    private final JobListener listener;
    private final JobMeters meters;
    /** A plain reconcile's extra connections while it runs with reconcileParallelism above 1. */
    private Parallel parallel;

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
        Tally tally = new Tally(job.view().result());
        listener.started(job.view());
        Throttle throttle = new Throttle(options, db.dialect());
        Progress progress = new Progress(job.view());
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            // Row locks only on the rows a chunk changes: no gap locks that would stall application inserts. A
            // plain reconcile only reads, so it takes one snapshot per chunk instead: its count and its sample
            // of mismatched keys then describe the same rows.
            c.setTransactionIsolation(RECONCILE.equals(kind) && !repair ? Connection.TRANSACTION_REPEATABLE_READ
                : Connection.TRANSACTION_READ_COMMITTED);
            TableScan scan = new TableScan(migration, db.dialect(), c, reverse);
            c.commit();
            // Ranges need no bound probe (RangeScan): a plain reconcile walks heap blocks or key ranges, a backfill
            // key ranges of a single integer key. Repair, and any job on another key, walks keysets.
            boolean plainReconcile = RECONCILE.equals(kind) && !repair;
            RangeScan ranges = plainReconcile || !RECONCILE.equals(kind)
                ? RangeScan.open(scan, db.dialect(), c, lower, id, plainReconcile) : null;
            if (ranges == null) {
                lower = RangeScan.keysetLower(lower, id);
            } else if (plainReconcile && options.reconcileParallelism() > 1) {
                parallel = new Parallel(options.reconcileParallelism(), id);
            }
            String state = JobStore.RUNNING;
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
                if (JobStore.PAUSE_REQUESTED.equals(state) || JobStore.CANCEL_REQUESTED.equals(state)) {
                    String end = JobStore.PAUSE_REQUESTED.equals(state) ? JobStore.PAUSED : JobStore.CANCELLED;
                    jobs.setState(id, end, null, tally.result());
                    LOG.log(System.Logger.Level.INFO, "Job {0} ({1} of {2}) {3}", id, kind, migration.id(), end);
                    return finish(id);
                }
                throttle.pace(c);
                long start = System.nanoTime();
                int size = throttle.chunk();
                ChunkResult r = chunk(c, scan, ranges, id, lower, size, tally);
                long nanos = System.nanoTime() - start;
                tally.add(r, nanos / 1_000_000);
                if (ranges != null) {
                    ranges.advance(r.scanned, r.exact);
                    throttle.done(r.scanned, nanos, r.upper == null);
                } else {
                    throttle.done(r.scanned, nanos);
                }
                LOG.log(System.Logger.Level.DEBUG, "Job {0}: chunk of {1} rows ({2} asked) in {3} ms; next {4}", id,
                    r.scanned, size, nanos / 1_000_000, throttle.chunk());
                meters.chunk(migration.id(), kind, r.changed, r.scanned);
                listener.progress(progress.advance(state, r.changed, r.scanned, tally.mismatches > 0
                    ? tally.result() : job.view().result()));
                if (r.upper == null) {
                    break;
                }
                lower = r.upper;
            }
            jobs.setState(id, JobStore.DONE, null, tally.result());
            if (RECONCILE.equals(kind)) {
                meters.reconciled(migration.id(), tally.mismatches);
            }
            return finish(id);
        } catch (SQLException e) {
            jobs.setState(id, JobStore.FAILED, e.getMessage(), tally.result());
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
        } finally {
            if (parallel != null) {
                parallel.close();
                parallel = null;
            }
        }
    }

    private JobView finish(long id) {
        JobView v = jobs.get(id).view();
        listener.finished(v);
        return v;
    }

    /**
     * A committed chunk: its last key (null: the job reached the end), rows scanned and changed, mismatches;
     * {@code exact}: the rows scanned were counted (false: a key-range backfill took its rows changed for them).
     */
    private record ChunkResult(List<String> upper, long scanned, long changed, long mismatches, List<String> sample,
                               boolean exact) {
        ChunkResult(List<String> upper, long scanned, long changed, long mismatches, List<String> sample) {
            this(upper, scanned, changed, mismatches, sample, true);
        }
    }

    /** One chunk and its checkpoint in one transaction, retried on deadlock or serialization failure. */
    private ChunkResult chunk(Connection c, TableScan scan, RangeScan ranges, long id, List<String> lower, int size,
                              Tally tally) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                ChunkResult r = ranges != null ? (RECONCILE.equals(kind) ? rangeChunk(c, ranges, size, tally)
                    : rangeBackfillChunk(c, ranges, size))
                    : RECONCILE.equals(kind) ? reconcileChunk(c, scan, lower, size, tally)
                    : backfillChunk(c, scan, lower, size);
                // A reconcile that found mismatches keeps its running count with the checkpoint, so a resumed
                // reconcile cannot under-report.
                jobs.checkpoint(c, id, r.upper, r.changed, r.scanned, r.mismatches > 0 ? tally.with(r).result() : null);
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

    private ChunkResult backfillChunk(Connection c, TableScan scan, List<String> lower, int size) throws SQLException {
        List<String> upper = scan.upperBound(c, lower, size);
        long scanned = upper == null ? scan.count(c, lower, null) : size;
        long changed = scan.update(c, lower, upper);
        return new ChunkResult(upper, scanned, changed, 0, List.of());
    }

    /**
     * A backfill chunk over a key range: one UPDATE of the range's differing rows. When it changed at least
     * {@link RangeScan#EXPECTED} of the rows the range should hold, those are taken for the rows scanned (a
     * fresh backfill changes nearly every row); otherwise the chunk counts the range, and an empty range
     * jumps to the next row as a reconcile's does.
     */
    private ChunkResult rangeBackfillChunk(Connection c, RangeScan ranges, int size) throws SQLException {
        RangeScan.Range range = ranges.next(size);
        long changed = ranges.update(c, range);
        if (!ranges.fewerThanExpected(range, changed)) {
            return new ChunkResult(range.last() ? null : ranges.checkpoint(range), changed, changed, 0, List.of(),
                false);
        }
        // A concurrent delete can leave fewer rows than were changed.
        long rows = Math.max(changed, ranges.rows(c, range));
        if (rows == 0 && !range.last()) {
            range = ranges.skipGap(c, range);
        }
        return new ChunkResult(range.last() ? null : ranges.checkpoint(range), rows, changed, 0, List.of());
    }

    /**
     * The chunk's bound, row count and mismatch count come from one statement; only a chunk with mismatches
     * reads their keys (as many as the sample still lacks) and, with repair, updates them.
     */
    private ChunkResult reconcileChunk(Connection c, TableScan scan, List<String> lower, int size, Tally tally)
        throws SQLException {
        TableScan.Check check = scan.check(c, lower, size);
        List<String> sample = List.of();
        long changed = 0;
        if (check.mismatches() > 0) {
            if (tally.sample.size() < SAMPLE) {
                sample = scan.mismatches(c, lower, check.upper(), SAMPLE - tally.sample.size());
            }
            if (repair) {
                changed = scan.update(c, lower, check.upper());
            }
        }
        return new ChunkResult(check.upper(), check.rows(), changed, check.mismatches(), sample);
    }

    /**
     * A plain reconcile's chunk over a key or block range: one aggregate counts its rows and mismatches; only
     * a chunk with mismatches reads their keys (as many as the sample still lacks). The range walk moves on
     * once the chunk is committed.
     */
    private ChunkResult rangeChunk(Connection c, RangeScan ranges, int size, Tally tally) throws SQLException {
        RangeScan.Range range = ranges.next(size);
        RangeScan.Count n = parallel != null ? parallel.count(c, ranges, range) : ranges.count(c, range);
        if (n.rows() == 0 && !range.last()) {
            range = ranges.skipGap(c, range);
        }
        List<String> sample = n.mismatches() > 0 && tally.sample.size() < SAMPLE
            ? ranges.mismatches(c, range, SAMPLE - tally.sample.size()) : List.of();
        return new ChunkResult(range.last() ? null : ranges.checkpoint(range), n.rows(), 0, n.mismatches(), sample);
    }

    /**
     * The extra connections (and threads) of a plain reconcile that counts each chunk's range in parts at once:
     * the first part on the job's connection, inside the chunk's transaction, each other part on its own
     * connection in its own read-only transaction. Only the counts travel back; the checkpoint and the running
     * totals are still written once, in the chunk's transaction, so a crash redoes the whole chunk and counts
     * nothing twice.
     */
    private final class Parallel implements AutoCloseable {
        private final List<Connection> extra = new ArrayList<>();
        private final ExecutorService threads;

        Parallel(int parts, long id) throws SQLException {
            try {
                for (int i = 1; i < parts; i++) {
                    Connection x = db.open();
                    extra.add(x);
                    x.setAutoCommit(false);
                    x.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                }
            } catch (SQLException e) {
                close();
                throw e;
            }
            AtomicInteger n = new AtomicInteger();
            threads = Executors.newFixedThreadPool(parts - 1, r -> {
                Thread t = new Thread(r, "tandem-reconcile-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        RangeScan.Count count(Connection main, RangeScan ranges, RangeScan.Range range) throws SQLException {
            List<RangeScan.Range> parts = ranges.split(range, extra.size() + 1);
            if (parts.size() == 1) {
                return ranges.count(main, range);
            }
            List<Future<RangeScan.Count>> others = new ArrayList<>();
            for (int i = 1; i < parts.size(); i++) {
                Connection x = extra.get(i - 1);
                RangeScan.Range part = parts.get(i);
                others.add(threads.submit(() -> {
                    try {
                        RangeScan.Count counted = ranges.count(x, part);
                        x.commit();
                        return counted;
                    } catch (SQLException | RuntimeException e) {
                        x.rollback();
                        throw e;
                    }
                }));
            }
            long rows = 0;
            long mismatches = 0;
            SQLException failure = null;
            try {
                RangeScan.Count first = ranges.count(main, parts.get(0));
                rows += first.rows();
                mismatches += first.mismatches();
            } catch (SQLException e) {
                failure = e;
            }
            // Every part is awaited, also after a failure: a retry must not reuse a connection still counting.
            for (Future<RangeScan.Count> f : others) {
                try {
                    RangeScan.Count counted = f.get();
                    rows += counted.rows();
                    mismatches += counted.mismatches();
                } catch (ExecutionException e) {
                    SQLException cause = e.getCause() instanceof SQLException s ? s
                        : new SQLException("Counting part of a reconcile chunk failed: " + e.getCause(), e.getCause());
                    if (failure == null) {
                        failure = cause;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (failure == null) {
                        failure = new SQLException("Interrupted while counting a reconcile chunk", e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            return new RangeScan.Count(rows, mismatches);
        }

        @Override
        public void close() {
            if (threads != null) {
                threads.shutdownNow();
            }
            for (Connection x : extra) {
                try {
                    x.rollback();
                    x.close();
                } catch (SQLException ignored) {
                    // closing is best effort; the pool replaces a broken connection
                }
            }
            extra.clear();
        }
    }

    /** Running totals of a job: mismatches, rows repaired, the sample of mismatched keys, the longest chunk. */
    private static final class Tally {
        long mismatches;
        long repaired;
        long maxChunkMillis;
        final List<String> sample = new ArrayList<>();

        Tally(Map<String, Object> stored) {
            if (stored != null) {
                mismatches = ((Number) stored.getOrDefault("mismatches", 0)).longValue();
                repaired = ((Number) stored.getOrDefault("repaired", 0)).longValue();
                maxChunkMillis = ((Number) stored.getOrDefault("maxChunkMillis", 0)).longValue();
                if (stored.get("sample") instanceof List<?> s) {
                    s.forEach(k -> sample.add(String.valueOf(k)));
                }
            }
        }

        private Tally() {
        }

        /** These totals with chunk {@code r} added, as a copy (the chunk is not committed yet). */
        Tally with(ChunkResult r) {
            Tally t = new Tally();
            t.mismatches = mismatches;
            t.repaired = repaired;
            t.maxChunkMillis = maxChunkMillis;
            t.sample.addAll(sample);
            t.add(r, 0);
            return t;
        }

        void add(ChunkResult r, long millis) {
            mismatches += r.mismatches;
            repaired += r.changed;
            maxChunkMillis = Math.max(maxChunkMillis, millis);
            for (String k : r.sample) {
                if (sample.size() < SAMPLE) {
                    sample.add(k);
                }
            }
        }

        Map<String, Object> result() {
            return ChunkedJob.result(mismatches, repaired, sample, maxChunkMillis);
        }
    }

    /**
     * The job's view as of its last chunk, kept here from the committed counts instead of being read back
     * from the jobs table after every chunk. Times are on the database's clock (the view read at the start,
     * advanced by the time elapsed since), as the jobs table's own timestamps are.
     */
    private static final class Progress {
        private final JobView start;
        private final long startNanos = System.nanoTime();
        private long rowsDone;
        private long rowsScanned;
        private long chunks;

        Progress(JobView start) {
            this.start = start;
            this.rowsDone = start.rowsDone();
            this.rowsScanned = start.rowsScanned();
            this.chunks = start.chunksDone();
        }

        JobView advance(String state, long changed, long scanned, Map<String, Object> result) {
            rowsDone += changed;
            rowsScanned += scanned;
            chunks++;
            Instant now = start.updatedAt() == null ? Instant.now()
                : start.updatedAt().plusNanos(System.nanoTime() - startNanos);
            double seconds = start.startedAt() == null ? 0
                : Math.max(0.001, Duration.between(start.startedAt(), now).toMillis() / 1000.0);
            return new JobView(start.id(), start.migrationId(), start.kind(), state, rowsDone, rowsScanned, chunks,
                start.estimate(), start.startedAt(), now, null, null, result, seconds == 0 ? 0 : rowsScanned / seconds);
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

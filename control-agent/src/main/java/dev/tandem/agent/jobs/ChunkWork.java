package dev.tandem.agent.jobs;

import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.JobKind;
import dev.tandem.agent.store.Db;
import dev.tandem.driver.spec.Migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What one chunk of a job does, by kind: a backfill updates the chunk's differing rows, a reconcile counts
 * its mismatches (and with repair updates them). A plain reconcile, and a backfill on a single integer key,
 * walk ranges ({@link RangeScan}); repair, and any job on another key, walk keysets ({@link TableScan}); every
 * job of a move walks keysets of the source key over the source joined to the target ({@link MoveScan}).
 * Nothing here commits: the runner writes the checkpoint and commits each chunk.
 */
final class ChunkWork implements AutoCloseable {
    private final JobKind kind;
    private final boolean repair;
    /** The keyset walk's statements: a {@link TableScan}, or a move's {@link MoveScan}. */
    private final KeysetScan scan;
    /** The range walk, or null for a keyset walk. */
    private final RangeScan ranges;
    /** The lower bound of the first chunk (a keyset walk's, or the range walk's checkpoint as it was). */
    private final List<String> start;
    /** A plain reconcile's extra connections while it runs with reconcileParallelism above 1. */
    private final ParallelCount parallel;

    private ChunkWork(JobKind kind, boolean repair, KeysetScan scan, RangeScan ranges, List<String> start,
                      ParallelCount parallel) {
        this.kind = kind;
        this.repair = repair;
        this.scan = scan;
        this.ranges = ranges;
        this.start = start;
        this.parallel = parallel;
    }

    /**
     * Sets up job {@code id}'s walk on its connection {@code c} (auto-commit off), from its stored
     * {@code checkpoint}.
     */
    static ChunkWork open(Db db, Connection c, Migration migration, JobKind kind, boolean reverse, boolean repair,
                          AgentConfig.JobOptions options, List<String> checkpoint, long id) throws SQLException {
        boolean plainReconcile = kind == JobKind.RECONCILE && !repair;
        // Row locks only on the rows a chunk changes: no gap locks that would stall application inserts. A
        // plain reconcile only reads, so it takes one snapshot per chunk instead: its count and its sample
        // of mismatched keys then describe the same rows.
        c.setTransactionIsolation(plainReconcile ? Connection.TRANSACTION_REPEATABLE_READ
            : Connection.TRANSACTION_READ_COMMITTED);
        if (migration.kind() == Migration.Kind.MOVE) {
            // A move compares over a join of two tables: keyset chunks of the source key, for every job.
            MoveScan move = new MoveScan(migration, db.dialect(), c, reverse);
            c.commit();
            return new ChunkWork(kind, repair, move, null, RangeScan.keysetLower(checkpoint, id), null);
        }
        TableScan scan = new TableScan(migration, db.dialect(), c, reverse);
        c.commit();
        // Ranges need no bound probe (RangeScan): a plain reconcile walks heap blocks or key ranges, a backfill
        // key ranges of a single integer key. Repair, and any job on another key, walks keysets.
        RangeScan ranges = plainReconcile || kind != JobKind.RECONCILE
            ? RangeScan.open(scan, db.dialect(), c, checkpoint, id, plainReconcile) : null;
        List<String> start = checkpoint;
        ParallelCount parallel = null;
        if (ranges == null) {
            start = RangeScan.keysetLower(checkpoint, id);
        } else if (plainReconcile && options.reconcileParallelism() > 1) {
            parallel = new ParallelCount(db, options.reconcileParallelism(), id);
        }
        return new ChunkWork(kind, repair, scan, ranges, start, parallel);
    }

    /** The lower bound of the first chunk. */
    List<String> start() {
        return start;
    }

    /** Whether the job walks ranges (else keysets). */
    boolean ranged() {
        return ranges != null;
    }

    /** Runs one chunk of about {@code size} rows from {@code lower} (a keyset walk's; a range walk keeps its own). */
    ChunkResult chunk(Connection c, List<String> lower, int size, Tally tally) throws SQLException {
        boolean reconcile = kind == JobKind.RECONCILE;
        return ranges != null ? (reconcile ? rangeChunk(c, size, tally) : rangeBackfillChunk(c, size))
            : reconcile ? reconcileChunk(c, lower, size, tally)
            : backfillChunk(c, lower, size);
    }

    /**
     * After the last chunk: a move's backfill or repair waits for the transactions that may have raced it and then
     * deletes the target rows they left without a source row ({@link MoveScan#settle}); returns the rows deleted.
     */
    long settle(Connection c) throws SQLException {
        return kind == JobKind.RECONCILE && !repair ? 0 : scan.settle(c);
    }

    /** Moves a range walk on past a committed chunk. */
    void committed(ChunkResult r) {
        if (ranges != null) {
            ranges.advance(r.scanned(), r.exact());
        }
    }

    private ChunkResult backfillChunk(Connection c, List<String> lower, int size) throws SQLException {
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
    private ChunkResult rangeBackfillChunk(Connection c, int size) throws SQLException {
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
    private ChunkResult reconcileChunk(Connection c, List<String> lower, int size, Tally tally) throws SQLException {
        TableScan.Check check = scan.check(c, lower, size);
        List<String> sample = List.of();
        long changed = 0;
        if (check.mismatches() > 0) {
            if (tally.sampleRoom() > 0) {
                sample = scan.mismatches(c, lower, check.upper(), tally.sampleRoom());
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
    private ChunkResult rangeChunk(Connection c, int size, Tally tally) throws SQLException {
        RangeScan.Range range = ranges.next(size);
        RangeScan.Count n = parallel != null ? parallel.count(c, ranges, range) : ranges.count(c, range);
        if (n.rows() == 0 && !range.last()) {
            range = ranges.skipGap(c, range);
        }
        List<String> sample = n.mismatches() > 0 && tally.sampleRoom() > 0
            ? ranges.mismatches(c, range, tally.sampleRoom()) : List.of();
        return new ChunkResult(range.last() ? null : ranges.checkpoint(range), n.rows(), 0, n.mismatches(), sample);
    }

    @Override
    public void close() {
        if (parallel != null) {
            parallel.close();
        }
    }
}

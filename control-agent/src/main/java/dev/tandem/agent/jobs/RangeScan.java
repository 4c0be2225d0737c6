package dev.tandem.agent.jobs;

import dev.tandem.agent.AgentException;
import dev.tandem.driver.schema.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Chunks as ranges that need no bound probe: either ranges of a single integer key ({@code key >= ? AND
 * key < ?}, a range scan of the primary key index) or, on PostgreSQL 14 and later, ranges of heap blocks
 * ({@code ctid >= '(b0,0)' AND ctid < '(b1,0)'}, a Tid Range Scan reading exactly those blocks). A plain
 * reconcile counts each range with one aggregate, so the server neither sorts nor materialises rows; a
 * backfill updates the range's differing rows with one UPDATE (key ranges only: an UPDATE moves rows to
 * other blocks). The end of the walk is read once, at the start: max(key), or the table's size in blocks.
 * Rows that appear beyond it later are new writes, which go through Tandem's dual write.
 *
 * <p>A chunk's width (in key values or blocks) is the throttle's row count divided by the density seen
 * so far (rows per key value or per block). The density starts at its highest plausible value (one row per
 * key value; {@link #MAX_ROWS_PER_BLOCK} per block) so that the first chunks are small, follows the last
 * chunk's observed density, and falls at most fourfold per chunk, so a sparse stretch widens the ranges
 * by at most four times per chunk. A backfill chunk learns its rows from the UPDATE's count when it
 * changed at least {@link #EXPECTED} of the rows the density predicts (a fresh backfill changes nearly
 * every row); otherwise it counts the range, and only an exact count may lower the density. An empty
 * range does not lower the density: the chunk instead looks up the first row after it (min(key), or the
 * first live tuple's block; an index lookup, or a read of the dead space it skips) and the walk continues
 * there, so a gap in the key space or a run of empty blocks costs one chunk and the range after it is not
 * oversized.
 *
 * <p>Checkpoint: {@code [marker, next]}, the first key value or block not yet scanned (exclusive end of
 * the scanned part), with marker {@value #KEY_RANGE} or {@value #BLOCK_RANGE}. A keyset checkpoint is a
 * list of the last scanned key's values and never starts with {@code @}.
 */
final class RangeScan {
    static final String KEY_RANGE = "@key-range";
    static final String BLOCK_RANGE = "@block-range";
    /** PostgreSQL's MaxHeapTuplesPerPage for 8 kB blocks: the densest a heap block can be. */
    static final double MAX_ROWS_PER_BLOCK = 291;
    /**
     * The share of a range's predicted rows a backfill chunk must change for its count of changed rows to
     * stand for the rows it scanned; below it the chunk counts its range.
     */
    static final double EXPECTED = 0.9;

    /** What a range counts in. */
    enum Unit { KEY, BLOCK }

    /** One chunk: [from, to), or [from, end] when {@code last}. */
    record Range(long from, long to, boolean last) {
    }

    /** A chunk's rows and how many of them disagree. */
    record Count(long rows, long mismatches) {
    }

    private final TableScan scan;
    private final Unit unit;
    /** KEY: the largest key at the start (inclusive). BLOCK: the table's size in blocks at the start (exclusive). */
    private final long end;
    private long from;
    private boolean exhausted;
    private double density;
    private Range pending;
    /** Where the walk continues after the pending chunk when it skipped a gap; null: at its end. */
    private Long pendingNext;

    private RangeScan(TableScan scan, Unit unit, long from, long end, boolean exhausted) {
        this.scan = scan;
        this.unit = unit;
        this.from = from;
        this.end = end;
        this.exhausted = exhausted;
        this.density = unit == Unit.KEY ? 1 : MAX_ROWS_PER_BLOCK;
    }

    /**
     * The range walk resuming from {@code checkpoint} (null: from the start), or null when this table and
     * server call for the keyset walk. {@code heapBlocks}: a fresh walk may use heap block ranges (a plain
     * reconcile; a backfill walks key ranges only). A keyset checkpoint of a single integer key continues as
     * key ranges after that key; a block checkpoint is refused without TID range scans or {@code heapBlocks}.
     */
    static RangeScan open(TableScan scan, Dialect dialect, Connection c, List<String> checkpoint, long jobId,
                          boolean heapBlocks) throws SQLException {
        String marker = checkpoint == null || checkpoint.isEmpty() ? null : checkpoint.get(0);
        boolean tidRanges = heapBlocks && dialect.hasHeapBlockRanges()
            && (marker == null || BLOCK_RANGE.equals(marker)) && serverVersion(c) >= 140000;
        if (BLOCK_RANGE.equals(marker)) {
            if (!tidRanges) {
                throw new AgentException(AgentException.Kind.REFUSED, "Job " + jobId + " walks heap block ranges, "
                    + (heapBlocks ? "which need PostgreSQL 14 or later; this server is older"
                    : "which only a plain reconcile can continue") + ". Cancel the job and start a new one");
            }
            return blocks(scan, c, Long.parseLong(checkpoint.get(1)));
        }
        if (KEY_RANGE.equals(marker)) {
            if (!scan.singleIntegerKey()) {
                throw new AgentException(AgentException.Kind.REFUSED, "Job " + jobId + " walks key ranges, but the "
                    + "key of " + scan.table() + " is no longer a single integer column. Cancel the job and start a "
                    + "new one");
            }
            return keys(scan, c, Long.parseLong(checkpoint.get(1)), false);
        }
        if (checkpoint != null) {
            // A job started by an agent that walked keysets: its checkpoint is the last key scanned.
            if (!scan.singleIntegerKey()) {
                return null;
            }
            long last = Long.parseLong(checkpoint.get(0));
            return last == Long.MAX_VALUE ? new RangeScan(scan, Unit.KEY, last, last, true)
                : keys(scan, c, last + 1, false);
        }
        if (tidRanges) {
            return blocks(scan, c, 0);
        }
        return scan.singleIntegerKey() ? keys(scan, c, 0, true) : null;
    }

    /** A keyset walk's lower bound (exclusive) equivalent to a range checkpoint; refuses block checkpoints. */
    static List<String> keysetLower(List<String> checkpoint, long jobId) {
        if (checkpoint == null || checkpoint.isEmpty() || !checkpoint.get(0).startsWith("@")) {
            return checkpoint;
        }
        if (KEY_RANGE.equals(checkpoint.get(0))) {
            long next = Long.parseLong(checkpoint.get(1));
            return next == Long.MIN_VALUE ? null : List.of(Long.toString(next - 1));
        }
        throw new AgentException(AgentException.Kind.REFUSED, "Job " + jobId + " walked heap block ranges (a plain "
            + "reconcile); a repair cannot continue from its checkpoint. Cancel it and start a new job");
    }

    private static RangeScan keys(TableScan scan, Connection c, long from, boolean fromMin) throws SQLException {
        String key = scan.keys().get(0);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT min(" + key + "), max(" + key
            + ") FROM " + scan.table())) {
            rs.next();
            long min = rs.getLong(1);
            boolean empty = rs.wasNull();
            long max = rs.getLong(2);
            c.commit();
            if (empty) {
                return new RangeScan(scan, Unit.KEY, 0, 0, true);
            }
            long start = fromMin ? min : Math.max(from, min);
            return new RangeScan(scan, Unit.KEY, start, max, start > max);
        }
    }

    private static RangeScan blocks(TableScan scan, Connection c, long from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_relation_size(CAST(? AS regclass)) / "
            + "CAST(current_setting('block_size') AS BIGINT)")) {
            ps.setString(1, scan.table());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long blocks = rs.getLong(1);
                c.commit();
                return new RangeScan(scan, Unit.BLOCK, from, blocks, from >= blocks);
            }
        }
    }

    private static int serverVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CAST(current_setting("
            + "'server_version_num') AS INT)")) {
            rs.next();
            int v = rs.getInt(1);
            c.commit();
            return v;
        }
    }

    Unit unit() {
        return unit;
    }

    /** The next chunk, sized for about {@code rows} rows; the walk does not move until {@link #advance}. */
    Range next(int rows) {
        pendingNext = null;
        if (exhausted) {
            pending = new Range(from, from, true);
            return pending;
        }
        long width = (long) Math.max(1, Math.min(Long.MAX_VALUE / 4.0, Math.ceil(rows / density)));
        if (unit == Unit.BLOCK) {
            long to = from + width;
            pending = to >= end ? new Range(from, end, true) : new Range(from, to, false);
            return pending;
        }
        pending = span(from, end) < width ? new Range(from, end, true) : new Range(from, from + width, false);
        return pending;
    }

    /**
     * The pending chunk is committed after scanning {@code rows}: move past it and learn the density.
     * {@code exact}: the rows were counted; otherwise they are a lower bound (a backfill's rows changed) and
     * may only raise the density.
     */
    void advance(long rows, boolean exact) {
        Range r = pending;
        if (r.last()) {
            exhausted = true;
            return;
        }
        if (pendingNext != null) {
            from = pendingNext;
            return;
        }
        double seen = rows / (double) (r.to() - r.from());
        density = exact ? Math.max(seen, density / 4) : Math.max(seen, density);
        from = r.to();
    }

    /**
     * Whether {@code changed}, a backfill chunk's rows changed in {@code r}, falls short of {@link #EXPECTED}
     * of the rows the density predicts for it, so that the chunk must count its range.
     */
    boolean fewerThanExpected(Range r, long changed) {
        if (exhausted) {
            return false;
        }
        double width = span(r.from(), r.to()) + (r.last() ? 1.0 : 0.0);
        return changed < EXPECTED * width * density;
    }

    /** {@code to - from}, or Long.MAX_VALUE when that does not fit a long. */
    private static long span(long from, long to) {
        try {
            return Math.subtractExact(to, from);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * After chunk {@code r} found no row: finds the first row after it, in the chunk's snapshot, and
     * returns the chunk widened to reach it (the walk continues there), or widened to the end (marked
     * last) when no row is left.
     */
    Range skipGap(Connection c, Range r) throws SQLException {
        String sql = unit == Unit.KEY ? "SELECT min(" + scan.keys().get(0) + ") FROM " + scan.table() + " WHERE "
            + scan.keys().get(0) + " >= ? AND " + scan.keys().get(0) + " <= ?"
            : "SELECT ctid FROM " + scan.table() + " WHERE ctid >= CAST(? AS tid) AND ctid < CAST(? AS tid) LIMIT 1";
        Long next = null;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, new Range(r.to(), end, false));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getString(1) != null) {
                    String v = rs.getString(1);
                    next = unit == Unit.KEY ? Long.parseLong(v) : Long.parseLong(v.substring(1, v.indexOf(',')));
                }
            }
        }
        if (next == null) {
            pending = new Range(r.from(), end, true);
            return pending;
        }
        pending = new Range(r.from(), Math.max(r.to(), next), false);
        pendingNext = pending.to();
        return pending;
    }

    /**
     * {@code r} split into {@code parts} consecutive ranges of about equal width, to be counted on as many
     * connections at once; the last part keeps {@code r}'s end (and whether it is the walk's last). A range
     * narrower than {@code parts} stays whole.
     */
    List<Range> split(Range r, int parts) {
        long width;
        try {
            width = Math.subtractExact(r.to(), r.from());
        } catch (ArithmeticException e) {
            return List.of(r);
        }
        if (exhausted || parts <= 1 || width < parts) {
            return List.of(r);
        }
        List<Range> out = new ArrayList<>(parts);
        long step = width / parts;
        long at = r.from();
        for (int i = 0; i < parts - 1; i++) {
            out.add(new Range(at, at + step, false));
            at += step;
        }
        out.add(new Range(at, r.to(), r.last()));
        return out;
    }

    /** The checkpoint after chunk {@code r}: the first key value or block not yet scanned. */
    List<String> checkpoint(Range r) {
        return List.of(unit == Unit.KEY ? KEY_RANGE : BLOCK_RANGE, Long.toString(r.to()));
    }

    Count count(Connection c, Range r) throws SQLException {
        if (exhausted) {
            return new Count(0, 0);
        }
        // PostgreSQL's FILTER clause costs less per row than sum(CASE ...); MySQL and MariaDB have no FILTER.
        String mismatched = unit == Unit.BLOCK ? "count(*) FILTER (WHERE " + scan.differs() + ")"
            : "COALESCE(sum(CASE WHEN " + scan.differs() + " THEN 1 ELSE 0 END), 0)";
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), " + mismatched + " FROM " + scan.table()
            + " WHERE " + where(r))) {
            bind(ps, r);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Count(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** The rows in {@code r} (key ranges). */
    long rows(Connection c, Range r) throws SQLException {
        if (exhausted) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + scan.table() + " WHERE " + where(r))) {
            bind(ps, r);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Makes the target side agree in {@code r} (key ranges); returns the rows changed. */
    int update(Connection c, Range r) throws SQLException {
        if (exhausted) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + scan.table() + " SET " + scan.assignments()
            + " WHERE " + where(r) + " AND " + scan.differs())) {
            bind(ps, r);
            return ps.executeUpdate();
        }
    }

    /** Keys ("id=4" or "a=1,b=2") of the first {@code limit} rows of {@code r} (in key order) that disagree. */
    List<String> mismatches(Connection c, Range r, int limit) throws SQLException {
        List<String> keys = scan.keys();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", keys) + " FROM " + scan.table()
            + " WHERE " + where(r) + " AND " + scan.differs() + " ORDER BY " + String.join(", ", keys) + " LIMIT "
            + limit)) {
            bind(ps, r);
            try (ResultSet rs = ps.executeQuery()) {
                return scan.readKeys(rs);
            }
        }
    }

    private String where(Range r) {
        if (unit == Unit.BLOCK) {
            return "ctid >= CAST(? AS tid) AND ctid < CAST(? AS tid)";
        }
        String key = scan.keys().get(0);
        return key + " >= ? AND " + key + (r.last() ? " <= ?" : " < ?");
    }

    private void bind(PreparedStatement ps, Range r) throws SQLException {
        if (unit == Unit.BLOCK) {
            ps.setString(1, "(" + r.from() + ",0)");
            ps.setString(2, "(" + r.to() + ",0)");
        } else {
            ps.setLong(1, r.from());
            ps.setLong(2, r.to());
        }
    }
}

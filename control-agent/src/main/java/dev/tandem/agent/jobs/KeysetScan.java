package dev.tandem.agent.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The statements of a keyset walk over one migration's source table, in chunks (lower, upper] of its key: the
 * column kind's {@link TableScan} over one table, a move's {@link MoveScan} over the source joined to the target.
 * Key values travel as text ({@code lower}, {@code upper}, checkpoints); null means the table's start or end.
 */
abstract class KeysetScan {
    /** The key values of the row {@code size} rows after {@code lower}, or null if fewer remain. */
    abstract List<String> upperBound(Connection c, List<String> lower, int size) throws SQLException;

    /** Rows in (lower, upper]; upper null means to the end. */
    abstract long count(Connection c, List<String> lower, List<String> upper) throws SQLException;

    /** Makes the target side agree in (lower, upper]; returns the rows changed. */
    abstract int update(Connection c, List<String> lower, List<String> upper) throws SQLException;

    /** One reconcile chunk: the next {@code size} rows after {@code lower}, counted, with their mismatches. */
    abstract TableScan.Check check(Connection c, List<String> lower, int size) throws SQLException;

    /** Keys ("id=4" or "a=1,b=2") of the first {@code limit} rows in (lower, upper] whose sides disagree. */
    abstract List<String> mismatches(Connection c, List<String> lower, List<String> upper, int limit)
        throws SQLException;

    /**
     * After the last chunk of a job that wrote (a backfill, a repair): work that only the end of the whole walk can
     * do; returns the rows it changed. Nothing by default.
     */
    long settle(Connection c) throws SQLException {
        return 0;
    }
}

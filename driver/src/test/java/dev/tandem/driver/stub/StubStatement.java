package dev.tandem.driver.stub;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A stub statement: records every SQL text it executes or batches; a text starting with SELECT (or
 * WITH) produces the connection's configured result set, anything else an update count of 1.
 */
public class StubStatement implements Statement {
    final StubConnection connection;
    private final List<String> executed = new ArrayList<>();
    private final List<String> batch = new ArrayList<>();
    private StubResultSet current;
    int updateCount = -1;
    private boolean closed;
    private boolean closeOnCompletion;
    private boolean poolable;
    private int fetchSize;
    private int fetchDirection = ResultSet.FETCH_FORWARD;
    private int maxRows;
    private int maxFieldSize;
    private int queryTimeout;

    public StubStatement(StubConnection connection) {
        this.connection = connection;
    }

    /** SQL texts executed by this statement, in order (for prepared statements: the prepared text per run). */
    public List<String> executed() {
        return executed;
    }

    /** SQL texts added with addBatch(String) and not yet executed. */
    public List<String> batch() {
        return batch;
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("stub statement closed", "55000");
        }
        connection.checkOpen();
    }

    /** Runs {@code text}: records it and sets the current result or update count. */
    boolean run(String text) throws SQLException {
        checkOpen();
        connection.received(text);
        return runReceived(text);
    }

    /**
     * Runs a text the connection has already received (a prepared statement's). On a quiet connection it
     * records nothing and keeps no result: {@link #query} and {@link #updated} answer for it.
     */
    boolean runReceived(String text) throws SQLException {
        checkOpen();
        if (connection.quiet()) {
            current = null;
            updateCount = -1;
            return false;
        }
        executed.add(text);
        String head = text.stripLeading().toLowerCase(Locale.ROOT);
        if (head.startsWith("select") || head.startsWith("with")) {
            current = connection.resultFor(text).withStatement(this);
            updateCount = -1;
            return true;
        }
        current = null;
        updateCount = 1;
        return false;
    }

    /** What executeQuery returns after running {@code text}: the current result, or a quiet connection's answer. */
    ResultSet query(String text) {
        return connection.quiet() ? connection.resultFor(text).withStatement(this) : current;
    }

    /** What executeUpdate returns: the update count, or one row on a quiet connection. */
    int updated() {
        return connection.quiet() ? 1 : updateCount;
    }

    @Override public ResultSet executeQuery(String sql) throws SQLException { run(sql); return query(sql); }
    @Override public int executeUpdate(String sql) throws SQLException { run(sql); return updated(); }
    @Override public boolean execute(String sql) throws SQLException { return run(sql); }
    @Override public boolean execute(String sql, int keys) throws SQLException { return run(sql); }
    @Override public boolean execute(String sql, int[] columns) throws SQLException { return run(sql); }
    @Override public boolean execute(String sql, String[] columns) throws SQLException { return run(sql); }
    @Override public int executeUpdate(String sql, int keys) throws SQLException { return executeUpdate(sql); }
    @Override public int executeUpdate(String sql, int[] columns) throws SQLException { return executeUpdate(sql); }
    @Override public int executeUpdate(String sql, String[] columns) throws SQLException { return executeUpdate(sql); }
    /** Implemented (not the interface default) so tests see wrappers reach the vendor's method. */
    @Override public long executeLargeUpdate(String sql) throws SQLException { run(sql); return updated(); }
    /** Not the interface default (which would answer getUpdateCount()): a marker value for wrapper tests. */
    @Override public long getLargeUpdateCount() { return 42L; }

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        connection.received(sql);
        batch.add(sql);
    }

    @Override
    public int[] executeBatch() throws SQLException {
        checkOpen();
        if (!connection.quiet()) {
            executed.addAll(batch);
        }
        int[] counts = new int[batch.size()];
        Arrays.fill(counts, 1);
        batch.clear();
        return counts;
    }

    @Override public void clearBatch() { batch.clear(); }
    @Override public ResultSet getResultSet() throws SQLException { checkOpen(); return current; }
    @Override public int getUpdateCount() throws SQLException { checkOpen(); return updateCount; }
    @Override public boolean getMoreResults() throws SQLException { return getMoreResults(CLOSE_CURRENT_RESULT); }

    @Override
    public boolean getMoreResults(int mode) throws SQLException {
        checkOpen();
        if (current != null && mode == CLOSE_CURRENT_RESULT) {
            current.close();
        }
        current = null;
        updateCount = -1;
        return false;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (connection.quiet()) {
            return QuietRows.empty().withStatement(this);
        }
        return StubResultSet.of(new String[] {"id"}, new Object[] {1L}).withStatement(this);
    }

    @Override public Connection getConnection() { return connection; }
    @Override public void close() { closed = true; }
    @Override public boolean isClosed() { return closed; }
    @Override public int getMaxFieldSize() { return maxFieldSize; }
    @Override public void setMaxFieldSize(int max) { maxFieldSize = max; }
    @Override public int getMaxRows() { return maxRows; }
    @Override public void setMaxRows(int max) { maxRows = max; }
    @Override public void setEscapeProcessing(boolean enable) { }
    @Override public int getQueryTimeout() { return queryTimeout; }
    @Override public void setQueryTimeout(int seconds) { queryTimeout = seconds; }
    @Override public void cancel() { }
    @Override public SQLWarning getWarnings() { return null; }
    @Override public void clearWarnings() { }
    @Override public void setCursorName(String name) { }
    @Override public void setFetchDirection(int direction) { fetchDirection = direction; }
    @Override public int getFetchDirection() { return fetchDirection; }
    @Override public void setFetchSize(int rows) { fetchSize = rows; }
    @Override public int getFetchSize() { return fetchSize; }
    @Override public int getResultSetConcurrency() { return ResultSet.CONCUR_READ_ONLY; }
    @Override public int getResultSetType() { return ResultSet.TYPE_FORWARD_ONLY; }
    @Override public int getResultSetHoldability() { return ResultSet.HOLD_CURSORS_OVER_COMMIT; }
    @Override public void setPoolable(boolean poolable) { this.poolable = poolable; }
    @Override public boolean isPoolable() { return poolable; }
    @Override public void closeOnCompletion() { closeOnCompletion = true; }
    @Override public boolean isCloseOnCompletion() { return closeOnCompletion; }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}

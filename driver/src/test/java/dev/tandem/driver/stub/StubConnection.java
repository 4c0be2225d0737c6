package dev.tandem.driver.stub;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A stub connection that records every SQL text it receives and every transaction event. A quiet one
 * ({@link #quiet()}) records nothing, so that a benchmark running millions of statements measures only
 * the driver on top.
 */
public class StubConnection implements Connection {
    private final String url;
    private final Properties info;
    private final List<String> sql = Collections.synchronizedList(new ArrayList<>());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final List<StubStatement> statements = Collections.synchronizedList(new ArrayList<>());
    private final boolean quiet;
    private Function<String, StubResultSet> results;
    private boolean autoCommit = true;
    private boolean readOnly;
    private boolean closed;
    private int isolation = TRANSACTION_READ_COMMITTED;
    private int networkTimeout;
    private String catalog;
    private String schema;

    public StubConnection(String url, Properties info) {
        this.url = url;
        this.info = new Properties();
        if (info != null) {
            this.info.putAll(info);
        }
        this.quiet = url != null && url.startsWith(StubDriver.QUIET_PREFIX);
        this.results = quiet ? QuietRows::answer : s -> StubResultSet.of(new String[] {"c1"});
    }

    /**
     * Opened on a {@link StubDriver#QUIET_PREFIX} URL: nothing is recorded (no SQL texts, events, statements,
     * executions or parameter values), a query answers with {@link QuietRows}, an update counts one row,
     * {@code execute} reports no result set, and there is no database metadata.
     */
    public boolean quiet() {
        return quiet;
    }

    /** The URL this connection was opened with. */
    public String url() {
        return url;
    }

    /** A copy of the Properties this connection was opened with. */
    public Properties info() {
        return info;
    }

    /** Every SQL text received, in order: prepared, executed, batched, nativeSQL. */
    public List<String> sql() {
        return sql;
    }

    /** commit, rollback, rollback(savepoint), autoCommit=..., close, in order. */
    public List<String> events() {
        return events;
    }

    /** Every statement created, in order. */
    public List<StubStatement> statements() {
        return statements;
    }

    /** Sets what a query returns, by its SQL text; each call must return a fresh result set. */
    public void onQuery(Function<String, StubResultSet> results) {
        this.results = results;
    }

    StubResultSet resultFor(String text) {
        return results.apply(text);
    }

    void received(String text) {
        if (!quiet) {
            sql.add(text);
        }
    }

    private void event(String event) {
        if (!quiet) {
            events.add(event);
        }
    }

    <S extends StubStatement> S track(S statement) throws SQLException {
        checkOpen();
        if (!quiet) {
            statements.add(statement);
        }
        return statement;
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("stub connection closed", "08003");
        }
    }

    @Override public Statement createStatement() throws SQLException { return track(new StubStatement(this)); }
    @Override public Statement createStatement(int t, int c) throws SQLException { return createStatement(); }
    @Override public Statement createStatement(int t, int c, int h) throws SQLException { return createStatement(); }
    @Override public PreparedStatement prepareStatement(String s) throws SQLException {
        received(s);
        return track(new StubPreparedStatement(this, s, "prepareStatement"));
    }
    @Override public PreparedStatement prepareStatement(String s, int keys) throws SQLException {
        received(s);
        return track(new StubPreparedStatement(this, s, "prepareStatement(keys=" + keys + ")"));
    }
    @Override public PreparedStatement prepareStatement(String s, int[] columns) throws SQLException {
        received(s);
        return track(new StubPreparedStatement(this, s, "prepareStatement(columnIndexes)"));
    }
    @Override public PreparedStatement prepareStatement(String s, String[] columns) throws SQLException {
        received(s);
        String with = "prepareStatement(columnNames=" + String.join(",", columns) + ")";
        return track(new StubPreparedStatement(this, s, with));
    }
    @Override public PreparedStatement prepareStatement(String s, int t, int c) throws SQLException {
        received(s);
        return track(new StubPreparedStatement(this, s, "prepareStatement(type=" + t + ")"));
    }
    @Override public PreparedStatement prepareStatement(String s, int t, int c, int h) throws SQLException {
        received(s);
        return track(new StubPreparedStatement(this, s, "prepareStatement(type=" + t + ",holdability=" + h + ")"));
    }
    @Override public CallableStatement prepareCall(String s) throws SQLException {
        received(s);
        return track(new StubCallableStatement(this, s, "prepareCall"));
    }
    @Override
    public CallableStatement prepareCall(String s, int t, int c) throws SQLException {
        return prepareCall(s);
    }
    @Override
    public CallableStatement prepareCall(String s, int t, int c, int h) throws SQLException {
        return prepareCall(s);
    }
    @Override public String nativeSQL(String s) throws SQLException { checkOpen(); received(s); return s; }

    @Override
    public void setAutoCommit(boolean on) throws SQLException {
        checkOpen();
        autoCommit = on;
        event(on ? "autoCommit=true" : "autoCommit=false");
    }
    @Override public boolean getAutoCommit() throws SQLException { checkOpen(); return autoCommit; }
    @Override public void commit() throws SQLException { checkOpen(); event("commit"); }
    @Override public void rollback() throws SQLException { checkOpen(); event("rollback"); }
    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkOpen();
        event("rollback(savepoint)");
    }
    @Override public void close() { if (!closed) { event("close"); } closed = true; }
    @Override public boolean isClosed() { return closed; }
    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        if (quiet) {
            throw new SQLFeatureNotSupportedException("a quiet stub connection has no metadata");
        }
        return StubDatabaseMetaData.create(this);
    }
    @Override public void setReadOnly(boolean readOnly) { this.readOnly = readOnly; }
    @Override public boolean isReadOnly() { return readOnly; }
    @Override public void setCatalog(String catalog) { this.catalog = catalog; }
    @Override public String getCatalog() { return catalog; }
    @Override public void setTransactionIsolation(int level) { isolation = level; }
    @Override public int getTransactionIsolation() { return isolation; }
    @Override public SQLWarning getWarnings() { return null; }
    @Override public void clearWarnings() { }
    @Override public Map<String, Class<?>> getTypeMap() { return new HashMap<>(); }
    @Override public void setTypeMap(Map<String, Class<?>> map) { }
    @Override public void setHoldability(int holdability) { }
    @Override public int getHoldability() { return 0; }
    @Override public Savepoint setSavepoint() { return new StubSavepoint("sp"); }
    @Override public Savepoint setSavepoint(String name) { return new StubSavepoint(name); }
    @Override public void releaseSavepoint(Savepoint savepoint) { }
    @Override public Clob createClob() throws SQLException { throw new SQLFeatureNotSupportedException(); }
    @Override public Blob createBlob() throws SQLException { throw new SQLFeatureNotSupportedException(); }
    @Override public NClob createNClob() throws SQLException { throw new SQLFeatureNotSupportedException(); }
    @Override public SQLXML createSQLXML() throws SQLException { throw new SQLFeatureNotSupportedException(); }
    @Override public boolean isValid(int timeout) { return !closed; }
    @Override public void setClientInfo(String name, String value) throws SQLClientInfoException { }
    @Override public void setClientInfo(Properties properties) throws SQLClientInfoException { }
    @Override public String getClientInfo(String name) { return null; }
    @Override public Properties getClientInfo() { return new Properties(); }
    @Override
    public Array createArrayOf(String type, Object[] elements) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }
    @Override
    public Struct createStruct(String type, Object[] attributes) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }
    @Override public void setSchema(String schema) { this.schema = schema; }
    @Override public String getSchema() { return schema; }
    @Override public void abort(Executor executor) { event("abort"); closed = true; }
    @Override public void setNetworkTimeout(Executor executor, int millis) { networkTimeout = millis; }
    @Override public int getNetworkTimeout() { return networkTimeout; }

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

    @Override
    public String toString() {
        return "StubConnection[" + url + "]";
    }

    private record StubSavepoint(String name) implements Savepoint {
        @Override public int getSavepointId() { return 1; }
        @Override public String getSavepointName() { return name; }
    }
}

package dev.tandem.driver.stub;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stub prepared statement: records every setter call ({@link #calls()}), the current parameter
 * values by index ({@link #parameters()}), each batch and each execution's parameter set. On a quiet
 * connection ({@link StubConnection#quiet()}) setters store nothing and nothing is recorded.
 */
public class StubPreparedStatement extends StubStatement implements PreparedStatement {
    private final String sql;
    private final String preparedWith;
    private final List<SetCall> calls = new ArrayList<>();
    private final Map<Integer, Object> parameters = new TreeMap<>();
    private final List<Map<Integer, Object>> batches = new ArrayList<>();
    private final List<Map<Integer, Object>> executions = new ArrayList<>();
    private final List<Map<Integer, Object>> pending = new ArrayList<>();

    public StubPreparedStatement(StubConnection connection, String sql, String preparedWith) {
        super(connection);
        this.sql = sql;
        this.preparedWith = preparedWith;
    }

    /** The SQL text this statement was prepared with. */
    public String sql() {
        return sql;
    }

    /** Which prepare method and extra arguments created it, e.g. {@code prepareStatement(keys=1)}. */
    public String preparedWith() {
        return preparedWith;
    }

    public List<SetCall> calls() {
        return calls;
    }

    /** Current parameter values by index (stream content for streams; {@code "NULL"} for setNull). */
    public Map<Integer, Object> parameters() {
        return parameters;
    }

    /** Parameter sets of executed batches, in order. */
    public List<Map<Integer, Object>> batches() {
        return batches;
    }

    /** Parameter sets of single executions, in order. */
    public List<Map<Integer, Object>> executions() {
        return executions;
    }

    void set(String method, int index, Object value, Object extra) throws SQLException {
        checkOpen();
        if (index < 1) {
            throw new SQLException("stub: parameter index " + index + " out of range", "22023");
        }
        if (connection.quiet()) {
            return;
        }
        calls.add(new SetCall(method, index, value, extra));
        parameters.put(index, value == null ? "NULL" : value);
    }

    private static byte[] read(InputStream in, long length) throws SQLException {
        try {
            return in == null ? null : length < 0 ? in.readAllBytes() : in.readNBytes((int) length);
        } catch (IOException e) {
            throw new SQLException(e);
        }
    }

    private static String read(Reader in, long length) throws SQLException {
        if (in == null) {
            return null;
        }
        try {
            StringBuilder out = new StringBuilder();
            int c;
            while ((length < 0 || out.length() < length) && (c = in.read()) >= 0) {
                out.append((char) c);
            }
            return out.toString();
        } catch (IOException e) {
            throw new SQLException(e);
        }
    }

    private Object content(Object x) throws SQLException {
        return x instanceof InputStream in ? read(in, -1) : x instanceof Reader r ? read(r, -1) : x;
    }

    @Override
    public boolean execute() throws SQLException {
        if (!connection.quiet()) {
            executions.add(new TreeMap<>(parameters));
        }
        return runReceived(sql);
    }
    @Override public ResultSet executeQuery() throws SQLException { execute(); return query(sql); }
    @Override public int executeUpdate() throws SQLException { execute(); return updated(); }
    @Override public long executeLargeUpdate() throws SQLException { execute(); return updated(); }
    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        pending.add(connection.quiet() ? Map.of() : new TreeMap<>(parameters));
    }
    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        if (connection.quiet()) {
            return;
        }
        parameters.clear();
        calls.add(SetCall.of("clearParameters", 0, null));
    }
    @Override public void clearBatch() { pending.clear(); super.clearBatch(); }

    @Override
    public int[] executeBatch() throws SQLException {
        checkOpen();
        int[] counts = new int[pending.size()];
        Arrays.fill(counts, 1);
        if (!connection.quiet()) {
            batches.addAll(pending);
        }
        pending.clear();
        return counts;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return connection.resultFor(sql).getMetaData();
    }

    @Override
    public ParameterMetaData getParameterMetaData() {
        int count = (int) sql.chars().filter(c -> c == '?').count();
        return new StubParameterMetaData(count);
    }

    @Override public void setNull(int i, int sqlType) throws SQLException { set("setNull", i, null, sqlType); }
    @Override
    public void setNull(int i, int sqlType, String typeName) throws SQLException {
        set("setNull", i, null, sqlType + ":" + typeName);
    }
    @Override public void setBoolean(int i, boolean x) throws SQLException { set("setBoolean", i, x, null); }
    @Override public void setByte(int i, byte x) throws SQLException { set("setByte", i, x, null); }
    @Override public void setShort(int i, short x) throws SQLException { set("setShort", i, x, null); }
    @Override public void setInt(int i, int x) throws SQLException { set("setInt", i, x, null); }
    @Override public void setLong(int i, long x) throws SQLException { set("setLong", i, x, null); }
    @Override public void setFloat(int i, float x) throws SQLException { set("setFloat", i, x, null); }
    @Override public void setDouble(int i, double x) throws SQLException { set("setDouble", i, x, null); }
    @Override public void setBigDecimal(int i, BigDecimal x) throws SQLException { set("setBigDecimal", i, x, null); }
    @Override public void setString(int i, String x) throws SQLException { set("setString", i, x, null); }
    @Override public void setNString(int i, String x) throws SQLException { set("setNString", i, x, null); }
    @Override public void setBytes(int i, byte[] x) throws SQLException { set("setBytes", i, x, null); }
    @Override public void setDate(int i, Date x) throws SQLException { set("setDate", i, x, null); }
    @Override public void setDate(int i, Date x, Calendar cal) throws SQLException { set("setDate", i, x, cal); }
    @Override public void setTime(int i, Time x) throws SQLException { set("setTime", i, x, null); }
    @Override public void setTime(int i, Time x, Calendar cal) throws SQLException { set("setTime", i, x, cal); }
    @Override public void setTimestamp(int i, Timestamp x) throws SQLException { set("setTimestamp", i, x, null); }
    @Override
    public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
        set("setTimestamp", i, x, cal);
    }
    @Override public void setObject(int i, Object x) throws SQLException { set("setObject", i, content(x), null); }
    @Override
    public void setObject(int i, Object x, int type) throws SQLException {
        set("setObject", i, content(x), type);
    }
    @Override
    public void setObject(int i, Object x, int type, int scale) throws SQLException {
        set("setObject", i, content(x), type + "," + scale);
    }
    @Override
    public void setObject(int i, Object x, SQLType type) throws SQLException {
        set("setObject", i, content(x), type);
    }
    @Override
    public void setObject(int i, Object x, SQLType type, int scale) throws SQLException {
        set("setObject", i, content(x), type + "," + scale);
    }
    @Override public void setRef(int i, Ref x) throws SQLException { set("setRef", i, x, null); }
    @Override public void setBlob(int i, Blob x) throws SQLException { set("setBlob", i, x, null); }
    @Override public void setClob(int i, Clob x) throws SQLException { set("setClob", i, x, null); }
    @Override public void setNClob(int i, NClob x) throws SQLException { set("setNClob", i, x, null); }
    @Override public void setArray(int i, Array x) throws SQLException { set("setArray", i, x, null); }
    @Override public void setURL(int i, URL x) throws SQLException { set("setURL", i, x, null); }
    @Override public void setRowId(int i, RowId x) throws SQLException { set("setRowId", i, x, null); }
    @Override public void setSQLXML(int i, SQLXML x) throws SQLException { set("setSQLXML", i, x, null); }
    @Override
    public void setAsciiStream(int i, InputStream x) throws SQLException {
        set("setAsciiStream", i, read(x, -1), null);
    }
    @Override
    public void setAsciiStream(int i, InputStream x, int n) throws SQLException {
        set("setAsciiStream", i, read(x, n), n);
    }
    @Override
    public void setAsciiStream(int i, InputStream x, long n) throws SQLException {
        set("setAsciiStream", i, read(x, n), n);
    }
    @Deprecated
    @Override
    public void setUnicodeStream(int i, InputStream x, int n) throws SQLException {
        set("setUnicodeStream", i, read(x, n), n);
    }
    @Override
    public void setBinaryStream(int i, InputStream x) throws SQLException {
        set("setBinaryStream", i, read(x, -1), null);
    }
    @Override
    public void setBinaryStream(int i, InputStream x, int n) throws SQLException {
        set("setBinaryStream", i, read(x, n), n);
    }
    @Override
    public void setBinaryStream(int i, InputStream x, long n) throws SQLException {
        set("setBinaryStream", i, read(x, n), n);
    }
    @Override public void setBlob(int i, InputStream x) throws SQLException { set("setBlob", i, read(x, -1), null); }
    @Override
    public void setBlob(int i, InputStream x, long n) throws SQLException {
        set("setBlob", i, read(x, n), n);
    }
    @Override
    public void setCharacterStream(int i, Reader x) throws SQLException {
        set("setCharacterStream", i, read(x, -1), null);
    }
    @Override
    public void setCharacterStream(int i, Reader x, int n) throws SQLException {
        set("setCharacterStream", i, read(x, n), n);
    }
    @Override
    public void setCharacterStream(int i, Reader x, long n) throws SQLException {
        set("setCharacterStream", i, read(x, n), n);
    }
    @Override
    public void setNCharacterStream(int i, Reader x) throws SQLException {
        set("setNCharacterStream", i, read(x, -1), null);
    }
    @Override
    public void setNCharacterStream(int i, Reader x, long n) throws SQLException {
        set("setNCharacterStream", i, read(x, n), n);
    }
    @Override public void setClob(int i, Reader x) throws SQLException { set("setClob", i, read(x, -1), null); }
    @Override public void setClob(int i, Reader x, long n) throws SQLException { set("setClob", i, read(x, n), n); }
    @Override public void setNClob(int i, Reader x) throws SQLException { set("setNClob", i, read(x, -1), null); }
    @Override public void setNClob(int i, Reader x, long n) throws SQLException { set("setNClob", i, read(x, n), n); }

    /** Parameter metadata whose answers name the index they were asked about, so a remap is visible. */
    private record StubParameterMetaData(int count) implements ParameterMetaData {
        @Override public int getParameterCount() { return count; }
        @Override public int isNullable(int p) { return parameterNullableUnknown; }
        @Override public boolean isSigned(int p) { return true; }
        @Override public int getPrecision(int p) { return p; }
        @Override public int getScale(int p) { return 0; }
        @Override public int getParameterType(int p) { return Types.VARCHAR; }
        @Override public String getParameterTypeName(int p) { return "type" + p; }
        @Override public String getParameterClassName(int p) { return String.class.getName(); }
        @Override public int getParameterMode(int p) { return parameterModeIn; }
        @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }
}

package dev.tandem.driver.stub;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Map;

/**
 * A scrollable, read-only stub result set over fixed rows. Getters convert the stored objects the
 * obvious way; updaters and LOB getters are not supported.
 */
@SuppressWarnings("deprecation")
public class StubResultSet implements ResultSet {
    private final String[] labels;
    private final List<Object[]> rows;
    private Statement statement;
    private int row;
    private boolean closed;
    private boolean lastNull;

    public StubResultSet(String[] labels, List<Object[]> rows) {
        this(labels.clone(), List.copyOf(rows), false);
    }

    /** Over labels and rows that nobody changes, taken as they are ({@link #constant}). */
    private StubResultSet(String[] labels, List<Object[]> rows, boolean shared) {
        this.labels = labels;
        this.rows = rows;
    }

    /** Over constant labels and rows, copying nothing: a quiet connection answers every query with one. */
    static StubResultSet constant(String[] labels, List<Object[]> rows) {
        return new StubResultSet(labels, rows, true);
    }

    public static StubResultSet of(String[] labels, Object[]... rows) {
        return new StubResultSet(labels, Arrays.asList(rows));
    }

    /** Sets what getStatement() returns; null (the default) is what metadata result sets return. */
    public StubResultSet withStatement(Statement statement) {
        this.statement = statement;
        return this;
    }

    private Object value(int c) throws SQLException {
        checkOpen();
        if (c < 1 || c > labels.length) {
            throw new SQLException("stub: column index " + c + " out of range", "22023");
        }
        if (row < 1 || row > rows.size()) {
            throw new SQLException("stub: not on a row", "24000");
        }
        Object v = rows.get(row - 1)[c - 1];
        lastNull = v == null;
        return v;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("stub result set closed", "55000");
        }
    }

    private boolean onRow() {
        return row >= 1 && row <= rows.size();
    }

    private boolean moveTo(int target) throws SQLException {
        checkOpen();
        row = Math.max(0, Math.min(rows.size() + 1, target));
        return onRow();
    }

    @Override public boolean next() throws SQLException { return moveTo(row + 1); }
    @Override public boolean previous() throws SQLException { return moveTo(row - 1); }
    @Override public boolean first() throws SQLException { return moveTo(1) && !rows.isEmpty(); }
    @Override public boolean last() throws SQLException { return moveTo(rows.size()); }
    @Override public boolean absolute(int r) throws SQLException { return moveTo(r >= 0 ? r : rows.size() + 1 + r); }
    @Override public boolean relative(int r) throws SQLException { return moveTo(row + r); }
    @Override public void beforeFirst() throws SQLException { moveTo(0); }
    @Override public void afterLast() throws SQLException { moveTo(rows.size() + 1); }
    @Override public boolean isBeforeFirst() { return row == 0 && !rows.isEmpty(); }
    @Override public boolean isAfterLast() { return row > rows.size() && !rows.isEmpty(); }
    @Override public boolean isFirst() { return row == 1 && !rows.isEmpty(); }
    @Override public boolean isLast() { return row == rows.size() && !rows.isEmpty(); }
    @Override public int getRow() { return onRow() ? row : 0; }
    @Override public boolean wasNull() { return lastNull; }
    @Override public void close() { closed = true; }
    @Override public boolean isClosed() { return closed; }
    @Override public Statement getStatement() { return statement; }
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new StubResultSetMetaData(labels);
    }
    @Override public Object getObject(int c) throws SQLException { return value(c); }
    @Override public Object getObject(String label) throws SQLException { return getObject(findColumn(label)); }

    @Override
    public int findColumn(String label) throws SQLException {
        checkOpen();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].equalsIgnoreCase(label)) {
                return i + 1;
            }
        }
        throw new SQLException("stub: no column " + label, "42703");
    }

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

    // --- generated from java.sql.ResultSet: getters convert, updaters are unsupported ------------

    @Override
    public String getString(int c) throws SQLException {
        Object v = value(c);
        return v == null ? null : String.valueOf(v);
    }
    @Override
    public boolean getBoolean(int c) throws SQLException {
        Object v = value(c);
        return v instanceof Boolean b ? b : v != null && ((Number) v).intValue() != 0;
    }
    @Override
    public byte getByte(int c) throws SQLException {
        Object v = value(c);
        return v == null ? 0 : ((Number) v).byteValue();
    }
    @Override
    public short getShort(int c) throws SQLException {
        Object v = value(c);
        return v == null ? 0 : ((Number) v).shortValue();
    }
    @Override
    public int getInt(int c) throws SQLException {
        Object v = value(c);
        return v == null ? 0 : ((Number) v).intValue();
    }
    @Override
    public long getLong(int c) throws SQLException {
        Object v = value(c);
        return v == null ? 0 : ((Number) v).longValue();
    }
    @Override
    public float getFloat(int c) throws SQLException {
        Object v = value(c);
        return v == null ? 0 : ((Number) v).floatValue();
    }
    @Override
    public double getDouble(int c) throws SQLException {
        Object v = value(c);
        return v == null ? 0 : ((Number) v).doubleValue();
    }
    @Override
    public BigDecimal getBigDecimal(int c, int a1) throws SQLException {
        Object v = value(c);
        return v == null ? null : new BigDecimal(v.toString());
    }
    @Override public byte[] getBytes(int c) throws SQLException { return (byte[]) value(c); }
    @Override public Date getDate(int c) throws SQLException { return (Date) value(c); }
    @Override public Time getTime(int c) throws SQLException { return (Time) value(c); }
    @Override public Timestamp getTimestamp(int c) throws SQLException { return (Timestamp) value(c); }
    @Override
    public InputStream getAsciiStream(int c) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public InputStream getUnicodeStream(int c) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public InputStream getBinaryStream(int c) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override public String getString(String label) throws SQLException { return getString(findColumn(label)); }
    @Override public boolean getBoolean(String label) throws SQLException { return getBoolean(findColumn(label)); }
    @Override public byte getByte(String label) throws SQLException { return getByte(findColumn(label)); }
    @Override public short getShort(String label) throws SQLException { return getShort(findColumn(label)); }
    @Override public int getInt(String label) throws SQLException { return getInt(findColumn(label)); }
    @Override public long getLong(String label) throws SQLException { return getLong(findColumn(label)); }
    @Override public float getFloat(String label) throws SQLException { return getFloat(findColumn(label)); }
    @Override public double getDouble(String label) throws SQLException { return getDouble(findColumn(label)); }
    @Override
    public BigDecimal getBigDecimal(String label, int a1) throws SQLException {
        return getBigDecimal(findColumn(label), a1);
    }
    @Override public byte[] getBytes(String label) throws SQLException { return getBytes(findColumn(label)); }
    @Override public Date getDate(String label) throws SQLException { return getDate(findColumn(label)); }
    @Override public Time getTime(String label) throws SQLException { return getTime(findColumn(label)); }
    @Override
    public Timestamp getTimestamp(String label) throws SQLException {
        return getTimestamp(findColumn(label));
    }
    @Override
    public InputStream getAsciiStream(String label) throws SQLException {
        return getAsciiStream(findColumn(label));
    }
    @Override
    public InputStream getUnicodeStream(String label) throws SQLException {
        return getUnicodeStream(findColumn(label));
    }
    @Override
    public InputStream getBinaryStream(String label) throws SQLException {
        return getBinaryStream(findColumn(label));
    }
    @Override public SQLWarning getWarnings() throws SQLException { return null; }
    @Override public void clearWarnings() throws SQLException { }
    @Override public String getCursorName() throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override
    public Reader getCharacterStream(int c) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public Reader getCharacterStream(String label) throws SQLException {
        return getCharacterStream(findColumn(label));
    }
    @Override
    public BigDecimal getBigDecimal(int c) throws SQLException {
        Object v = value(c);
        return v == null ? null : new BigDecimal(v.toString());
    }
    @Override
    public BigDecimal getBigDecimal(String label) throws SQLException {
        return getBigDecimal(findColumn(label));
    }
    @Override public void setFetchDirection(int c) throws SQLException { }
    @Override public int getFetchDirection() throws SQLException { return FETCH_FORWARD; }
    @Override public void setFetchSize(int c) throws SQLException { }
    @Override public int getFetchSize() throws SQLException { return 0; }
    @Override public int getType() throws SQLException { return TYPE_SCROLL_INSENSITIVE; }
    @Override public int getConcurrency() throws SQLException { return CONCUR_READ_ONLY; }
    @Override public boolean rowUpdated() throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public boolean rowInserted() throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public boolean rowDeleted() throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public void updateNull(int c) throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override
    public void updateBoolean(int c, boolean a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateByte(int c, byte a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateShort(int c, short a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateInt(int c, int a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateLong(int c, long a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateFloat(int c, float a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateDouble(int c, double a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBigDecimal(int c, BigDecimal a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateString(int c, String a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBytes(int c, byte[] a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateDate(int c, Date a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateTime(int c, Time a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateTimestamp(int c, Timestamp a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateAsciiStream(int c, InputStream a1, int a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBinaryStream(int c, InputStream a1, int a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateCharacterStream(int c, Reader a1, int a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateObject(int c, Object a1, int a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateObject(int c, Object a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateNull(String label) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBoolean(String label, boolean a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateByte(String label, byte a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateShort(String label, short a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateInt(String label, int a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateLong(String label, long a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateFloat(String label, float a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateDouble(String label, double a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBigDecimal(String label, BigDecimal a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateString(String label, String a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBytes(String label, byte[] a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateDate(String label, Date a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateTime(String label, Time a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateTimestamp(String label, Timestamp a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateAsciiStream(String label, InputStream a1, int a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBinaryStream(String label, InputStream a1, int a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateCharacterStream(String label, Reader a1, int a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateObject(String label, Object a1, int a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateObject(String label, Object a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override public void insertRow() throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public void updateRow() throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public void deleteRow() throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public void refreshRow() throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public void cancelRowUpdates() throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public void moveToInsertRow() throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public void moveToCurrentRow() throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public Object getObject(int c, Map<String, Class<?>> a1) throws SQLException { return value(c); }
    @Override public Ref getRef(int c) throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public Blob getBlob(int c) throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public Clob getClob(int c) throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public Array getArray(int c) throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override
    public Object getObject(String label, Map<String, Class<?>> a1) throws SQLException {
        return getObject(findColumn(label), a1);
    }
    @Override public Ref getRef(String label) throws SQLException { return getRef(findColumn(label)); }
    @Override public Blob getBlob(String label) throws SQLException { return getBlob(findColumn(label)); }
    @Override public Clob getClob(String label) throws SQLException { return getClob(findColumn(label)); }
    @Override public Array getArray(String label) throws SQLException { return getArray(findColumn(label)); }
    @Override public Date getDate(int c, Calendar a1) throws SQLException { return (Date) value(c); }
    @Override
    public Date getDate(String label, Calendar a1) throws SQLException {
        return getDate(findColumn(label), a1);
    }
    @Override public Time getTime(int c, Calendar a1) throws SQLException { return (Time) value(c); }
    @Override
    public Time getTime(String label, Calendar a1) throws SQLException {
        return getTime(findColumn(label), a1);
    }
    @Override public Timestamp getTimestamp(int c, Calendar a1) throws SQLException { return (Timestamp) value(c); }
    @Override
    public Timestamp getTimestamp(String label, Calendar a1) throws SQLException {
        return getTimestamp(findColumn(label), a1);
    }
    @Override public URL getURL(int c) throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public URL getURL(String label) throws SQLException { return getURL(findColumn(label)); }
    @Override
    public void updateRef(int c, Ref a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateRef(String label, Ref a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBlob(int c, Blob a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBlob(String label, Blob a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateClob(int c, Clob a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateClob(String label, Clob a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateArray(int c, Array a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateArray(String label, Array a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override public RowId getRowId(int c) throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public RowId getRowId(String label) throws SQLException { return getRowId(findColumn(label)); }
    @Override
    public void updateRowId(int c, RowId a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateRowId(String label, RowId a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override public int getHoldability() throws SQLException { return HOLD_CURSORS_OVER_COMMIT; }
    @Override
    public void updateNString(int c, String a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateNString(String label, String a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateNClob(int c, NClob a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateNClob(String label, NClob a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override public NClob getNClob(int c) throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public NClob getNClob(String label) throws SQLException { return getNClob(findColumn(label)); }
    @Override public SQLXML getSQLXML(int c) throws SQLException { throw new SQLFeatureNotSupportedException("stub"); }
    @Override public SQLXML getSQLXML(String label) throws SQLException { return getSQLXML(findColumn(label)); }
    @Override
    public void updateSQLXML(int c, SQLXML a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateSQLXML(String label, SQLXML a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public String getNString(int c) throws SQLException {
        Object v = value(c);
        return v == null ? null : String.valueOf(v);
    }
    @Override public String getNString(String label) throws SQLException { return getNString(findColumn(label)); }
    @Override
    public Reader getNCharacterStream(int c) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public Reader getNCharacterStream(String label) throws SQLException {
        return getNCharacterStream(findColumn(label));
    }
    @Override
    public void updateNCharacterStream(int c, Reader a1, long a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateNCharacterStream(String label, Reader a1, long a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateAsciiStream(int c, InputStream a1, long a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBinaryStream(int c, InputStream a1, long a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateCharacterStream(int c, Reader a1, long a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateAsciiStream(String label, InputStream a1, long a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBinaryStream(String label, InputStream a1, long a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateCharacterStream(String label, Reader a1, long a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBlob(int c, InputStream a1, long a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBlob(String label, InputStream a1, long a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateClob(int c, Reader a1, long a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateClob(String label, Reader a1, long a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateNClob(int c, Reader a1, long a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateNClob(String label, Reader a1, long a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateNCharacterStream(int c, Reader a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateNCharacterStream(String label, Reader a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateAsciiStream(int c, InputStream a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBinaryStream(int c, InputStream a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateCharacterStream(int c, Reader a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateAsciiStream(String label, InputStream a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBinaryStream(String label, InputStream a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateCharacterStream(String label, Reader a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBlob(int c, InputStream a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateBlob(String label, InputStream a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateClob(int c, Reader a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateClob(String label, Reader a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateNClob(int c, Reader a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateNClob(String label, Reader a1) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override public <T> T getObject(int c, Class<T> a1) throws SQLException { return a1.cast(value(c)); }
    @Override
    public <T> T getObject(String label, Class<T> a1) throws SQLException {
        return getObject(findColumn(label), a1);
    }
    @Override
    public void updateObject(int c, Object a1, SQLType a2, int a3) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateObject(String label, Object a1, SQLType a2, int a3) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateObject(int c, Object a1, SQLType a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
    @Override
    public void updateObject(String label, Object a1, SQLType a2) throws SQLException {
        throw new SQLFeatureNotSupportedException("stub");
    }
}

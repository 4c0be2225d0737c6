package dev.tandem.bench.stub;

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
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A forward-only result set over constant rows. Getters return the stored value converted the cheap way;
 * LOBs, streams and metadata are not supported.
 */
public final class StubResultSet extends LabelledResultSet {
    private static final String[] ROW_LABELS = {"id", "name", "email"};
    private static final Object[][] ONE_ROW = {{42L, "ann", "ann@example.com"}};
    /** Name, declared type, nullable, default expression, (MySQL extra), dropped: as Catalog reads them. */
    private static final String[] CATALOG_LABELS = {"attname", "format_type", "nullable", "default", "extra",
        "attisdropped"};
    /** The columns of the benchmark tables (bench_users, and bench_accounts which has the same shape). */
    private static final Object[][] BENCHMARK_TABLE_COLUMNS = {
        {"id", "bigint", 0, null, "", 0}, {"name", "character varying(100)", 1, null, "", 0},
        {"email", "character varying(200)", 1, null, "", 0}, {"email_address", "character varying(200)", 1, null, "", 0}};
    private static final Object[][] NO_ROWS = {};

    private final Statement statement;
    private final String[] labels;
    private final Object[][] rows;
    private int row = -1;
    private boolean closed;
    private boolean wasNull;

    private StubResultSet(Statement statement, String[] labels, Object[][] rows) {
        this.statement = statement;
        this.labels = labels;
        this.rows = rows;
    }

    /** The answer to every query: one row (42, 'ann', 'ann@example.com'). */
    static StubResultSet oneRow(Statement statement) {
        return new StubResultSet(statement, ROW_LABELS, ONE_ROW);
    }

    /** The answer to Tandem's column-metadata query: the benchmark table's columns and declared types. */
    static StubResultSet columnsOfBenchmarkTable(Statement statement) {
        return new StubResultSet(statement, CATALOG_LABELS, BENCHMARK_TABLE_COLUMNS);
    }

    static StubResultSet empty(Statement statement) {
        return new StubResultSet(statement, ROW_LABELS, NO_ROWS);
    }

    private Object value(int column) throws SQLException {
        if (row < 0 || row >= rows.length) {
            throw new SQLException("The result set is not on a row");
        }
        Object v = rows[row][column - 1];
        wasNull = v == null;
        return v;
    }

    private long number(int column) throws SQLException {
        Object v = value(column);
        return v == null ? 0 : ((Number) v).longValue();
    }

    @Override
    public boolean next() {
        if (row < rows.length) {
            row++;
        }
        return row < rows.length;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean wasNull() {
        return wasNull;
    }

    @Override
    public int findColumn(String label) throws SQLException {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].equalsIgnoreCase(label)) {
                return i + 1;
            }
        }
        throw new SQLException("No column " + label);
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    // --- getters by index -----------------------------------------------------------------------------

    @Override
    public String getString(int column) throws SQLException {
        Object v = value(column);
        return v == null ? null : v.toString();
    }

    @Override
    public String getNString(int column) throws SQLException {
        return getString(column);
    }

    @Override
    public boolean getBoolean(int column) throws SQLException {
        return number(column) != 0;
    }

    @Override
    public byte getByte(int column) throws SQLException {
        return (byte) number(column);
    }

    @Override
    public short getShort(int column) throws SQLException {
        return (short) number(column);
    }

    @Override
    public int getInt(int column) throws SQLException {
        return (int) number(column);
    }

    @Override
    public long getLong(int column) throws SQLException {
        return number(column);
    }

    @Override
    public float getFloat(int column) throws SQLException {
        return number(column);
    }

    @Override
    public double getDouble(int column) throws SQLException {
        return number(column);
    }

    @Override
    public BigDecimal getBigDecimal(int column) throws SQLException {
        Object v = value(column);
        return v == null ? null : BigDecimal.valueOf(((Number) v).longValue());
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int column, int scale) throws SQLException {
        return getBigDecimal(column);
    }

    @Override
    public Object getObject(int column) throws SQLException {
        return value(column);
    }

    @Override
    public Object getObject(int column, Map<String, Class<?>> map) throws SQLException {
        return value(column);
    }

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        return type.cast(value(column));
    }

    @Override
    public byte[] getBytes(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public Date getDate(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public Date getDate(int column, Calendar cal) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public Time getTime(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public Time getTime(int column, Calendar cal) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public Timestamp getTimestamp(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public Timestamp getTimestamp(int column, Calendar cal) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public InputStream getAsciiStream(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public InputStream getBinaryStream(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public Reader getCharacterStream(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public Reader getNCharacterStream(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public Ref getRef(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public Blob getBlob(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public Clob getClob(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public NClob getNClob(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public Array getArray(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public URL getURL(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public RowId getRowId(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public SQLXML getSQLXML(int column) throws SQLException {
        throw StubConnection.unsupported();
    }

    // --- cursor and settings ------------------------------------------------------------------------------

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public boolean isBeforeFirst() {
        return row < 0 && rows.length > 0;
    }

    @Override
    public boolean isAfterLast() {
        return row >= rows.length && rows.length > 0;
    }

    @Override
    public boolean isFirst() {
        return row == 0 && rows.length > 0;
    }

    @Override
    public boolean isLast() {
        return row == rows.length - 1 && rows.length > 0;
    }

    @Override
    public int getRow() {
        return row >= 0 && row < rows.length ? row + 1 : 0;
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public void afterLast() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean first() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean last() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean absolute(int position) throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean relative(int offset) throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean previous() throws SQLException {
        throw forwardOnly();
    }

    private static SQLException forwardOnly() {
        return new SQLException("The benchmark stub's result sets are forward-only");
    }

    @Override
    public int getType() {
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getHoldability() {
        return HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public void setFetchDirection(int direction) {
        // forward only
    }

    @Override
    public int getFetchDirection() {
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) {
        // all rows are in memory
    }

    @Override
    public int getFetchSize() {
        return 0;
    }

    @Override
    public String getCursorName() throws SQLException {
        throw StubConnection.unsupported();
    }

    @Override
    public SQLWarning getWarnings() {
        return null;
    }

    @Override
    public void clearWarnings() {
        // never any warnings
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}

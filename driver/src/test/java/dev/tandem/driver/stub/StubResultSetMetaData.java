package dev.tandem.driver.stub;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/** Metadata of a stub result set: labels as given, every column an unknown-nullability VARCHAR. */
public class StubResultSetMetaData implements ResultSetMetaData {
    private final String[] labels;

    public StubResultSetMetaData(String[] labels) {
        this.labels = labels.clone();
    }

    private String label(int c) throws SQLException {
        if (c < 1 || c > labels.length) {
            throw new SQLException("stub: column index " + c + " out of range", "22023");
        }
        return labels[c - 1];
    }

    @Override public int getColumnCount() { return labels.length; }
    @Override public boolean isAutoIncrement(int c) throws SQLException { label(c); return false; }
    @Override public boolean isCaseSensitive(int c) throws SQLException { label(c); return true; }
    @Override public boolean isSearchable(int c) throws SQLException { label(c); return true; }
    @Override public boolean isCurrency(int c) throws SQLException { label(c); return false; }
    @Override public int isNullable(int c) throws SQLException { label(c); return columnNullableUnknown; }
    @Override public boolean isSigned(int c) throws SQLException { label(c); return false; }
    @Override public int getColumnDisplaySize(int c) throws SQLException { label(c); return 10; }
    @Override public String getColumnLabel(int c) throws SQLException { return label(c); }
    @Override public String getColumnName(int c) throws SQLException { return label(c); }
    @Override public String getSchemaName(int c) throws SQLException { label(c); return ""; }
    @Override public int getPrecision(int c) throws SQLException { label(c); return 0; }
    @Override public int getScale(int c) throws SQLException { label(c); return 0; }
    @Override public String getTableName(int c) throws SQLException { label(c); return ""; }
    @Override public String getCatalogName(int c) throws SQLException { label(c); return ""; }
    @Override public int getColumnType(int c) throws SQLException { label(c); return Types.VARCHAR; }
    @Override public String getColumnTypeName(int c) throws SQLException { label(c); return "varchar"; }
    @Override public boolean isReadOnly(int c) throws SQLException { label(c); return true; }
    @Override public boolean isWritable(int c) throws SQLException { label(c); return false; }
    @Override public boolean isDefinitelyWritable(int c) throws SQLException { label(c); return false; }
    @Override public String getColumnClassName(int c) throws SQLException { label(c); return String.class.getName(); }
    @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
    @Override public boolean isWrapperFor(Class<?> iface) { return false; }
}

package dev.tandem.driver.internal.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * Every indexed {@code setXxx} of {@link PreparedStatement}, each turned into a {@link Binder} that
 * {@link #bind} applies to all target indexes of the plan's parameter map. Streams and readers that
 * go to more than one index are buffered first; otherwise they are passed through untouched and
 * marked as applicable once.
 *
 * @param <P> the wrapped statement interface
 */
abstract class PreparedStatementSetters<P extends PreparedStatement> extends StatementWrapper<P>
    implements PreparedStatement {

    protected PreparedStatementSetters(P delegate, ConnectionWrapper connection) {
        super(delegate, connection);
    }

    /** Applies {@code binder} to every target of application parameter {@code index} and records it. */
    abstract void bind(int index, Binder binder) throws SQLException;

    /** True if a stream bound to {@code index} now goes to several indexes and must be buffered. */
    abstract boolean mustBuffer(int index) throws SQLException;

    /** A setter taking the (possibly buffered) value as its third argument. */
    @FunctionalInterface
    interface ValueSetter<V> {
        void set(PreparedStatement target, int index, V value) throws SQLException;
    }

    private void bindBytes(int index, String setter, InputStream in, long length, ValueSetter<InputStream> set)
        throws SQLException {
        if (mustBuffer(index)) {
            byte[] bytes = Streams.bytes(in, length, index);
            bind(index, (p, i) -> set.set(p, i, Streams.in(bytes)));
        } else {
            bind(index, Binder.once(setter, (p, i) -> set.set(p, i, in)));
        }
    }

    private void bindChars(int index, String setter, Reader in, long length, ValueSetter<Reader> set)
        throws SQLException {
        if (mustBuffer(index)) {
            String chars = Streams.chars(in, length, index);
            bind(index, (p, i) -> set.set(p, i, Streams.reader(chars)));
        } else {
            bind(index, Binder.once(setter, (p, i) -> set.set(p, i, in)));
        }
    }

    /** setObject may carry a stream or reader too; anything else is a plain value. */
    private void bindObject(int index, Object x, ValueSetter<Object> set) throws SQLException {
        if (x instanceof InputStream in) {
            bindBytes(index, "setObject", in, -1, set::set);
        } else if (x instanceof Reader in) {
            bindChars(index, "setObject", in, -1, set::set);
        } else {
            bind(index, (p, i) -> set.set(p, i, x));
        }
    }

    // --- plain values ---------------------------------------------------------------------------

    @Override
    public void setNull(int index, int sqlType) throws SQLException {
        bind(index, (p, i) -> p.setNull(i, sqlType));
    }

    @Override
    public void setNull(int index, int sqlType, String typeName) throws SQLException {
        bind(index, (p, i) -> p.setNull(i, sqlType, typeName));
    }

    @Override
    public void setBoolean(int index, boolean x) throws SQLException {
        bind(index, (p, i) -> p.setBoolean(i, x));
    }

    @Override
    public void setByte(int index, byte x) throws SQLException {
        bind(index, (p, i) -> p.setByte(i, x));
    }

    @Override
    public void setShort(int index, short x) throws SQLException {
        bind(index, (p, i) -> p.setShort(i, x));
    }

    @Override
    public void setInt(int index, int x) throws SQLException {
        bind(index, (p, i) -> p.setInt(i, x));
    }

    @Override
    public void setLong(int index, long x) throws SQLException {
        bind(index, (p, i) -> p.setLong(i, x));
    }

    @Override
    public void setFloat(int index, float x) throws SQLException {
        bind(index, (p, i) -> p.setFloat(i, x));
    }

    @Override
    public void setDouble(int index, double x) throws SQLException {
        bind(index, (p, i) -> p.setDouble(i, x));
    }

    @Override
    public void setBigDecimal(int index, BigDecimal x) throws SQLException {
        bind(index, (p, i) -> p.setBigDecimal(i, x));
    }

    @Override
    public void setString(int index, String x) throws SQLException {
        bind(index, (p, i) -> p.setString(i, x));
    }

    @Override
    public void setNString(int index, String x) throws SQLException {
        bind(index, (p, i) -> p.setNString(i, x));
    }

    @Override
    public void setBytes(int index, byte[] x) throws SQLException {
        bind(index, (p, i) -> p.setBytes(i, x));
    }

    @Override
    public void setDate(int index, Date x) throws SQLException {
        bind(index, (p, i) -> p.setDate(i, x));
    }

    @Override
    public void setDate(int index, Date x, Calendar cal) throws SQLException {
        bind(index, (p, i) -> p.setDate(i, x, cal));
    }

    @Override
    public void setTime(int index, Time x) throws SQLException {
        bind(index, (p, i) -> p.setTime(i, x));
    }

    @Override
    public void setTime(int index, Time x, Calendar cal) throws SQLException {
        bind(index, (p, i) -> p.setTime(i, x, cal));
    }

    @Override
    public void setTimestamp(int index, Timestamp x) throws SQLException {
        bind(index, (p, i) -> p.setTimestamp(i, x));
    }

    @Override
    public void setTimestamp(int index, Timestamp x, Calendar cal) throws SQLException {
        bind(index, (p, i) -> p.setTimestamp(i, x, cal));
    }

    @Override
    public void setObject(int index, Object x) throws SQLException {
        bindObject(index, x, (p, i, v) -> p.setObject(i, v));
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType) throws SQLException {
        bindObject(index, x, (p, i, v) -> p.setObject(i, v, targetSqlType));
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        bindObject(index, x, (p, i, v) -> p.setObject(i, v, targetSqlType, scaleOrLength));
    }

    @Override
    public void setObject(int index, Object x, SQLType targetSqlType) throws SQLException {
        bindObject(index, x, (p, i, v) -> p.setObject(i, v, targetSqlType));
    }

    @Override
    public void setObject(int index, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        bindObject(index, x, (p, i, v) -> p.setObject(i, v, targetSqlType, scaleOrLength));
    }

    @Override
    public void setRef(int index, Ref x) throws SQLException {
        bind(index, (p, i) -> p.setRef(i, x));
    }

    @Override
    public void setBlob(int index, Blob x) throws SQLException {
        bind(index, (p, i) -> p.setBlob(i, x));
    }

    @Override
    public void setClob(int index, Clob x) throws SQLException {
        bind(index, (p, i) -> p.setClob(i, x));
    }

    @Override
    public void setNClob(int index, NClob x) throws SQLException {
        bind(index, (p, i) -> p.setNClob(i, x));
    }

    @Override
    public void setArray(int index, Array x) throws SQLException {
        bind(index, (p, i) -> p.setArray(i, x));
    }

    @Override
    public void setURL(int index, URL x) throws SQLException {
        bind(index, (p, i) -> p.setURL(i, x));
    }

    @Override
    public void setRowId(int index, RowId x) throws SQLException {
        bind(index, (p, i) -> p.setRowId(i, x));
    }

    @Override
    public void setSQLXML(int index, SQLXML x) throws SQLException {
        bind(index, (p, i) -> p.setSQLXML(i, x));
    }

    // --- streams and readers --------------------------------------------------------------------

    @Override
    public void setAsciiStream(int index, InputStream x) throws SQLException {
        bindBytes(index, "setAsciiStream", x, -1, PreparedStatement::setAsciiStream);
    }

    @Override
    public void setAsciiStream(int index, InputStream x, int length) throws SQLException {
        bindBytes(index, "setAsciiStream", x, length, (p, i, v) -> p.setAsciiStream(i, v, length));
    }

    @Override
    public void setAsciiStream(int index, InputStream x, long length) throws SQLException {
        bindBytes(index, "setAsciiStream", x, length, (p, i, v) -> p.setAsciiStream(i, v, length));
    }

    @Deprecated
    @Override
    @SuppressWarnings("deprecation")
    public void setUnicodeStream(int index, InputStream x, int length) throws SQLException {
        bindBytes(index, "setUnicodeStream", x, length, (p, i, v) -> p.setUnicodeStream(i, v, length));
    }

    @Override
    public void setBinaryStream(int index, InputStream x) throws SQLException {
        bindBytes(index, "setBinaryStream", x, -1, PreparedStatement::setBinaryStream);
    }

    @Override
    public void setBinaryStream(int index, InputStream x, int length) throws SQLException {
        bindBytes(index, "setBinaryStream", x, length, (p, i, v) -> p.setBinaryStream(i, v, length));
    }

    @Override
    public void setBinaryStream(int index, InputStream x, long length) throws SQLException {
        bindBytes(index, "setBinaryStream", x, length, (p, i, v) -> p.setBinaryStream(i, v, length));
    }

    @Override
    public void setBlob(int index, InputStream x) throws SQLException {
        bindBytes(index, "setBlob", x, -1, PreparedStatement::setBlob);
    }

    @Override
    public void setBlob(int index, InputStream x, long length) throws SQLException {
        bindBytes(index, "setBlob", x, length, (p, i, v) -> p.setBlob(i, v, length));
    }

    @Override
    public void setCharacterStream(int index, Reader x) throws SQLException {
        bindChars(index, "setCharacterStream", x, -1, PreparedStatement::setCharacterStream);
    }

    @Override
    public void setCharacterStream(int index, Reader x, int length) throws SQLException {
        bindChars(index, "setCharacterStream", x, length, (p, i, v) -> p.setCharacterStream(i, v, length));
    }

    @Override
    public void setCharacterStream(int index, Reader x, long length) throws SQLException {
        bindChars(index, "setCharacterStream", x, length, (p, i, v) -> p.setCharacterStream(i, v, length));
    }

    @Override
    public void setNCharacterStream(int index, Reader x) throws SQLException {
        bindChars(index, "setNCharacterStream", x, -1, PreparedStatement::setNCharacterStream);
    }

    @Override
    public void setNCharacterStream(int index, Reader x, long length) throws SQLException {
        bindChars(index, "setNCharacterStream", x, length, (p, i, v) -> p.setNCharacterStream(i, v, length));
    }

    @Override
    public void setClob(int index, Reader x) throws SQLException {
        bindChars(index, "setClob", x, -1, PreparedStatement::setClob);
    }

    @Override
    public void setClob(int index, Reader x, long length) throws SQLException {
        bindChars(index, "setClob", x, length, (p, i, v) -> p.setClob(i, v, length));
    }

    @Override
    public void setNClob(int index, Reader x) throws SQLException {
        bindChars(index, "setNClob", x, -1, PreparedStatement::setNClob);
    }

    @Override
    public void setNClob(int index, Reader x, long length) throws SQLException {
        bindChars(index, "setNClob", x, length, (p, i, v) -> p.setNClob(i, v, length));
    }
}

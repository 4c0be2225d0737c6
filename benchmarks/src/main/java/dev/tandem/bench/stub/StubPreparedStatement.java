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
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared statement whose setters store nothing. It recognises one text: Tandem's PostgreSQL
 * column-metadata query, answered with the benchmark tables' columns, so that rewrites cast values to the
 * declared column types exactly as they would against a server.
 */
public final class StubPreparedStatement extends StubStatement implements PreparedStatement {
    /** How Tandem's PostgreSQL catalog query begins (dev.tandem.driver.schema.Catalog). */
    private static final String CATALOG_QUERY = "SELECT a.attname";

    private final boolean catalogQuery;

    StubPreparedStatement(StubConnection connection, String sql) {
        super(connection);
        this.catalogQuery = sql.startsWith(CATALOG_QUERY);
    }

    @Override
    ResultSet result() {
        return catalogQuery ? StubResultSet.columnsOfBenchmarkTable(this) : super.result();
    }

    @Override
    public ResultSet executeQuery() {
        return result();
    }

    @Override
    public int executeUpdate() {
        return 1;
    }

    @Override
    public boolean execute() {
        return false;
    }

    @Override
    public void addBatch() {
        batchOne();
    }

    @Override
    public void clearParameters() {
        // nothing stored
    }

    @Override
    public ResultSetMetaData getMetaData() {
        return null;
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        throw StubConnection.unsupported();
    }

    // --- setters store nothing ----------------------------------------------------------------------

    @Override
    public void setNull(int index, int sqlType) {
    }

    @Override
    public void setNull(int index, int sqlType, String typeName) {
    }

    @Override
    public void setBoolean(int index, boolean x) {
    }

    @Override
    public void setByte(int index, byte x) {
    }

    @Override
    public void setShort(int index, short x) {
    }

    @Override
    public void setInt(int index, int x) {
    }

    @Override
    public void setLong(int index, long x) {
    }

    @Override
    public void setFloat(int index, float x) {
    }

    @Override
    public void setDouble(int index, double x) {
    }

    @Override
    public void setBigDecimal(int index, BigDecimal x) {
    }

    @Override
    public void setString(int index, String x) {
    }

    @Override
    public void setNString(int index, String x) {
    }

    @Override
    public void setBytes(int index, byte[] x) {
    }

    @Override
    public void setDate(int index, Date x) {
    }

    @Override
    public void setDate(int index, Date x, Calendar cal) {
    }

    @Override
    public void setTime(int index, Time x) {
    }

    @Override
    public void setTime(int index, Time x, Calendar cal) {
    }

    @Override
    public void setTimestamp(int index, Timestamp x) {
    }

    @Override
    public void setTimestamp(int index, Timestamp x, Calendar cal) {
    }

    @Override
    public void setObject(int index, Object x) {
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType) {
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType, int scaleOrLength) {
    }

    @Override
    public void setURL(int index, URL x) {
    }

    @Override
    public void setRef(int index, Ref x) {
    }

    @Override
    public void setRowId(int index, RowId x) {
    }

    @Override
    public void setArray(int index, Array x) {
    }

    @Override
    public void setSQLXML(int index, SQLXML x) {
    }

    @Override
    public void setBlob(int index, Blob x) {
    }

    @Override
    public void setBlob(int index, InputStream x) {
    }

    @Override
    public void setBlob(int index, InputStream x, long length) {
    }

    @Override
    public void setClob(int index, Clob x) {
    }

    @Override
    public void setClob(int index, Reader x) {
    }

    @Override
    public void setClob(int index, Reader x, long length) {
    }

    @Override
    public void setNClob(int index, NClob x) {
    }

    @Override
    public void setNClob(int index, Reader x) {
    }

    @Override
    public void setNClob(int index, Reader x, long length) {
    }

    @Override
    public void setAsciiStream(int index, InputStream x) {
    }

    @Override
    public void setAsciiStream(int index, InputStream x, int length) {
    }

    @Override
    public void setAsciiStream(int index, InputStream x, long length) {
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int index, InputStream x, int length) {
    }

    @Override
    public void setBinaryStream(int index, InputStream x) {
    }

    @Override
    public void setBinaryStream(int index, InputStream x, int length) {
    }

    @Override
    public void setBinaryStream(int index, InputStream x, long length) {
    }

    @Override
    public void setCharacterStream(int index, Reader x) {
    }

    @Override
    public void setCharacterStream(int index, Reader x, int length) {
    }

    @Override
    public void setCharacterStream(int index, Reader x, long length) {
    }

    @Override
    public void setNCharacterStream(int index, Reader x) {
    }

    @Override
    public void setNCharacterStream(int index, Reader x, long length) {
    }
}

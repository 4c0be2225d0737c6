package dev.tandem.bench.stub;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * The write half of {@link ResultSet}, refused: every updater and row change throws. Kept apart so that
 * {@link StubResultSet} holds only what a reading benchmark calls.
 */
abstract class ReadOnlyResultSet implements ResultSet {

    static SQLFeatureNotSupportedException readOnly() {
        return new SQLFeatureNotSupportedException("the benchmark stub's result sets are read-only");
    }

    @Override
    public final int getConcurrency() {
        return CONCUR_READ_ONLY;
    }

    @Override
    public final boolean rowUpdated() {
        return false;
    }

    @Override
    public final boolean rowInserted() {
        return false;
    }

    @Override
    public final boolean rowDeleted() {
        return false;
    }

    @Override
    public final void insertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public final void deleteRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public final void refreshRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public final void cancelRowUpdates() throws SQLException {
        throw readOnly();
    }

    @Override
    public final void moveToInsertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public final void moveToCurrentRow() {
        // never away from the current row
    }

    @Override
    public final void updateNull(int index) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBoolean(int index, boolean x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateByte(int index, byte x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateShort(int index, short x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateInt(int index, int x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateLong(int index, long x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateFloat(int index, float x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateDouble(int index, double x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBigDecimal(int index, BigDecimal x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateString(int index, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBytes(int index, byte[] x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateDate(int index, Date x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateTime(int index, Time x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateTimestamp(int index, Timestamp x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateAsciiStream(int index, InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBinaryStream(int index, InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateCharacterStream(int index, Reader x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateObject(int index, Object x, int scaleOrLength) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateObject(int index, Object x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNull(String label) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBoolean(String label, boolean x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateByte(String label, byte x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateShort(String label, short x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateInt(String label, int x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateLong(String label, long x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateFloat(String label, float x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateDouble(String label, double x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBigDecimal(String label, BigDecimal x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateString(String label, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBytes(String label, byte[] x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateDate(String label, Date x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateTime(String label, Time x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateTimestamp(String label, Timestamp x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateAsciiStream(String label, InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBinaryStream(String label, InputStream x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateCharacterStream(String label, Reader x, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateObject(String label, Object x, int scaleOrLength) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateObject(String label, Object x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateRef(int index, Ref x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateRef(String label, Ref x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBlob(int index, Blob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBlob(String label, Blob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateClob(int index, Clob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateClob(String label, Clob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateArray(int index, Array x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateArray(String label, Array x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateRowId(int index, RowId x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateRowId(String label, RowId x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNString(int index, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNString(String label, String x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNClob(int index, NClob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNClob(String label, NClob x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateSQLXML(int index, SQLXML x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateSQLXML(String label, SQLXML x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNCharacterStream(int index, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNCharacterStream(String label, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateAsciiStream(int index, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBinaryStream(int index, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateCharacterStream(int index, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateAsciiStream(String label, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBinaryStream(String label, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateCharacterStream(String label, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBlob(int index, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBlob(String label, InputStream x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateClob(int index, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateClob(String label, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNClob(int index, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNClob(String label, Reader x, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNCharacterStream(int index, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNCharacterStream(String label, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateAsciiStream(int index, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBinaryStream(int index, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateCharacterStream(int index, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateAsciiStream(String label, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBinaryStream(String label, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateCharacterStream(String label, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBlob(int index, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBlob(String label, InputStream x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateClob(int index, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateClob(String label, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNClob(int index, Reader x) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNClob(String label, Reader x) throws SQLException {
        throw readOnly();
    }
}

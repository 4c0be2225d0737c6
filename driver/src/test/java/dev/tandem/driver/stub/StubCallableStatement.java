package dev.tandem.driver.stub;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;

/**
 * A stub callable statement: indexed setters and OUT registrations are recorded like a prepared
 * statement's ({@link #calls()}); named setters go to {@link #named()}; OUT getters by index return
 * {@code "out" + index} for String/Object and defaults otherwise.
 */
@SuppressWarnings("deprecation")
public class StubCallableStatement extends StubPreparedStatement implements CallableStatement {
    private final List<SetCall> named = new ArrayList<>();

    public StubCallableStatement(StubConnection connection, String sql, String preparedWith) {
        super(connection, sql, preparedWith);
    }

    /** Calls addressed by parameter name; {@code index} is 0 and {@code extra} holds the name. */
    public List<SetCall> named() {
        return named;
    }

    private void named(String method, String name, Object value) throws SQLException {
        checkOpen();
        named.add(new SetCall(method, 0, value, name));
    }

    @Override
    public void registerOutParameter(int i, int a1) throws SQLException {
        set("registerOutParameter", i, a1, null);
    }
    @Override
    public void registerOutParameter(int i, int a1, int a2) throws SQLException {
        set("registerOutParameter", i, a1, a2);
    }
    @Override public boolean wasNull() throws SQLException { return false; }
    @Override public String getString(int i) throws SQLException { return "out" + i; }
    @Override public boolean getBoolean(int i) throws SQLException { return false; }
    @Override public byte getByte(int i) throws SQLException { return 0; }
    @Override public short getShort(int i) throws SQLException { return 0; }
    @Override public int getInt(int i) throws SQLException { return 0; }
    @Override public long getLong(int i) throws SQLException { return 0; }
    @Override public float getFloat(int i) throws SQLException { return 0; }
    @Override public double getDouble(int i) throws SQLException { return 0; }
    @Override public BigDecimal getBigDecimal(int i, int a1) throws SQLException { return null; }
    @Override public byte[] getBytes(int i) throws SQLException { return null; }
    @Override public Date getDate(int i) throws SQLException { return null; }
    @Override public Time getTime(int i) throws SQLException { return null; }
    @Override public Timestamp getTimestamp(int i) throws SQLException { return null; }
    @Override public Object getObject(int i) throws SQLException { return "out" + i; }
    @Override public BigDecimal getBigDecimal(int i) throws SQLException { return null; }
    @Override public Object getObject(int i, Map<String, Class<?>> a1) throws SQLException { return "out" + i; }
    @Override public Ref getRef(int i) throws SQLException { return null; }
    @Override public Blob getBlob(int i) throws SQLException { return null; }
    @Override public Clob getClob(int i) throws SQLException { return null; }
    @Override public Array getArray(int i) throws SQLException { return null; }
    @Override public Date getDate(int i, Calendar a1) throws SQLException { return null; }
    @Override public Time getTime(int i, Calendar a1) throws SQLException { return null; }
    @Override public Timestamp getTimestamp(int i, Calendar a1) throws SQLException { return null; }
    @Override
    public void registerOutParameter(int i, int a1, String a2) throws SQLException {
        set("registerOutParameter", i, a1, a2);
    }
    @Override
    public void registerOutParameter(String n, int a1) throws SQLException {
        named("registerOutParameter", n, a1);
    }
    @Override
    public void registerOutParameter(String n, int a1, int a2) throws SQLException {
        named("registerOutParameter", n, a1);
    }
    @Override
    public void registerOutParameter(String n, int a1, String a2) throws SQLException {
        named("registerOutParameter", n, a1);
    }
    @Override public URL getURL(int i) throws SQLException { return null; }
    @Override public void setURL(String n, URL a1) throws SQLException { named("setURL", n, a1); }
    @Override public void setNull(String n, int a1) throws SQLException { named("setNull", n, a1); }
    @Override public void setBoolean(String n, boolean a1) throws SQLException { named("setBoolean", n, a1); }
    @Override public void setByte(String n, byte a1) throws SQLException { named("setByte", n, a1); }
    @Override public void setShort(String n, short a1) throws SQLException { named("setShort", n, a1); }
    @Override public void setInt(String n, int a1) throws SQLException { named("setInt", n, a1); }
    @Override public void setLong(String n, long a1) throws SQLException { named("setLong", n, a1); }
    @Override public void setFloat(String n, float a1) throws SQLException { named("setFloat", n, a1); }
    @Override public void setDouble(String n, double a1) throws SQLException { named("setDouble", n, a1); }
    @Override public void setBigDecimal(String n, BigDecimal a1) throws SQLException { named("setBigDecimal", n, a1); }
    @Override public void setString(String n, String a1) throws SQLException { named("setString", n, a1); }
    @Override public void setBytes(String n, byte[] a1) throws SQLException { named("setBytes", n, a1); }
    @Override public void setDate(String n, Date a1) throws SQLException { named("setDate", n, a1); }
    @Override public void setTime(String n, Time a1) throws SQLException { named("setTime", n, a1); }
    @Override public void setTimestamp(String n, Timestamp a1) throws SQLException { named("setTimestamp", n, a1); }
    @Override
    public void setAsciiStream(String n, InputStream a1, int a2) throws SQLException {
        named("setAsciiStream", n, a1);
    }
    @Override
    public void setBinaryStream(String n, InputStream a1, int a2) throws SQLException {
        named("setBinaryStream", n, a1);
    }
    @Override
    public void setObject(String n, Object a1, int a2, int a3) throws SQLException {
        named("setObject", n, a1);
    }
    @Override public void setObject(String n, Object a1, int a2) throws SQLException { named("setObject", n, a1); }
    @Override public void setObject(String n, Object a1) throws SQLException { named("setObject", n, a1); }
    @Override
    public void setCharacterStream(String n, Reader a1, int a2) throws SQLException {
        named("setCharacterStream", n, a1);
    }
    @Override public void setDate(String n, Date a1, Calendar a2) throws SQLException { named("setDate", n, a1); }
    @Override public void setTime(String n, Time a1, Calendar a2) throws SQLException { named("setTime", n, a1); }
    @Override
    public void setTimestamp(String n, Timestamp a1, Calendar a2) throws SQLException {
        named("setTimestamp", n, a1);
    }
    @Override public void setNull(String n, int a1, String a2) throws SQLException { named("setNull", n, a1); }
    @Override public String getString(String n) throws SQLException { return null; }
    @Override public boolean getBoolean(String n) throws SQLException { return false; }
    @Override public byte getByte(String n) throws SQLException { return 0; }
    @Override public short getShort(String n) throws SQLException { return 0; }
    @Override public int getInt(String n) throws SQLException { return 0; }
    @Override public long getLong(String n) throws SQLException { return 0; }
    @Override public float getFloat(String n) throws SQLException { return 0; }
    @Override public double getDouble(String n) throws SQLException { return 0; }
    @Override public byte[] getBytes(String n) throws SQLException { return null; }
    @Override public Date getDate(String n) throws SQLException { return null; }
    @Override public Time getTime(String n) throws SQLException { return null; }
    @Override public Timestamp getTimestamp(String n) throws SQLException { return null; }
    @Override public Object getObject(String n) throws SQLException { return null; }
    @Override public BigDecimal getBigDecimal(String n) throws SQLException { return null; }
    @Override public Object getObject(String n, Map<String, Class<?>> a1) throws SQLException { return null; }
    @Override public Ref getRef(String n) throws SQLException { return null; }
    @Override public Blob getBlob(String n) throws SQLException { return null; }
    @Override public Clob getClob(String n) throws SQLException { return null; }
    @Override public Array getArray(String n) throws SQLException { return null; }
    @Override public Date getDate(String n, Calendar a1) throws SQLException { return null; }
    @Override public Time getTime(String n, Calendar a1) throws SQLException { return null; }
    @Override public Timestamp getTimestamp(String n, Calendar a1) throws SQLException { return null; }
    @Override public URL getURL(String n) throws SQLException { return null; }
    @Override public RowId getRowId(int i) throws SQLException { return null; }
    @Override public RowId getRowId(String n) throws SQLException { return null; }
    @Override public void setRowId(String n, RowId a1) throws SQLException { named("setRowId", n, a1); }
    @Override public void setNString(String n, String a1) throws SQLException { named("setNString", n, a1); }
    @Override
    public void setNCharacterStream(String n, Reader a1, long a2) throws SQLException {
        named("setNCharacterStream", n, a1);
    }
    @Override public void setNClob(String n, NClob a1) throws SQLException { named("setNClob", n, a1); }
    @Override public void setClob(String n, Reader a1, long a2) throws SQLException { named("setClob", n, a1); }
    @Override public void setBlob(String n, InputStream a1, long a2) throws SQLException { named("setBlob", n, a1); }
    @Override public void setNClob(String n, Reader a1, long a2) throws SQLException { named("setNClob", n, a1); }
    @Override public NClob getNClob(int i) throws SQLException { return null; }
    @Override public NClob getNClob(String n) throws SQLException { return null; }
    @Override public void setSQLXML(String n, SQLXML a1) throws SQLException { named("setSQLXML", n, a1); }
    @Override public SQLXML getSQLXML(int i) throws SQLException { return null; }
    @Override public SQLXML getSQLXML(String n) throws SQLException { return null; }
    @Override public String getNString(int i) throws SQLException { return "out" + i; }
    @Override public String getNString(String n) throws SQLException { return null; }
    @Override public Reader getNCharacterStream(int i) throws SQLException { return null; }
    @Override public Reader getNCharacterStream(String n) throws SQLException { return null; }
    @Override public Reader getCharacterStream(int i) throws SQLException { return null; }
    @Override public Reader getCharacterStream(String n) throws SQLException { return null; }
    @Override public void setBlob(String n, Blob a1) throws SQLException { named("setBlob", n, a1); }
    @Override public void setClob(String n, Clob a1) throws SQLException { named("setClob", n, a1); }
    @Override
    public void setAsciiStream(String n, InputStream a1, long a2) throws SQLException {
        named("setAsciiStream", n, a1);
    }
    @Override
    public void setBinaryStream(String n, InputStream a1, long a2) throws SQLException {
        named("setBinaryStream", n, a1);
    }
    @Override
    public void setCharacterStream(String n, Reader a1, long a2) throws SQLException {
        named("setCharacterStream", n, a1);
    }
    @Override
    public void setAsciiStream(String n, InputStream a1) throws SQLException {
        named("setAsciiStream", n, a1);
    }
    @Override
    public void setBinaryStream(String n, InputStream a1) throws SQLException {
        named("setBinaryStream", n, a1);
    }
    @Override
    public void setCharacterStream(String n, Reader a1) throws SQLException {
        named("setCharacterStream", n, a1);
    }
    @Override
    public void setNCharacterStream(String n, Reader a1) throws SQLException {
        named("setNCharacterStream", n, a1);
    }
    @Override public void setClob(String n, Reader a1) throws SQLException { named("setClob", n, a1); }
    @Override public void setBlob(String n, InputStream a1) throws SQLException { named("setBlob", n, a1); }
    @Override public void setNClob(String n, Reader a1) throws SQLException { named("setNClob", n, a1); }
    @Override public <T> T getObject(int i, Class<T> a1) throws SQLException { return null; }
    @Override public <T> T getObject(String n, Class<T> a1) throws SQLException { return null; }
    @Override
    public void setObject(String n, Object a1, SQLType a2, int a3) throws SQLException {
        named("setObject", n, a1);
    }
    @Override public void setObject(String n, Object a1, SQLType a2) throws SQLException { named("setObject", n, a1); }
    @Override
    public void registerOutParameter(int i, SQLType a1) throws SQLException {
        set("registerOutParameter", i, a1, null);
    }
    @Override
    public void registerOutParameter(int i, SQLType a1, int a2) throws SQLException {
        set("registerOutParameter", i, a1, a2);
    }
    @Override
    public void registerOutParameter(int i, SQLType a1, String a2) throws SQLException {
        set("registerOutParameter", i, a1, a2);
    }
    @Override
    public void registerOutParameter(String n, SQLType a1) throws SQLException {
        named("registerOutParameter", n, a1);
    }
    @Override
    public void registerOutParameter(String n, SQLType a1, int a2) throws SQLException {
        named("registerOutParameter", n, a1);
    }
    @Override
    public void registerOutParameter(String n, SQLType a1, String a2) throws SQLException {
        named("registerOutParameter", n, a1);
    }
}

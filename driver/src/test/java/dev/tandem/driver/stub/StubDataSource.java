package dev.tandem.driver.stub;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/** A DataSource that opens a new {@link StubConnection} per call and remembers them. */
public class StubDataSource implements DataSource {
    private final String url;
    private final List<StubConnection> opened = new ArrayList<>();
    private int loginTimeout;
    private PrintWriter logWriter;

    public StubDataSource(String url) {
        this.url = url;
    }

    public List<StubConnection> opened() {
        return opened;
    }

    @Override
    public Connection getConnection() {
        return getConnection(null, null);
    }

    @Override
    public synchronized Connection getConnection(String username, String password) {
        Properties info = new Properties();
        if (username != null) {
            info.setProperty("user", username);
        }
        StubConnection connection = new StubConnection(url, info);
        opened.add(connection);
        return connection;
    }

    @Override public PrintWriter getLogWriter() { return logWriter; }
    @Override public void setLogWriter(PrintWriter out) { logWriter = out; }
    @Override public void setLoginTimeout(int seconds) { loginTimeout = seconds; }
    @Override public int getLoginTimeout() { return loginTimeout; }
    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
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
}

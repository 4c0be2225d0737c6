package dev.tandem.driver.internal.jdbc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * Database metadata whose {@code getConnection()} returns the Tandem connection and whose {@code getURL()} the
 * URL the application connected with (a tool that reconnects with it must not bypass Tandem). Everything else,
 * including the result sets it returns, is the real driver's.
 */
abstract class DatabaseMetaDataWrapper extends JdbcWrapper<DatabaseMetaData> implements DatabaseMetaData {
    private static final MethodHandle NEW = Delegation.constructor(DatabaseMetaDataWrapper.class,
        MethodType.methodType(DatabaseMetaDataWrapper.class, DatabaseMetaData.class, ConnectionWrapper.class));

    private final ConnectionWrapper connection;

    protected DatabaseMetaDataWrapper(DatabaseMetaData delegate, ConnectionWrapper connection) {
        super(delegate);
        this.connection = connection;
    }

    static DatabaseMetaData wrap(DatabaseMetaData delegate, ConnectionWrapper connection) {
        try {
            return (DatabaseMetaDataWrapper) NEW.invokeExact(delegate, connection);
        } catch (Throwable t) {
            throw Delegation.rethrow(t);
        }
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public String getURL() throws SQLException {
        String url = connection.url();
        return url != null ? url : delegate.getURL();
    }
}

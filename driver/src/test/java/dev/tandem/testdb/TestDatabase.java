package dev.tandem.testdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One fresh database on a real test server, created by {@link TestDatabases#create(DbKind)}.
 *
 * @param kind    the kind of server it lives on
 * @param jdbcUrl the real driver's URL for it, credentials included ({@code jdbc:postgresql://...}, {@code
 *                jdbc:mysql://...})
 * @param name    the database name
 */
public record TestDatabase(DbKind kind, String jdbcUrl, String name) {

    private static final String JDBC_PREFIX = "jdbc:";

    /** Opens a connection through the real driver. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl);
    }

    /**
     * The Tandem URL for this database: {@code jdbc:tandem:} followed by the real URL, with {@code tandemQuery}
     * (e.g. {@code tandem.config=file:/x.yaml}) appended to its query; {@code null} or empty appends nothing.
     */
    public String tandemUrl(String tandemQuery) {
        String tandem = "jdbc:tandem:" + jdbcUrl.substring(JDBC_PREFIX.length());
        return JdbcUrls.appendQuery(tandem, tandemQuery);
    }

    /** Runs each statement in order, in autocommit mode, on one new connection that is then closed. */
    public void execute(String... sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    @Override
    public String toString() {
        return kind + " database " + name + " (" + JdbcUrls.redact(jdbcUrl) + ")";
    }
}

package dev.tandem.testdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestDatabasesTest {

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void createsAnEmptyDatabaseThatStoresAndReadsRows(DbKind kind) throws SQLException {
        TestDatabase database = TestDatabases.create(kind, "TestDatabasesTest");

        assertThat(database.kind()).isEqualTo(kind);
        assertThat(database.name()).startsWith("testdatabasestest_");
        assertThat(tableNames(database)).isEmpty();

        database.execute(
                "CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL)",
                "INSERT INTO users (id, email) VALUES (1, 'ada@example.com')");

        try (Connection connection = database.connect()) {
            assertThat(connection.getCatalog()).isEqualTo(database.name());
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT id, email FROM users")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt("id")).isEqualTo(1);
                assertThat(rows.getString("email")).isEqualTo("ada@example.com");
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void twoDatabasesOfOneKindAreDistinctAndIsolated(DbKind kind) throws SQLException {
        TestDatabase first = TestDatabases.create(kind);
        TestDatabase second = TestDatabases.create(kind);

        assertThat(first.name()).isNotEqualTo(second.name());
        assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());

        first.execute("CREATE TABLE items (id INT PRIMARY KEY)", "INSERT INTO items (id) VALUES (7)");

        assertThat(tableNames(second)).isEmpty();
        assertThrows(SQLException.class, () -> second.execute("SELECT id FROM items"));
        second.execute("CREATE TABLE items (id INT PRIMARY KEY)");
        assertThat(count(second, "items")).isZero();
        assertThat(count(first, "items")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void tandemUrlWrapsTheRealUrlOfTheDatabase(DbKind kind) {
        TestDatabase database = TestDatabases.create(kind);

        String tandemUrl = database.tandemUrl("tandem.onUnsupported=fail");

        assertThat(tandemUrl)
                .isEqualTo("jdbc:tandem:" + database.jdbcUrl().substring("jdbc:".length())
                        + "&tandem.onUnsupported=fail")
                .contains("/" + database.name() + "?");
    }

    private static List<String> tableNames(TestDatabase database) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = database.connect();
                ResultSet tables = connection.getMetaData()
                        .getTables(connection.getCatalog(), connection.getSchema(), "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                names.add(tables.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    private static long count(TestDatabase database, String table) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

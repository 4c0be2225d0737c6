package dev.tandem.bench.e2e;

import dev.tandem.bench.MigrationSpec;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The two benchmark tables, created and seeded with the same rows, fresh for every trial (the embedded
 * servers start from a template that holds them; on an existing server they are dropped and created):
 * {@code bench_users} (migrated: email renamed to email_address) and {@code bench_accounts} (not migrated,
 * same columns). The new column is filled (email_address = email), as a backfill would have left it.
 */
final class Schema {
    static final int SEED_ROWS = 10_000;
    private static final int ROWS_PER_STATEMENT = 1_000;
    private static final String DDL = " (id BIGINT PRIMARY KEY, name VARCHAR(100), email VARCHAR(200), "
        + "email_address VARCHAR(200))";
    /** Names the embedded servers' templates, so that a change here builds new ones. */
    static final String VERSION = Integer.toHexString((DDL + SEED_ROWS + seed("t", 1, 2)).hashCode());

    private Schema() {
    }

    static void create(String rawUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(rawUrl); Statement s = c.createStatement()) {
            for (String table : new String[] {MigrationSpec.MIGRATED_TABLE, MigrationSpec.PLAIN_TABLE}) {
                s.execute("DROP TABLE IF EXISTS " + table);
                s.execute("CREATE TABLE " + table + DDL);
                for (int from = 1; from <= SEED_ROWS; from += ROWS_PER_STATEMENT) {
                    s.executeUpdate(seed(table, from, Math.min(SEED_ROWS, from + ROWS_PER_STATEMENT - 1)));
                }
            }
        }
    }

    /** "PostgreSQL 14.15", as the server reports itself. */
    static String serverVersion(String rawUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(rawUrl)) {
            DatabaseMetaData md = c.getMetaData();
            return md.getDatabaseProductName() + " " + md.getDatabaseProductVersion();
        }
    }

    /** Rows of the migrated table whose two columns differ: none, if every write went to both. */
    static long rowsWithColumnsApart(String rawUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(rawUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + MigrationSpec.MIGRATED_TABLE
                 + " WHERE email <> email_address OR (email IS NULL) <> (email_address IS NULL)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String seed(String table, int from, int to) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table)
            .append(" (id, name, email, email_address) VALUES ");
        for (int id = from; id <= to; id++) {
            String email = "'user" + id + "@example.com'";
            sql.append(id == from ? "" : ", ").append('(').append(id).append(", 'user").append(id).append("', ")
                .append(email).append(", ").append(email).append(')');
        }
        return sql.toString();
    }
}

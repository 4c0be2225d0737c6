package dev.tandem.driver.it;

import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The test schema shared by the integration tests: four migrations (rename, retype, split one column
 * into two, merge two into one) plus an unmigrated table, with per-dialect forward/backward SQL, seed
 * data, and the queries that read a table's logical state.
 */
final class Fixture {
    /** One migrated table of the fixture. */
    record MigratedTable(String table, String migration, List<String> plain, List<String> oldCols,
                         List<String> newCols) {
    }

    static final List<MigratedTable> TABLES = List.of(
        new MigratedTable("users", "users-email", List.of("id", "name"), List.of("email"), List.of("email_address")),
        new MigratedTable("orders", "orders-price", List.of("id", "user_id", "qty"), List.of("price"),
            List.of("price_cents")),
        new MigratedTable("people", "people-split", List.of("id"), List.of("full_name"),
            List.of("first_name", "last_name")),
        new MigratedTable("contacts", "contacts-merge", List.of("id"), List.of("given_name", "family_name"),
            List.of("display_name")));

    private Fixture() {
    }

    static String[] schema(DbKind kind) {
        String num = kind == DbKind.POSTGRESQL ? "NUMERIC(10,2)" : "DECIMAL(10,2)";
        return new String[] {
            "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(100), email VARCHAR(200), "
                + "email_address VARCHAR(200))",
            "CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT, qty INT, price " + num + ", price_cents BIGINT)",
            "CREATE TABLE people (id BIGINT PRIMARY KEY, full_name VARCHAR(200), first_name VARCHAR(100), "
                + "last_name VARCHAR(100))",
            "CREATE TABLE contacts (id BIGINT PRIMARY KEY, given_name VARCHAR(100), family_name VARCHAR(100), "
                + "display_name VARCHAR(200))",
            "CREATE TABLE audit_log (id BIGINT PRIMARY KEY, note VARCHAR(200))",
        };
    }

    static boolean pg(DbKind kind) {
        return kind == DbKind.POSTGRESQL;
    }

    static String forwardPrice(DbKind k) {
        return pg(k) ? "CAST(ROUND(price * 100) AS BIGINT)" : "CAST(ROUND(price * 100) AS SIGNED)";
    }

    static String forwardFirst(DbKind k) {
        return pg(k) ? "split_part(full_name, ' ', 1)" : "SUBSTRING_INDEX(full_name, ' ', 1)";
    }

    static String forwardLast(DbKind k) {
        return pg(k) ? "split_part(full_name, ' ', 2)" : "SUBSTRING_INDEX(full_name, ' ', -1)";
    }

    static String backwardFull(DbKind k) {
        return pg(k) ? "first_name || ' ' || last_name" : "CONCAT(first_name, ' ', last_name)";
    }

    static String forwardDisplay(DbKind k) {
        return pg(k) ? "given_name || ' ' || family_name" : "CONCAT(given_name, ' ', family_name)";
    }

    static String backwardGiven(DbKind k) {
        return pg(k) ? "split_part(display_name, ' ', 1)" : "SUBSTRING_INDEX(display_name, ' ', 1)";
    }

    static String backwardFamily(DbKind k) {
        return pg(k) ? "split_part(display_name, ' ', 2)" : "SUBSTRING_INDEX(display_name, ' ', -1)";
    }

    /** The migration spec with every migration in {@code phase}. */
    static String spec(DbKind k, Phase phase, int readNewPercent, int shadowPercent) {
        String common = "    phase: " + phase + "\n    readNewPercent: " + readNewPercent
            + "\n    shadowReadPercent: " + shadowPercent + "\n";
        return "migrations:\n"
            + "  - id: users-email\n    table: users\n    key: [id]\n    columns:\n"
            + "      - old: email\n        new: email_address\n" + common
            + "  - id: orders-price\n    table: orders\n    key: [id]\n    columns:\n"
            + "      - old: price\n        new: price_cents\n        forward: " + forwardPrice(k) + "\n"
            + "        backward: price_cents / 100.0\n" + common
            + "  - id: people-split\n    table: people\n    key: [id]\n    columns:\n"
            + "      - new: first_name\n        forward: \"" + forwardFirst(k) + "\"\n"
            + "      - new: last_name\n        forward: \"" + forwardLast(k) + "\"\n"
            + "      - old: full_name\n        backward: \"" + backwardFull(k) + "\"\n" + common
            + "  - id: contacts-merge\n    table: contacts\n    key: [id]\n    columns:\n"
            + "      - new: display_name\n        forward: \"" + forwardDisplay(k) + "\"\n"
            + "      - old: given_name\n        backward: \"" + backwardGiven(k) + "\"\n"
            + "      - old: family_name\n        backward: \"" + backwardFamily(k) + "\"\n" + common;
    }

    static Path writeSpec(Path dir, DbKind k, Phase phase) throws IOException {
        Path file = dir.resolve("migrations-" + k + "-" + phase + ".yaml");
        Files.writeString(file, spec(k, phase, 100, 100), StandardCharsets.UTF_8);
        return file;
    }

    /** Seeds consistent rows: old side as given, new side = forward(old). */
    static void seed(TestDatabase db) throws SQLException {
        DbKind k = db.kind();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String t : List.of("users", "orders", "people", "contacts", "audit_log")) {
                s.addBatch("DELETE FROM " + t);
            }
            s.addBatch("INSERT INTO users (id, name, email) VALUES (1, 'ann', 'ann@x.io'), (2, 'bob', 'bob@x.io'), "
                + "(3, 'cy', NULL), (4, 'dee', 'dee@x.io')");
            s.addBatch("INSERT INTO orders (id, user_id, qty, price) VALUES (1, 1, 2, 12.34), (2, 1, 1, 5.00), "
                + "(3, 2, 3, 100.10), (4, 2, 1, NULL), (5, 4, 7, 0.99)");
            s.addBatch("INSERT INTO people (id, full_name) VALUES (1, 'Ada Lovelace'), (2, 'Alan Turing')");
            s.addBatch("INSERT INTO contacts (id, given_name, family_name) VALUES (1, 'Grace', 'Hopper'), "
                + "(2, 'Linus', 'Torvalds')");
            s.addBatch("INSERT INTO audit_log (id, note) VALUES (1, 'seed')");
            s.addBatch("UPDATE users SET email_address = email");
            s.addBatch("UPDATE orders SET price_cents = " + forwardPrice(k));
            s.addBatch("UPDATE people SET first_name = " + forwardFirst(k) + ", last_name = " + forwardLast(k));
            s.addBatch("UPDATE contacts SET display_name = " + forwardDisplay(k));
            s.executeBatch();
        }
    }

    /** Overwrites the side that must not be read with wrong values, to prove which side a read used. */
    static void corrupt(TestDatabase db, boolean oldSide) throws SQLException {
        String[] sql = oldSide
            ? new String[] {"UPDATE users SET email = CONCAT('wrong-', id)", "UPDATE orders SET price = -0.01",
                "UPDATE people SET full_name = 'Wrong Name'",
                "UPDATE contacts SET given_name = 'Wrong', family_name = 'Name'"}
            : new String[] {"UPDATE users SET email_address = CONCAT('wrong-', id)", "UPDATE orders SET price_cents = -1",
                "UPDATE people SET first_name = 'Wrong', last_name = 'Name'",
                "UPDATE contacts SET display_name = 'Wrong Name'"};
        db.execute(sql);
    }

    /**
     * Every row of every table as text, with migrated tables projected to their logical old-side shape:
     * the old columns when {@code oldIsTruth}, else backward(new) cast to the old column's type.
     */
    static List<String> logicalState(TestDatabase db, boolean oldIsTruth) throws SQLException {
        DbKind k = db.kind();
        List<String> out = new ArrayList<>();
        for (MigratedTable t : TABLES) {
            List<String> cols = new ArrayList<>(t.plain());
            for (String o : t.oldCols()) {
                cols.add(oldIsTruth ? o : backwardCast(k, t.table(), o) + " AS " + o);
            }
            out.addAll(rows(db, "SELECT " + String.join(", ", cols) + " FROM " + t.table() + " ORDER BY id", t.table()));
        }
        out.addAll(rows(db, "SELECT id, note FROM audit_log ORDER BY id", "audit_log"));
        return out;
    }

    /** Every column of every table, as stored. */
    static List<String> physicalState(TestDatabase db) throws SQLException {
        List<String> out = new ArrayList<>();
        for (MigratedTable t : TABLES) {
            out.addAll(rows(db, "SELECT * FROM " + t.table() + " ORDER BY id", t.table()));
        }
        out.addAll(rows(db, "SELECT * FROM audit_log ORDER BY id", "audit_log"));
        return out;
    }

    /** Rows where some new column differs from forward(old); empty when the table is consistent. */
    static List<String> inconsistentRows(TestDatabase db) throws SQLException {
        DbKind k = db.kind();
        List<String> out = new ArrayList<>();
        for (MigratedTable t : TABLES) {
            for (String n : t.newCols()) {
                String f = forwardOf(k, n);
                String differs = pg(k) ? n + " IS DISTINCT FROM (" + f + ")" : "NOT (" + n + " <=> (" + f + "))";
                for (String row : rows(db, "SELECT * FROM " + t.table() + " WHERE " + differs + " ORDER BY id",
                    t.table() + "." + n + " != forward")) {
                    if (!row.contains("(no rows)")) {
                        out.add(row);
                    }
                }
            }
        }
        return out;
    }

    static String forwardOf(DbKind k, String newCol) {
        switch (newCol) {
            case "email_address": return "email";
            case "price_cents": return forwardPrice(k);
            case "first_name": return forwardFirst(k);
            case "last_name": return forwardLast(k);
            case "display_name": return forwardDisplay(k);
            default: throw new IllegalArgumentException(newCol);
        }
    }

    static String backwardCast(DbKind k, String table, String old) {
        switch (old) {
            case "email": return "email_address";
            case "price": return pg(k) ? "CAST(price_cents / 100.0 AS NUMERIC(10,2))" : "CAST(price_cents / 100.0 AS DECIMAL(10,2))";
            case "full_name": return backwardFull(k);
            case "given_name": return backwardGiven(k);
            case "family_name": return backwardFamily(k);
            default: throw new IllegalArgumentException(table + "." + old);
        }
    }

    static List<String> rows(TestDatabase db, String sql, String tag) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return render(rs, tag);
        }
    }

    /** A result set as lines "tag: label=value, ...", labels included so label changes are caught. */
    static List<String> render(ResultSet rs, String tag) throws SQLException {
        List<String> out = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
            StringBuilder b = new StringBuilder(tag).append(':');
            for (int i = 1; i <= md.getColumnCount(); i++) {
                b.append(' ').append(md.getColumnLabel(i)).append('=').append(rs.getString(i));
            }
            out.add(b.toString());
        }
        if (out.isEmpty()) {
            StringBuilder b = new StringBuilder(tag).append(": (no rows) columns");
            for (int i = 1; i <= md.getColumnCount(); i++) {
                b.append(' ').append(md.getColumnLabel(i));
            }
            out.add(b.toString());
        }
        return out;
    }
}

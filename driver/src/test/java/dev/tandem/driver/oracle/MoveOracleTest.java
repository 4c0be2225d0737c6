package dev.tandem.driver.oracle;

import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differential oracle for the move kind: every statement of a corpus that touches {@code products} runs on a
 * twin that only has the old schema (products with stock and price, raw driver) and through Tandem on a database
 * where the move {@code products.stock, products.price -> inventory.stock, inventory.price_cents} is in each phase,
 * inside a rolled-back transaction; results, labels, update counts, generated keys, error classes and the logical
 * data left behind must agree, and while the source is written the target must equal forward(source) row for row.
 * A refusal (0A000/TD) is allowed, except for a statement marked as one that must work in that phase.
 */
class MoveOracleTest {
    @TempDir
    Path dir;

    /** A phase of the move as the oracle runs it. */
    enum MovePhase {
        DUAL_WRITE("DUAL_WRITE", 100), SHADOW_READ("SHADOW_READ", 100), READ_NEW_100("READ_NEW", 100),
        READ_NEW_50("READ_NEW", 50), CONTRACT("CONTRACT", 100), COMPLETE_DROPPED("COMPLETE", 100);

        final String phase;
        final int readNew;

        MovePhase(String phase, int readNew) {
            this.phase = phase;
            this.readNew = readNew;
        }

        boolean dropped() {
            return this == COMPLETE_DROPPED;
        }
    }

    /**
     * One corpus statement: {@code api} q = executeQuery, u = executeUpdate, k = executeUpdate with keys;
     * {@code mustWorkOnMaria}: a write MariaDB must run (not refuse) in DUAL_WRITE..CONTRACT.
     */
    record Case(String sql, char api, List<Object> params, boolean mustWorkOnPg, boolean mustWorkOnMaria) {
        Case(String sql, char api, List<Object> params, boolean mustWorkOnPg) {
            this(sql, api, params, mustWorkOnPg, api != 'q');
        }

        /** This case, allowed to be refused on MariaDB. */
        Case refusedOnMaria() {
            return new Case(sql, api, params, mustWorkOnPg, false);
        }
    }

    static Case q(String sql, Object... params) {
        return new Case(sql, 'q', List.of(params), true);
    }

    static Case u(String sql, Object... params) {
        return new Case(sql, 'u', List.of(params), true);
    }

    static Case k(String sql, Object... params) {
        return new Case(sql, 'k', List.of(params), true);
    }

    static List<Case> corpus(DbKind k) {
        boolean pg = k == DbKind.POSTGRESQL;
        List<Case> c = new ArrayList<>(List.of(
            q("SELECT * FROM products ORDER BY id"),
            q("SELECT id, stock, price FROM products WHERE stock > 2 ORDER BY id"),
            q("SELECT p.name, p.stock * 2 AS dbl, p.price FROM products p WHERE p.price BETWEEN 1 AND 10 "
                + "ORDER BY p.price DESC, p.id"),
            q("SELECT category, sum(stock) AS total, max(price) AS top FROM products GROUP BY category "
                + "HAVING sum(stock) > 0 ORDER BY category"),
            q("SELECT count(*) AS n FROM products WHERE stock IS NULL"),
            q("SELECT s.city, p.stock FROM suppliers s JOIN products p ON p.id = s.product_id ORDER BY s.id"),
            q("SELECT id FROM products WHERE price IN (SELECT max(price) FROM products) ORDER BY id"),
            q("SELECT DISTINCT stock FROM products ORDER BY stock"),
            q("SELECT stock, price FROM products WHERE id = ?", 2),
            q("SELECT name FROM products ORDER BY stock DESC, id LIMIT 3"),
            q("SELECT p.stock FROM products p WHERE EXISTS (SELECT 1 FROM suppliers s WHERE s.product_id = p.id "
                + "AND p.stock > 0) ORDER BY p.id"),
            q("SELECT stock, price FROM products WHERE name = 'pear'"),
            q("SELECT CASE WHEN stock > 3 THEN 'many' ELSE 'few' END AS amount FROM products ORDER BY id"),
            q("WITH cheap AS (SELECT id, price FROM products WHERE price < 3) SELECT * FROM cheap ORDER BY id"),
            q("SELECT t.stock FROM (SELECT id, stock FROM products) t WHERE t.id = 2"),
            q("SELECT products.stock FROM products WHERE products.id = 1"),
            q("SELECT name, price FROM products WHERE stock = (SELECT min(stock) FROM products) ORDER BY id"),
            q("SELECT stock FROM products WHERE id = 1 UNION ALL SELECT price FROM products WHERE id = 2"),
            new Case("INSERT INTO products (name, stock, price, category) VALUES (?, ?, ?, 'fruit')", 'k',
                List.of("kiwi", 7, 3.456), true),
            new Case("INSERT INTO products (name, category) VALUES (?, 'veg')", 'k', List.of("yam"), true),
            u("INSERT INTO products (id, name) VALUES (50, 'plum')"),
            u("INSERT INTO products (id, name, stock, price) VALUES (51, 'a', 1, 1.005), (52, 'b', NULL, 2)"),
            u("UPDATE products SET stock = stock + 1 WHERE stock < 5"),
            u("UPDATE products SET price = ? WHERE id = ?", 9.999, 1),
            u("UPDATE products SET name = 'X' WHERE stock = 5"),
            u("UPDATE products SET stock = 0, price = price * 2 WHERE category = 'fruit'"),
            u("UPDATE products SET name = " + (pg ? "name || stock" : "CONCAT(name, stock)")
                + ", stock = stock + 1, category = 'x' WHERE price > ?", 2),
            u("INSERT INTO products (id, name, stock) VALUES (?, ?, ?)", 70, "lime", 4),
            u("DELETE FROM products WHERE stock = 0"),
            u("DELETE FROM products WHERE id = ?", 3),
            u("UPDATE products SET price = 'abc' WHERE id = 1"),
            u("INSERT INTO products (id, name) VALUES (1, 'dup')"),
            u("UPDATE products SET stock = NULL WHERE id IN (SELECT product_id FROM suppliers)").refusedOnMaria(),
            u("INSERT INTO products (name, stock, price) SELECT " + (pg ? "name || '2'" : "CONCAT(name, '2')")
                + ", stock, price FROM products WHERE id < 3")));
        if (pg) {
            c.add(u("INSERT INTO products (id, name, stock) VALUES (2, 'pear', 40), (60, 'new', 1) ON CONFLICT (id) "
                + "DO UPDATE SET stock = products.stock + EXCLUDED.stock"));
            c.add(u("INSERT INTO products (id, name, stock) VALUES (2, 'pear', 40) ON CONFLICT DO NOTHING"));
            c.add(q("UPDATE products SET stock = 3 WHERE id = 2 RETURNING id, stock, price AS p"));
            c.add(q("DELETE FROM products WHERE id = 4 RETURNING name"));
            c.add(q("INSERT INTO products (name, stock) VALUES ('fig2', 2) RETURNING *"));
            c.add(u("UPDATE products p SET stock = s.id FROM suppliers s WHERE s.product_id = p.id"));
            c.add(u("DELETE FROM products USING suppliers s WHERE s.product_id = products.id AND s.city = 'Oslo'"));
            c.add(new Case("UPDATE products SET stock = ? WHERE id = ?", 'k', List.of(8, 1), true));
        } else {
            c.add(u("INSERT INTO products (id, name, stock) VALUES (2, 'pear', 40) ON DUPLICATE KEY UPDATE "
                + "stock = stock + VALUES(stock)"));
            c.add(u("INSERT INTO products (id, name, stock, price) VALUES (?, ?, ?, ?), (3, 'fig', 1, 1) ON DUPLICATE "
                + "KEY UPDATE price = VALUES(price) + 1, stock = NULL", 80, "n80", 8, 0.25));
            c.add(k("INSERT INTO products (name, stock, price) VALUES ('n1', 1, 0.5), ('n2', NULL, 7)"));
            c.add(k("INSERT INTO products (id, name, stock) VALUES (?, ?, ?)", 70, "p70", 7));
            c.add(k("INSERT INTO products (id, name, stock) VALUES (NULL, 'gen', 2), (71, 'x', 3)"));
            c.add(u("INSERT IGNORE INTO products (id, name, stock) VALUES (2, 'pear', 40), (72, 'new', 1)"));
            c.add(u("UPDATE products SET price = price + 1"));
            c.add(u("UPDATE products p SET p.stock = 4, p.price = 2.5 WHERE p.name = 'kale'"));
            c.add(u("UPDATE products SET stock = stock * 2, name = CONCAT(name, '!') WHERE name LIKE 'p%' OR stock > 10"));
            c.add(u("UPDATE products SET price = NULL WHERE category IS NULL"));
            c.add(u("UPDATE products SET stock = ? WHERE id BETWEEN ? AND ?", 9, 2, 4));
            c.add(u("DELETE FROM products WHERE category = 'veg'"));
            c.add(u("DELETE FROM products WHERE stock > ? AND price < ?", 1, 2));
            c.add(u("DELETE FROM products"));
            c.add(u("UPDATE products SET stock = 1 ORDER BY id LIMIT 2").refusedOnMaria());
            c.add(u("INSERT INTO products (id, name, stock) SELECT id + 100, name, stock FROM products").refusedOnMaria());
            c.add(u("INSERT IGNORE INTO products (name, stock, price) SELECT name, stock + 1, price FROM products "
                + "WHERE price > 1"));
        }
        return c;
    }

    /**
     * The PostgreSQL corpus statements docs/sql-support.md says COMPLETE refuses (source columns dropped): several
     * VALUES rows or a SELECT naming moved columns, ON CONFLICT, RETURNING (also the one RETURN_GENERATED_KEYS adds)
     * and FROM in an UPDATE of moved columns. Every other statement must work there too.
     */
    private static boolean refusedInComplete(Case c) {
        String sql = c.sql();
        return sql.contains("ON CONFLICT") || sql.startsWith("UPDATE") && (sql.contains(" RETURNING ") || c.api() == 'k'
            || sql.contains(" FROM suppliers s ")) || sql.startsWith("INSERT INTO products (id, name, stock, price) "
            + "VALUES (51") || sql.startsWith("INSERT INTO products (name, stock, price) SELECT");
    }

    /**
     * The MariaDB corpus statements docs/sql-support.md says COMPLETE refuses there: several moved columns with
     * values reading moved ones, ORDER BY/LIMIT or a subquery, and an INSERT naming moved columns with several VALUES rows, a SELECT, IGNORE or ON DUPLICATE KEY
     * UPDATE. Every other statement must work there too.
     */
    private static boolean refusedInCompleteOnMaria(Case c) {
        String sql = c.sql();
        if (sql.startsWith("UPDATE")) {
            String set = sql.substring(sql.indexOf(" SET ") + 5);
            set = set.contains(" WHERE ") ? set.substring(0, set.indexOf(" WHERE ")) : set;
            java.util.regex.Matcher assigned = java.util.regex.Pattern.compile("\\b(p\\.)?(stock|price) =").matcher(set);
            int moved = 0;
            while (assigned.find()) {
                moved++;
            }
            java.util.regex.Matcher named = java.util.regex.Pattern.compile("\\b(stock|price)\\b").matcher(set);
            int all = 0;
            while (named.find()) {
                all++;
            }
            return moved > 0 && (moved > 1 && all > moved || sql.contains(" LIMIT ")
                || sql.contains("(SELECT"));
        }
        if (!sql.startsWith("INSERT")) {
            return false;
        }
        String columns = sql.substring(sql.indexOf('(') + 1, sql.indexOf(')'));
        boolean namesMoved = columns.matches(".*\\b(stock|price)\\b.*");
        return namesMoved && (sql.contains("), (") || sql.contains(" SELECT ") || sql.contains(" IGNORE ")
            || sql.contains(" ON DUPLICATE KEY "));
    }

    static String[] twinSchema(DbKind k) {
        boolean pg = k == DbKind.POSTGRESQL;
        return new String[] {
            "CREATE TABLE products (id " + (pg ? "BIGSERIAL" : "BIGINT AUTO_INCREMENT") + " PRIMARY KEY, "
                + "name VARCHAR(100) NOT NULL, stock INT DEFAULT 0, price " + (pg ? "NUMERIC" : "DECIMAL")
                + "(10,2), category VARCHAR(20))",
            "CREATE TABLE suppliers (id BIGINT PRIMARY KEY, product_id BIGINT, city VARCHAR(20))",
            "INSERT INTO products (id, name, stock, price, category) VALUES (1, 'apple', 5, 1.25, 'fruit')",
            "INSERT INTO products (id, name, stock, price, category) VALUES (2, 'pear', 0, 2.50, 'fruit')",
            "INSERT INTO products (id, name, stock, price, category) VALUES (3, 'fig', NULL, NULL, NULL)",
            "INSERT INTO products (id, name, stock, price, category) VALUES (4, 'leek', 12, 0.99, 'veg')",
            "INSERT INTO products (id, name, stock, price, category) VALUES (5, 'kale', 3, 4.00, 'veg')",
            "INSERT INTO suppliers (id, product_id, city) VALUES (1, 1, 'Oslo'), (2, 4, 'Rome'), (3, 9, 'Lima')",
        };
    }

    static List<String> tandemSchema(DbKind k, boolean dropped) {
        boolean pg = k == DbKind.POSTGRESQL;
        List<String> out = new ArrayList<>(List.of(twinSchema(k)));
        out.add("CREATE TABLE inventory (product_id BIGINT PRIMARY KEY" + (pg ? " REFERENCES products (id)" : "")
            + ", stock INT DEFAULT 0, price_cents BIGINT)");
        out.add("INSERT INTO inventory (product_id, stock, price_cents) SELECT id, stock, CAST(ROUND(price * 100) AS "
            + (pg ? "BIGINT" : "SIGNED") + ") FROM products");
        if (dropped && !pg) {
            // COMPLETE on MariaDB: the agent's expand made the target's foreign key, which deletes its rows.
            out.add("ALTER TABLE inventory ADD CONSTRAINT inventory_products_fk_tandem FOREIGN KEY (product_id) "
                + "REFERENCES products (id) ON DELETE CASCADE");
        }
        if (dropped) {
            out.add("ALTER TABLE products DROP COLUMN stock");
            out.add("ALTER TABLE products DROP COLUMN price");
        }
        return out;
    }

    static String spec(DbKind k, MovePhase p) {
        boolean pg = k == DbKind.POSTGRESQL;
        String dec = pg ? "numeric(10,2)" : "decimal(10,2)";
        return "migrations:\n  - id: products-inventory\n    kind: move\n    table: products\n    target: inventory\n"
            + "    key: [id]\n    targetKey: [product_id]\n    columns:\n"
            + "      - old: stock\n        new: stock\n        oldType: int\n"
            + (pg ? "" : "        oldPosition: 3\n")
            + "      - old: price\n        new: price_cents\n        forward: CAST(ROUND(price * 100) AS "
            + (pg ? "BIGINT" : "SIGNED") + ")\n        backward: price_cents / 100.0\n        oldType: " + dec + "\n"
            + (pg ? "" : "        oldPosition: 4\n")
            + "    phase: " + p.phase + "\n    readNewPercent: " + p.readNew + "\n    shadowReadPercent: 100\n";
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void everyStatementOnTheSourceBehavesAsOnTheOldSchemaInEveryPhase(DbKind kind) throws Exception {
        String tag = kind.name().toLowerCase(Locale.ROOT);
        TestDatabase twinDb = TestDatabases.create(kind, "move_oracle_twin");
        twinDb.execute(twinSchema(kind));
        List<String> differences = new ArrayList<>();
        int refusals = 0;
        int runs = 0;
        try (Connection twin = twinDb.connect()) {
            for (MovePhase p : MovePhase.values()) {
                TestDatabase db = TestDatabases.create(kind, "move_oracle_" + p.name().toLowerCase(Locale.ROOT));
                db.execute(tandemSchema(kind, p.dropped()).toArray(new String[0]));
                Path file = dir.resolve("move-" + tag + "-" + p + ".yaml");
                Files.writeString(file, spec(kind, p), StandardCharsets.UTF_8);
                try (Connection tandem = DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + file
                    + "&tandem.instanceId=move-oracle-" + tag + "-" + p))) {
                    Connection physical = kind == DbKind.POSTGRESQL
                        ? (Connection) tandem.unwrap(org.postgresql.PGConnection.class)
                        : tandem.unwrap(com.mysql.cj.jdbc.JdbcConnection.class);
                    for (Case c : corpus(kind)) {
                        runs++;
                        String expected = run(twin, twin, c, kind, null);
                        String actual = run(tandem, physical, c, kind, p);
                        if (actual.startsWith("REFUSED")) {
                            refusals++;
                            boolean mustWork = (kind == DbKind.POSTGRESQL ? c.mustWorkOnPg() : c.mustWorkOnMaria())
                                && !(p.dropped() && (kind == DbKind.POSTGRESQL ? refusedInComplete(c)
                                    : refusedInCompleteOnMaria(c)))
                                && !expected.startsWith("ERROR");
                            if (System.getenv("TANDEM_ORACLE_REFUSALS") != null) {
                                System.out.println("REFUSAL " + p + " " + c.sql() + " -> " + actual);
                            }
                            if (mustWork) {
                                differences.add(p + " refused: " + c.sql() + " -> " + actual);
                            }
                        } else if (!expected.equals(actual)) {
                            differences.add(p + ": " + c.sql() + "\n    twin:   " + expected + "\n    tandem: " + actual);
                        }
                    }
                }
            }
        }
        System.out.println("move oracle " + kind + ": " + runs + " runs, " + refusals + " refusals, "
            + differences.size() + " differences");
        assertThat(differences).as("differences between Tandem and the old-schema twin").isEmpty();
    }

    /** One run inside a rolled-back transaction, as text: results, counts, keys or the error class, then the data. */
    private static String run(Connection c, Connection physical, Case k, DbKind kind, MovePhase phase)
        throws SQLException {
        boolean pg = kind == DbKind.POSTGRESQL;
        if (k.sql().startsWith("INSERT")) {
            try (Statement s = physical.createStatement()) {
                s.execute(pg ? "SELECT setval('products_id_seq', 1000, false)" : "ALTER TABLE products AUTO_INCREMENT = 1000");
            }
        }
        c.setAutoCommit(false);
        StringBuilder out = new StringBuilder();
        try {
            try (PreparedStatement ps = k.api() == 'k' ? c.prepareStatement(k.sql(), Statement.RETURN_GENERATED_KEYS)
                : c.prepareStatement(k.sql())) {
                for (int i = 0; i < k.params().size(); i++) {
                    ps.setObject(i + 1, k.params().get(i));
                }
                if (k.api() == 'q') {
                    try (ResultSet rs = ps.executeQuery()) {
                        out.append(OracleRunner.read(rs)).append(types(rs));
                    }
                } else {
                    out.append("count ").append(ps.executeUpdate());
                    if (k.api() == 'k') {
                        try (ResultSet rs = ps.getGeneratedKeys()) {
                            // MariaDB returns the key only; PostgreSQL every column of the row (RETURNING *).
                            out.append(" keys ").append(OracleRunner.read(rs));
                        }
                    }
                }
            } catch (SQLException e) {
                c.rollback();
                String state = String.valueOf(e.getSQLState());
                if (phase != null && e.getMessage() != null && e.getMessage().startsWith("Tandem cannot rewrite")) {
                    return "REFUSED " + state + " " + e.getMessage();
                }
                return "ERROR class " + (state.length() >= 2 ? state.substring(0, 2) : state);
            }
            out.append(" | ").append(state(physical, kind, phase));
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
        return out.toString();
    }

    private static String types(ResultSet rs) throws SQLException {
        StringBuilder b = new StringBuilder(" types");
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            // The JDBC type: a move write's RETURNING column is read back through a subquery, so PostgreSQL's driver
            // no longer sees the table column behind it and names a serial column int8, not bigserial.
            b.append(' ').append(rs.getMetaData().getColumnType(i));
        }
        return b.toString();
    }

    /** The logical products rows; for Tandem, the moved columns as the target holds them, plus any target drift. */
    private static String state(Connection physical, DbKind kind, MovePhase phase) throws SQLException {
        boolean pg = kind == DbKind.POSTGRESQL;
        String dec = pg ? "NUMERIC(10,2)" : "DECIMAL(10,2)";
        String sql = phase == null ? "SELECT id, name, stock, price, category FROM products ORDER BY id"
            : "SELECT p.id, p.name, i.stock, CAST(i.price_cents / 100.0 AS " + dec + ") AS price, p.category "
            + "FROM products p LEFT JOIN inventory i ON i.product_id = p.id ORDER BY p.id";
        StringBuilder b = new StringBuilder();
        try (Statement s = physical.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            b.append(OracleRunner.read(rs).rows);
        }
        if (phase != null) {
            String drift = "SELECT p.id FROM products p LEFT JOIN inventory i ON i.product_id = p.id WHERE i.product_id "
                + "IS NULL" + (phase.dropped() ? "" : pg
                ? " OR p.stock IS DISTINCT FROM i.stock OR CAST(ROUND(p.price * 100) AS BIGINT) IS DISTINCT FROM "
                    + "i.price_cents"
                : " OR NOT (p.stock <=> i.stock) OR NOT (CAST(ROUND(p.price * 100) AS SIGNED) <=> i.price_cents)")
                + " UNION ALL SELECT i.product_id FROM inventory i LEFT JOIN products p ON p.id = i.product_id "
                + "WHERE p.id IS NULL";
            try (Statement s = physical.createStatement(); ResultSet rs = s.executeQuery(drift)) {
                List<List<String>> rows = OracleRunner.read(rs).rows;
                if (!rows.isEmpty()) {
                    b.append(" target drift at ").append(rows);
                }
            }
        }
        return b.toString();
    }
}

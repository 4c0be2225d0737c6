package dev.tandem.driver.it;

import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The move kind: columns of products moved to inventory (1:1 on the key). Writes reach both tables in one
 * statement with the application's update counts, keys and RETURNING rows; reads of moved columns through
 * products are served from inventory from READ_NEW on, under their labels and types.
 */
class MoveColumnsTest {
    @TempDir
    Path dir;

    static String spec(Phase phase, int readNewPercent) {
        return "migrations:\n  - id: products-inventory\n    kind: move\n    table: products\n    target: inventory\n"
            + "    key: [id]\n    targetKey: [product_id]\n    columns:\n"
            + "      - old: stock\n        new: stock\n"
            + "      - old: price\n        new: price_cents\n        forward: CAST(ROUND(price * 100) AS BIGINT)\n"
            + "        backward: price_cents / 100.0\n        oldType: numeric(10,2)\n"
            + "    phase: " + phase + "\n    readNewPercent: " + readNewPercent + "\n    shadowReadPercent: 100\n";
    }

    static final String[] PG_SCHEMA = {
        "CREATE TABLE products (id BIGSERIAL PRIMARY KEY, name VARCHAR(100), stock INT DEFAULT 0, price NUMERIC(10,2))",
        "CREATE TABLE inventory (product_id BIGINT PRIMARY KEY REFERENCES products (id), stock INT DEFAULT 0, "
            + "price_cents BIGINT)",
        "INSERT INTO products (id, name, stock, price) VALUES (1, 'apple', 5, 1.25), (2, 'pear', 0, 2.50), "
            + "(3, 'fig', NULL, NULL)",
        "SELECT setval('products_id_seq', 10)",
    };

    /** The backfill the agent runs, as plain SQL. */
    static final String BACKFILL = "INSERT INTO inventory (product_id, stock, price_cents) SELECT id, stock, "
        + "CAST(ROUND(price * 100) AS BIGINT) FROM products ON CONFLICT (product_id) DO UPDATE SET "
        + "stock = EXCLUDED.stock, price_cents = EXCLUDED.price_cents";

    private TestDatabase pg(String name) throws SQLException {
        TestDatabase db = TestDatabases.create(DbKind.POSTGRESQL, name);
        db.execute(PG_SCHEMA);
        return db;
    }

    private Connection connect(TestDatabase db, Phase phase, int readNew) throws Exception {
        Path file = dir.resolve("move-" + phase + "-" + readNew + ".yaml");
        Specs.write(file, spec(phase, readNew));
        return DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + file + "&tandem.instanceId=move-"
            + db.name() + "-" + phase + "-" + readNew));
    }

    /** What the target holds must be forward(what the source holds), row for row, no orphan and none missing. */
    static List<String> mismatches(TestDatabase db) throws SQLException {
        return Fixture.rows(db, "SELECT p.id, p.stock, p.price, i.product_id, i.stock AS istock, i.price_cents "
            + "FROM products p FULL JOIN inventory i ON i.product_id = p.id WHERE p.id IS NULL OR i.product_id IS NULL "
            + "OR p.stock IS DISTINCT FROM i.stock OR CAST(ROUND(p.price * 100) AS BIGINT) IS DISTINCT FROM "
            + "i.price_cents ORDER BY 1", "mismatch");
    }

    static final String NONE = "mismatch: (no rows) columns id stock price product_id istock price_cents";

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"DUAL_WRITE", "SHADOW_READ", "READ_NEW", "CONTRACT"})
    void writesThroughTheSourceKeepTheTargetEqual(Phase phase) throws Exception {
        TestDatabase db = pg("move_writes_" + phase.name().toLowerCase());
        db.execute(BACKFILL);
        try (Connection c = connect(db, phase, 100)) {
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO products (name, stock, price) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "kiwi");
                ps.setInt(2, 7);
                ps.setDouble(3, 3.456);
                assertThat(ps.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong("id")).isEqualTo(11);
                    assertThat(keys.getMetaData().getColumnCount()).isEqualTo(4);
                }
            }
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("INSERT INTO products (id, name) VALUES (20, 'plum'), (21, 'lime')"))
                    .isEqualTo(2);
                // The WHERE reads what the SET changes: the target follows the rows the update chose.
                assertThat(s.executeUpdate("UPDATE products SET stock = stock + 1 WHERE stock < 6")).isEqualTo(4);
                assertThat(s.executeUpdate("UPDATE products SET price = price * 2 WHERE id = 999")).isZero();
                SQLException multi = assertThrows(SQLException.class, () -> s.executeUpdate(
                "DELETE p FROM products p JOIN inventory i ON i.product_id = p.id WHERE p.id = 1"));
            assertThat(multi.getSQLState()).isEqualTo("0A000");
            assertThat(s.executeUpdate("UPDATE products SET name = 'Apple' WHERE id = 1")).isEqualTo(1);
                assertThat(s.executeUpdate("INSERT INTO products (id, name, stock) VALUES (2, 'pear', 40) "
                    + "ON CONFLICT (id) DO UPDATE SET stock = products.stock + EXCLUDED.stock")).isEqualTo(1);
                assertThat(s.executeUpdate("INSERT INTO products (id, name, stock) VALUES (2, 'pear', 1) "
                    + "ON CONFLICT (id) DO NOTHING")).isZero();
                assertThat(TestQueries.rows(c, "UPDATE products SET price = 9.99 WHERE id = 1 RETURNING id, "
                    + "price, name AS label")).containsExactly("row: id=1 price=9.99 label=Apple");
                assertThat(s.executeUpdate("DELETE FROM products WHERE name = 'lime'")).isEqualTo(1);
                assertThat(TestQueries.rows(c, "DELETE FROM products WHERE id = 21 RETURNING id"))
                    .containsExactly("row: (no rows) columns id");
            }
            // Atomic: a failing statement leaves neither table written.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO products (id, name, stock) VALUES (?, ?, ?)")) {
                ps.setLong(1, 1);
                ps.setString(2, "dup");
                ps.setInt(3, 1);
                assertThrows(SQLException.class, ps::executeUpdate);
            }
            // In the application's transaction: a rollback takes both tables back.
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO products (id, name, stock) VALUES (30, 'nut', 3)");
                s.executeUpdate("UPDATE products SET stock = 100 WHERE id = 1");
                c.rollback();
            }
            c.setAutoCommit(true);
        }
        assertThat(mismatches(db)).containsExactly(NONE);
        assertThat(Fixture.rows(db, "SELECT p.id, p.stock, i.stock AS istock, i.price_cents FROM products p "
            + "JOIN inventory i ON i.product_id = p.id ORDER BY p.id", "r")).containsExactly(
            "r: id=1 stock=6 istock=6 price_cents=999", "r: id=2 stock=41 istock=41 price_cents=250",
            "r: id=3 stock=null istock=null price_cents=null", "r: id=11 stock=7 istock=7 price_cents=346",
            "r: id=20 stock=1 istock=1 price_cents=null");
    }

    @Test
    void readsOfMovedColumnsComeFromTheTargetFromReadNewOn() throws Exception {
        TestDatabase db = pg("move_reads");
        db.execute(BACKFILL, "UPDATE products SET stock = -1, price = -1"); // a read of the source would show
        try (Connection c = connect(db, Phase.READ_NEW, 100)) {
            assertThat(TestQueries.rows(c, "SELECT id, stock, price FROM products ORDER BY id")).containsExactly(
                "row: id=1 stock=5 price=1.25", "row: id=2 stock=0 price=2.50", "row: id=3 stock=null price=null");
            assertThat(TestQueries.rows(c, "SELECT p.name, p.stock + 1 AS more FROM products p WHERE p.stock > 0 "
                + "ORDER BY p.price DESC")).containsExactly("row: name=apple more=6");
            assertThat(TestQueries.rows(c, "SELECT * FROM products WHERE id = 1"))
                .containsExactly("row: id=1 name=apple stock=5 price=1.25");
            assertThat(TestQueries.rows(c, "SELECT count(*) AS n, sum(stock) AS s FROM products GROUP BY price > 2 "
                + "HAVING max(stock) >= 0 ORDER BY s")).containsExactly("row: n=1 s=0", "row: n=1 s=5");
            c.setAutoCommit(false);
            // A locking read reads the row it locks (the source, equal to the target until COMPLETE): a target row
            // read through the snapshot could be older than the locked source row.
            assertThat(TestQueries.rows(c, "SELECT stock FROM products WHERE id = 1 FOR UPDATE"))
                .containsExactly("row: stock=-1");
            c.rollback();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT stock, price FROM products WHERE id = 1")) {
                assertThat(rs.getMetaData().getColumnTypeName(1)).isEqualTo("int4");
                assertThat(rs.getMetaData().getColumnTypeName(2)).isEqualTo("numeric");
            }
        }
        try (Connection c = connect(db, Phase.DUAL_WRITE, 100)) {
            assertThat(TestQueries.rows(c, "SELECT stock FROM products WHERE id = 1")).containsExactly("row: stock=-1");
        }
    }

    @Test
    void batchesAndLiteralVariantsOfOneShapeWriteBothTables() throws Exception {
        TestDatabase db = pg("move_batches");
        db.execute(BACKFILL);
        try (Connection c = connect(db, Phase.DUAL_WRITE, 100)) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO products (id, name, stock, price) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < 3; i++) {
                    ps.setLong(1, 100 + i);
                    ps.setString(2, "b" + i);
                    ps.setInt(3, i);
                    ps.setBigDecimal(4, new java.math.BigDecimal("1.1" + i));
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
            }
            try (Statement s = c.createStatement()) {
                // The same shape with other literals: planned once, filled with each text's own values.
                for (int i = 0; i < 3; i++) {
                    assertThat(s.executeUpdate("UPDATE products SET stock = " + (50 + i) + ", price = 0." + i
                        + " WHERE id = " + (100 + i))).isEqualTo(1);
                }
                s.addBatch("DELETE FROM products WHERE id = 100");
                s.addBatch("UPDATE products SET stock = 7 WHERE id = 101");
                assertThat(s.executeBatch()).containsExactly(1, 1);
            }
        }
        assertThat(mismatches(db)).containsExactly(NONE);
        assertThat(Fixture.rows(db, "SELECT product_id, stock, price_cents FROM inventory WHERE product_id >= 100 "
            + "ORDER BY 1", "i")).containsExactly("i: product_id=101 stock=7 price_cents=10",
            "i: product_id=102 stock=52 price_cents=20");
    }

    @Test
    void theRewrittenTextsAreTheOnesDocumented() throws Exception {
        TestDatabase db = pg("move_texts");
        try (Connection c = connect(db, Phase.READ_NEW, 100)) {
            var runtime = dev.tandem.driver.internal.runtime.Runtimes.forInstance("move-" + db.name() + "-READ_NEW-100");
            Connection physical = (Connection) c.unwrap(org.postgresql.PGConnection.class);
            java.util.function.Function<String, String> plan = sql -> {
                try {
                    return runtime.plan(sql, runtime.snapshot(), physical).sql();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
            assertThat(plan.apply("UPDATE products SET stock = stock - ? WHERE id = ?")).isEqualTo(
                "WITH tandem_s AS (UPDATE products SET stock = stock - ? WHERE id = ? RETURNING products.id AS tandem_k1, "
                + "products.stock AS tandem_v1, products.price AS tandem_v2) INSERT INTO inventory AS tandem_tv "
                + "(product_id, stock, price_cents) SELECT tandem_k1, tandem_v1, CAST(ROUND(tandem_v2 * 100) AS BIGINT) "
                + "FROM tandem_s ON CONFLICT (product_id) DO UPDATE SET stock = EXCLUDED.stock, "
                + "price_cents = EXCLUDED.price_cents");
            assertThat(plan.apply("DELETE FROM products WHERE stock = 0")).isEqualTo(
                "WITH tandem_k AS (SELECT products.id AS tandem_k1 FROM products WHERE stock = 0 FOR UPDATE OF products), "
                + "tandem_t AS (DELETE FROM inventory WHERE (product_id) IN (SELECT tandem_k1 FROM tandem_k)) "
                + "DELETE FROM products WHERE (products.id) IN (SELECT tandem_k1 FROM tandem_k)");
            assertThat(plan.apply("SELECT p.name, p.stock FROM products p WHERE p.price > 2")).isEqualTo(
                "SELECT p.name, (SELECT tandem_mv.stock FROM inventory tandem_mv WHERE tandem_mv.product_id = p.id) "
                + "AS stock FROM products p WHERE (SELECT CAST(tandem_mv.price_cents / 100.0 AS numeric(10,2)) "
                + "FROM inventory tandem_mv WHERE tandem_mv.product_id = p.id) > 2");
            assertThat(plan.apply("UPDATE products SET name = ? WHERE id = ?"))
                .isEqualTo("UPDATE products SET name = ? WHERE id = ?");
        }
    }

    @Test
    void shadowReadsCompareTheTargetAndReportTheKeysThatDiffer() throws Exception {
        TestDatabase db = pg("move_shadow");
        db.execute(BACKFILL);
        try (Connection c = connect(db, Phase.SHADOW_READ, 100)) {
            var runtime = dev.tandem.driver.internal.runtime.Runtimes.forInstance("move-" + db.name() + "-SHADOW_READ-100");
            assertThat(TestQueries.rows(c, "SELECT id, stock, price FROM products ORDER BY id")).hasSize(3);
            assertThat(runtime.recentMismatches()).isEmpty();
            db.execute("UPDATE inventory SET stock = 77 WHERE product_id = 2");
            assertThat(TestQueries.rows(c, "SELECT p.id, p.stock FROM products p ORDER BY p.id"))
                .as("the source is served").contains("row: id=2 stock=0");
            List<String> keys = new java.util.ArrayList<>();
            runtime.recentMismatches().forEach(m -> keys.add(m.migration() + " " + m.column() + " " + m.rowKey()));
            assertThat(keys).containsExactly("products-inventory stock id=2");
        }
    }

    @Test
    void completeServesDroppedColumnsFromTheTarget() throws Exception {
        TestDatabase db = pg("move_complete");
        db.execute(BACKFILL, "ALTER TABLE products DROP COLUMN stock, DROP COLUMN price");
        try (Connection c = connect(db, Phase.COMPLETE, 100); Statement s = c.createStatement()) {
            assertThat(TestQueries.rows(c, "SELECT * FROM products WHERE id = 1"))
                .containsExactly("row: id=1 name=apple stock=5 price=1.25");
            assertThat(s.executeUpdate("UPDATE products SET name = 'Apple' WHERE stock = 5")).isEqualTo(1);
            assertThat(s.executeUpdate("INSERT INTO products (id, name) VALUES (40, 'date')")).isEqualTo(1);
            assertThat(TestQueries.rows(c, "SELECT name, stock FROM products WHERE id = 40"))
                .containsExactly("row: name=date stock=0");
            // Generated keys (RETURNING *, old column order): the moved columns as the target row stores them.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO products (name) VALUES (?)",
                Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "yam");
                assertThat(ps.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(Fixture.render(keys, "k")).containsExactly("k: id=11 name=yam stock=0 price=null");
                }
            }
            assertThat(s.executeUpdate("DELETE FROM products WHERE id IN (2, 40, 11)")).isEqualTo(3);
            var runtime = dev.tandem.driver.internal.runtime.Runtimes.forInstance("move-" + db.name() + "-COMPLETE-100");
            assertThat(runtime.plan("UPDATE products SET stock = stock - ?, price = ? WHERE name = ?", runtime.snapshot(),
                (Connection) c.unwrap(org.postgresql.PGConnection.class)).sql()).as("as documented").isEqualTo(
                "WITH tandem_k AS (SELECT products.id AS tandem_k1 FROM products WHERE name = ? FOR UPDATE OF products) "
                + "UPDATE inventory AS tandem_tv SET stock = ((tandem_tv.stock) - ?), price_cents = "
                + "CAST(ROUND(CAST(? AS numeric(10,2)) * 100) AS BIGINT) FROM tandem_k WHERE tandem_tv.product_id = "
                + "tandem_k.tandem_k1");
            assertThat(runtime.plan("UPDATE products SET name = ?, stock = ? WHERE id = ?", runtime.snapshot(),
                (Connection) c.unwrap(org.postgresql.PGConnection.class)).sql()).as("as documented").isEqualTo(
                "WITH tandem_k AS (SELECT products.id AS tandem_k1 FROM products WHERE id = ? FOR UPDATE OF products), "
                + "tandem_u AS (UPDATE products SET name = ? FROM tandem_k WHERE products.id = tandem_k.tandem_k1) "
                + "UPDATE inventory AS tandem_tv SET stock = (?) FROM tandem_k WHERE tandem_tv.product_id = "
                + "tandem_k.tandem_k1");
            assertThat(runtime.plan("INSERT INTO products (name, stock, price) VALUES (?, ?, ?)", runtime.snapshot(),
                (Connection) c.unwrap(org.postgresql.PGConnection.class)).sql()).as("as documented").isEqualTo(
                "WITH tandem_s AS (INSERT INTO products (name) VALUES (?) RETURNING products.id AS tandem_k1) "
                + "INSERT INTO inventory AS tandem_tv (product_id, stock, price_cents) SELECT tandem_k1, (?), "
                + "CAST(ROUND(CAST(? AS numeric(10,2)) * 100) AS BIGINT) FROM tandem_s ON CONFLICT (product_id) "
                + "DO UPDATE SET stock = EXCLUDED.stock, price_cents = EXCLUDED.price_cents");
            // Moved columns set through the source land in the target, computed from the target row and the locked
            // source row, the value stored as the old column would have stored it (3.456 -> 3.46).
            try (PreparedStatement ps = c.prepareStatement(
                "UPDATE products SET stock = stock - ?, price = ? WHERE name = ? AND stock > 0")) {
                ps.setInt(1, 2);
                ps.setDouble(2, 3.456);
                ps.setString(3, "Apple");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(s.executeUpdate("UPDATE products SET stock = 1 WHERE id = 999")).isZero();
            assertThat(TestQueries.rows(c, "SELECT stock, price FROM products WHERE id = 1"))
                .containsExactly("row: stock=3 price=3.46");
            // An UPDATE that sets moved and other columns (what Hibernate's dirty checking sends) writes both tables,
            // every value seeing the row as it was: stock reads the old name's length, name the old stock.
            assertThat(s.executeUpdate("UPDATE products SET stock = length(name) + stock, name = name || stock "
                + "WHERE id = 1")).isEqualTo(1);
            assertThat(TestQueries.rows(c, "SELECT name, stock, price FROM products WHERE id = 1"))
                .containsExactly("row: name=Apple3 stock=8 price=3.46");
            // An INSERT naming moved columns (one row): the target row gets them, cast as the old column stored them.
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO products (id, name, stock, price) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, 41);
                ps.setString(2, "fig");
                ps.setInt(3, 6);
                ps.setDouble(4, 2.345);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(TestQueries.rows(c, "SELECT * FROM products WHERE id = 41"))
                .containsExactly("row: id=41 name=fig stock=6 price=2.35");
            SQLException several = assertThrows(SQLException.class, () -> s.executeUpdate(
                "INSERT INTO products (id, name, stock) VALUES (42, 'a', 1), (43, 'b', 2)"));
            assertThat(several.getSQLState()).isEqualTo("0A000");
            assertThat(several.getMessage()).contains("one VALUES row only");
            SQLException reads = assertThrows(SQLException.class, () -> s.executeUpdate(
                "INSERT INTO products (id, name, stock) VALUES (44, 'a', (SELECT 1))"));
            assertThat(reads.getSQLState()).isEqualTo("0A000");
            assertThat(TestQueries.rows(c, "SELECT count(*) AS n FROM products WHERE id > 41"))
                .containsExactly("row: n=0");
        }
        assertThat(Fixture.rows(db, "SELECT product_id, stock, price_cents FROM inventory ORDER BY 1", "i"))
            .containsExactly("i: product_id=1 stock=8 price_cents=346", "i: product_id=3 stock=null price_cents=null",
                "i: product_id=41 stock=6 price_cents=235");
    }

    @Test
    void directWritesOfTheTargetReachTheSourceOrAreRefused() throws Exception {
        TestDatabase db = pg("move_target");
        db.execute(BACKFILL);
        try (Connection c = connect(db, Phase.DUAL_WRITE, 100); Statement s = c.createStatement()) {
            // The new version writes the target; the old version reads it through the source (MoveTargetWritesTest).
            assertThat(s.executeUpdate("UPDATE inventory SET stock = 1 WHERE product_id = 1")).isEqualTo(1);
            assertThat(Fixture.rows(db, "SELECT stock FROM products WHERE id = 1", "p")).containsExactly("p: stock=1");
            // What the old schema cannot hold is refused: a DELETE of a target row while the source is the truth.
            SQLException e = assertThrows(SQLException.class,
                () -> s.executeUpdate("DELETE FROM inventory WHERE product_id = 1"));
            assertThat(e.getSQLState()).isEqualTo("0A000");
            assertThat(e.getMessage()).contains("inventory").contains("products-inventory");
            assertThat(TestQueries.rows(c, "SELECT stock FROM inventory WHERE product_id = 1"))
                .containsExactly("row: stock=1");
            SQLException merge = assertThrows(SQLException.class, () -> s.executeUpdate("MERGE INTO products p USING "
                + "inventory i ON i.product_id = p.id WHEN MATCHED THEN UPDATE SET stock = i.stock"));
            assertThat(merge.getMessage()).contains("MERGE");
        }
    }

    static final String[] MARIA_SCHEMA = {
        "CREATE TABLE products (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), stock INT DEFAULT 0, "
            + "price DECIMAL(10,2))",
        // The CHECK lets a test make the target's write fail after the application's statement succeeded.
        "CREATE TABLE inventory (product_id BIGINT PRIMARY KEY, stock INT DEFAULT 0 CHECK (stock < 1000), "
            + "price_cents BIGINT)",
        "INSERT INTO products (id, name, stock, price) VALUES (1, 'apple', 5, 1.25), (2, 'pear', 0, 2.50), "
            + "(3, 'fig', NULL, NULL)",
        "ALTER TABLE products AUTO_INCREMENT = 11",
        "INSERT INTO inventory (product_id, stock, price_cents) SELECT id, stock, CAST(ROUND(price * 100) AS SIGNED) "
            + "FROM products",
    };

    static String mariaSpec(Phase phase) {
        return spec(phase, 100).replace("BIGINT)\n", "SIGNED)\n").replace("numeric(10,2)", "decimal(10,2)");
    }

    private TestDatabase maria(String name) throws SQLException {
        TestDatabase db = TestDatabases.create(DbKind.MARIADB, name);
        db.execute(MARIA_SCHEMA);
        return db;
    }

    private Connection connectMaria(TestDatabase db, Phase phase) throws Exception {
        Path file = dir.resolve("maria-" + db.name() + "-" + phase + ".yaml");
        Specs.write(file, mariaSpec(phase));
        return DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + file + "&tandem.instanceId=move-"
            + db.name() + "-" + phase));
    }

    /** {@link #mismatches} on MariaDB (no FULL JOIN, {@code <=>} for IS NOT DISTINCT FROM). */
    static List<String> mariaMismatches(TestDatabase db) throws SQLException {
        return Fixture.rows(db, "SELECT p.id, i.product_id FROM products p LEFT JOIN inventory i ON i.product_id = p.id "
            + "WHERE i.product_id IS NULL OR NOT (p.stock <=> i.stock) OR NOT (CAST(ROUND(p.price * 100) AS SIGNED) "
            + "<=> i.price_cents) UNION ALL SELECT p.id, i.product_id FROM inventory i LEFT JOIN products p "
            + "ON p.id = i.product_id WHERE p.id IS NULL", "mismatch");
    }

    static final String MARIA_NONE = "mismatch: (no rows) columns id product_id";

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"DUAL_WRITE", "SHADOW_READ", "READ_NEW", "CONTRACT"})
    void mariaDbWritesThroughTheSourceKeepTheTargetEqual(Phase phase) throws Exception {
        TestDatabase db = maria("move_maria_" + phase.name().toLowerCase());
        try (Connection c = connectMaria(db, phase)) {
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO products (name, stock, price) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "kiwi");
                ps.setInt(2, 7);
                ps.setDouble(3, 3.456);
                assertThat(ps.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong(1)).isEqualTo(11);
                    assertThat(keys.next()).isFalse();
                }
            }
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("INSERT INTO products (id, name) VALUES (20, 'plum'), (21, 'lime')"))
                    .isEqualTo(2);
                assertThat(s.executeUpdate("INSERT INTO products (name, stock) VALUES ('m1', 1), ('m2', 2)",
                    Statement.RETURN_GENERATED_KEYS)).isEqualTo(2);
                try (ResultSet keys = s.getGeneratedKeys()) {
                    assertThat(Fixture.render(keys, "k")).containsExactly("k: GENERATED_KEY=22", "k: GENERATED_KEY=23");
                }
                assertThat(s.executeUpdate("INSERT INTO products (id, name, stock) VALUES (25, 'set', 4)")).isEqualTo(1);
                // The WHERE reads what the SET changes: the keys are captured (and locked) first.
                assertThat(s.executeUpdate("UPDATE products SET stock = stock + 1 WHERE stock < 6")).isEqualTo(7);
                assertThat(s.executeUpdate("UPDATE products SET price = price * 2 WHERE id = 999")).isZero();
                assertThat(s.executeUpdate("UPDATE products p SET p.price = 9.99 WHERE p.id = 1")).isEqualTo(1);
                assertThat(s.executeUpdate("UPDATE products SET name = 'Apple' WHERE id = 1")).isEqualTo(1);
                assertThat(s.executeUpdate("UPDATE products SET price = 0.5 WHERE name = 'm2'")).isEqualTo(1);
                // The key is the only unique index: the rows of the keys it names are those it writes.
                assertThat(s.executeUpdate("INSERT INTO products (id, name, stock) VALUES (2, 'pear', 40), "
                    + "(26, 'new', 1) ON DUPLICATE KEY UPDATE stock = stock + VALUES(stock)")).isEqualTo(3);
                assertThat(s.executeUpdate("INSERT INTO products (id, name, stock) VALUES (2, 'pear', 40) "
                    + "ON DUPLICATE KEY UPDATE stock = stock - 40")).isEqualTo(2);
                assertThat(s.executeUpdate("DELETE FROM products WHERE id = 26")).isEqualTo(1);
                assertThat(s.executeUpdate("DELETE FROM products WHERE name = 'lime'")).isEqualTo(1);
                assertThat(s.executeUpdate("DELETE FROM products WHERE id = 21")).isZero();
                for (String refused : new String[] {
                    "DELETE p FROM products p JOIN inventory i ON i.product_id = p.id WHERE p.id = 1",
                    "INSERT INTO products (id, name, stock) SELECT id + 100, name, stock FROM products WHERE id = 1",
                    "INSERT INTO products (id, name, stock) VALUES (2, 'pear', 1) ON DUPLICATE KEY UPDATE id = 9",
                    "UPDATE products SET stock = 1 WHERE id IN (SELECT product_id FROM inventory)",
                    "UPDATE products SET stock = 1 ORDER BY id LIMIT 1",
                    "DELETE FROM products WHERE price < RAND()"}) {
                    SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(refused), refused);
                    assertThat(e.getSQLState()).as(refused).isEqualTo("0A000");
                }
            }
            // Atomic in autocommit: a failing application statement, or a failing write of the target after the
            // application's statement succeeded (the CHECK on inventory), leaves neither table written.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO products (id, name, stock) VALUES (?, ?, ?)")) {
                ps.setLong(1, 1);
                ps.setString(2, "dup");
                ps.setInt(3, 1);
                assertThrows(SQLException.class, ps::executeUpdate);
            }
            try (Statement s = c.createStatement()) {
                assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE products SET stock = 5000 WHERE id = 2"));
                assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO products (id, name, stock) "
                    + "VALUES (40, 'big', 5000)"));
                assertThat(c.getAutoCommit()).isTrue();
            }
            // In the application's transaction: a failing pair leaves nothing behind, the transaction goes on, and a
            // rollback takes both tables back.
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO products (id, name, stock) VALUES (30, 'nut', 3)");
                assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE products SET stock = 5000 WHERE id = 2"));
                assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO products (id, name) VALUES (1, 'dup')"));
                assertThat(s.executeUpdate("UPDATE products SET stock = stock + 10 WHERE id = 2")).isEqualTo(1);
                c.commit();
                s.executeUpdate("INSERT INTO products (id, name, stock) VALUES (31, 'gone', 3)");
                s.executeUpdate("UPDATE products SET stock = 100 WHERE id = 1");
                c.rollback();
            }
            c.setAutoCommit(true);
        }
        assertThat(mariaMismatches(db)).containsExactly(MARIA_NONE);
        assertThat(Fixture.rows(db, "SELECT p.id, p.stock, i.stock AS istock, i.price_cents FROM products p "
            + "JOIN inventory i ON i.product_id = p.id ORDER BY p.id", "r")).containsExactly(
            "r: id=1 stock=6 istock=6 price_cents=999", "r: id=2 stock=11 istock=11 price_cents=250",
            "r: id=3 stock=null istock=null price_cents=null", "r: id=11 stock=7 istock=7 price_cents=346",
            "r: id=20 stock=1 istock=1 price_cents=null", "r: id=22 stock=2 istock=2 price_cents=null",
            "r: id=23 stock=3 istock=3 price_cents=50", "r: id=25 stock=5 istock=5 price_cents=null",
            "r: id=30 stock=3 istock=3 price_cents=null");
    }

    @Test
    void mariaDbBatchesAndLiteralVariantsRunTheirStepsAndTheTextsAreTheOnesDocumented() throws Exception {
        TestDatabase db = maria("move_maria_batches");
        try (Connection c = connectMaria(db, Phase.READ_NEW)) {
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO products (id, name, stock, price) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < 3; i++) {
                    ps.setLong(1, 100 + i);
                    ps.setString(2, "b" + i);
                    ps.setInt(3, i);
                    ps.setBigDecimal(4, new java.math.BigDecimal("1.1" + i));
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE products SET stock = stock - ? WHERE id = ?")) {
                for (int i = 0; i < 3; i++) {
                    ps.setInt(1, 1);
                    ps.setLong(2, 100 + i);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsExactly(1, 1, 1);
            }
            try (Statement s = c.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    assertThat(s.executeUpdate("UPDATE products SET stock = " + (50 + i) + ", price = 0." + i
                        + " WHERE id = " + (100 + i))).isEqualTo(1);
                }
                s.addBatch("UPDATE products SET name = 'n' WHERE id = 100");
                s.addBatch("DELETE FROM products WHERE id = 100");
                s.addBatch("UPDATE products SET stock = 7 WHERE id = 101");
                assertThat(s.executeBatch()).containsExactly(1, 1, 1);
            }
            var runtime = dev.tandem.driver.internal.runtime.Runtimes.forInstance("move-" + db.name() + "-READ_NEW");
            Connection physical = c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class);
            java.util.function.Function<String, String> plan = sql -> {
                try {
                    return runtime.plan(sql, runtime.snapshot(), physical).toString().replaceFirst("^Plan\\[[^]]*\\] ", "");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
            assertThat(plan.apply("UPDATE products SET stock = stock - ? WHERE id = ?")).isEqualTo(
                "UPDATE products SET stock = stock - ? WHERE id = ?; AFTER: INSERT INTO inventory (product_id, stock, "
                + "price_cents) SELECT products.id, products.stock, CAST(ROUND(products.price * 100) AS SIGNED) FROM "
                + "products WHERE id = ? FOR UPDATE ON DUPLICATE KEY UPDATE stock = VALUES(stock), price_cents = "
                + "VALUES(price_cents)");
            assertThat(plan.apply("UPDATE products SET stock = 0 WHERE stock < ?")).isEqualTo(
                "UPDATE products SET stock = 0 WHERE stock < ?; CAPTURE: SELECT products.id FROM products WHERE stock < ? "
                + "FOR UPDATE; AFTER: INSERT INTO inventory (product_id, stock, price_cents) SELECT products.id, "
                + "products.stock, CAST(ROUND(products.price * 100) AS SIGNED) FROM products WHERE products.id IN "
                + "(/*tandem:keys*/) FOR UPDATE ON DUPLICATE KEY UPDATE stock = VALUES(stock), price_cents = "
                + "VALUES(price_cents)");
            assertThat(plan.apply("DELETE FROM products WHERE stock = 0")).isEqualTo(
                "DELETE FROM products WHERE stock = 0; CAPTURE: SELECT products.id FROM products WHERE stock = 0 "
                + "FOR UPDATE; BEFORE: DELETE FROM inventory WHERE product_id IN (/*tandem:keys*/)");
            assertThat(plan.apply("INSERT INTO products (name, stock) VALUES (?, ?)")).isEqualTo(
                "INSERT INTO products (name, stock) VALUES (?, ?); AFTER: INSERT INTO inventory (product_id, stock, "
                + "price_cents) SELECT tandem_sv.id, tandem_sv.stock, CAST(ROUND(tandem_sv.price * 100) AS SIGNED) "
                + "FROM products tandem_sv WHERE tandem_sv.id BETWEEN LAST_INSERT_ID() AND LAST_INSERT_ID() + 0 * "
                + "@@auto_increment_increment FOR UPDATE ON DUPLICATE KEY UPDATE stock = VALUES(stock), price_cents = "
                + "VALUES(price_cents)");
            assertThat(plan.apply("UPDATE products SET name = ? WHERE id = ?"))
                .isEqualTo("UPDATE products SET name = ? WHERE id = ?");
        }
        assertThat(mariaMismatches(db)).containsExactly(MARIA_NONE);
        assertThat(Fixture.rows(db, "SELECT product_id, stock, price_cents FROM inventory WHERE product_id >= 100 "
            + "ORDER BY 1", "i")).containsExactly("i: product_id=101 stock=7 price_cents=10",
            "i: product_id=102 stock=52 price_cents=20");
    }

    @Test
    void mariaDbRefusesCapturesUnderReadCommittedAndCompleteWrites() throws Exception {
        TestDatabase db = maria("move_maria_rc");
        try (Connection c = connectMaria(db, Phase.DUAL_WRITE); Statement s = c.createStatement()) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            SQLException e = assertThrows(SQLException.class,
                () -> s.executeUpdate("DELETE FROM products WHERE stock = 0"));
            assertThat(e.getSQLState()).isEqualTo("0A000");
            assertThat(e.getMessage()).contains("READ COMMITTED");
            // A WHERE that the update leaves as it is needs no capture: fine under READ COMMITTED.
            assertThat(s.executeUpdate("UPDATE products SET stock = 8 WHERE id = 2")).isEqualTo(1);
            assertThat(s.executeUpdate("INSERT INTO products (name, stock) VALUES ('rc', 2)")).isEqualTo(1);
            // A write of the target before COMPLETE must reach the source: PostgreSQL only.
            SQLException target = assertThrows(SQLException.class,
                () -> s.executeUpdate("UPDATE inventory SET stock = 2 WHERE product_id = 1"));
            assertThat(target.getSQLState()).isEqualTo("0A000");
            assertThat(target.getMessage()).contains("PostgreSQL only");
        }
        assertThat(mariaMismatches(db)).containsExactly(MARIA_NONE);
        db.execute("ALTER TABLE products ADD COLUMN touched TIMESTAMP NULL ON UPDATE CURRENT_TIMESTAMP");
        try (Connection c = connectMaria(db, Phase.COMPLETE); Statement s = c.createStatement()) {
            // An UPDATE of moved columns only leaves the source row as it is: refused when that would hide a change.
            SQLException onUpdate = assertThrows(SQLException.class,
                () -> s.executeUpdate("UPDATE products SET stock = 1 WHERE id = 2"));
            assertThat(onUpdate.getSQLState()).isEqualTo("0A000");
            assertThat(onUpdate.getMessage()).contains("ON UPDATE column");
            // COMPLETE: an INSERT creates the target row through a step; a DELETE needs the cascading foreign key.
            assertThat(s.executeUpdate("INSERT INTO products (name) VALUES ('x')")).isEqualTo(1);
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM products WHERE id = 1"));
            assertThat(e.getSQLState()).isEqualTo("0A000");
            assertThat(e.getMessage()).contains("ON DELETE CASCADE");
            SQLException multi = assertThrows(SQLException.class, () -> s.executeUpdate(
                "DELETE p FROM products p JOIN inventory i ON i.product_id = p.id WHERE p.id = 1"));
            assertThat(multi.getSQLState()).isEqualTo("0A000");
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void mariaDbCompleteWritesThroughTheSourceReachTheTarget(boolean dropped) throws Exception {
        TestDatabase db = maria("move_maria_complete_" + dropped);
        db.execute("ALTER TABLE inventory ADD CONSTRAINT inventory_products_fk_tandem FOREIGN KEY (product_id) "
            + "REFERENCES products (id) ON DELETE CASCADE");
        if (dropped) {
            db.execute("ALTER TABLE products DROP COLUMN stock, DROP COLUMN price");
        }
        try (Connection c = connectMaria(db, Phase.COMPLETE); Statement s = c.createStatement()) {
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO products (name, stock, price) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "kiwi");
                ps.setInt(2, 7);
                ps.setDouble(3, 3.456);
                assertThat(ps.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(Fixture.render(keys, "k")).containsExactly("k: GENERATED_KEY=11");
                }
            }
            assertThat(s.executeUpdate("INSERT INTO products (id, name, stock) VALUES (20, 'plum', 4)")).isEqualTo(1);
            assertThat(s.executeUpdate("INSERT INTO products (id, name) VALUES (21, 'lime'), (22, 'date')"))
                .isEqualTo(2);
            assertThat(s.executeUpdate("INSERT INTO products (name) VALUES ('m1'), ('m2')",
                Statement.RETURN_GENERATED_KEYS)).isEqualTo(2);
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertThat(Fixture.render(keys, "k")).containsExactly("k: GENERATED_KEY=23", "k: GENERATED_KEY=24");
            }
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO products (id, name, stock, price) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < 2; i++) {
                    ps.setLong(1, 30 + i);
                    ps.setString(2, "b" + i);
                    ps.setInt(3, 10 + i);
                    ps.setBigDecimal(4, new java.math.BigDecimal("1.5" + i));
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsExactly(1, 1);
            }
            // An INSERT that names no moved column creates the target rows it lacks, and leaves the others.
            assertThat(s.executeUpdate("INSERT INTO products (id, name) VALUES (31, 'b1') ON DUPLICATE KEY UPDATE "
                + "name = 'b1b'")).isEqualTo(2);
            for (String refused : new String[] {
                "INSERT INTO products (id, name, stock) VALUES (50, 'a', 1), (51, 'b', 2)",
                "INSERT IGNORE INTO products (id, name, stock) VALUES (50, 'a', 1)",
                "INSERT INTO products (id, name, stock) VALUES (50, 'a', 1) ON DUPLICATE KEY UPDATE name = 'b'",
                "INSERT INTO products (id, name) VALUES (1, 'a') ON DUPLICATE KEY UPDATE stock = 3",
                "UPDATE products SET stock = 0, price = price * 2 WHERE id = 1",
                "UPDATE products SET stock = 1 WHERE id > 1 LIMIT 1",
                "UPDATE products SET stock = length(name), name = 'x' WHERE id = 1", // reads name set after it
                "UPDATE products SET stock = 2, name = CONCAT(name, stock) WHERE id = 1"}) { // stock set before
                SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(refused), refused);
                assertThat(e.getSQLState()).as(refused).isEqualTo("0A000");
            }
            assertThat(s.executeUpdate("DELETE FROM products WHERE id = 20")).isEqualTo(1);
            assertThat(s.executeUpdate("UPDATE products SET name = 'apple2' WHERE id = 1")).isEqualTo(1);
            // An UPDATE of moved columns only: the count of the rows it matches, changed or not, as the old schema.
            assertThat(s.executeUpdate("UPDATE products SET stock = stock - 1 WHERE name LIKE 'b%'")).isEqualTo(2);
            assertThat(s.executeUpdate("UPDATE products SET stock = 5 WHERE id = 1")).isEqualTo(1);
            assertThat(s.executeUpdate("UPDATE products SET stock = 3 WHERE id = 999")).isEqualTo(0);
            try (PreparedStatement ps = c.prepareStatement("UPDATE products SET price = ? WHERE id = ?")) {
                ps.setBigDecimal(1, new java.math.BigDecimal("2.345"));
                ps.setLong(2, 11);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(s.executeUpdate("UPDATE products SET stock = stock + 1 WHERE stock = 7")).isEqualTo(1);
            assertThat(s.executeUpdate("UPDATE products p SET p.price = p.price + 1 WHERE p.name = 'b1b'"))
                .isEqualTo(1);
            // A failure of the target's write (its CHECK) leaves nothing, in autocommit and in a transaction.
            assertThrows(SQLException.class,
                () -> s.executeUpdate("INSERT INTO products (id, name, stock) VALUES (40, 'big', 5000)"));
            c.setAutoCommit(false);
            assertThat(s.executeUpdate("INSERT INTO products (id, name, stock) VALUES (41, 'ok', 1)")).isEqualTo(1);
            assertThrows(SQLException.class,
                () -> s.executeUpdate("INSERT INTO products (id, name, stock) VALUES (42, 'big', 5000)"));
            c.commit();
            c.setAutoCommit(true);
            // Moved and other columns in one UPDATE: the source's by the statement, then the target's; each value sees
            // the row as MySQL's left-to-right SET would (name reads stock before stock is set).
            assertThat(s.executeUpdate("UPDATE products SET name = CONCAT(name, stock), stock = stock + 2 WHERE "
                + "id = 41")).isEqualTo(1);
            assertThat(Fixture.rows(db, "SELECT name FROM products WHERE id = 41", "n")).containsExactly("n: name=ok1");
            try (ResultSet rs = s.executeQuery("SELECT id, name, stock, price FROM products WHERE id IN (11, 30) "
                + "ORDER BY id")) {
                assertThat(Fixture.render(rs, "r")).containsExactly("r: id=11 name=kiwi stock=8 price=2.35",
                    "r: id=30 name=b0 stock=9 price=1.50");
            }
            if (dropped) {
                // MySQL keeps no trace of where the dropped columns were, and this spec has no oldPosition.
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM products WHERE "
                    + "id = 21"));
                assertThat(e.getMessage()).contains("oldPosition for stock");
            } else {
                try (ResultSet rs = s.executeQuery("SELECT * FROM products WHERE id = 21")) {
                    assertThat(Fixture.render(rs, "r")).containsExactly("r: id=21 name=lime stock=0 price=null");
                }
            }
        }
        assertThat(Fixture.rows(db, "SELECT p.id, i.stock, i.price_cents FROM products p LEFT JOIN inventory i "
            + "ON i.product_id = p.id ORDER BY p.id", "r")).containsExactly(
            "r: id=1 stock=5 price_cents=125", "r: id=2 stock=0 price_cents=250",
            "r: id=3 stock=null price_cents=null", "r: id=11 stock=8 price_cents=235",
            "r: id=21 stock=0 price_cents=null", "r: id=22 stock=0 price_cents=null",
            "r: id=23 stock=0 price_cents=null", "r: id=24 stock=0 price_cents=null",
            "r: id=30 stock=9 price_cents=150", "r: id=31 stock=10 price_cents=251",
            "r: id=41 stock=3 price_cents=null");
        assertThat(Fixture.rows(db, "SELECT product_id FROM inventory WHERE product_id NOT IN (SELECT id FROM "
            + "products)", "orphan")).containsExactly("orphan: (no rows) columns product_id");
        assertThat(Fixture.rows(db, "SELECT name FROM products WHERE id = 31", "n")).containsExactly("n: name=b1b");
    }

    /** A target whose moved column the tightening made NOT NULL: no row can be created from a key alone. */
    @Test
    void mariaDbCompleteUpdatesATargetWithNotNullColumns() throws Exception {
        TestDatabase db = maria("move_maria_complete_not_null");
        db.execute("ALTER TABLE inventory ADD CONSTRAINT inventory_products_fk_tandem FOREIGN KEY (product_id) "
            + "REFERENCES products (id) ON DELETE CASCADE", "UPDATE inventory SET stock = 0 WHERE stock IS NULL",
            "ALTER TABLE inventory MODIFY stock INT NOT NULL");
        try (Connection c = connectMaria(db, Phase.COMPLETE);
             PreparedStatement ps = c.prepareStatement("UPDATE products SET stock = stock + 1, name = ? WHERE id = ?")) {
            ps.setString(1, "zz");
            ps.setLong(2, 1);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(Fixture.rows(db, "SELECT p.name, i.stock FROM products p JOIN inventory i ON i.product_id = p.id "
            + "WHERE p.id = 1", "r")).containsExactly("r: name=zz stock=6");
    }

    @Test
    void mariaDbDeletesThroughTheTargetsCascadingForeignKeyInOneStatement() throws Exception {
        TestDatabase db = maria("move_maria_fk");
        db.execute("ALTER TABLE inventory ADD CONSTRAINT inventory_products_fk_tandem FOREIGN KEY (product_id) "
            + "REFERENCES products (id) ON DELETE CASCADE");
        try (Connection c = connectMaria(db, Phase.CONTRACT); Statement s = c.createStatement()) {
            var runtime = dev.tandem.driver.internal.runtime.Runtimes.forInstance("move-" + db.name() + "-CONTRACT");
            var plan = runtime.plan("DELETE FROM products WHERE stock = 0", runtime.snapshot(),
                c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class));
            assertThat(plan.sql()).isEqualTo("DELETE FROM products WHERE stock = 0");
            assertThat(plan.steps()).isEmpty();
            assertThat(plan.retriesDeadlock()).as("the cascade's locks are Tandem's: a deadlock is retried").isTrue();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED); // no capture: fine here too
            assertThat(s.executeUpdate("DELETE FROM products WHERE stock = 0")).isEqualTo(1);
            assertThat(s.executeUpdate("INSERT INTO products (id, name, stock) VALUES (2, 'pear', 3)")).isEqualTo(1);
        }
        assertThat(mariaMismatches(db)).containsExactly(MARIA_NONE);
    }

    @Test
    void mariaDbPreparedStatementTakesItsStepsWhenThePhaseMovesOn() throws Exception {
        TestDatabase db = maria("move_maria_replan");
        Path file = dir.resolve("replan.yaml");
        Specs.write(file, mariaSpec(Phase.EXPAND));
        String id = "move-maria-replan";
        try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + file
            + "&tandem.instanceId=" + id + "&tandem.reloadIntervalMs=50"));
             PreparedStatement ins = c.prepareStatement("INSERT INTO products (id, name, stock) VALUES (?, ?, ?)");
             PreparedStatement upd = c.prepareStatement("UPDATE products SET stock = ? WHERE stock = ?")) {
            ins.setLong(1, 50);
            ins.setString(2, "expand");
            ins.setInt(3, 1);
            assertThat(ins.executeUpdate()).isEqualTo(1); // EXPAND: the source only
            db.execute("INSERT INTO inventory (product_id, stock) VALUES (50, 1)"); // the backfill's part
            Specs.write(file, mariaSpec(Phase.DUAL_WRITE));
            Specs.awaitVersion(id, 2);
            ins.setLong(1, 51);
            ins.setString(2, "dual");
            ins.setCharacterStream(2, new java.io.StringReader("dual"));
            assertThat(ins.executeUpdate()).isEqualTo(1);
            upd.setInt(1, 9);
            upd.setInt(2, 1);
            assertThat(upd.executeUpdate()).isEqualTo(2);
        }
        assertThat(mariaMismatches(db)).containsExactly(MARIA_NONE);
        assertThat(Fixture.rows(db, "SELECT product_id, stock FROM inventory WHERE product_id >= 50 ORDER BY 1", "i"))
            .containsExactly("i: product_id=50 stock=9", "i: product_id=51 stock=9");
    }

    @Test
    void mariaDbServesReadsOfMovedColumnsFromTheTarget() throws Exception {
        TestDatabase db = maria("move_maria_reads");
        db.execute("CREATE UNIQUE INDEX products_name ON products (name)");
        try (Connection c = connectMaria(db, Phase.READ_NEW); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO products (id, name, "
                + "stock) VALUES (9, 'pear', 1) ON DUPLICATE KEY UPDATE stock = 9"));
            assertThat(e.getSQLState()).isEqualTo("0A000");
            assertThat(e.getMessage()).contains("unique index besides its key");
            assertThat(s.executeUpdate("UPDATE products SET name = 'Apple' WHERE id = 1")).isEqualTo(1);
            db.execute("UPDATE products SET stock = -1");
            assertThat(TestQueries.rows(c, "SELECT name, stock, price FROM products WHERE id = 1"))
                .containsExactly("row: name=Apple stock=5 price=1.25");
        }
    }
}

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Writes of a move's TARGET table (inventory) by a new application version, before COMPLETE, on PostgreSQL: each
 * also writes the moved columns of the source rows (products) of exactly the keys it wrote, backward(target), in the
 * same statement; what the old schema cannot hold fails the whole statement. After each, the reconcile's check holds.
 */
class MoveTargetWritesTest {
    @TempDir
    Path dir;

    /** The move's schema without the foreign key, so a target row without a source row is Tandem's to refuse. */
    static final String[] SCHEMA = {
        MoveColumnsTest.PG_SCHEMA[0], MoveColumnsTest.PG_SCHEMA[1].replace(" REFERENCES products (id)", ""),
        MoveColumnsTest.PG_SCHEMA[2], MoveColumnsTest.PG_SCHEMA[3], MoveColumnsTest.BACKFILL,
        // Rows of the old version without their inventory row yet (written before DUAL_WRITE, not backfilled).
        "INSERT INTO products (id, name, stock, price) VALUES (5, 'kiwi', 9, 0.99), (6, 'lime', 1, 0.10)",
    };

    private TestDatabase pg(String name) throws SQLException {
        TestDatabase db = TestDatabases.create(DbKind.POSTGRESQL, name);
        db.execute(SCHEMA);
        return db;
    }

    private Connection connect(TestDatabase db, Phase phase, String spec) throws Exception {
        Path file = dir.resolve("t-" + db.name() + "-" + phase + ".yaml");
        Specs.write(file, spec);
        return DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + file + "&tandem.instanceId=tw-"
            + db.name() + "-" + phase));
    }

    /**
     * The reconcile's check for the phase: before CONTRACT every products row has an inventory row equal to
     * forward(products row); from CONTRACT every inventory row's products row holds backward(inventory row), and a
     * products row without an inventory row holds NULL (what a read of it shows). No inventory row without products.
     */
    static List<String> mismatches(TestDatabase db, Phase phase) throws SQLException {
        String differs = phase.dualWrites()
            ? "i.product_id IS NULL OR p.stock IS DISTINCT FROM i.stock OR CAST(ROUND(p.price * 100) AS BIGINT) "
                + "IS DISTINCT FROM i.price_cents"
            : "i.product_id IS NULL AND (p.stock IS NOT NULL OR p.price IS NOT NULL) OR i.product_id IS NOT NULL AND "
                + "(p.stock IS DISTINCT FROM i.stock OR p.price IS DISTINCT FROM CAST(i.price_cents / 100.0 AS "
                + "numeric(10,2)))";
        return Fixture.rows(db, "SELECT p.id, p.stock, p.price, i.product_id, i.stock AS istock, i.price_cents "
            + "FROM products p FULL JOIN inventory i ON i.product_id = p.id WHERE p.id IS NULL OR " + differs
            + " ORDER BY 1", "mismatch");
    }

    static final String NONE = MoveColumnsTest.NONE;

    private static List<String> both(TestDatabase db) throws SQLException {
        return Fixture.rows(db, "SELECT p.id, p.stock, p.price, i.stock AS istock, i.price_cents FROM products p "
            + "LEFT JOIN inventory i ON i.product_id = p.id ORDER BY p.id", "r");
    }

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"DUAL_WRITE", "SHADOW_READ", "READ_NEW", "CONTRACT"})
    void targetWritesReachTheSource(Phase phase) throws Exception {
        TestDatabase db = pg("move_tw_" + phase.name().toLowerCase());
        try (Connection c = connect(db, phase, MoveColumnsTest.spec(phase, 100))) {
            // A new row for an old products row without one: the key given, generated keys are the inserted row.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO inventory (product_id, stock, price_cents) "
                + "VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, 5);
                ps.setInt(2, 8);
                ps.setLong(3, 123);
                assertThat(ps.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(Fixture.render(keys, "k")).containsExactly("k: product_id=5 stock=8 price_cents=123");
                }
            }
            try (Statement s = c.createStatement()) {
                // The WHERE reads what the SET changes; the source follows the rows the update chose.
                assertThat(s.executeUpdate("UPDATE inventory SET stock = stock + 1, price_cents = price_cents + 1 "
                    + "WHERE stock < 6")).isEqualTo(2);
                assertThat(s.executeUpdate("UPDATE inventory SET price_cents = 1 WHERE product_id = 999")).isZero();
                // Upsert: one row updated, one inserted (an old products row without inventory row).
                assertThat(TestQueries.rows(c, "INSERT INTO inventory AS i (product_id, stock) VALUES (1, 10), (6, 4) "
                    + "ON CONFLICT (product_id) DO UPDATE SET stock = i.stock + EXCLUDED.stock RETURNING i.product_id, "
                    + "stock AS s")).containsExactlyInAnyOrder("row: product_id=1 s=16", "row: product_id=6 s=4");
                assertThat(s.executeUpdate("INSERT INTO inventory (product_id, stock) VALUES (1, 0) "
                    + "ON CONFLICT (product_id) DO NOTHING")).isZero();
                // Another table in the statement: the rows the join chose.
                assertThat(s.executeUpdate("UPDATE inventory i SET price_cents = length(p.name) * 100 FROM products p "
                    + "WHERE p.id = i.product_id AND p.name = 'pear'")).isEqualTo(1);
                assertThat(TestQueries.rows(c, "UPDATE inventory SET stock = 7 WHERE product_id = 3 RETURNING *"))
                    .containsExactly("row: product_id=3 stock=7 price_cents=null");
            }
            // Atomic, in autocommit: a statement that fails part-way leaves both tables as they were.
            List<String> before = both(db);
            try (Statement s = c.createStatement()) {
                SQLException div = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE inventory SET stock = 10 / (product_id - 2)"));
                assertThat(div.getSQLState()).isEqualTo("22012");
                // A target row without its source row: the old schema cannot hold it, the statement fails whole.
                SQLException orphan = assertThrows(SQLException.class, () -> s.executeUpdate(
                    "INSERT INTO inventory (product_id, stock) VALUES (2, 1), (999, 1) ON CONFLICT (product_id) "
                        + "DO UPDATE SET stock = EXCLUDED.stock"));
                assertThat(orphan.getSQLState()).isEqualTo("0A000");
                assertThat(orphan.getMessage()).startsWith("Tandem refused the write: products has no row with id = 999 "
                    + "for the row written to inventory").contains("products-inventory");
            }
            assertThat(both(db)).isEqualTo(before);
            // In the application's transaction: a rollback takes both tables back.
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE inventory SET stock = 100 WHERE product_id = 1");
                s.executeUpdate("INSERT INTO inventory (product_id, stock) VALUES (6, 1) ON CONFLICT (product_id) DO "
                    + "UPDATE SET stock = 1");
                assertThat(TestQueries.rows(c, "SELECT stock FROM products WHERE id = 1"))
                    .containsExactly("row: stock=100");
                c.rollback();
            }
            c.setAutoCommit(true);
            assertThat(both(db)).isEqualTo(before);
            // Refused at planning, 0A000, nothing written.
            try (Statement s = c.createStatement()) {
                SQLException key = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE inventory SET product_id = 7, stock = 1 WHERE product_id = 1"));
                assertThat(key.getSQLState()).isEqualTo("0A000");
                assertThat(key.getMessage()).contains("key column product_id of inventory");
                SQLException noKey = assertThrows(SQLException.class,
                    () -> s.executeUpdate("INSERT INTO inventory (stock) VALUES (1)"));
                assertThat(noKey.getSQLState()).isEqualTo("0A000");
                assertThat(noKey.getMessage()).contains("must give its key product_id");
                SQLException with = assertThrows(SQLException.class, () -> s.executeUpdate(
                    "WITH x AS (SELECT 1 AS id) UPDATE inventory SET stock = 1 WHERE product_id IN (SELECT id FROM x)"));
                assertThat(with.getSQLState()).isEqualTo("0A000");
                if (phase != Phase.CONTRACT) {
                    SQLException del = assertThrows(SQLException.class,
                        () -> s.executeUpdate("DELETE FROM inventory WHERE product_id = 3"));
                    assertThat(del.getSQLState()).isEqualTo("0A000");
                    assertThat(del.getMessage()).contains("deletes rows of inventory").contains("CONTRACT");
                }
            }
            assertThat(both(db)).isEqualTo(before);
            if (phase == Phase.CONTRACT) {
                // A deleted target row: the source's moved columns read NULL, as a missing target row reads.
                try (Statement s = c.createStatement()) {
                    assertThat(TestQueries.rows(c, "DELETE FROM inventory i USING products p WHERE p.id = "
                        + "i.product_id AND p.name = 'fig' RETURNING i.product_id AS gone")).containsExactly(
                        "row: gone=3");
                    assertThat(s.executeUpdate("DELETE FROM inventory WHERE product_id = 999")).isZero();
                }
                assertThat(TestQueries.rows(c, "SELECT stock, price FROM products WHERE id = 3"))
                    .containsExactly("row: stock=null price=null");
            }
            // A read of the target is the new table's, not rewritten.
            assertThat(TestQueries.rows(c, "SELECT stock FROM inventory WHERE product_id = 2"))
                .containsExactly("row: stock=1");
        }
        assertThat(mismatches(db, phase)).containsExactly(NONE);
        List<String> expected = new ArrayList<>(List.of(
            "r: id=1 stock=16 price=1.26 istock=16 price_cents=126", "r: id=2 stock=1 price=4.00 istock=1 price_cents=400",
            "r: id=3 stock=7 price=null istock=7 price_cents=null", "r: id=5 stock=8 price=1.23 istock=8 price_cents=123",
            "r: id=6 stock=4 price=null istock=4 price_cents=null"));
        if (phase == Phase.CONTRACT) {
            expected.set(2, "r: id=3 stock=null price=null istock=null price_cents=null");
        }
        assertThat(both(db)).containsExactlyElementsOf(expected);
    }

    @Test
    void batchesLiteralVariantsAndInsertFormsReachTheSource() throws Exception {
        TestDatabase db = pg("move_tw_forms");
        try (Connection c = connect(db, Phase.READ_NEW, MoveColumnsTest.spec(Phase.READ_NEW, 100))) {
            try (Statement s = c.createStatement()) {
                // The same shape with other literals: planned once, each text filled with its own values (the key
                // literal is in the statement twice: the lock and the write).
                for (int i = 1; i <= 3; i++) {
                    assertThat(s.executeUpdate("UPDATE inventory SET stock = " + (40 + i) + " WHERE product_id = " + i))
                        .isEqualTo(1);
                }
                assertThat(s.executeUpdate("INSERT INTO inventory VALUES (5, 2, 250)")).isEqualTo(1);
                assertThat(s.executeUpdate("INSERT INTO inventory (price_cents, product_id) SELECT 7, id FROM products "
                    + "WHERE name = 'lime'")).isEqualTo(1);
                s.addBatch("UPDATE inventory SET price_cents = 100 WHERE product_id = 1");
                s.addBatch("UPDATE inventory SET price_cents = 200 WHERE product_id IN (2, 3)");
                assertThat(s.executeBatch()).containsExactly(1, 2);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE inventory SET stock = stock + ? WHERE product_id = ?")) {
                for (long k = 1; k <= 2; k++) {
                    ps.setInt(1, 10);
                    ps.setLong(2, k);
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsExactly(1, 1);
            }
            // The old version reads what the new one wrote, through the source (here READ_NEW reads the target;
            // the source itself is checked below).
            assertThat(TestQueries.rows(c, "SELECT id, stock, price FROM products ORDER BY id")).containsExactly(
                "row: id=1 stock=51 price=1.00", "row: id=2 stock=52 price=2.00", "row: id=3 stock=43 price=2.00",
                "row: id=5 stock=2 price=2.50", "row: id=6 stock=0 price=0.07");
        }
        assertThat(mismatches(db, Phase.READ_NEW)).containsExactly(NONE);
        assertThat(Fixture.rows(db, "SELECT id, stock, price FROM products ORDER BY id", "p")).containsExactly(
            "p: id=1 stock=51 price=1.00", "p: id=2 stock=52 price=2.00", "p: id=3 stock=43 price=2.00",
            "p: id=5 stock=2 price=2.50", "p: id=6 stock=0 price=0.07");
    }

    @Test
    void aCompositeKeyLocksAndMatchesEveryColumn() throws Exception {
        TestDatabase db = TestDatabases.create(DbKind.POSTGRESQL, "move_tw_composite");
        db.execute("CREATE TABLE lines (order_id INT, line_no INT, note TEXT, qty INT, PRIMARY KEY (order_id, line_no))",
            "CREATE TABLE line_stock (order_id INT, line_no INT, qty BIGINT, PRIMARY KEY (order_id, line_no))",
            "INSERT INTO lines VALUES (1, 1, 'a', 5), (1, 2, 'b', 6), (2, 1, 'c', 7)",
            "INSERT INTO line_stock VALUES (1, 1, 5), (1, 2, 6)");
        String spec = "migrations:\n  - id: lines-stock\n    kind: move\n    table: lines\n    target: line_stock\n"
            + "    key: [order_id, line_no]\n    targetKey: [order_id, line_no]\n    columns:\n"
            + "      - old: qty\n        new: qty\n    phase: DUAL_WRITE\n";
        try (Connection c = connect(db, Phase.DUAL_WRITE, spec); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE line_stock SET qty = qty * 10 WHERE order_id = 1")).isEqualTo(2);
            assertThat(s.executeUpdate("INSERT INTO line_stock (line_no, order_id, qty) VALUES (1, 2, 70)"))
                .isEqualTo(1);
            SQLException orphan = assertThrows(SQLException.class, () -> s.executeUpdate(
                "INSERT INTO line_stock (order_id, line_no, qty) VALUES (1, 1, 1), (3, 9, 1) ON CONFLICT "
                    + "(order_id, line_no) DO UPDATE SET qty = EXCLUDED.qty"));
            assertThat(orphan.getSQLState()).isEqualTo("0A000");
            assertThat(orphan.getMessage()).contains("lines has no row with order_id = 3, line_no = 9");
        }
        assertThat(Fixture.rows(db, "SELECT l.order_id, l.line_no, l.qty, s.qty AS sqty FROM lines l LEFT JOIN "
            + "line_stock s USING (order_id, line_no) ORDER BY 1, 2", "l")).containsExactly(
            "l: order_id=1 line_no=1 qty=50 sqty=50", "l: order_id=1 line_no=2 qty=60 sqty=60",
            "l: order_id=2 line_no=1 qty=70 sqty=70");
    }

    @Test
    void inCompleteTargetWritesArePlain() throws Exception {
        TestDatabase db = pg("move_tw_complete");
        db.execute("ALTER TABLE products DROP COLUMN stock, DROP COLUMN price");
        try (Connection c = connect(db, Phase.COMPLETE, MoveColumnsTest.spec(Phase.COMPLETE, 100));
             Statement s = c.createStatement()) {
            var runtime = dev.tandem.driver.internal.runtime.Runtimes.forInstance("tw-" + db.name() + "-COMPLETE");
            String sql = "UPDATE inventory SET stock = 1 WHERE product_id = 1";
            assertThat(runtime.plan(sql, runtime.snapshot(), (Connection) c.unwrap(org.postgresql.PGConnection.class))
                .sql()).isEqualTo(sql);
            assertThat(s.executeUpdate(sql)).isEqualTo(1);
            assertThat(s.executeUpdate("DELETE FROM inventory WHERE product_id = 2")).isEqualTo(1);
            assertThat(TestQueries.rows(c, "SELECT id, stock FROM products WHERE id IN (1, 2) ORDER BY id"))
                .containsExactly("row: id=1 stock=1", "row: id=2 stock=null");
        }
    }

    @Test
    void theRewrittenTextIsTheOneDocumented() throws Exception {
        TestDatabase db = pg("move_tw_text");
        try (Connection c = connect(db, Phase.READ_NEW, MoveColumnsTest.spec(Phase.READ_NEW, 100))) {
            var runtime = dev.tandem.driver.internal.runtime.Runtimes.forInstance("tw-" + db.name() + "-READ_NEW");
            Connection physical = (Connection) c.unwrap(org.postgresql.PGConnection.class);
            java.util.function.Function<String, String> plan = sql -> {
                try {
                    return runtime.plan(sql, runtime.snapshot(), physical).sql();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
            String check = "CASE WHEN NOT EXISTS (SELECT 1 FROM tandem_k WHERE tandem_k.tandem_k1 = inventory.product_id) "
                + "THEN CAST('Tandem refused the write: products has no row with ' || 'id = ' || CAST(inventory.product_id "
                + "AS text) || ' for the row written to inventory (the old schema cannot hold a row of inventory "
                + "without its products row; insert the products row first) (migration ''products-inventory'')' AS "
                + "integer) END "
                + "AS tandem_x";
            String roundTrip = " AND (CASE WHEN CAST(tandem_t.tandem_b1 AS integer) IS DISTINCT FROM tandem_t.tandem_n1 OR "
                + "CAST(CAST(ROUND(tandem_t.tandem_b2 * 100) AS BIGINT) AS bigint) IS DISTINCT FROM tandem_t.tandem_n2 "
                + "THEN CAST('Tandem refused the write: the values written to the row of inventory with ' || 'product_id "
                + "= ' || CAST(tandem_t.tandem_k1 AS text) || ' do not survive the way back through products "
                + "(forward(backward(value)) differs), and in READ_NEW products is the source of truth; write values "
                + "the old columns hold, or write after CONTRACT (migration ''products-inventory'')' AS integer) "
                + "ELSE 0 END) = 0";
            assertThat(plan.apply("UPDATE inventory SET stock = stock - ? WHERE product_id = ?")).isEqualTo(
                "WITH tandem_k AS (SELECT tandem_sv.id AS tandem_k1 FROM products AS tandem_sv WHERE (tandem_sv.id) IN "
                + "(SELECT inventory.product_id FROM inventory WHERE product_id = ?) FOR NO KEY UPDATE OF tandem_sv), "
                + "tandem_t AS (UPDATE inventory SET stock = stock - ? WHERE product_id = ? "
                + "RETURNING inventory.product_id AS tandem_k1, inventory.stock AS tandem_n1, "
                + "inventory.price_cents AS tandem_n2, CAST(inventory.stock AS integer) AS tandem_b1, "
                + "CAST(inventory.price_cents / 100.0 AS numeric(10,2)) AS tandem_b2, " + check + ") "
                + "UPDATE products AS tandem_sv SET stock = tandem_t.tandem_b1, price = tandem_t.tandem_b2 FROM "
                + "tandem_t WHERE tandem_sv.id = tandem_t.tandem_k1 AND (SELECT count(*) FROM tandem_k) >= 0"
                + roundTrip);
            assertThat(plan.apply("SELECT stock, price_cents FROM inventory WHERE product_id = ?"))
                .as("reads of the target are not rewritten")
                .isEqualTo("SELECT stock, price_cents FROM inventory WHERE product_id = ?");
        }
    }

    @Test
    void aValueTheOldColumnCannotHoldIsRefusedBeforeContract() throws Exception {
        // backward loses the cents: 150 -> 1 -> 100.
        String lossy = MoveColumnsTest.spec(Phase.DUAL_WRITE, 100).replace("price_cents / 100.0", "price_cents / 100");
        TestDatabase db = pg("move_tw_lossy");
        try (Connection c = connect(db, Phase.DUAL_WRITE, lossy); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                () -> s.executeUpdate("UPDATE inventory SET price_cents = 150 WHERE product_id = 1"));
            assertThat(e.getSQLState()).isEqualTo("0A000");
            assertThat(e.getMessage()).contains("do not survive the way back through products")
                .contains("product_id = 1");
            assertThat(s.executeUpdate("UPDATE inventory SET price_cents = 300 WHERE product_id = 1")).isEqualTo(1);
        }
        assertThat(mismatches(db, Phase.DUAL_WRITE)).contains("mismatch: id=5 stock=9 price=0.99 product_id=null "
            + "istock=null price_cents=null"); // the old rows the backfill has not reached
        assertThat(Fixture.rows(db, "SELECT price FROM products WHERE id = 1", "p")).containsExactly("p: price=3.00");
        try (Connection c = connect(db, Phase.CONTRACT, lossy.replace("phase: DUAL_WRITE", "phase: CONTRACT"));
             Statement s = c.createStatement()) {
            // From CONTRACT the target is the truth: the source holds backward(target), what the reverse check wants.
            assertThat(s.executeUpdate("UPDATE inventory SET price_cents = 150 WHERE product_id = 1")).isEqualTo(1);
        }
        assertThat(Fixture.rows(db, "SELECT p.price, i.price_cents FROM products p JOIN inventory i ON "
            + "i.product_id = p.id WHERE p.id = 1", "p")).containsExactly("p: price=1.00 price_cents=150");
    }

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"DUAL_WRITE", "CONTRACT"})
    void concurrentWritersOfBothTablesLoseNothing(Phase phase) throws Exception {
        TestDatabase db = pg("move_tw_conc_" + phase.name().toLowerCase());
        db.execute("UPDATE products SET stock = 0", "UPDATE inventory SET stock = 0");
        db.execute("INSERT INTO inventory (product_id, stock, price_cents) VALUES (5, 0, 99), (6, 0, 10)");
        db.execute("UPDATE products SET stock = 0 WHERE id IN (5, 6)");
        Path file = dir.resolve("conc-" + phase + ".yaml");
        Specs.write(file, MoveColumnsTest.spec(phase, 100));
        String url = db.tandemUrl("tandem.config=file:" + file + "&tandem.instanceId=tw-conc-" + phase);
        String[] writes = {
            "UPDATE products SET stock = stock + 1 WHERE id = ?",
            "UPDATE inventory SET stock = stock + 1 WHERE product_id = ?",
            "INSERT INTO inventory (product_id, stock) VALUES (?, 1) ON CONFLICT (product_id) DO UPDATE SET stock = "
                + "inventory.stock + 1",
            "UPDATE inventory i SET stock = i.stock + 1 FROM products p WHERE p.id = i.product_id AND p.id = ?",
        };
        long[] keys = {1, 2, 5, 6};
        AtomicInteger[] acknowledged = new AtomicInteger[7];
        for (int i = 0; i < acknowledged.length; i++) {
            acknowledged[i] = new AtomicInteger();
        }
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger deadlocks = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            futures.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(url)) {
                    for (int n = 0; n < 120; n++) {
                        long key = keys[ThreadLocalRandom.current().nextInt(keys.length)];
                        String sql = writes[ThreadLocalRandom.current().nextInt(writes.length)];
                        boolean tx = ThreadLocalRandom.current().nextBoolean();
                        c.setAutoCommit(!tx);
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            ps.setLong(1, key);
                            assertThat(ps.executeUpdate()).isEqualTo(1);
                            if (tx) {
                                c.commit();
                            }
                            acknowledged[(int) key].incrementAndGet();
                        } catch (SQLException e) {
                            if (tx) {
                                c.rollback();
                            }
                            // A deadlock would be retryable, nothing written; counted, and there must be none.
                            if ("40P01".equals(e.getSQLState())) {
                                deadlocks.incrementAndGet();
                            } else {
                                errors.add(e.getSQLState() + " " + e.getMessage());
                            }
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        System.out.println("move target writes, concurrent " + phase + ": " + deadlocks.get() + " deadlocks of 720");
        assertThat(errors).isEmpty();
        // Every statement here writes one key, and both kinds of writer lock the source row before the target row.
        assertThat(deadlocks.get()).isZero();
        assertThat(mismatches(db, phase)).containsExactly(NONE);
        for (long k : keys) {
            assertThat(Fixture.rows(db, "SELECT p.stock, i.stock AS istock FROM products p JOIN inventory i ON "
                + "i.product_id = p.id WHERE p.id = " + k, "s")).as("key " + k).containsExactly("s: stock="
                + acknowledged[(int) k].get() + " istock=" + acknowledged[(int) k].get());
        }
    }
}

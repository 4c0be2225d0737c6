package dev.tandem.driver.it;

import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The move under a concurrent workload on PostgreSQL and MariaDB: writers insert, update (with WHERE clauses the update itself
 * changes) and delete products through Tandem, in autocommit and in transactions, while the phase moves from
 * DUAL_WRITE to CONTRACT and back; no statement fails beyond what the raw database would fail (serialization
 * aside, there is none here), every acknowledged write is in both tables, and the target equals forward(source).
 */
class MoveConcurrencyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void concurrentWritersLoseNothingAndKeepBothTablesEqual(DbKind kind) throws Exception {
        boolean pg = kind == DbKind.POSTGRESQL;
        TestDatabase db = TestDatabases.create(kind, "move_concurrent");
        if (pg) {
            db.execute(MoveColumnsTest.PG_SCHEMA);
            db.execute(MoveColumnsTest.BACKFILL);
        } else {
            for (String sql : MoveColumnsTest.MARIA_SCHEMA) {
                db.execute(sql.replace(" CHECK (stock < 1000)", ""));
            }
        }
        java.util.function.Function<Phase, String> spec = p -> pg ? MoveColumnsTest.spec(p, 100)
            : MoveColumnsTest.mariaSpec(p);
        Path file = dir.resolve("m.yaml");
        Specs.write(file, spec.apply(Phase.DUAL_WRITE));
        String id = "move-concurrent-" + kind;
        String url = db.tandemUrl("tandem.config=file:" + file + "&tandem.instanceId=" + id
            + "&tandem.reloadIntervalMs=50");
        int threads = 4;
        int perThread = 150;
        // Ledger of acknowledged writes: the last stock a committed statement gave each key (null once deleted).
        Map<Long, Integer> ledger = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger increments = new AtomicInteger();
        AtomicInteger deadlocks = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean moving = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1); // the writers and the phase mover
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long base = 1000L * (t + 1);
            futures.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(url)) {
                    // Until every phase change has been loaded, and at least perThread statements each.
                    for (int i = 0; i < perThread || moving.get(); i++) {
                        long key = base + ThreadLocalRandom.current().nextInt(20);
                        int op = ThreadLocalRandom.current().nextInt(5);
                        try {
                            if (op == 4) {
                                shared(c, increments);
                            } else {
                                write(c, pg, op, key, i, ledger);
                            }
                        } catch (SQLException e) {
                            if (!pg && "40001".equals(e.getSQLState())) {
                                // InnoDB deadlock (gap locks of DELETE/INSERT of nearby missing keys, and the locks the
                                // steps take): the server rolled the transaction back, nothing was acknowledged, and the
                                // ledger and the data check below prove that nothing of it stayed behind.
                                deadlocks.incrementAndGet();
                                continue;
                            }
                            failures.incrementAndGet();
                            errors.add(e.getSQLState() + " " + e.getMessage());
                        }
                    }
                }
                return null;
            }));
        }
        // Shared rows every writer updates: the row locks serialise them.
        Runnable phases = () -> {
            try {
                Phase[] order = {Phase.SHADOW_READ, Phase.READ_NEW, Phase.CONTRACT, Phase.READ_NEW, Phase.DUAL_WRITE};
                long version = 1;
                for (Phase p : order) {
                    Thread.sleep(150);
                    Specs.write(file, spec.apply(p));
                    Specs.awaitVersion(id, ++version);
                }
                moving.set(false);
            } catch (Exception e) {
                moving.set(false);
                throw new IllegalStateException(e);
            }
        };
        Future<?> mover = pool.submit(phases);
        for (Future<?> f : futures) {
            f.get();
        }
        mover.get();
        pool.shutdown();
        assertThat(errors).as("failed application statements").isEmpty();
        assertThat(failures.get()).isZero();
        System.out.println("move concurrency " + kind + ": " + increments.get() + " shared increments, "
            + deadlocks.get() + " deadlocks");
        assertThat(pg ? MoveColumnsTest.mismatches(db) : MoveColumnsTest.mariaMismatches(db))
            .containsExactly(pg ? MoveColumnsTest.NONE : MoveColumnsTest.MARIA_NONE);
        List<String> expected = new ArrayList<>();
        ledger.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .forEach(e -> expected.add("p: id=" + e.getKey() + " stock=" + e.getValue()));
        List<String> actual = new ArrayList<>(Fixture.rows(db, "SELECT id, stock FROM products WHERE id >= 1000 "
            + "ORDER BY id", "p"));
        actual.remove("p: (no rows) columns id stock");
        assertThat(actual).as("every acknowledged write, and nothing else").isEqualTo(expected);
        assertThat(Fixture.rows(db, "SELECT stock FROM inventory WHERE product_id = 1", "i"))
            .as("every acknowledged increment of the row all writers share").containsExactly("i: stock="
                + (5 + increments.get()));
    }

    /** MariaDB: an UPDATE, and an INSERT when it found no row, in one transaction (ON DUPLICATE KEY is refused). */
    private static void upsertByHand(Connection c, long key, int i) throws SQLException {
        c.setAutoCommit(false);
        try {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE products SET stock = ?, price = 1.50 WHERE id = ?")) {
                ps.setInt(1, i);
                ps.setLong(2, key);
                n = ps.executeUpdate();
            }
            if (n == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO products (id, name, stock, price) "
                    + "VALUES (?, 'p', ?, 1.50)")) {
                    ps.setLong(1, key);
                    ps.setInt(2, i);
                    ps.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** All writers increment product 1: the row lock taken by the UPDATE serialises the target's write too. */
    private static void shared(Connection c, AtomicInteger increments) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE products SET stock = stock + 1 WHERE id = 1")) {
            if (ps.executeUpdate() == 1) {
                increments.incrementAndGet();
            }
        }
    }

    /** One write; the ledger changes only after the database acknowledged it (commit). */
    private static void write(Connection c, boolean pg, int op, long key, int i, Map<Long, Integer> ledger)
        throws SQLException {
        if (op == 0 && !pg) {
            upsertByHand(c, key, i);
            ledger.put(key, i);
            return;
        }
        switch (op) {
            case 0: { // upsert in autocommit
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO products (id, name, stock, price) "
                    + "VALUES (?, 'p', ?, 1.50) ON CONFLICT (id) DO UPDATE SET stock = EXCLUDED.stock")) {
                    ps.setLong(1, key);
                    ps.setInt(2, i);
                    ps.executeUpdate();
                }
                ledger.put(key, i);
                break;
            }
            case 1: { // an update whose WHERE its own SET changes, in autocommit
                int n;
                try (PreparedStatement ps = c.prepareStatement("UPDATE products SET stock = stock + 1, "
                    + "price = price + 0.01 WHERE id = ? AND stock >= 0")) {
                    ps.setLong(1, key);
                    n = ps.executeUpdate();
                }
                if (n == 1) {
                    ledger.computeIfPresent(key, (k, v) -> v + 1);
                }
                break;
            }
            case 2: { // delete in a transaction, then re-insert: both or neither
                c.setAutoCommit(false);
                try {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM products WHERE id = ?")) {
                        ps.setLong(1, key);
                        ps.executeUpdate();
                    }
                    boolean reinsert = i % 2 == 0;
                    if (reinsert) {
                        try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO products (id, name, stock) VALUES (?, 'again', ?)")) {
                            ps.setLong(1, key);
                            ps.setInt(2, -i);
                            ps.executeUpdate();
                        }
                    }
                    c.commit();
                    if (reinsert) {
                        ledger.put(key, -i);
                    } else {
                        ledger.remove(key);
                    }
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
                break;
            }
            default: { // a transaction that rolls back leaves nothing
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("UPDATE products SET stock = 99999 WHERE id = ?")) {
                    ps.setLong(1, key);
                    ps.executeUpdate();
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
        }
    }
}

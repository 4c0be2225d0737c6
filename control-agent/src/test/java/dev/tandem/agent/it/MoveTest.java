package dev.tandem.agent.it;

import dev.tandem.agent.AgentException;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The agent side of a move (products.stock, products.warehouse -> inventory) on real servers: the DDL plan, the
 * upserting backfill (resumable, into a partly filled target, under concurrent dual writes), reconcile and repair
 * over the join, and the phase walk with its rollbacks, the reverse backfill included.
 */
class MoveTest {
    @ParameterizedTest
    @EnumSource(DbKind.class)
    void planCreatesTheTargetAddsTheForeignKeyAtContractAndDropsTheMovedColumns(DbKind kind) throws Exception {
        try (MoveFixture f = new MoveFixture(kind, "move_plan", 10)) {
            DdlPlan plan = f.agent.plan(MoveFixture.ID).get(0);
            String create = plan.expand().get(0);
            assertThat(plan.expand()).hasSize(2);
            assertThat(plan.expand().get(1)).contains("products_stock_idx_tandem").contains("inventory")
                .contains("(stock)");
            assertThat(create).startsWith("CREATE TABLE inventory (id ").contains(" NOT NULL, stock ")
                .contains("warehouse VARCHAR(20)").contains("PRIMARY KEY (id)");
            assertThat(plan.tighten()).anySatisfy(s -> assertThat(s).contains("inventory").contains("stock")
                .containsIgnoringCase("NOT NULL"));
            assertThat(plan.tighten()).anySatisfy(s -> assertThat(s).contains("products").contains("stock"));
            assertThat(plan.contract()).noneMatch(s -> s.contains("DROP COLUMN"));
            assertThat(plan.complete()).contains("ALTER TABLE products DROP COLUMN stock"
                + (kind == DbKind.POSTGRESQL ? "" : ", ALGORITHM=INPLACE, LOCK=NONE"));
            if (kind == DbKind.POSTGRESQL) {
                assertThat(create).doesNotContain("FOREIGN KEY");
                assertThat(plan.contract().get(0)).isEqualTo("DO $tandem$BEGIN LOCK TABLE inventory IN SHARE ROW "
                    + "EXCLUSIVE MODE; LOCK TABLE products IN SHARE ROW EXCLUSIVE MODE NOWAIT; ALTER TABLE inventory "
                    + "ADD CONSTRAINT inventory_products_fk_tandem FOREIGN KEY (id) REFERENCES products (id) ON DELETE "
                    + "CASCADE NOT VALID; END$tandem$");
                assertThat(plan.contract().get(1)).isEqualTo("ALTER TABLE inventory VALIDATE CONSTRAINT "
                    + "inventory_products_fk_tandem");
            } else {
                assertThat(create).contains("CONSTRAINT inventory_products_fk_tandem FOREIGN KEY (id) REFERENCES "
                    + "products (id) ON DELETE CASCADE");
            }
            assertThat(f.agent.migrations().get(0).table()).isEqualTo("products -> inventory (target missing)");
            f.agent.apply(MoveFixture.ID, false, "test");
            assertThat(f.count("SELECT count(*) FROM inventory")).isZero();
            assertThat(f.agent.migrations().get(0).table()).isEqualTo("products -> inventory (target exists; "
                + (kind == DbKind.POSTGRESQL ? "no foreign key)" : "foreign key validated)"));
            assertThat(f.agent.plan(MoveFixture.ID).get(0).expand()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void aTargetWithoutAUniqueKeyIsRefusedAsOneToMany(DbKind kind) throws Exception {
        try (MoveFixture f = new MoveFixture(kind, "move_1n", 10)) {
            f.db.execute("CREATE TABLE inventory (id BIGINT NOT NULL, stock INT, warehouse VARCHAR(20))",
                "CREATE INDEX inventory_id ON inventory (id)");
            AgentException e = assertThrows(AgentException.class, () -> f.phase(Phase.DUAL_WRITE));
            assertThat(e.getMessage()).contains("is not the primary key or a UNIQUE key of inventory")
                .contains("(1:N) is not supported");
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void anExistingTargetGetsTheColumnsItLacksAndIsBackfilled(DbKind kind) throws Exception {
        try (MoveFixture f = new MoveFixture(kind, "move_existing", 500)) {
            f.db.execute("CREATE TABLE inventory (id BIGINT PRIMARY KEY, location VARCHAR(10) DEFAULT 'x', stock INT)",
                "INSERT INTO inventory (id, stock) VALUES (1, 7)");
            DdlPlan plan = f.agent.plan(MoveFixture.ID).get(0);
            assertThat(plan.expand().get(0)).startsWith("ALTER TABLE inventory ADD COLUMN warehouse VARCHAR(20)");
            assertThat(plan.notes()).contains("column inventory.stock already exists");
            if (kind == DbKind.MARIADB) {
                assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("has no foreign key to products"));
            }
            f.agent.apply(MoveFixture.ID, false, "test");
            f.phase(Phase.DUAL_WRITE);
            f.backfill();
            assertThat(f.inconsistent()).isZero();
            assertThat(f.count("SELECT count(*) FROM inventory WHERE location = 'x'")).isEqualTo(500L);
            assertThat(f.reconcile()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void backfillUpsertsIntoAPartlyFilledTargetAndResumesAfterAPause(DbKind kind) throws Exception {
        try (MoveFixture f = new MoveFixture(kind, "move_resume", 3_000)) {
            f.agent.apply(MoveFixture.ID, false, "test");
            f.phase(Phase.DUAL_WRITE);
            f.db.execute("INSERT INTO inventory (id, stock, warehouse) SELECT id, stock, upper(warehouse) "
                + "FROM products WHERE id <= 100", "INSERT INTO inventory (id, stock, warehouse) SELECT id, -1, 'X' "
                + "FROM products WHERE id > 100 AND id <= 200");
            JobView started = f.agent.startBackfill(MoveFixture.ID, false, EmailJobs.slow(f.agent), "test");
            JobView paused = EmailJobs.pauseAfter(f.agent, started.id(), 3);
            assertThat(paused.rowsScanned()).isBetween(1L, 2_999L);
            assertThat(EmailJobs.checkpoint(f.db, started.id())).startsWith("[\"");
            assertThat(f.inconsistent()).isPositive();
            JobView done = EmailJobs.resumeToEnd(f.agent, started.id());
            // Rows 1-100 were right already: the backfill wrote only the others.
            assertThat(done.rowsDone()).isEqualTo(2_900L);
            assertThat(f.inconsistent()).isZero();
            assertThat(f.count("SELECT count(*) FROM inventory")).isEqualTo(3_000L);
            assertThat(f.reconcile()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void concurrentDualWritesDuringTheBackfillLeaveNoMismatch(DbKind kind) throws Exception {
        int rows = 20_000;
        try (MoveFixture f = new MoveFixture(kind, "move_race", rows)) {
            f.agent.apply(MoveFixture.ID, false, "test");
            f.phase(Phase.DUAL_WRITE);
            try (DualWriters w = new DualWriters(f, rows, 2)) {
                JobView backfill = f.agent.backfill(MoveFixture.ID, false, f.agent.config().jobs()
                    .withInitialChunkRows(500).withMaxRowsPerSecond(10_000), JobListener.NONE, "test");
                w.close();
                assertThat(backfill.state()).isEqualTo("done");
                assertThat(w.writes.get()).isGreaterThan(50);
            }
            assertThat(f.inconsistent()).isZero();
            assertThat(f.reconcile()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void concurrentDualWritesDuringTheReverseBackfillLeaveNoMismatch(DbKind kind) throws Exception {
        int rows = 20_000;
        try (MoveFixture f = new MoveFixture(kind, "move_reverse_race", rows)) {
            f.agent.apply(MoveFixture.ID, false, "test");
            forwardTo(f, Phase.CONTRACT);
            // CONTRACT: the application writes the target only, so every source row goes stale.
            f.db.execute("UPDATE inventory SET stock = stock + 1000, warehouse = 'NEW'");
            try (DualWriters w = new DualWriters(f, rows, 2)) {
                Thread.sleep(100);
                assertThat(f.phase(Phase.READ_NEW).note()).contains("reverse backfill finished");
                w.close();
                assertThat(w.writes.get()).isGreaterThan(50);
            }
            assertThat(f.inconsistent()).isZero();
            assertThat(f.count("SELECT count(*) FROM products WHERE stock < 1000 AND warehouse = 'new'")).isZero();
            assertThat(f.reconcile()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void aCompositeKeyWithOtherTargetKeyNamesIsBackfilledRepairedAndReversed(DbKind kind) throws Exception {
        try (MoveFixture f = new MoveFixture(kind, "move_composite", 10)) {
            f.db.execute("CREATE TABLE levels (shop_id INT NOT NULL, sku VARCHAR(20) NOT NULL, qty INT, "
                + "PRIMARY KEY (shop_id, sku))");
            f.db.execute(kind == DbKind.POSTGRESQL
                ? "INSERT INTO levels SELECT g % 7, 'sku' || g, g FROM generate_series(1, 1500) g"
                : "INSERT INTO levels SELECT seq % 7, CONCAT('sku', seq), seq FROM seq_1_to_1500");
            java.nio.file.Files.writeString(f.migrations, java.nio.file.Files.readString(f.migrations)
                + "  - id: levels-qty\n    kind: move\n    table: levels\n    target: level_qty\n"
                + "    key: [shop_id, sku]\n    targetKey: [shop, item]\n    columns:\n"
                + "      - old: qty\n        new: quantity\n        type: BIGINT\n        forward: qty * 10\n"
                + "        backward: quantity / 10\n");
            f.agent.reload("test");
            String m = "levels-qty";
            f.agent.apply(m, false, "test");
            f.agent.phase(m, Phase.DUAL_WRITE, false, null, "test");
            JobView b = f.agent.backfill(m, false, f.agent.config().jobs().withInitialChunkRows(100),
                JobListener.NONE, "test");
            assertThat(b.rowsDone()).isEqualTo(1_500L);
            assertThat(f.count("SELECT count(*) FROM level_qty q JOIN levels l ON q.shop = l.shop_id AND q.item = "
                + "l.sku WHERE q.quantity = l.qty * 10")).isEqualTo(1_500L);
            f.db.execute("DELETE FROM level_qty WHERE shop = 3 AND item = 'sku10'",
                "UPDATE level_qty SET quantity = 0 WHERE shop = 1 AND item = 'sku8'");
            JobView r = f.agent.reconcile(m, false, f.agent.config().jobs(), JobListener.NONE, "test");
            assertThat(MoveFixture.mismatches(r)).isEqualTo(2);
            assertThat(r.result().get("sample").toString()).contains("shop_id=3,sku=sku10")
                .contains("shop_id=1,sku=sku8");
            f.agent.reconcile(m, true, f.agent.config().jobs(), JobListener.NONE, "test");
            assertThat(MoveFixture.mismatches(f.agent.reconcile(m, false, f.agent.config().jobs(), JobListener.NONE,
                "test"))).isZero();
            f.agent.phase(m, Phase.READ_NEW, false, null, "test");
            f.agent.phase(m, Phase.CONTRACT, false, null, "test");
            f.db.execute("UPDATE level_qty SET quantity = 70 WHERE shop = 2");
            assertThat(f.agent.phase(m, Phase.READ_NEW, false, null, "test").note())
                .contains("reverse backfill finished");
            assertThat(f.count("SELECT count(*) FROM levels WHERE shop_id = 2 AND qty <> 7")).isZero();
            assertThat(MoveFixture.mismatches(f.agent.reconcile(m, false, f.agent.config().jobs(), JobListener.NONE,
                "test"))).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void aForeignKeyOverAMovedColumnGoesWithItToTheTarget(DbKind kind) throws Exception {
        try (MoveFixture f = new MoveFixture(kind, "move_fk", 10)) {
            f.db.execute("CREATE TABLE suppliers (id INT PRIMARY KEY)", "INSERT INTO suppliers VALUES (1), (2)",
                "CREATE TABLE items (id BIGINT PRIMARY KEY, supplier_id INT, CONSTRAINT items_supplier_fk "
                    + "FOREIGN KEY (supplier_id) REFERENCES suppliers (id))",
                kind == DbKind.POSTGRESQL ? "INSERT INTO items SELECT g, 1 + g % 2 FROM generate_series(1, 100) g"
                    : "INSERT INTO items SELECT seq, 1 + seq % 2 FROM seq_1_to_100");
            java.nio.file.Files.writeString(f.migrations, java.nio.file.Files.readString(f.migrations)
                + "  - id: items-supply\n    kind: move\n    table: items\n    target: item_supply\n"
                + "    key: [id]\n    columns:\n      - old: supplier_id\n        new: supplier_id\n");
            f.agent.reload("test");
            String m = "items-supply";
            DdlPlan plan = f.agent.plan(m).get(0);
            if (kind == DbKind.POSTGRESQL) {
                assertThat(plan.contract()).contains("ALTER TABLE item_supply ADD CONSTRAINT items_supplier_fk_tandem "
                    + "FOREIGN KEY (supplier_id) REFERENCES suppliers (id) NOT VALID");
            } else {
                assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("FOREIGN KEY items_supplier_fk "
                    + "(supplier_id) REFERENCES suppliers (id) covers old columns"));
                assertThat(plan.contract()).contains("ALTER TABLE items DROP FOREIGN KEY items_supplier_fk, "
                    + "ALGORITHM=INPLACE, LOCK=NONE");
            }
            f.agent.apply(m, false, "test");
            f.agent.phase(m, Phase.DUAL_WRITE, false, null, "test");
            f.agent.backfill(m, false, f.agent.config().jobs(), JobListener.NONE, "test");
            assertThat(MoveFixture.mismatches(f.agent.reconcile(m, false, f.agent.config().jobs(), JobListener.NONE,
                "test"))).isZero();
            f.agent.phase(m, Phase.READ_NEW, false, null, "test");
            f.agent.phase(m, Phase.CONTRACT, false, null, "test");
            f.agent.apply(m, true, "test");
            f.agent.phase(m, Phase.COMPLETE, false, null, "test");
            f.agent.apply(m, true, "test");
            assertThat(f.agent.plan(m).get(0).contract()).isEmpty();
            assertThat(f.agent.plan(m).get(0).complete()).isEmpty();
            if (kind == DbKind.POSTGRESQL) {
                assertThrows(SQLException.class, () -> f.db.execute("UPDATE item_supply SET supplier_id = 99 "
                    + "WHERE id = 1"));
            }
        }
    }

    /** Threads that dual-write random rows with plain SQL ({@link MoveFixture#dualWrite}) until closed. */
    private static final class DualWriters implements AutoCloseable {
        final AtomicLong writes = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Throwable> errors = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();

        DualWriters(MoveFixture f, int rows, int n) {
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(() -> run(f, rows));
                t.start();
                threads.add(t);
            }
        }

        private void run(MoveFixture f, int rows) {
            try (Connection c = f.db.connect()) {
                c.setAutoCommit(false);
                ThreadLocalRandom r = ThreadLocalRandom.current();
                while (!stop.get()) {
                    try {
                        f.dualWrite(c, 1 + r.nextInt(rows), r.nextInt(1000), "w" + r.nextInt(10));
                        c.commit();
                        writes.incrementAndGet();
                    } catch (SQLException e) {
                        c.rollback();
                        if (!"40P01".equals(e.getSQLState()) && e.getErrorCode() != 1213) {
                            throw e; // a deadlock is the server's answer to crossing locks: retried, as an app would
                        }
                    }
                }
            } catch (Throwable e) {
                synchronized (errors) {
                    errors.add(e);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            synchronized (errors) {
                assertThat(errors).as("writer errors").isEmpty();
            }
        }
    }

    /**
     * A DELETE through the driver that waited for a chunk's lock deletes the source row only: its snapshot is older
     * than the target row the chunk inserted. Such a DELETE belongs to a transaction running when the walk ends, so
     * the backfill waits for each of those and then deletes the target rows without a source row. Here a transaction
     * open before the walk ended deletes a source row after the chunks are done: the backfill does not finish until
     * it has ended, and leaves no orphan.
     */
    @Test
    void theBackfillWaitsForTransactionsRunningAtItsEndAndDeletesTheTargetRowsTheyOrphan() throws Exception {
        try (MoveFixture f = new MoveFixture(DbKind.POSTGRESQL, "move_settle", 500);
             Connection racer = f.db.connect()) {
            f.agent.apply(MoveFixture.ID, false, "test");
            f.phase(Phase.DUAL_WRITE);
            racer.setAutoCommit(false);
            racer.createStatement().execute("SELECT txid_current()"); // running when the walk ends
            CompletableFuture<JobView> backfill = CompletableFuture.supplyAsync(f::backfill);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (f.count("SELECT count(*) FROM inventory") < 500 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            assertThat(backfill).as("waiting for the transaction that was running at the walk's end").isNotDone();
            racer.createStatement().execute("DELETE FROM products WHERE id = 7"); // its target row stays behind
            racer.commit();
            JobView done = backfill.get(30, TimeUnit.SECONDS);
            assertThat(((Number) done.result().get("repaired")).longValue()).isEqualTo(501); // 500 rows, 1 orphan
            assertThat(f.count("SELECT count(*) FROM inventory WHERE id = 7")).isZero();
            assertThat(f.reconcile()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void reconcileFindsMissingAndWrongTargetRowsAndRepairFixesThem(DbKind kind) throws Exception {
        try (MoveFixture f = new MoveFixture(kind, "move_repair", 2_000)) {
            f.agent.apply(MoveFixture.ID, false, "test");
            f.phase(Phase.DUAL_WRITE);
            f.backfill();
            assertThat(f.reconcile()).isZero();
            f.db.execute("DELETE FROM inventory WHERE id = 5", "UPDATE inventory SET stock = -1 WHERE id = 6",
                "UPDATE inventory SET warehouse = 'ZZ' WHERE id = 8");
            if (kind == DbKind.POSTGRESQL) {
                // A target row whose source row is gone (no foreign key before CONTRACT on PostgreSQL).
                f.db.execute("INSERT INTO inventory (id, stock, warehouse) VALUES (99999, 1, 'X')");
            }
            JobView r = f.agent.reconcile(MoveFixture.ID, false, f.agent.config().jobs(),
                JobListener.NONE, "test");
            assertThat(MoveFixture.mismatches(r)).isEqualTo(kind == DbKind.POSTGRESQL ? 4 : 3);
            assertThat(r.result().get("sample").toString()).contains("id=5").contains("id=6").contains("id=8");
            if (kind == DbKind.POSTGRESQL) {
                assertThat(r.result().get("sample").toString()).contains("id=99999 (no source row)");
            }
            f.repair();
            assertThat(f.count("SELECT count(*) FROM inventory WHERE id = 99999")).isZero();
            assertThat(f.inconsistent()).isZero();
            assertThat(f.reconcile()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void walksEveryPhaseAndRollsBackFromEachWithReconcileClean(DbKind kind) throws Exception {
        try (MoveFixture f = new MoveFixture(kind, "move_walk", 2_000)) {
            f.agent.apply(MoveFixture.ID, false, "test");
            for (Phase top : List.of(Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW, Phase.CONTRACT)) {
                forwardTo(f, top);
                if (top == Phase.CONTRACT) {
                    // In CONTRACT the application writes the target only; the source goes stale.
                    f.db.execute("UPDATE inventory SET stock = 999, warehouse = 'NEW' WHERE id <= 10");
                    assertThat(f.reconcile()).as("reverse comparison in CONTRACT").isEqualTo(10);
                    assertThat(f.phase(Phase.READ_NEW).note()).contains("reverse backfill finished");
                    assertThat(f.count("SELECT count(*) FROM products WHERE id <= 10 AND stock = 999 AND warehouse "
                        + "= 'new'")).isEqualTo(10);
                    assertThat(f.reconcile()).isZero();
                    f.phase(Phase.SHADOW_READ);
                }
                if (top.ordinal() >= Phase.READ_NEW.ordinal() && top != Phase.CONTRACT) {
                    f.phase(Phase.SHADOW_READ);
                }
                if (top.ordinal() >= Phase.SHADOW_READ.ordinal()) {
                    f.phase(Phase.DUAL_WRITE);
                }
                if (top != Phase.DUAL_WRITE) {
                    assertThat(f.reconcile()).as("after rolling back from %s", top).isZero();
                }
                f.phase(Phase.EXPAND);
            }
            forwardTo(f, Phase.CONTRACT);
            if (kind == DbKind.POSTGRESQL) { // MySQL/MariaDB: the foreign key comes with the target's CREATE TABLE
                AgentException early = assertThrows(AgentException.class, () -> f.phase(Phase.COMPLETE));
                assertThat(early.getMessage()).contains("foreign key");
            }
            f.agent.apply(MoveFixture.ID, true, "test");
            assertThat(f.count("SELECT count(*) FROM products WHERE stock IS NOT NULL")).as("kept through CONTRACT")
                .isPositive();
            f.phase(Phase.COMPLETE);
            List<String> dropped = f.agent.apply(MoveFixture.ID, true, "test");
            assertThat(dropped).anySatisfy(s -> assertThat(s).contains("DROP COLUMN stock"));
            assertThat(f.agent.migrations().get(0).table()).endsWith("(target exists; foreign key validated)");
            assertThat(f.count("SELECT count(*) FROM inventory")).isEqualTo(2_000L);
            f.db.execute("DELETE FROM products WHERE id = 1");
            assertThat(f.count("SELECT count(*) FROM inventory WHERE id = 1")).as("ON DELETE CASCADE").isZero();
        }
    }

    private static void forwardTo(MoveFixture f, Phase top) throws Exception {
        f.phase(Phase.DUAL_WRITE);
        if (top == Phase.DUAL_WRITE) {
            return;
        }
        f.backfill();
        assertThat(f.reconcile()).isZero();
        f.phase(Phase.SHADOW_READ);
        if (top == Phase.SHADOW_READ) {
            return;
        }
        f.phase(Phase.READ_NEW);
        if (top == Phase.READ_NEW) {
            return;
        }
        f.agent.apply(MoveFixture.ID, false, "test"); // tighten: stock NOT NULL moves to the target
        assertThat(f.reconcile()).isZero();
        f.phase(Phase.CONTRACT);
    }
}

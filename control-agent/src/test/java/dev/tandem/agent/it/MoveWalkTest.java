package dev.tandem.agent.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's walk for the move kind: the agent walks {@code products.stock, products.warehouse -> inventory} forward
 * to each phase and rolls it back to EXPAND from there, then on to COMPLETE (the source columns dropped), while an
 * application writes and reads {@code products} through {@code jdbc:tandem:} on two pools: inserts naming the moved
 * columns, updates of them by key and by arithmetic, deletes, reads of its own rows, in autocommit and in
 * transactions. Each thread owns its keys, so it knows what every one of its rows must hold (a ledger): no
 * application statement fails, every read returns what the ledger says, no acknowledged write is lost, and at every
 * stop the target equals forward(source) and reconcile finds nothing.
 */
class MoveWalkTest {

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void moveWalksAndRollsBackFromEveryPhaseUnderLoad(DbKind kind) throws Exception {
        try (MoveFixture f = new MoveFixture(kind, "move_walk_load", 1_000)) {
            f.agent.apply(MoveFixture.ID, false, "test");
            try (HikariDataSource a = pool(f, "move-a-" + kind); HikariDataSource b = pool(f, "move-b-" + kind);
                 Load load = new Load(List.of(a, b), 2, kind)) {
                for (Phase top : List.of(Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW, Phase.CONTRACT)) {
                    forwardTo(f, top);
                    load.check(f, a, top != Phase.DUAL_WRITE, "up to " + top); // DUAL_WRITE: no backfill yet
                    backToExpand(f, top);
                    load.check(f, b, false, "rolled back from " + top);
                }
                forwardTo(f, Phase.CONTRACT);
                f.agent.apply(MoveFixture.ID, true, "test"); // the foreign key (PostgreSQL)
                step(f, Phase.COMPLETE);
                f.agent.apply(MoveFixture.ID, true, "test"); // drops the moved columns; a new config version
                Thread.sleep(500);
                load.check(f, a, false, "in COMPLETE");
                assertThat(f.count("SELECT count(*) FROM products p LEFT JOIN inventory i ON i.id = p.id "
                    + "WHERE i.id IS NULL")).as("products without their inventory row in COMPLETE").isZero();
                load.close();
                assertThat(load.errors).as("application errors").isEmpty();
                assertThat(load.acknowledged.get()).as("acknowledged writes").isGreaterThan(200);
                System.out.printf("move walk on %s: %d acknowledged writes, %d transactions retried after a "
                    + "deadlock%n", kind, load.acknowledged.get(), load.deadlocks.get());
                load.deadlockReports.forEach(System.out::println);
                // The raw single-table statements on disjoint keys never deadlock; neither may a move's writes.
                assertThat(load.deadlocks.get()).as("application transactions ended by a deadlock: %s",
                    load.deadlockReports).isZero();
            }
        }
    }

    private static void forwardTo(MoveFixture f, Phase top) throws Exception {
        step(f, Phase.DUAL_WRITE);
        if (top == Phase.DUAL_WRITE) {
            return;
        }
        f.backfill();
        var r = f.agent.reconcile(MoveFixture.ID, false, f.agent.config().jobs(), JobListener.NONE, "test");
        assertThat(MoveFixture.mismatches(r)).as("reconcile after the backfill: %s", r.result()).isZero();
        step(f, Phase.SHADOW_READ);
        if (top == Phase.SHADOW_READ) {
            return;
        }
        step(f, Phase.READ_NEW);
        if (top == Phase.READ_NEW) {
            return;
        }
        f.agent.apply(MoveFixture.ID, false, "test"); // the tightening: stock NOT NULL in the target
        step(f, Phase.CONTRACT);
    }

    private static void backToExpand(MoveFixture f, Phase top) {
        if (top == Phase.CONTRACT) {
            step(f, Phase.READ_NEW);
        }
        if (top.ordinal() >= Phase.READ_NEW.ordinal()) {
            step(f, Phase.SHADOW_READ);
        }
        if (top.ordinal() >= Phase.SHADOW_READ.ordinal()) {
            step(f, Phase.DUAL_WRITE);
        }
        step(f, Phase.EXPAND);
    }

    private static TransitionView step(MoveFixture f, Phase to) {
        TransitionView t = f.phase(to);
        assertThat(t.barrier().complete()).as("barrier for %s", to).isTrue();
        return t;
    }

    private static HikariDataSource pool(MoveFixture f, String id) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(f.db.tandemUrl("tandem.control=db&tandem.instanceId=" + id + "&tandem.pollIntervalMs=100"
            + "&tandem.leaseMs=3000&tandem.app=shop"));
        c.setMaximumPoolSize(3);
        c.setPoolName(id);
        return new HikariDataSource(c);
    }

    /** Threads that each own a key range of products and keep a ledger of what their rows hold. */
    private static final class Load implements AutoCloseable {
        final Queue<String> errors = new ConcurrentLinkedQueue<>();
        final AtomicLong acknowledged = new AtomicLong();
        /**
         * Statements and transactions the server ended with a deadlock (retried as an application does, so the
         * ledger stays right), which must be none: the raw single-table statements on disjoint keys have none. On
         * MariaDB the causes were Tandem's own (the backfill's orphan check scanning the source under shared locks,
         * a cascading DELETE's locks, the target's DDL taking the source's metadata lock); see docs/sql-support.md.
         */
        final AtomicLong deadlocks = new AtomicLong();
        /** InnoDB's account of the first deadlocks (SHOW ENGINE INNODB STATUS), printed with the figures. */
        final Queue<String> deadlockReports = new ConcurrentLinkedQueue<>();
        private final DbKind kind;
        private final Map<Long, String> ledger = new ConcurrentHashMap<>(); // id -> "stock/warehouse"
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();
        /** Held (read) by an operation from its first statement until it is in the ledger; check takes the write. */
        private final ReentrantReadWriteLock quiesce = new ReentrantReadWriteLock();

        Load(List<HikariDataSource> pools, int perPool, DbKind kind) {
            this.kind = kind;
            int t = 0;
            for (HikariDataSource pool : pools) {
                for (int i = 0; i < perPool; i++) {
                    long base = 1_000_000L * (t + 1);
                    Random random = new Random(t);
                    Thread thread = new Thread(() -> loop(pool, base, random), "move-load-" + t);
                    thread.setDaemon(true);
                    threads.add(thread);
                    t++;
                }
            }
            threads.forEach(Thread::start);
        }

        private void loop(HikariDataSource pool, long base, Random random) {
            List<Long> mine = new ArrayList<>();
            long next = base;
            while (!stop.get()) {
                quiesce.readLock().lock();
                boolean tx = random.nextBoolean();
                int op = mine.size() < 5 ? 0 : random.nextInt(10);
                try (Connection c = pool.getConnection()) {
                    c.setAutoCommit(!tx);
                    int stock = random.nextInt(1000);
                    String wh = random.nextInt(5) == 0 ? null : "wh" + random.nextInt(4);
                    if (op <= 2) {
                        long id = next++;
                        one(c, "INSERT INTO products (id, name, stock, warehouse) VALUES (?, ?, ?, ?)", id, "n" + id,
                            stock, wh);
                        commit(c, tx);
                        mine.add(id);
                        ledger.put(id, stock + "/" + wh);
                    } else if (op <= 5) {
                        long id = mine.get(random.nextInt(mine.size()));
                        one(c, "UPDATE products SET stock = ?, warehouse = ? WHERE id = ?", stock, wh, id);
                        commit(c, tx);
                        ledger.put(id, stock + "/" + wh);
                    } else if (op <= 7) {
                        long id = mine.get(random.nextInt(mine.size()));
                        one(c, "UPDATE products SET stock = stock + 1, name = ? WHERE id = ?", "u" + id, id);
                        commit(c, tx);
                        String[] v = ledger.get(id).split("/", 2);
                        ledger.put(id, (Integer.parseInt(v[0]) + 1) + "/" + v[1]);
                    } else if (op == 8) {
                        long id = mine.remove(random.nextInt(mine.size()));
                        one(c, "DELETE FROM products WHERE id = ?", id);
                        commit(c, tx);
                        ledger.remove(id);
                    } else {
                        long id = mine.get(random.nextInt(mine.size()));
                        String read = read(c, id);
                        commit(c, tx);
                        if (!ledger.get(id).equals(read)) {
                            errors.add("read of " + id + " returned " + read + ", the application wrote "
                                + ledger.get(id));
                        }
                        continue;
                    }
                    acknowledged.incrementAndGet();
                } catch (SQLException e) {
                    if (kind == DbKind.MARIADB && "40001".equals(e.getSQLState())) {
                        if (deadlocks.incrementAndGet() <= 3) { // rolled back whole: nothing to record
                            deadlockReports.add("operation " + op + (tx ? " in a transaction" : " in autocommit")
                                + ", error " + e.getErrorCode() + " (" + e.getMessage() + ") at " + java.time.Instant.now()
                                + ": " + latestDeadlock(pool));
                        }
                        continue;
                    }
                    errors.add(e + " (operation " + op + ")");
                    stop.set(true);
                } catch (RuntimeException e) {
                    errors.add(e.toString());
                    stop.set(true);
                } finally {
                    quiesce.readLock().unlock();
                }
            }
        }

        private static String latestDeadlock(HikariDataSource pool) {
            try (Connection c = pool.getConnection(); java.sql.Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW ENGINE INNODB STATUS")) {
                String status = rs.next() ? rs.getString(3) : "";
                int from = status.indexOf("LATEST DETECTED DEADLOCK");
                int to = status.indexOf("\nTRANSACTIONS\n", Math.max(from, 0));
                return from < 0 ? "(none reported)" : status.substring(from, to < 0 ? status.length() : to);
            } catch (SQLException e) {
                return "(status not readable: " + e.getMessage() + ")";
            }
        }

        private static void one(Connection c, String sql, Object... params) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                int n = ps.executeUpdate();
                if (n != 1) {
                    throw new IllegalStateException(sql + " counted " + n + " rows, not 1");
                }
            }
        }

        private static void commit(Connection c, boolean tx) throws SQLException {
            if (tx) {
                c.commit();
            }
        }

        private static String read(Connection c, long id) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT stock, warehouse FROM products WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) + "/" + rs.getString(2) : "no row";
                }
            }
        }

        /**
         * With the writers paused between operations: every ledger row reads back as written through Tandem, no
         * application error so far, and the target equals forward(source) where the source columns still exist.
         */
        void check(MoveFixture f, HikariDataSource pool, boolean sidesEqual, String when) throws Exception {
            quiesce.writeLock().lock();
            try {
                assertThat(errors).as("application errors %s", when).isEmpty();
                Map<Long, String> seen = new TreeMap<>();
                try (Connection c = pool.getConnection();
                     PreparedStatement ps = c.prepareStatement("SELECT id, stock, warehouse FROM products "
                         + "WHERE id >= 1000000 ORDER BY id");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seen.put(rs.getLong(1), rs.getInt(2) + "/" + rs.getString(3));
                    }
                }
                assertThat(seen).as("the application's rows %s", when).isEqualTo(new TreeMap<>(ledger));
                if (sidesEqual) {
                    assertThat(f.inconsistent()).as("target rows unlike forward(source) %s", when).isZero();
                }
            } finally {
                quiesce.writeLock().unlock();
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
    }
}

package dev.tandem.agent.demo;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application: threads that write and read users and orders (and {@link Products} where the rehearsal
 * moves its columns) in the old column names, as an application that never changes its SQL would. Each write is recorded in the {@link Ledger} once the
 * driver acknowledged it; each read is checked against what it must return. Every statement's latency and
 * every failure goes to the interval that was current when the statement was sent.
 */
final class Workload implements AutoCloseable {
    /** Keys of rows the workload creates start here, far above the seeded ones; each thread has its own range. */
    static final long FIRST_KEY = 1_000_000_000L;
    private static final long KEYS_PER_THREAD = 1_000_000_000L;

    private final DataSource pool;
    private final int seededRows;
    private final Recorder recorder;
    private final Ledger ledger;
    private final Products products;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong iterations = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    /** {@code products}: whether the threads also write and read products. */
    Workload(DataSource pool, int threads, int seededRows, Recorder recorder, Ledger ledger, boolean products) {
        this.pool = pool;
        this.seededRows = seededRows;
        this.recorder = recorder;
        this.ledger = ledger;
        this.products = products ? new Products(ledger, seededRows) : null;
        for (int t = 0; t < threads; t++) {
            long base = FIRST_KEY + t * KEYS_PER_THREAD;
            Random random = new Random(t);
            Thread thread = new Thread(() -> loop(base, random), "tandem-demo-app-" + t);
            thread.setDaemon(true);
            this.threads.add(thread);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    private void loop(long base, Random random) {
        long created = 0;
        while (!stop.get()) {
            Interval at = recorder.current();
            boolean create = created == 0 || random.nextInt(3) == 0;
            long id = base + (create ? created++ : random.nextInt((int) Math.min(created, Integer.MAX_VALUE)));
            try (Connection c = pool.getConnection()) {
                iteration(c, at, id, random);
            } catch (SQLException | RuntimeException e) {
                recorder.error(at, e);
            } catch (Error e) {
                recorder.error(at, e); // counted, so the report fails, before the thread dies of it
                throw e;
            }
            iterations.incrementAndGet();
            try {
                Thread.sleep(1); // think time: an application, not a load generator
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Two writes and three reads, each its own autocommit statement; then the products' share. */
    private void iteration(Connection c, Interval at, long id, Random random) throws SQLException {
        String email = "app" + id + "-" + random.nextInt(1_000_000) + "@example.com";
        BigDecimal price = BigDecimal.valueOf(random.nextInt(10_000_000), 2);
        if (ledger.hasUser(id)) {
            write(c, at, "UPDATE users SET email = ? WHERE id = ?", email, id);
        } else {
            write(c, at, "INSERT INTO users (id, name, email) VALUES (?, ?, ?)", id, "app user " + id, email);
        }
        ledger.user(id, email);
        if (ledger.hasOrder(id)) {
            write(c, at, "UPDATE orders SET price = ? WHERE id = ?", price, id);
        } else {
            write(c, at, "INSERT INTO orders (id, user_id, price) VALUES (?, ?, ?)", id, id, price);
        }
        ledger.order(id, price);
        Object[] row = read(c, at, "SELECT name, email FROM users WHERE id = ?", id);
        expect(row[1], email, "users.email of " + id);
        row = read(c, at, "SELECT u.email, o.price FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = ?", id);
        expect(row[0], email, "users.email (join) of " + id);
        expect(row[1], price, "orders.price (join) of " + id);
        long seeded = 1 + random.nextInt(seededRows);
        row = read(c, at, "SELECT u.email, o.price FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = ?",
            seeded);
        expect(row[0], DemoSchema.seededEmail(seeded), "seeded users.email of " + seeded);
        expect(row[1], DemoSchema.seededPrice(seeded), "seeded orders.price of " + seeded);
        if (products != null) {
            products.iteration(c, at, id, random);
        }
    }

    static void write(Connection c, Interval at, String sql, Object... params) throws SQLException {
        long start = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            int n = ps.executeUpdate();
            at.statement(System.nanoTime() - start);
            if (n != 1) {
                throw new IllegalStateException(n + " rows changed by " + sql + " for id " + params[params.length - 1]);
            }
        }
    }

    /** The first row's columns; a missing row is a failure. */
    private static Object[] read(Connection c, Interval at, String sql, Object... params) throws SQLException {
        long start = System.nanoTime();
        Object[] row = null;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    row = new Object[rs.getMetaData().getColumnCount()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                }
            }
            at.statement(System.nanoTime() - start);
            if (row == null) {
                throw new IllegalStateException("no row from " + sql + " for id " + params[0]);
            }
        }
        return row;
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    private static void expect(Object found, Object expected, String what) {
        boolean same = expected instanceof BigDecimal e && found instanceof BigDecimal f
            ? e.compareTo(f) == 0 : Objects.equals(expected, found);
        if (!same) {
            throw new IllegalStateException("read " + what + " as " + found + ", expected " + expected);
        }
    }

    /**
     * Waits until the threads ran {@code perThread} iterations each on average and at least {@code min} passed,
     * or {@code max} passed.
     */
    void awaitWarm(int perThread, Duration min, Duration max) {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        while ((iterations.get() < (long) perThread * threads.size() || System.nanoTime() - start < min.toNanos())
            && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops the threads and waits for them (each finishes the iteration it is in). */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}

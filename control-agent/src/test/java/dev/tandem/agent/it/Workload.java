package dev.tandem.agent.it;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application workload in the old names (the application never changes its SQL): inserts and
 * updates users and orders, reads its own writes back. Every write the driver acknowledged is recorded,
 * so {@link #verify} can prove none was lost.
 */
final class Workload implements AutoCloseable {
    final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    final AtomicLong statements = new AtomicLong();
    private final Map<Long, String> emails = new ConcurrentHashMap<>();
    private final Map<Long, BigDecimal> prices = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    /** Each operation holds the read lock from its first write to recording it; verify takes the write lock. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock quiesce =
        new java.util.concurrent.locks.ReentrantReadWriteLock();

    /** Starts {@code perPool} threads on each pool; thread keys start above {@code firstKey}. */
    Workload(List<DataSource> pools, int perPool, long firstKey) {
        int t = 0;
        for (DataSource pool : pools) {
            for (int i = 0; i < perPool; i++) {
                long base = firstKey + (t + 1) * 10_000_000L;
                Random random = new Random(t);
                Thread thread = new Thread(() -> loop(pool, base, random), "workload-" + t);
                thread.setDaemon(true);
                threads.add(thread);
                t++;
            }
        }
        threads.forEach(Thread::start);
    }

    private void loop(DataSource pool, long base, Random random) {
        long next = 0;
        while (!stop.get()) {
            quiesce.readLock().lock();
            try (Connection c = pool.getConnection()) {
                long id = base + (next == 0 || random.nextInt(3) == 0 ? next++ : random.nextInt((int) next));
                String email = "w" + id + "-" + random.nextInt(1000) + "@x.io";
                BigDecimal price = BigDecimal.valueOf(random.nextInt(100_000), 2);
                if (!emails.containsKey(id)) {
                    exec(c, "INSERT INTO users (id, name, email) VALUES (?, ?, ?)", id, "w", email);
                    exec(c, "INSERT INTO orders (id, user_id, price) VALUES (?, ?, ?)", id, id, price);
                } else {
                    exec(c, "UPDATE users SET email = ? WHERE id = ?", email, id);
                    exec(c, "UPDATE orders SET price = ? WHERE id = ?", price, id);
                }
                emails.put(id, email);
                prices.put(id, price);
                try (PreparedStatement ps = c.prepareStatement("SELECT u.email, o.price FROM users u JOIN orders o "
                    + "ON o.user_id = u.id WHERE u.id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || !email.equals(rs.getString(1)) || price.compareTo(rs.getBigDecimal(2)) != 0) {
                            throw new IllegalStateException("read back the wrong row for id " + id);
                        }
                    }
                }
                statements.addAndGet(3);
            } catch (SQLException | RuntimeException e) {
                errors.add(e);
            } finally {
                quiesce.readLock().unlock();
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void exec(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("no row for " + sql + " " + java.util.Arrays.toString(params));
            }
        }
    }

    long acknowledged() {
        return emails.size();
    }

    /** Every acknowledged write is there, read through {@code pool} in the old names; returns the differences. */
    List<String> verify(DataSource pool) throws SQLException {
        quiesce.writeLock().lock();
        try {
            return check(pool);
        } finally {
            quiesce.writeLock().unlock();
        }
    }

    private List<String> check(DataSource pool) throws SQLException {
        List<String> lost = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
            "SELECT u.email, o.price FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = ?")) {
            for (Map.Entry<Long, String> e : emails.entrySet()) {
                ps.setLong(1, e.getKey());
                try (ResultSet rs = ps.executeQuery()) {
                    BigDecimal price = prices.get(e.getKey());
                    if (!rs.next() || !e.getValue().equals(rs.getString(1)) || price.compareTo(rs.getBigDecimal(2)) != 0) {
                        lost.add("id " + e.getKey() + ": expected " + e.getValue() + " / " + price);
                    }
                }
            }
        }
        return lost;
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}

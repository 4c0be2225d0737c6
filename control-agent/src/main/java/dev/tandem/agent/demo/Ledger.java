package dev.tandem.agent.demo;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every write the driver acknowledged, as the last value per key, and the check that the database still
 * holds all of them (and the seeded rows, untouched) when read back in the old column names.
 */
final class Ledger {
    private static final int SAMPLE = 20;

    private final Map<Long, String> emails = new ConcurrentHashMap<>();
    private final Map<Long, BigDecimal> prices = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();

    /** The outcome of {@link #verify}. */
    record Check(long lost, long damaged, List<String> sample) {
    }

    boolean hasUser(long id) {
        return emails.containsKey(id);
    }

    boolean hasOrder(long id) {
        return prices.containsKey(id);
    }

    void user(long id, String email) {
        emails.put(id, email);
        writes.incrementAndGet();
    }

    void order(long id, BigDecimal price) {
        prices.put(id, price);
        writes.incrementAndGet();
    }

    String email(long id) {
        return emails.get(id);
    }

    BigDecimal price(long id) {
        return prices.get(id);
    }

    /** Writes acknowledged (inserts and updates). */
    long writes() {
        return writes.get();
    }

    /**
     * Reads users and orders through {@code pool} in the old names, with the workload stopped: every
     * acknowledged write must be there with its last value, every seeded row as seeded.
     */
    Check verify(DataSource pool, int seededRows) throws SQLException {
        List<String> sample = new ArrayList<>();
        long lost = 0;
        long damaged = 0;
        try (Connection c = pool.getConnection()) {
            Map<Long, Object> users = read(c, "SELECT id, email FROM users");
            Map<Long, Object> orders = read(c, "SELECT id, price FROM orders");
            for (Map.Entry<Long, String> e : emails.entrySet()) {
                lost += compare("user", e.getKey(), e.getValue(), users.get(e.getKey()), sample);
            }
            for (Map.Entry<Long, BigDecimal> e : prices.entrySet()) {
                lost += compare("order", e.getKey(), e.getValue(), orders.get(e.getKey()), sample);
            }
            for (long id = 1; id <= seededRows; id++) {
                damaged += compare("seeded user", id, DemoSchema.seededEmail(id), users.get(id), sample);
                damaged += compare("seeded order", id, DemoSchema.seededPrice(id), orders.get(id), sample);
            }
        }
        return new Check(lost, damaged, sample);
    }

    private static Map<Long, Object> read(Connection c, String sql) throws SQLException {
        Map<Long, Object> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getObject(2));
            }
        }
        return out;
    }

    private static int compare(String what, long id, Object expected, Object found, List<String> sample) {
        boolean same = expected instanceof BigDecimal e && found instanceof BigDecimal f
            ? e.compareTo(f) == 0 : expected.equals(found);
        if (same) {
            return 0;
        }
        if (sample.size() < SAMPLE) {
            sample.add(what + " " + id + ": expected " + expected + ", found " + (found == null ? "no row" : found));
        }
        return 1;
    }
}

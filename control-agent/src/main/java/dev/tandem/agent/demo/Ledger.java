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
 * Every write the driver acknowledged, as the last value per key (for products also a delete: the row must be
 * gone), and the check that the database still holds all of them (and the seeded rows, untouched) when read
 * back in the old column names.
 */
final class Ledger {
    private static final int SAMPLE = 20;

    private final Map<Long, String> emails = new ConcurrentHashMap<>();
    private final Map<Long, BigDecimal> prices = new ConcurrentHashMap<>();
    private final Map<Long, Stock> products = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong userWrites = new AtomicLong();
    private final AtomicLong orderWrites = new AtomicLong();
    private final AtomicLong productWrites = new AtomicLong();

    /** The outcome of {@link #verify}; {@code tables} per table, products only where the rehearsal moves them. */
    record Check(long lost, long damaged, List<String> sample, List<Report.TableWrites> tables) {
    }

    /** A product's moved columns as the application last wrote them; {@link #DELETED} once it deleted the row. */
    record Stock(int stock, String warehouse) {
        @Override
        public String toString() {
            return this == DELETED ? "no row (deleted)" : "stock " + stock + ", warehouse " + warehouse;
        }
    }

    static final Stock DELETED = new Stock(Integer.MIN_VALUE, null);

    boolean hasUser(long id) {
        return emails.containsKey(id);
    }

    boolean hasOrder(long id) {
        return prices.containsKey(id);
    }

    void user(long id, String email) {
        emails.put(id, email);
        writes.incrementAndGet();
        userWrites.incrementAndGet();
    }

    void order(long id, BigDecimal price) {
        prices.put(id, price);
        writes.incrementAndGet();
        orderWrites.incrementAndGet();
    }

    /** An acknowledged insert, update or (with {@link #DELETED}) delete of product {@code id}. */
    void product(long id, Stock stock) {
        products.put(id, stock);
        writes.incrementAndGet();
        productWrites.incrementAndGet();
    }

    /** The product as last written, {@link #DELETED} once deleted, or null if never written. */
    Stock product(long id) {
        return products.get(id);
    }

    String email(long id) {
        return emails.get(id);
    }

    BigDecimal price(long id) {
        return prices.get(id);
    }

    /** Writes acknowledged (inserts, updates and deletes). */
    long writes() {
        return writes.get();
    }

    /**
     * Reads users and orders through {@code pool} in the old names, with the workload stopped: every
     * acknowledged write must be there with its last value, every seeded row as seeded.
     */
    Check verify(DataSource pool, int seededRows, boolean withProducts) throws SQLException {
        List<String> sample = new ArrayList<>();
        long lostUsers = 0;
        long lostOrders = 0;
        long lostProducts = 0;
        long damaged = 0;
        try (Connection c = pool.getConnection()) {
            Map<Long, Object> users = read(c, "SELECT id, email FROM users");
            Map<Long, Object> orders = read(c, "SELECT id, price FROM orders");
            Map<Long, Object> stocks = withProducts ? read(c, "SELECT id, stock, warehouse FROM products") : Map.of();
            for (Map.Entry<Long, String> e : emails.entrySet()) {
                lostUsers += compare("user", e.getKey(), e.getValue(), users.get(e.getKey()), sample);
            }
            for (Map.Entry<Long, BigDecimal> e : prices.entrySet()) {
                lostOrders += compare("order", e.getKey(), e.getValue(), orders.get(e.getKey()), sample);
            }
            for (Map.Entry<Long, Stock> e : products.entrySet()) {
                lostProducts += compare("product", e.getKey(), e.getValue(), stocks.get(e.getKey()), sample);
            }
            for (long id = 1; id <= seededRows; id++) {
                damaged += compare("seeded user", id, DemoSchema.seededEmail(id), users.get(id), sample);
                damaged += compare("seeded order", id, DemoSchema.seededPrice(id), orders.get(id), sample);
                if (withProducts) {
                    damaged += compare("seeded product", id, new Stock(DemoSchema.seededStock(id),
                        DemoSchema.seededWarehouse(id)), stocks.get(id), sample);
                }
            }
        }
        List<Report.TableWrites> tables = new ArrayList<>(List.of(
            new Report.TableWrites("users", userWrites.get(), lostUsers),
            new Report.TableWrites("orders", orderWrites.get(), lostOrders)));
        if (withProducts) {
            tables.add(new Report.TableWrites("products", productWrites.get(), lostProducts));
        }
        return new Check(lostUsers + lostOrders + lostProducts, damaged, sample, tables);
    }

    /** Key to the second column, or to a {@link Stock} when there are three (products: stock, warehouse). */
    private static Map<Long, Object> read(Connection c, String sql) throws SQLException {
        Map<Long, Object> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            boolean stock = rs.getMetaData().getColumnCount() == 3;
            while (rs.next()) {
                out.put(rs.getLong(1), stock ? new Stock(rs.getInt(2), rs.getString(3)) : rs.getObject(2));
            }
        }
        return out;
    }

    private static int compare(String what, long id, Object expected, Object found, List<String> sample) {
        boolean same = expected instanceof BigDecimal e && found instanceof BigDecimal f
            ? e.compareTo(f) == 0 : expected == DELETED ? found == null : expected.equals(found);
        if (same) {
            return 0;
        }
        if (sample.size() < SAMPLE) {
            sample.add(what + " " + id + ": expected " + expected + ", found " + (found == null ? "no row" : found));
        }
        return 1;
    }
}

package dev.tandem.agent.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Random;

/**
 * The application's share of products, whose {@code stock} and {@code warehouse} the third scenario moves to
 * {@code inventory}: it inserts, updates, deletes and reads them in the old table's names, each statement
 * autocommitted, and checks every read against the {@link Ledger}.
 It keeps the old names through COMPLETE, where the moved columns are gone from products: Tandem writes
 * and reads them in inventory.
 */
final class Products {
    private static final String INSERT = "INSERT INTO products (id, name, stock, warehouse) VALUES (?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE products SET stock = ?, warehouse = ? WHERE id = ?";
    private static final String DELETE = "DELETE FROM products WHERE id = ?";
    private static final String READ = "SELECT name, stock, warehouse FROM products WHERE id = ?";

    private final Ledger ledger;
    private final int seededRows;

    Products(Ledger ledger, int seededRows) {
        this.ledger = ledger;
        this.seededRows = seededRows;
    }

    /** One write of product {@code id} (insert if absent; else mostly an update, sometimes a delete) and reads. */
    void iteration(Connection c, Interval at, long id, Random random) throws SQLException {
        Ledger.Stock last = ledger.product(id);
        Ledger.Stock next = new Ledger.Stock(random.nextInt(1_000), random.nextInt(5) == 0 ? null
            : "wh" + random.nextInt(10));
        if (last == null || last == Ledger.DELETED) {
            insert(c, at, id, next);
        } else if (random.nextInt(8) == 0) {
            Workload.write(c, at, DELETE, id);
            next = Ledger.DELETED;
        } else {
            Workload.write(c, at, UPDATE, next.stock(), next.warehouse(), id);
        }
        ledger.product(id, next);
        Object[] row = find(c, at, READ, id);
        if (next == Ledger.DELETED) {
            if (row != null) {
                throw new IllegalStateException("read deleted product " + id + " as " + row[1] + "/" + row[2]);
            }
        } else {
            expect(row, next, "product " + id);
        }
        long seeded = 1 + random.nextInt(seededRows);
        expect(find(c, at, READ, seeded), new Ledger.Stock(DemoSchema.seededStock(seeded),
            DemoSchema.seededWarehouse(seeded)), "seeded product " + seeded);
    }

    private void insert(Connection c, Interval at, long id, Ledger.Stock s) throws SQLException {
        Workload.write(c, at, INSERT, id, "app product " + id, s.stock(), s.warehouse());
    }

    /** The row, or null when there is none. */
    private static Object[] find(Connection c, Interval at, String sql, long id) throws SQLException {
        long start = System.nanoTime();
        Object[] row = null;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    row = new Object[] {rs.getString(1), rs.getInt(2), rs.getString(3)};
                }
            }
        }
        at.statement(System.nanoTime() - start);
        return row;
    }

    private static void expect(Object[] row, Ledger.Stock expected, String what) {
        if (row == null) {
            throw new IllegalStateException("no row for " + what + ", expected " + expected);
        }
        Ledger.Stock found = new Ledger.Stock((Integer) row[1], (String) row[2]);
        if (!found.equals(expected)) {
            throw new IllegalStateException("read " + what + " as " + found + ", expected " + expected);
        }
    }
}

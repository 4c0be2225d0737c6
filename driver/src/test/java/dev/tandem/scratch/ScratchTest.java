package dev.tandem.scratch;

import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.Test;
import java.sql.*;

class ScratchTest {
    @Test
    void probe() throws Exception {
        TestDatabase db = TestDatabases.create(DbKind.MARIADB, "scratch");
        db.execute("CREATE TABLE products (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), stock INT DEFAULT 0, price DECIMAL(10,2))",
            "CREATE TABLE inventory (product_id BIGINT PRIMARY KEY, stock INT DEFAULT 0, price_cents BIGINT)",
            "INSERT INTO products (id, name, stock, price) VALUES (1, 'apple', 5, 1.25)");
        String[] sqls = System.getProperty("probe.sql", "").split(";;");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            System.out.println("PROBE iso " + c.getTransactionIsolation() + " " + c.getMetaData().getDatabaseProductVersion());
            for (String sql : new String[] {
                "INSERT INTO inventory (product_id, stock, price_cents) SELECT p.id, p.stock, CAST(ROUND(p.price * 100) AS SIGNED) FROM products p WHERE p.id = 1 FOR UPDATE ON DUPLICATE KEY UPDATE stock = VALUES(stock), price_cents = VALUES(price_cents)",
                "INSERT INTO inventory (product_id, stock, price_cents) SELECT products.id, products.stock, CAST(ROUND(products.price * 100) AS SIGNED) FROM products WHERE products.id IN (1, 2) FOR UPDATE ON DUPLICATE KEY UPDATE stock = VALUES(stock), price_cents = VALUES(price_cents)",
                "INSERT INTO products (name) VALUES ('a'), ('b')",
                "SELECT LAST_INSERT_ID(), @@auto_increment_increment, @@innodb_autoinc_lock_mode",
                "INSERT INTO inventory (product_id, stock, price_cents) SELECT p.id, p.stock, CAST(ROUND(p.price * 100) AS SIGNED) FROM products p WHERE p.id BETWEEN LAST_INSERT_ID() AND LAST_INSERT_ID() + 1 * @@auto_increment_increment FOR UPDATE ON DUPLICATE KEY UPDATE stock = VALUES(stock), price_cents = VALUES(price_cents)",
                "SELECT * FROM inventory",
                "SELECT (id) FROM products WHERE (id) IN ((1), (2)) FOR UPDATE",
            }) {
                try {
                    boolean rs = s.execute(sql);
                    if (rs) {
                        try (ResultSet r = s.getResultSet()) {
                            StringBuilder b = new StringBuilder();
                            while (r.next()) { for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) b.append(r.getString(i)).append(','); b.append(" | "); }
                            System.out.println("PROBE ok " + sql + " -> " + b);
                        }
                    } else System.out.println("PROBE ok " + sql + " -> " + s.getUpdateCount());
                } catch (SQLException e) { System.out.println("PROBE fail " + sql + " -> " + e.getMessage()); }
            }
        }
    }
}

package dev.tandem.agent.demo;

import dev.tandem.driver.schema.Dialect;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The shop the rehearsal migrates: {@code users(id, name, email)}, {@code orders(id, user_id, price)} and,
 * where the rehearsal moves columns ({@link Target.Kind#movesColumns()}), {@code products(id, name, stock,
 * warehouse)}, seeded in bulk on the server. Seeded rows have values computable from their id, so the workload can
 * check every read of them.
 */
final class DemoSchema {
    /** The database (MySQL) or database (PostgreSQL) the rehearsal owns: dropped and created again per run. */
    static final String DATABASE = "tandem_demo";

    private DemoSchema() {
    }

    /** Creates the tables and seeds {@code rows} rows into each. */
    static void create(Target target, int rows) throws SQLException {
        Dialect dialect = target.kind().dialect();
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(200))");
            s.execute("CREATE INDEX users_email_idx ON users (email)");
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, price "
                + oldPriceType(target.kind()) + ")");
            s.execute("CREATE INDEX orders_user_idx ON orders (user_id)");
            boolean products = target.kind().movesColumns();
            if (products) {
                s.execute("CREATE TABLE products (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, "
                    + "stock INT NOT NULL DEFAULT 0, warehouse VARCHAR(20))");
                s.execute("CREATE INDEX products_warehouse_idx ON products (warehouse)");
            }
            switch (target.kind()) {
                case POSTGRESQL -> seed(s, "generate_series(1, " + rows + ") AS s(n)", "n", dialect, products);
                case MARIADB -> seed(s, "seq_1_to_" + rows + " AS s", "seq", dialect, products);
                case MYSQL -> {
                    // MySQL has no sequence tables: a recursive CTE, allowed to recurse deep enough.
                    s.execute("SET SESSION cte_max_recursion_depth = " + ((long) rows + 1));
                    seed(s, "(WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < " + rows
                        + ") SELECT n FROM r) AS s", "n", dialect, products);
                }
            }
            s.execute(dialect.analyzeTable("users"));
            s.execute(dialect.analyzeTable("orders"));
            if (products) {
                s.execute(dialect.analyzeTable("products"));
            }
        }
    }

    private static void seed(Statement s, String from, String n, Dialect dialect, boolean products)
        throws SQLException {
        String email = dialect.concat("'u'", n, "'@example.com'");
        String name = dialect.concat("'user '", n);
        s.execute("INSERT INTO users (id, name, email) SELECT " + n + ", " + name + ", " + email + " FROM " + from);
        s.execute("INSERT INTO orders (id, user_id, price) SELECT " + n + ", " + n + ", CAST(" + n + " AS "
            + dialect.castType("BIGINT") + ") * 7919 % 100000 / 100.0 FROM " + from);
        if (products) {
            // stock n % 50; warehouse wh0..wh2, none for every 7th product (see seededStock, seededWarehouse)
            s.execute("INSERT INTO products (id, name, stock, warehouse) SELECT " + n + ", "
                + dialect.concat("'product '", n) + ", " + n + " % 50, CASE WHEN " + n + " % 7 = 0 THEN NULL ELSE "
                + dialect.concat("'wh'", "(" + n + " % 3)") + " END FROM " + from);
        }
    }

    static String oldPriceType(Target.Kind kind) {
        return kind == Target.Kind.POSTGRESQL ? "numeric(10,2)" : "decimal(10,2)";
    }

    /** The email seeded for user {@code id}. */
    static String seededEmail(long id) {
        return "u" + id + "@example.com";
    }

    /** The stock seeded for product {@code id}. */
    static int seededStock(long id) {
        return (int) (id % 50);
    }

    /** The warehouse seeded for product {@code id}, or null. */
    static String seededWarehouse(long id) {
        return id % 7 == 0 ? null : "wh" + id % 3;
    }

    /** The price seeded for order {@code id}. */
    static BigDecimal seededPrice(long id) {
        return BigDecimal.valueOf(id * 7919 % 100000, 2);
    }
}

package dev.tandem.agent.demo;

import dev.tandem.driver.schema.Dialect;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The shop the rehearsal migrates: {@code users(id, name, email)} and {@code orders(id, user_id, price)},
 * seeded in bulk on the server. Seeded rows have values computable from their id, so the workload can
 * check every read of them.
 */
final class DemoSchema {
    /** The database (MySQL) or database (PostgreSQL) the rehearsal owns: dropped and created again per run. */
    static final String DATABASE = "tandem_demo";

    private DemoSchema() {
    }

    /** Creates both tables and seeds {@code rows} rows into each. */
    static void create(Target target, int rows) throws SQLException {
        Dialect dialect = target.kind().dialect();
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(200))");
            s.execute("CREATE INDEX users_email_idx ON users (email)");
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, price "
                + oldPriceType(target.kind()) + ")");
            s.execute("CREATE INDEX orders_user_idx ON orders (user_id)");
            switch (target.kind()) {
                case POSTGRESQL -> seed(s, "generate_series(1, " + rows + ") AS s(n)", "n", dialect);
                case MARIADB -> seed(s, "seq_1_to_" + rows + " AS s", "seq", dialect);
                case MYSQL -> {
                    // MySQL has no sequence tables: a recursive CTE, allowed to recurse deep enough.
                    s.execute("SET SESSION cte_max_recursion_depth = " + ((long) rows + 1));
                    seed(s, "(WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < " + rows
                        + ") SELECT n FROM r) AS s", "n", dialect);
                }
            }
            s.execute(dialect.analyzeTable("users"));
            s.execute(dialect.analyzeTable("orders"));
        }
    }

    private static void seed(Statement s, String from, String n, Dialect dialect) throws SQLException {
        String email = dialect.concat("'u'", n, "'@example.com'");
        String name = dialect.concat("'user '", n);
        s.execute("INSERT INTO users (id, name, email) SELECT " + n + ", " + name + ", " + email + " FROM " + from);
        s.execute("INSERT INTO orders (id, user_id, price) SELECT " + n + ", " + n + ", CAST(" + n + " AS "
            + dialect.castType("BIGINT") + ") * 7919 % 100000 / 100.0 FROM " + from);
    }

    static String oldPriceType(Target.Kind kind) {
        return kind == Target.Kind.POSTGRESQL ? "numeric(10,2)" : "decimal(10,2)";
    }

    /** The email seeded for user {@code id}. */
    static String seededEmail(long id) {
        return "u" + id + "@example.com";
    }

    /** The price seeded for order {@code id}. */
    static BigDecimal seededPrice(long id) {
        return BigDecimal.valueOf(id * 7919 % 100000, 2);
    }
}

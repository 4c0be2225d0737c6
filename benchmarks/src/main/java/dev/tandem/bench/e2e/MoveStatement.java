package dev.tandem.bench.e2e;

import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The move benchmark's tables, spec and statements: {@code bench_products.stock} moved to {@code bench_inventory}
 * (keyed by the product id) in DUAL_WRITE, the target backfilled. Each statement has four forms, one per
 * {@link Path}: the application's single statement through Tandem (autocommit), the hand-written equivalent on
 * the raw driver as two statements in one transaction, as one hand-written data-modifying CTE, and the
 * application's statement on the raw driver on an unmigrated copy of the source (what the move adds, for
 * information).
 */
public enum MoveStatement {
    UPDATE,
    INSERT;

    static final String SOURCE = "bench_products";
    static final String TARGET = "bench_inventory";
    /** The same table, not migrated: what the application's statement costs without a move. */
    static final String PLAIN = "bench_products_plain";
    static final int SEED_ROWS = 10_000;

    /** How a statement reaches the server. */
    public enum Path {
        /** {@code jdbc:tandem:}, the application's statement, autocommit: Tandem writes both tables. */
        TANDEM,
        /** Raw driver: the source statement and an upsert of the target, in one transaction (three round trips). */
        RAW_TRANSACTION,
        /** Raw driver: one hand-written statement, a data-modifying CTE upserting the target (one round trip). */
        RAW_CTE,
        /** Raw driver: the application's statement on {@link #PLAIN}, which no migration names. */
        RAW_SOURCE_ONLY
    }

    private static final String UPSERT = " ON CONFLICT (id) DO UPDATE SET stock = EXCLUDED.stock";

    /** One execution of this statement by {@code path} on {@code c}. */
    void run(Path path, Connection c, Ids ids, Blackhole bh) throws SQLException {
        int stock = (int) (ids.fresh() % 1_000_000);
        long id = this == UPDATE ? ids.existing() : ids.fresh();
        switch (path) {
            case TANDEM -> bh.consume(execute(c, source(), id, stock));
            case RAW_SOURCE_ONLY -> bh.consume(execute(c, source(PLAIN), id, stock));
            case RAW_CTE -> bh.consume(execute(c, cte(), id, stock));
            case RAW_TRANSACTION -> {
                c.setAutoCommit(false);
                try {
                    bh.consume(execute(c, source(), id, stock));
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TARGET + " (id, stock) VALUES "
                        + "(?, ?)" + UPSERT)) {
                        ps.setLong(1, id);
                        ps.setInt(2, stock);
                        bh.consume(ps.executeUpdate());
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
    }

    /** The application's statement, on the source. */
    String source() {
        return source(SOURCE);
    }

    private String source(String table) {
        return this == UPDATE ? "UPDATE " + table + " SET stock = ? WHERE id = ?"
            : "INSERT INTO " + table + " (id, name, stock) VALUES (?, 'new', ?)";
    }

    /** The hand-written single statement: the source write returning what the target's upsert needs. */
    String cte() {
        return "WITH s AS (" + source() + " RETURNING id, stock) INSERT INTO " + TARGET + " (id, stock) "
            + "SELECT id, stock FROM s" + UPSERT;
    }

    /** Binds (stock, id) for the UPDATE, (id, stock) for the INSERT, as their texts order them. */
    private int execute(Connection c, String sql, long id, int stock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (this == UPDATE) {
                ps.setInt(1, stock);
                ps.setLong(2, id);
            } else {
                ps.setLong(1, id);
                ps.setInt(2, stock);
            }
            int n = ps.executeUpdate();
            if (n != 1) {
                throw new IllegalStateException(n + " rows from " + sql);
            }
            return n;
        }
    }

    /** Creates the tables, the target filled as a finished backfill leaves it. */
    static void create(String rawUrl) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(rawUrl); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TARGET);
            for (String table : new String[] {SOURCE, PLAIN}) {
                s.execute("DROP TABLE IF EXISTS " + table);
                s.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name VARCHAR(100), stock INT NOT NULL)");
                s.execute("INSERT INTO " + table + " SELECT g, 'p' || g, g % 50 FROM generate_series(1, " + SEED_ROWS
                    + ") g");
                s.execute("ANALYZE " + table);
            }
            s.execute("CREATE TABLE " + TARGET + " (id BIGINT PRIMARY KEY, stock INT)");
            s.execute("INSERT INTO " + TARGET + " SELECT id, stock FROM " + SOURCE);
            s.execute("ANALYZE " + TARGET);
        }
    }

    /** Source rows whose target row is missing or holds another stock: none, if every write reached both. */
    static long apart(String rawUrl) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(rawUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SOURCE + " p LEFT JOIN " + TARGET
                 + " i ON i.id = p.id WHERE i.id IS NULL OR i.stock IS DISTINCT FROM p.stock")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The spec: the move in DUAL_WRITE, in a temporary file deleted when the JVM exits. */
    static java.nio.file.Path spec() {
        try {
            java.nio.file.Path file = Files.createTempFile("tandem-bench-move-", ".yaml");
            Files.writeString(file, "migrations:\n  - id: bench-products-inventory\n    kind: move\n"
                + "    table: " + SOURCE + "\n    target: " + TARGET + "\n    key: [id]\n    columns:\n"
                + "      - old: stock\n        new: stock\n    phase: DUAL_WRITE\n", StandardCharsets.UTF_8);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.tandem.agent.it;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A move of {@code products.stock} (INT NOT NULL, copied) and {@code products.warehouse} (stored upper case in the
 * target: forward {@code upper(warehouse)}, backward {@code lower(warehouse)}) into a new table {@code inventory}
 * keyed by {@code id}, with an initialised agent and no driver: the application's writes are plain SQL that does
 * what the driver's dual write does ({@link #dualWrite}).
 */
final class MoveFixture implements AutoCloseable {
    static final String ID = "products-inventory";

    final DbKind kind;
    final TestDatabase db;
    final Path migrations;
    final Agent agent;

    MoveFixture(DbKind kind, String name, int rows) throws Exception {
        this.kind = kind;
        this.db = TestDatabases.create(kind, name);
        db.execute("CREATE TABLE products (id BIGINT PRIMARY KEY, name VARCHAR(100), stock INT NOT NULL, "
            + "warehouse VARCHAR(20))", "CREATE INDEX products_stock_idx ON products (stock)");
        if (kind == DbKind.POSTGRESQL) {
            db.execute("INSERT INTO products SELECT g, 'p' || g, g % 50, CASE WHEN g % 7 = 0 THEN NULL ELSE 'wh' "
                + "|| (g % 3) END FROM generate_series(1, " + rows + ") g");
        } else {
            db.execute("INSERT INTO products SELECT seq, CONCAT('p', seq), seq % 50, CASE WHEN seq % 7 = 0 THEN NULL "
                + "ELSE CONCAT('wh', seq % 3) END FROM seq_1_to_" + rows);
        }
        this.migrations = Files.createTempDirectory("tandem-move-it").resolve("migrations.yaml");
        Files.writeString(migrations, "migrations:\n  - id: " + ID + "\n    kind: move\n    table: products\n"
            + "    target: inventory\n    key: [id]\n    columns:\n"
            + "      - old: stock\n        new: stock\n"
            + "      - old: warehouse\n        new: warehouse\n        type: VARCHAR(20)\n"
            + "        forward: upper(warehouse)\n        backward: lower(warehouse)\n    phase: EXPAND\n");
        this.agent = Agent.open(AgentConfig.of(db.jdbcUrl(), migrations).withBarrierTimeout(Duration.ofSeconds(5)));
        agent.init();
        agent.reload("test");
    }

    TransitionView phase(Phase to) {
        return agent.phase(ID, to, false, null, "test");
    }

    JobView backfill() {
        return agent.backfill(ID, false, agent.config().jobs(), JobListener.NONE, "test");
    }

    long reconcile() {
        return mismatches(agent.reconcile(ID, false, agent.config().jobs(), JobListener.NONE, "test"));
    }

    JobView repair() {
        return agent.reconcile(ID, true, agent.config().jobs(), JobListener.NONE, "test");
    }

    static long mismatches(JobView v) {
        return ((Number) v.result().get("mismatches")).longValue();
    }

    /**
     * What the driver does in DUAL_WRITE for {@code UPDATE products SET stock = ?, warehouse = ? WHERE id = ?}:
     * the source row, then the target row (upsert), in one transaction.
     */
    void dualWrite(Connection c, long id, int stock, String warehouse) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE products SET stock = ?, warehouse = ? WHERE id = ?");
             PreparedStatement t = c.prepareStatement(kind == DbKind.POSTGRESQL
                 ? "INSERT INTO inventory (id, stock, warehouse) VALUES (?, ?, upper(?)) ON CONFLICT (id) DO UPDATE "
                 + "SET stock = EXCLUDED.stock, warehouse = EXCLUDED.warehouse"
                 : "INSERT INTO inventory (id, stock, warehouse) VALUES (?, ?, upper(?)) ON DUPLICATE KEY UPDATE "
                 + "stock = VALUES(stock), warehouse = VALUES(warehouse)")) {
            s.setInt(1, stock);
            s.setString(2, warehouse);
            s.setLong(3, id);
            s.executeUpdate();
            t.setLong(1, id);
            t.setInt(2, stock);
            t.setString(3, warehouse);
            t.executeUpdate();
        }
    }

    /** Source rows whose target row is missing or differs from forward(source row), counted in plain SQL. */
    long inconsistent() throws SQLException {
        return inconsistent("TRUE");
    }

    /** {@link #inconsistent()} among the source rows that {@code condition} (over {@code p}) selects. */
    long inconsistent(String condition) throws SQLException {
        String differs = kind == DbKind.POSTGRESQL
            ? "i.stock IS DISTINCT FROM p.stock OR i.warehouse IS DISTINCT FROM upper(p.warehouse)"
            : "NOT (i.stock <=> p.stock) OR NOT (i.warehouse <=> upper(p.warehouse))";
        return count("SELECT count(*) FROM products p LEFT JOIN inventory i ON i.id = p.id WHERE (" + condition
            + ") AND (i.id IS NULL OR " + differs + ")");
    }

    long count(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        agent.close();
    }
}

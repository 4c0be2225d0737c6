package dev.tandem.driver.oracle;

import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The oracle for writes of a move's TARGET (PostgreSQL): the old schema has no inventory table, so each target write
 * is paired with the UPDATE of products that means the same on the old schema (what the old application version
 * would have written). The pair runs on the old-schema twin and through Tandem in DUAL_WRITE … CONTRACT, inside a
 * rolled-back transaction; update counts, RETURNING rows, error classes and the logical products rows left behind
 * (the moved columns as the target holds them) must agree, and the reconcile's check of the phase must find nothing.
 */
class MoveTargetOracleTest {
    @TempDir
    Path dir;

    /** A target write and its old-schema twin; {@code contractOnly}: in CONTRACT only (a DELETE of the target). */
    record Pair(String tandem, String twin, boolean query, List<Object> params, boolean contractOnly) {
    }

    static Pair u(String tandem, String twin, Object... params) {
        return new Pair(tandem, twin, false, List.of(params), false);
    }

    static Pair q(String tandem, String twin, Object... params) {
        return new Pair(tandem, twin, true, List.of(params), false);
    }

    static final List<Pair> CORPUS = List.of(
        u("UPDATE inventory SET stock = stock + 1 WHERE stock < 5", "UPDATE products SET stock = stock + 1 WHERE stock < 5"),
        u("UPDATE inventory SET price_cents = ? WHERE product_id = ?", "UPDATE products SET price = ? / 100.0 WHERE id = ?",
            999, 1),
        u("UPDATE inventory SET stock = NULL, price_cents = price_cents * 2 WHERE product_id IN (SELECT product_id "
            + "FROM suppliers)", "UPDATE products SET stock = NULL, price = price * 2 WHERE id IN (SELECT product_id "
            + "FROM suppliers)"),
        u("UPDATE inventory i SET stock = s.id FROM suppliers s WHERE s.product_id = i.product_id",
            "UPDATE products p SET stock = s.id FROM suppliers s WHERE s.product_id = p.id"),
        u("UPDATE inventory SET stock = 1 WHERE product_id = 99", "UPDATE products SET stock = 1 WHERE id = 99"),
        u("INSERT INTO inventory AS i (product_id, stock) VALUES (1, 3), (2, 4) ON CONFLICT (product_id) DO UPDATE "
            + "SET stock = i.stock + EXCLUDED.stock", "UPDATE products SET stock = stock + CASE id WHEN 1 THEN 3 "
            + "ELSE 4 END WHERE id IN (1, 2)"),
        u("INSERT INTO inventory (product_id, stock) VALUES (4, 0) ON CONFLICT DO NOTHING",
            "UPDATE products SET stock = 0 WHERE false"),
        q("UPDATE inventory SET stock = 7 WHERE product_id = 2 RETURNING product_id, stock AS s, price_cents",
            "UPDATE products SET stock = 7 WHERE id = 2 RETURNING id AS product_id, stock AS s, "
            + "CAST(price * 100 AS BIGINT) AS price_cents"),
        u("UPDATE inventory SET stock = 10 / (product_id - 2)", "UPDATE products SET stock = 10 / (id - 2)"),
        u("UPDATE inventory SET stock = 'x' WHERE product_id = 1", "UPDATE products SET stock = 'x' WHERE id = 1"),
        new Pair("DELETE FROM inventory WHERE product_id IN (3, 5)",
            "UPDATE products SET stock = NULL, price = NULL WHERE id IN (3, 5)", false, List.of(), true),
        new Pair("DELETE FROM inventory i USING suppliers s WHERE s.product_id = i.product_id AND s.city = 'Rome' "
            + "RETURNING i.product_id", "UPDATE products p SET stock = NULL, price = NULL FROM suppliers s WHERE "
            + "s.product_id = p.id AND s.city = 'Rome' RETURNING p.id AS product_id", true, List.of(), true));

    @Test
    void everyTargetWriteBehavesAsItsUpdateOfTheSourceOnTheOldSchema() throws Exception {
        DbKind kind = DbKind.POSTGRESQL;
        TestDatabase twinDb = TestDatabases.create(kind, "move_target_oracle_twin");
        twinDb.execute(MoveOracleTest.twinSchema(kind));
        List<String> differences = new ArrayList<>();
        int runs = 0;
        try (Connection twin = twinDb.connect()) {
            for (MoveOracleTest.MovePhase p : MoveOracleTest.MovePhase.values()) {
                if (p.dropped()) {
                    continue; // COMPLETE: target writes are plain writes of an ordinary table
                }
                boolean contract = p == MoveOracleTest.MovePhase.CONTRACT;
                TestDatabase db = TestDatabases.create(kind, "move_target_oracle_" + p.name().toLowerCase());
                db.execute(MoveOracleTest.tandemSchema(kind, false).toArray(new String[0]));
                Path file = dir.resolve("move-target-" + p + ".yaml");
                Files.writeString(file, MoveOracleTest.spec(kind, p), StandardCharsets.UTF_8);
                try (Connection tandem = DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + file
                    + "&tandem.instanceId=move-target-oracle-" + p))) {
                    Connection physical = (Connection) tandem.unwrap(org.postgresql.PGConnection.class);
                    for (Pair c : CORPUS) {
                        if (c.contractOnly() && !contract) {
                            continue;
                        }
                        runs++;
                        String expected = run(twin, twin, c.twin(), c, null);
                        String actual = run(tandem, physical, c.tandem(), c, contract);
                        if (!expected.equals(actual)) {
                            differences.add(p + ": " + c.tandem() + "\n    twin:   " + expected + "\n    tandem: "
                                + actual);
                        }
                    }
                }
            }
        }
        System.out.println("move target oracle: " + runs + " runs, " + differences.size() + " differences");
        assertThat(runs).isGreaterThan(40);
        assertThat(differences).as("differences between Tandem's target writes and the old-schema twin").isEmpty();
    }

    /** One run inside a rolled-back transaction: count or rows, or the error class, then the logical products rows. */
    private static String run(Connection c, Connection physical, String sql, Pair k, Boolean contract)
        throws SQLException {
        c.setAutoCommit(false);
        StringBuilder out = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < k.params().size(); i++) {
                ps.setObject(i + 1, k.params().get(i));
            }
            if (k.query()) {
                try (ResultSet rs = ps.executeQuery()) {
                    out.append(OracleRunner.read(rs));
                }
            } else {
                out.append("count ").append(ps.executeUpdate());
            }
            out.append(" | ").append(state(physical, contract != null));
            if (contract != null) {
                out.append(drift(physical, contract));
            }
        } catch (SQLException e) {
            String state = String.valueOf(e.getSQLState());
            return "ERROR class " + (state.length() >= 2 ? state.substring(0, 2) : state);
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
        return out.toString();
    }

    /** The products rows; through Tandem the moved columns as the target holds them (NULL without a target row). */
    private static String state(Connection physical, boolean tandem) throws SQLException {
        String sql = !tandem ? "SELECT id, name, stock, price, category FROM products ORDER BY id"
            : "SELECT p.id, p.name, i.stock, CAST(i.price_cents / 100.0 AS NUMERIC(10,2)) AS price, p.category "
            + "FROM products p LEFT JOIN inventory i ON i.product_id = p.id ORDER BY p.id";
        try (Statement s = physical.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return OracleRunner.read(rs).rows.toString();
        }
    }

    /**
     * The reconcile's check inside the run's transaction: before CONTRACT target = forward(source) and no source row
     * without its target row; in CONTRACT source = backward(target) and a source row without its target row holds
     * NULL (what it reads as); never a target row without its source row. Empty when it finds nothing.
     */
    private static String drift(Connection physical, boolean contract) throws SQLException {
        String differs = !contract
            ? "i.product_id IS NULL OR p.stock IS DISTINCT FROM i.stock OR CAST(ROUND(p.price * 100) AS BIGINT) "
                + "IS DISTINCT FROM i.price_cents"
            : "i.product_id IS NULL AND (p.stock IS NOT NULL OR p.price IS NOT NULL) OR i.product_id IS NOT NULL "
                + "AND (p.stock IS DISTINCT FROM i.stock OR p.price IS DISTINCT FROM CAST(i.price_cents / 100.0 AS "
                + "numeric(10,2)))";
        try (Statement s = physical.createStatement(); ResultSet rs = s.executeQuery("SELECT p.id, i.product_id "
            + "FROM products p FULL JOIN inventory i ON i.product_id = p.id WHERE p.id IS NULL OR " + differs)) {
            List<List<String>> rows = OracleRunner.read(rs).rows;
            return rows.isEmpty() ? "" : " reconcile mismatch at " + rows;
        }
    }
}

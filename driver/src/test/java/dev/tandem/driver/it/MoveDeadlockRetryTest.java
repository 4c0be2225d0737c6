package dev.tandem.driver.it;

import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * On MariaDB a move's DELETE of the source needs no statement of Tandem's: the target's cascading foreign key (the
 * agent's expand creates it) deletes the target rows. Its locks are Tandem's all the same, so an autocommit DELETE
 * the server ends with a deadlock on them is run again, as Tandem's autocommit units are; the application sees the
 * DELETE succeed, and nothing of the first attempt stays behind.
 */
class MoveDeadlockRetryTest {
    @TempDir
    Path dir;

    @Test
    void anAutocommitCascadingDeleteEndedByADeadlockIsRunAgain() throws Exception {
        TestDatabase db = TestDatabases.create(DbKind.MARIADB, "move_deadlock_retry");
        db.execute(MoveColumnsTest.MARIA_SCHEMA);
        db.execute("ALTER TABLE inventory ADD CONSTRAINT inventory_products_fk_tandem FOREIGN KEY (product_id) "
                + "REFERENCES products (id) ON DELETE CASCADE",
            "CREATE TABLE ballast (id INT PRIMARY KEY, n INT)",
            "INSERT INTO ballast SELECT seq, 0 FROM seq_1_to_200");
        Path file = dir.resolve("m.yaml");
        Specs.write(file, MoveColumnsTest.mariaSpec(Phase.DUAL_WRITE));
        String url = db.tandemUrl("tandem.config=file:" + file + "&tandem.instanceId=move-deadlock-retry");
        try (Connection other = db.connect(); Connection app = DriverManager.getConnection(url);
             Statement o = other.createStatement()) {
            other.setAutoCommit(false);
            // The other transaction is the heavier one (200 changed rows), so InnoDB ends the DELETE, not it.
            o.executeUpdate("UPDATE ballast SET n = n + 1");
            o.executeQuery("SELECT * FROM inventory WHERE product_id = 2 FOR UPDATE").close();
            CompletableFuture<Integer> delete = CompletableFuture.supplyAsync(() -> {
                try (Statement s = app.createStatement()) {
                    return s.executeUpdate("DELETE FROM products WHERE id = 2"); // locks products 2, waits for inventory 2
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getSQLState() + " " + e.getMessage(), e);
                }
            });
            awaitLockWait(db);
            // Waiting for products 2, which the DELETE holds: a cycle; the server ends the DELETE.
            o.executeQuery("SELECT * FROM products WHERE id = 2 FOR UPDATE").close();
            Thread.sleep(200); // the retried DELETE now waits for this transaction's lock on products 2
            assertThat(delete).isNotDone();
            other.commit();
            assertThat(delete.get(30, TimeUnit.SECONDS)).as("the DELETE's count, after its retry").isEqualTo(1);
            try (var rs = o.executeQuery("SELECT (SELECT count(*) FROM products WHERE id = 2), "
                + "(SELECT count(*) FROM inventory WHERE product_id = 2), (SELECT sum(n) FROM ballast)")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
                assertThat(rs.getInt(2)).isZero();
                assertThat(rs.getInt(3)).as("the other transaction committed").isEqualTo(200);
            }
            other.commit();
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             var rs = s.executeQuery("SHOW ENGINE INNODB STATUS")) {
            rs.next();
            assertThat(rs.getString(3)).as("a deadlock happened and the DELETE was its victim")
                .contains("LATEST DETECTED DEADLOCK").contains("DELETE FROM products WHERE id = 2");
        }
    }

    /**
     * DDL on the target while an application transaction writes the source: MariaDB's DDL on the target takes the
     * source's metadata lock too (the foreign key), in the other order from Tandem's statements, which touch the
     * target after the source. The transaction takes the target's lock at its first statement on a migrated table,
     * so the DDL waits for the transaction, whatever the transaction did first: nothing, a read of the source (whose
     * read view would otherwise predate the target's rebuild), or a write of a column that does not move.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "SELECT name FROM products WHERE id = 1", "UPDATE products SET name = 'y' WHERE id = 2"})
    void ddlOnTheTargetWaitsForAnApplicationTransactionInsteadOfDeadlockingWithIt(String first) throws Exception {
        TestDatabase db = TestDatabases.create(DbKind.MARIADB, "move_mdl");
        db.execute(MoveColumnsTest.MARIA_SCHEMA);
        db.execute("ALTER TABLE inventory ADD CONSTRAINT inventory_products_fk_tandem FOREIGN KEY (product_id) "
            + "REFERENCES products (id) ON DELETE CASCADE", "UPDATE inventory SET stock = 0 WHERE stock IS NULL");
        Path file = dir.resolve("mdl.yaml");
        Specs.write(file, MoveColumnsTest.mariaSpec(Phase.DUAL_WRITE));
        String url = db.tandemUrl("tandem.config=file:" + file + "&tandem.instanceId=move-mdl-" + first.length());
        try (Connection app = DriverManager.getConnection(url); Connection raw = db.connect();
             Statement r = raw.createStatement()) {
            app.setAutoCommit(false);
            try (Statement s = app.createStatement()) {
                s.executeQuery("SELECT name FROM products WHERE id = 3").close(); // plans and warms the runtime
            }
            app.commit();
            if (!first.isEmpty()) {
                try (Statement s = app.createStatement()) {
                    s.execute(first); // the transaction's first statement, before the DDL starts
                }
            }
            raw.setAutoCommit(false);
            r.executeQuery("SELECT * FROM inventory WHERE product_id = 3").close(); // the DDL waits for this reader
            CompletableFuture<String> ddl = CompletableFuture.supplyAsync(() -> {
                try (Connection c = db.connect(); Statement t = c.createStatement()) {
                    t.execute("ALTER TABLE inventory MODIFY stock INT NOT NULL DEFAULT 0");
                    return "done";
                } catch (SQLException e) {
                    return e.getMessage();
                }
            });
            Thread.sleep(300);
            CompletableFuture<Integer> write = CompletableFuture.supplyAsync(() -> {
                try (Statement s = app.createStatement()) {
                    int n = s.executeUpdate("UPDATE products SET stock = 7 WHERE id = 1");
                    app.commit();
                    return n;
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getSQLState() + " " + e.getMessage(), e);
                }
            });
            Thread.sleep(300);
            raw.commit();
            assertThat(write.get(30, TimeUnit.SECONDS)).as("the application's UPDATE").isEqualTo(1);
            assertThat(ddl.get(30, TimeUnit.SECONDS)).isEqualTo("done");
        }
        assertThat(Fixture.rows(db, "SELECT stock FROM inventory WHERE product_id = 1", "r"))
            .containsExactly("r: stock=7");
    }

    /** A lock wait that runs out of time is the application's to see at once, not run again like a deadlock. */
    @Test
    void aLockWaitTimeoutIsNotRunAgain() throws Exception {
        TestDatabase db = TestDatabases.create(DbKind.MARIADB, "move_lock_timeout");
        db.execute(MoveColumnsTest.MARIA_SCHEMA);
        db.execute("ALTER TABLE inventory ADD CONSTRAINT inventory_products_fk_tandem FOREIGN KEY (product_id) "
            + "REFERENCES products (id) ON DELETE CASCADE");
        Path file = dir.resolve("timeout.yaml");
        Specs.write(file, MoveColumnsTest.mariaSpec(Phase.DUAL_WRITE));
        String url = db.tandemUrl("tandem.config=file:" + file + "&tandem.instanceId=move-lock-timeout");
        try (Connection other = db.connect(); Connection app = DriverManager.getConnection(url);
             Statement o = other.createStatement(); Statement s = app.createStatement()) {
            other.setAutoCommit(false);
            o.executeQuery("SELECT * FROM inventory WHERE product_id = 2 FOR UPDATE").close();
            s.execute("SET SESSION innodb_lock_wait_timeout = 1");
            long waitsBefore = lockWaits(o);
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM products WHERE id = 2"));
            assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(1205);
            assertThat(lockWaits(o) - waitsBefore).as("lock waits: the DELETE ran once").isEqualTo(1);
            other.rollback();
        }
    }

    private static long lockWaits(Statement s) throws SQLException {
        try (var rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Innodb_row_lock_waits'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    /** Until the DELETE runs in the server (then waits there for inventory 2's lock). */
    private static void awaitLockWait(TestDatabase db) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (var rs = s.executeQuery("SELECT count(*) FROM information_schema.processlist "
                    + "WHERE info = 'DELETE FROM products WHERE id = 2' AND state = 'Updating'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        Thread.sleep(200); // past its first row lock, into the cascade's wait
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        StringBuilder trx = new StringBuilder();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT state, info FROM information_schema.processlist WHERE info IS NOT NULL")) {
            while (rs.next()) {
                trx.append(rs.getString(1)).append(": ").append(rs.getString(2)).append("; ");
            }
        }
        throw new AssertionError("the DELETE never waited for the target row's lock; transactions: " + trx);
    }
}

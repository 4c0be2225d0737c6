package dev.tandem.driver.it;

import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table rename (customers to clients) through the whole walk and a rollback, on a real server, under a concurrent
 * workload through Tandem: every statement of a small corpus compared with an old-schema twin run through the raw
 * driver before the rename, after it, after the rename back, after it again and once the compatibility view is
 * gone; no workload statement fails and no acknowledged write is lost.
 */
class TableRenameTest {
    @TempDir
    Path dir;

    private static final String[] SCHEMA = {
        "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, email VARCHAR(100))",
        "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, note VARCHAR(50))",
        "INSERT INTO customers VALUES (1, 'ann', 'ann@x.io'), (2, 'bob', NULL), (3, 'customers', 'c@x.io')",
        "INSERT INTO orders VALUES (10, 1, 'first'), (11, 1, 'second'), (12, 3, 'customers')",
    };

    /** Statements an application sends; each is run on the twin and through Tandem, results compared. */
    static List<String> corpus(DbKind kind) {
        List<String> out = new ArrayList<>(List.of(
            "SELECT id, name, email FROM customers WHERE id < 1000 ORDER BY id",
            "SELECT customers.* FROM customers WHERE customers.id < 1000 ORDER BY customers.id",
            "SELECT c.name, o.note FROM customers c JOIN orders o ON o.customer_id = c.id ORDER BY o.id",
            "SELECT customers.name, count(*) AS n FROM orders JOIN customers ON customers.id = orders.customer_id"
                + " GROUP BY customers.name ORDER BY customers.name",
            "SELECT id FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE name = 'ann') ORDER BY id",
            "WITH big AS (SELECT id, name FROM customers WHERE id < 1000) SELECT name FROM big ORDER BY name",
            "WITH customers AS (SELECT 7 AS id) SELECT customers.id FROM customers",
            "SELECT note FROM orders WHERE note = 'customers'",
            "SELECT (SELECT count(*) FROM orders WHERE orders.customer_id = customers.id) AS n FROM customers"
                + " WHERE id < 1000 ORDER BY id",
            "UPDATE customers SET email = 'bob@x.io' WHERE customers.id = 2",
            "UPDATE customers SET email = NULL WHERE id = 2",
            "INSERT INTO customers (id, name) VALUES (50, 'tmp')",
            "DELETE FROM customers WHERE id = 50",
            "SELECT count(*) AS n FROM customers WHERE id < 1000"));
        if (kind == DbKind.POSTGRESQL) {
            out.add("INSERT INTO customers (id, name) VALUES (51, 'up') ON CONFLICT (id) DO UPDATE SET name = "
                + "customers.name || '+' RETURNING customers.id, customers.name");
            out.add("INSERT INTO customers (id, name) VALUES (51, 'up') ON CONFLICT (id) DO UPDATE SET name = "
                + "customers.name || '+' RETURNING customers.*");
            out.add("DELETE FROM orders USING customers WHERE orders.customer_id = customers.id AND customers.id = 99");
        } else {
            out.add("INSERT INTO customers (id, name) VALUES (51, 'up') ON DUPLICATE KEY UPDATE name = "
                + "CONCAT(customers.name, '+')");
            out.add("UPDATE customers c JOIN orders o ON o.customer_id = c.id SET c.email = o.note WHERE o.id = 12");
            out.add("DELETE customers FROM customers JOIN orders ON orders.customer_id = customers.id WHERE "
                + "orders.id = 99");
            out.add("SELECT customers.id + 1 FROM customers WHERE id = 1");
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void renameWalkAndRollbackUnderLoadMatchTheOldSchema(DbKind kind) throws Exception {
        TestDatabase twin = TestDatabases.create(kind, "rename_twin");
        TestDatabase db = TestDatabases.create(kind, "rename");
        twin.execute(SCHEMA);
        db.execute(SCHEMA);
        Path spec = dir.resolve("migrations.yaml");
        String id = "rename-" + kind;
        write(spec, "EXPAND");
        String url = db.tandemUrl("tandem.config=file:" + spec + "&tandem.instanceId=" + id
            + "&tandem.reloadIntervalMs=50");
        Workload load = new Workload(url);
        try (Connection t = twin.connect(); Connection c = DriverManager.getConnection(url)) {
            compare(kind, t, c, "before the rename");
            load.start();
            Thread.sleep(300);
            db.execute(forward(kind));
            Thread.sleep(200);
            compare(kind, t, c, "renamed, config not yet reloaded (through the compatibility view)");
            write(spec, "DUAL_WRITE");
            Specs.awaitVersion(id, 2);
            compare(kind, t, c, "renamed");
            refusals(kind, c);
            assertThat(TestQueries.rows(c, "SELECT count(*) AS n FROM customers WHERE id >= 1000")).isNotEmpty();
            Thread.sleep(300);
            db.execute(revert(kind));
            Thread.sleep(200);
            compare(kind, t, c, "renamed back, config not yet reloaded (through the reverse view)");
            write(spec, "EXPAND");
            Specs.awaitVersion(id, 3);
            compare(kind, t, c, "rolled back to EXPAND");
            Thread.sleep(300);
            // As the agent does: once every instance runs the version after the rename back, the view goes.
            db.execute("DROP VIEW clients");
            db.execute(forward(kind));
            write(spec, "CONTRACT");
            Specs.awaitVersion(id, 4);
            compare(kind, t, c, "renamed again");
            Thread.sleep(300);
            write(spec, "COMPLETE");
            Specs.awaitVersion(id, 5);
            Thread.sleep(200); // the barrier: every connection runs COMPLETE before the view goes
            db.execute("DROP VIEW customers");
            compare(kind, t, c, "complete, compatibility view dropped");
            Thread.sleep(300);
        } finally {
            load.stop();
        }
        assertThat(load.failures).as("failed workload statements").isEmpty();
        assertThat(load.acked.get()).isGreaterThan(10);
        Set<Integer> stored = new java.util.HashSet<>();
        try (Connection raw = db.connect(); Statement s = raw.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM clients WHERE id >= 1000")) {
            while (rs.next()) {
                stored.add(rs.getInt(1));
            }
        }
        assertThat(stored).as("acknowledged writes").containsAll(load.ledger);
    }

    /**
     * The agent's PostgreSQL rename is one statement string: pgjdbc sends it as one implicit transaction, so a
     * failure of the view leaves the table under its old name, never a moment with neither name.
     */
    @org.junit.jupiter.api.Test
    void postgresRenameAndViewAreOneTransaction() throws Exception {
        TestDatabase db = TestDatabases.create(DbKind.POSTGRESQL, "rename_atomic");
        db.execute("CREATE TABLE a (id INT PRIMARY KEY)");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> s.execute("ALTER TABLE a RENAME TO b; CREATE VIEW a AS SELECT * FROM no_such_table"));
            assertThat(TestQueries.rows(c, "SELECT to_regclass('a') IS NOT NULL AS a, to_regclass('b') IS NULL AS b"))
                .containsExactly("row: a=t b=t");
        }
    }

    /** The rename and the compatibility view, atomically as the agent does it (see RenamePlanner). */
    static String[] forward(DbKind kind) {
        if (kind == DbKind.POSTGRESQL) {
            return new String[] {"ALTER TABLE customers RENAME TO clients; CREATE VIEW customers AS SELECT * FROM clients"};
        }
        return new String[] {"CREATE TABLE clients LIKE customers",
            "CREATE VIEW customers_tandem_compat AS SELECT * FROM clients", "DROP TABLE clients",
            "RENAME TABLE customers TO clients, customers_tandem_compat TO customers"};
    }

    /** The rename back, leaving a view under the new name for instances that still send it. */
    static String[] revert(DbKind kind) {
        if (kind == DbKind.POSTGRESQL) {
            return new String[] {"DROP VIEW customers; ALTER TABLE clients RENAME TO customers; "
                + "CREATE VIEW clients AS SELECT * FROM customers"};
        }
        return new String[] {"CREATE VIEW clients_tandem_compat AS SELECT * FROM customers",
            "RENAME TABLE customers TO customers_tandem_old, clients TO customers, clients_tandem_compat TO clients",
            "DROP VIEW customers_tandem_old"};
    }

    /** DDL on the old name, and what Tandem cannot rename exactly, are refused with TD001 once renamed. */
    private static void refusals(DbKind kind, Connection c) {
        List<String> refused = new ArrayList<>(List.of("ALTER TABLE customers ADD COLUMN x INT",
            "DROP TABLE customers", "TRUNCATE customers"));
        if (kind == DbKind.POSTGRESQL) {
            refused.add("SELECT customers FROM customers WHERE id = 1");
        }
        for (String sql : refused) {
            assertThat(run(c, sql)).as(sql).containsExactly("error class TD");
        }
    }

    private static void write(Path spec, String phase) throws Exception {
        Specs.write(spec, "migrations:\n  - id: customers-rename\n    kind: rename\n    table: customers\n"
            + "    target: clients\n    phase: " + phase + "\n");
    }

    private static void compare(DbKind kind, Connection twin, Connection tandem, String when) throws SQLException {
        for (String sql : corpus(kind)) {
            List<String> truth = run(twin, sql);
            assertThat(truth).as("the twin runs " + sql).noneMatch(l -> l.startsWith("error"));
            assertThat(run(tandem, sql)).as(when + ": " + sql).isEqualTo(truth);
        }
    }

    private static List<String> run(Connection c, String sql) {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            boolean rs = s.execute(sql);
            while (true) {
                if (rs) {
                    try (ResultSet r = s.getResultSet()) {
                        out.addAll(Fixture.render(r, ""));
                    }
                } else if (s.getUpdateCount() >= 0) {
                    out.add("count " + s.getUpdateCount());
                } else {
                    break;
                }
                rs = s.getMoreResults();
            }
        } catch (SQLException e) {
            out.add("error class " + String.valueOf(e.getSQLState()).substring(0, 2));
        }
        return out;
    }

    /** Writers through Tandem: autocommit inserts and short transactions; every acknowledged id in the ledger. */
    static final class Workload {
        final Set<Integer> ledger = ConcurrentHashMap.newKeySet();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicInteger acked = new AtomicInteger();
        private final AtomicInteger next = new AtomicInteger(1000);
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();
        private final String url;

        Workload(String url) {
            this.url = url;
        }

        void start() {
            for (int i = 0; i < 3; i++) {
                boolean tx = i == 2;
                Thread th = new Thread(() -> run(tx), "rename-load-" + i);
                threads.add(th);
                th.start();
            }
        }

        private void run(boolean tx) {
            try (Connection c = DriverManager.getConnection(url);
                 PreparedStatement ins = c.prepareStatement("INSERT INTO customers (id, name) VALUES (?, ?)");
                 PreparedStatement upd = c.prepareStatement("UPDATE customers SET email = ? WHERE customers.id = ?");
                 PreparedStatement sel = c.prepareStatement("SELECT c.id, o.note FROM customers c LEFT JOIN orders o "
                     + "ON o.customer_id = c.id WHERE c.id = ?")) {
                c.setAutoCommit(!tx);
                while (!stop.get()) {
                    int id = next.getAndIncrement();
                    try {
                        ins.setInt(1, id);
                        ins.setString(2, "w" + id);
                        ins.executeUpdate();
                        upd.setString(1, "e" + id);
                        upd.setInt(2, id);
                        upd.executeUpdate();
                        sel.setInt(1, id);
                        try (ResultSet rs = sel.executeQuery()) {
                            if (!rs.next()) {
                                failures.add("row " + id + " not read back");
                            }
                        }
                        if (tx) {
                            c.commit();
                        }
                        ledger.add(id);
                        acked.incrementAndGet();
                    } catch (SQLException e) {
                        failures.add(id + ": " + e.getSQLState() + " " + e.getMessage());
                        if (tx) {
                            c.rollback();
                        }
                    }
                    Thread.sleep(5);
                }
            } catch (SQLException | InterruptedException e) {
                failures.add("worker: " + e);
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }
}

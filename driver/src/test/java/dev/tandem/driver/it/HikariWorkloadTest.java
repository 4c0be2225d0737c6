package dev.tandem.driver.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 2: eight threads write through HikariCP with a {@code jdbc:tandem:} URL in DUAL_WRITE
 * (Statement, PreparedStatement, batches; inserts, updates, upserts, deletes, writes in the new
 * names); afterwards no statement failed and every row satisfies new = forward(old).
 */
class HikariWorkloadTest {
    private static final int THREADS = 8;
    private static final long RUN_MILLIS = 3000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void dualWriteWorkloadLeavesEveryRowConsistent(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "workload");
        db.execute(Fixture.schema(kind));
        Fixture.seed(db);
        Path spec = Fixture.writeSpec(dir, kind, Phase.DUAL_WRITE);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.tandemUrl("tandem.config=file:" + spec + "&tandem.instanceId=workload-" + kind));
        config.setMaximumPoolSize(THREADS);
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicLong statements = new AtomicLong();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            long deadline = System.currentTimeMillis() + RUN_MILLIS;
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    Worker w = new Worker(kind, thread);
                    while (System.currentTimeMillis() < deadline) {
                        try (Connection c = pool.getConnection()) {
                            w.step(c);
                            statements.incrementAndGet();
                        } catch (SQLException | RuntimeException e) {
                            errors.add(e);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(RUN_MILLIS + 30_000, TimeUnit.MILLISECONDS);
            }
            threads.shutdown();
        }
        assertThat(errors).as("statements that failed").isEmpty();
        assertThat(statements.get()).as("statements executed").isGreaterThan(100);
        assertThat(Fixture.inconsistentRows(db)).as("rows where new != forward(old)").isEmpty();
    }

    /** One thread's workload, on its own key range so threads never wait on each other's row locks. */
    private static final class Worker {
        private final DbKind kind;
        private final long base;
        private final Random random;
        private long next;

        Worker(DbKind kind, int thread) {
            this.kind = kind;
            this.base = (thread + 1) * 1_000_000L;
            this.random = new Random(thread);
        }

        private long anyId() {
            return base + (next == 0 ? 0 : random.nextInt((int) next));
        }

        private BigDecimal price() {
            return BigDecimal.valueOf(random.nextInt(100_000), 2);
        }

        void step(Connection c) throws SQLException {
            switch (random.nextInt(9)) {
                case 0:
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name, email) VALUES (?, ?, ?)")) {
                        long id = base + next++;
                        ps.setLong(1, id);
                        ps.setString(2, "n" + id);
                        ps.setString(3, random.nextInt(5) == 0 ? null : "u" + id + "@x.io");
                        ps.executeUpdate();
                    }
                    break;
                case 1:
                    try (Statement s = c.createStatement()) {
                        long id = base + next++;
                        s.executeUpdate("INSERT INTO orders (id, user_id, qty, price) VALUES (" + id + ", 1, 2, "
                            + price() + ")");
                    }
                    break;
                case 2:
                    try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, ?)")) {
                        for (int i = 0; i < 3; i++) {
                            ps.setLong(1, base + next++);
                            ps.setLong(2, 1);
                            ps.setInt(3, i);
                            ps.setBigDecimal(4, price());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    break;
                case 3:
                    try (PreparedStatement ps = c.prepareStatement("UPDATE users SET email = ? WHERE id = ?")) {
                        ps.setString(1, "upd" + random.nextInt(1000) + "@x.io");
                        ps.setLong(2, anyId());
                        ps.executeUpdate();
                    }
                    break;
                case 4:
                    try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET price = price + ? WHERE id = ?")) {
                        ps.setDouble(1, random.nextInt(1000) / 100.0);
                        ps.setLong(2, anyId());
                        ps.executeUpdate();
                    }
                    break;
                case 5:
                    String upsert = kind == DbKind.POSTGRESQL
                        ? "INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email"
                        : "INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE email = VALUES(email)";
                    try (PreparedStatement ps = c.prepareStatement(upsert)) {
                        ps.setLong(1, base + 500_000 + random.nextInt(50)); // own range: inserts never use it
                        ps.setString(2, "up");
                        ps.setString(3, "ups" + random.nextInt(1000) + "@x.io");
                        ps.executeUpdate();
                    }
                    break;
                case 6:
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE id = ?")) {
                        ps.setLong(1, anyId());
                        ps.executeUpdate();
                    }
                    break;
                case 7:
                    try (PreparedStatement ps = c.prepareStatement("UPDATE users SET email_address = ? WHERE id = ?")) {
                        ps.setString(1, "newapp" + random.nextInt(1000) + "@x.io");
                        ps.setLong(2, anyId());
                        ps.executeUpdate();
                    }
                    break;
                default:
                    try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO contacts (id, given_name, family_name) VALUES (?, ?, ?)")) {
                        ps.setLong(1, base + next++);
                        ps.setString(2, "G" + random.nextInt(100));
                        ps.setString(3, "F" + random.nextInt(100));
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = c.prepareStatement("UPDATE people SET full_name = ? WHERE id = ?")) {
                        ps.setString(1, "P" + random.nextInt(100) + " Q" + random.nextInt(100));
                        ps.setLong(2, 1 + random.nextInt(2));
                        ps.executeUpdate();
                    }
            }
        }
    }
}

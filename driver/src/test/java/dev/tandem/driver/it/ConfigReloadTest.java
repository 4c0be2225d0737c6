package dev.tandem.driver.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.driver.internal.config.FileConfigSource;
import dev.tandem.driver.internal.runtime.Runtimes;
import dev.tandem.driver.spec.Phase;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 4: phase changes in the YAML file while a workload runs switch phase without errors; a
 * transaction in flight finishes on the version it started with; a broken file is rejected and logged
 * while traffic goes on with the running config.
 */
class ConfigReloadTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void phaseChangesUnderLoadCauseNoErrorsAndBrokenFilesAreIgnored(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "reload");
        db.execute(Fixture.schema(kind));
        Fixture.seed(db);
        Path spec = dir.resolve("migrations.yaml");
        Specs.write(spec, kind, Phase.DUAL_WRITE, 100, 100);
        String id = "reload-" + kind;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.tandemUrl("tandem.config=file:" + spec + "&tandem.instanceId=" + id
            + "&tandem.reloadIntervalMs=50"));
        config.setMaximumPoolSize(4);
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicLong statements = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long base = (t + 1) * 1_000_000L;
                done.add(threads.submit(() -> {
                    long n = 0;
                    while (!stop.get()) {
                        try (Connection c = pool.getConnection()) {
                            writeAndRead(c, base + n++);
                            statements.addAndGet(3);
                        } catch (SQLException | RuntimeException e) {
                            errors.add(e);
                        }
                    }
                }));
            }
            Thread.sleep(300);
            Specs.write(spec, kind, Phase.SHADOW_READ, 100, 50);
            Specs.awaitVersion(id, 2);
            Thread.sleep(300);
            Specs.write(spec, "migrations:\n  - id: users-email\n    table: users\n    phase: NOT_A_PHASE\n");
            Thread.sleep(300);
            FileConfigSource source = (FileConfigSource) Runtimes.forInstance(id).configSource();
            assertThat(source.lastError()).contains("NOT_A_PHASE").contains("the running configuration was left unchanged");
            assertThat(Specs.version(id)).isEqualTo(2);
            Specs.write(spec, kind, Phase.READ_NEW, 50, 100);
            Specs.awaitVersion(id, 3);
            Thread.sleep(300);
            Specs.write(spec, kind, Phase.DUAL_WRITE, 100, 100);
            Specs.awaitVersion(id, 4);
            Thread.sleep(300);
            stop.set(true);
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            threads.shutdown();
        }
        assertThat(errors).as("statements that failed").isEmpty();
        assertThat(statements.get()).isGreaterThan(50);
        assertThat(Fixture.inconsistentRows(db)).isEmpty();
    }

    private static void writeAndRead(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name, email) VALUES (?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, "w");
            ps.setString(3, "w" + id + "@x.io");
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE users SET email = ? WHERE id = ?")) {
            ps.setString(1, "v" + id + "@x.io");
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT email FROM users WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !("v" + id + "@x.io").equals(rs.getString(1))) {
                    throw new IllegalStateException("read back the wrong email for " + id);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void transactionInFlightFinishesOnTheVersionItStartedWith(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "pinning");
        db.execute(Fixture.schema(kind));
        Path spec = dir.resolve("migrations.yaml");
        Specs.write(spec, kind, Phase.DUAL_WRITE, 100, 100);
        String id = "pinning-" + kind;
        try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + spec
            + "&tandem.instanceId=" + id + "&tandem.reloadIntervalMs=50"))) {
            c.setAutoCommit(false);
            TestQueries.rows(c, "SELECT count(*) FROM users");
            Specs.write(spec, kind, Phase.CONTRACT, 100, 100);
            Specs.awaitVersion(id, 2);
            insertUser(c, 1);
            c.commit();
            insertUser(c, 2);
            c.commit();
        }
        assertThat(Fixture.rows(db, "SELECT id, email, email_address FROM users ORDER BY id", "users"))
            .containsExactly("users: id=1 email=u1@x.io email_address=u1@x.io",
                "users: id=2 email=null email_address=u2@x.io");
    }

    private static void insertUser(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name, email) VALUES (?, ?, ?)")) {
            ps.setInt(1, id);
            ps.setString(2, "u");
            ps.setString(3, "u" + id + "@x.io");
            ps.executeUpdate();
        }
    }
}

package dev.tandem.driver.it;

import dev.tandem.driver.internal.metrics.MicrometerMetrics;
import dev.tandem.driver.internal.runtime.Runtimes;
import dev.tandem.driver.internal.runtime.TandemRuntime;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 3: after a backfill done with plain SQL, READ_NEW returns exactly what DUAL_WRITE returned
 * for every read shape of the case table; SHADOW_READ reports no mismatch on consistent data and
 * reports the right keys once the test corrupts rows on the new side.
 */
class ReadSwitchTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void readNewMatchesDualWriteAndShadowReadFindsCorruptedKeys(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "read_switch");
        db.execute(Fixture.schema(kind));
        Fixture.seed(db);
        db.execute("UPDATE users SET email_address = NULL", "UPDATE orders SET price_cents = NULL",
            "UPDATE people SET first_name = NULL, last_name = NULL", "UPDATE contacts SET display_name = NULL");
        Path spec = dir.resolve("migrations.yaml");
        Specs.write(spec, kind, Phase.DUAL_WRITE, 100, 100);
        String id = "read-switch-" + kind;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Properties props = new Properties();
        props.put("tandem.meterRegistry", registry);
        try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + spec
            + "&tandem.instanceId=" + id + "&tandem.reloadIntervalMs=50"), props)) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name, email) VALUES (?, ?, ?)")) {
                ps.setInt(1, 50);
                ps.setString(2, "late");
                ps.setString(3, "late@x.io");
                ps.executeUpdate();
            }
            backfill(db);
            List<List<String>> dual = readAll(c, kind);

            Specs.write(spec, kind, Phase.READ_NEW, 100, 100);
            Specs.awaitVersion(id, 2);
            assertThat(readAll(c, kind)).isEqualTo(dual);

            TandemRuntime runtime = Runtimes.forInstance(id);
            Specs.write(spec, kind, Phase.SHADOW_READ, 100, 100);
            Specs.awaitVersion(id, 3);
            assertThat(readAll(c, kind)).isEqualTo(dual);
            assertThat(count(runtime, "tandem.shadow.comparisons", "users-email")).isGreaterThan(0);
            assertThat(count(runtime, "tandem.shadow.mismatches", "users-email")).isZero();
            assertThat(count(runtime, "tandem.shadow.mismatches", "orders-price")).isZero();
            assertThat(runtime.recentMismatches()).isEmpty();

            db.execute("UPDATE users SET email_address = 'corrupt@x.io' WHERE id IN (2, 4)",
                "UPDATE orders SET price_cents = 1 WHERE id = 3");
            assertThat(TestQueries.rows(c, "SELECT id, email FROM users ORDER BY id"))
                .as("the old side is still served").contains("row: id=2 email=bob@x.io");
            TestQueries.rows(c, "SELECT price FROM orders WHERE id = 3");
            List<String> keys = new ArrayList<>();
            runtime.recentMismatches().forEach(m -> keys.add(m.migration() + " " + m.column() + " " + m.rowKey()));
            assertThat(keys).containsExactly("users-email email id=2", "users-email email id=4",
                "orders-price price id=3");
            assertThat(count(runtime, "tandem.shadow.mismatches", "users-email")).isEqualTo(2);
        }
    }

    private static double count(TandemRuntime runtime, String name, String migration) {
        Counter c = ((MicrometerMetrics) runtime.metrics()).registry().find(name).tag("migration", migration)
            .tag("instance", runtime.instanceId()).counter();
        return c == null ? 0 : c.count();
    }

    /** The backfill an operator could run by hand: new = forward(old) for every row. */
    private static void backfill(TestDatabase db) throws Exception {
        DbKind k = db.kind();
        db.execute("UPDATE users SET email_address = email",
            "UPDATE orders SET price_cents = " + Fixture.forwardPrice(k),
            "UPDATE people SET first_name = " + Fixture.forwardFirst(k) + ", last_name = " + Fixture.forwardLast(k),
            "UPDATE contacts SET display_name = " + Fixture.forwardDisplay(k));
    }

    private static List<List<String>> readAll(Connection c, DbKind kind) throws Exception {
        List<List<String>> out = new ArrayList<>();
        for (RewriteCase rc : RewriteCases.reads()) {
            if (rc.dbs.contains(kind) && rc.refusedIn.isEmpty()) { // a case refused in some phase is not compared
                out.add(RewriteCasesTest.execute(c, rc));
            }
        }
        return out;
    }
}

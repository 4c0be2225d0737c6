package dev.tandem.driver.it;

import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The meters of DESIGN.md section 7 on a real server, and planning failures that must not be cached. */
class MetricsTest {
    @TempDir
    Path dir;

    @Test
    void statementsAreCountedByOutcomeAndMigration() throws Exception {
        TestDatabase db = TestDatabases.create(DbKind.POSTGRESQL, "metrics");
        db.execute(Fixture.schema(DbKind.POSTGRESQL));
        Fixture.seed(db);
        Path spec = dir.resolve("m.yaml");
        Specs.write(spec, DbKind.POSTGRESQL, Phase.DUAL_WRITE, 100, 100);
        MeterRegistry registry = new SimpleMeterRegistry();
        Properties props = new Properties();
        props.put("tandem.meterRegistry", registry);
        try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + spec
            + "&tandem.instanceId=metrics"), props); Statement s = c.createStatement()) {
            s.executeQuery("SELECT note FROM audit_log").close();
            s.executeUpdate("UPDATE users SET email = 'm@x.io' WHERE id = 1");
            s.executeUpdate("UPDATE users SET email = 'm@x.io' WHERE id = 1");
            s.executeQuery("SELECT email FROM users").close();
            assertThrows(SQLException.class, () -> s.execute("SELEC email FRM users"));
        }
        assertThat(count(registry, "passthrough", "none")).isEqualTo(1);
        assertThat(count(registry, "rewritten", "users-email")).isEqualTo(2);
        assertThat(count(registry, "unchanged", "users-email")).isEqualTo(1);
        assertThat(count(registry, "refused", "users-email")).isEqualTo(1);
        assertThat(registry.get("tandem.plan.cache.hits").counter().count()).isEqualTo(1);
        assertThat(registry.get("tandem.plan.cache.misses").counter().count()).isEqualTo(3);
        assertThat(registry.get("tandem.rewrite.time").timer().count()).isEqualTo(3);
        assertThat(registry.get("tandem.config.version").gauge().value()).isEqualTo(1);
        assertThat(registry.get("tandem.config.age.seconds").gauge().value()).isBetween(0.0, 60.0);
    }

    @Test
    void metadataReadInAnAbortedTransactionFailsOnceAndIsNotCached() throws Exception {
        TestDatabase db = TestDatabases.create(DbKind.POSTGRESQL, "aborted");
        db.execute(Fixture.schema(DbKind.POSTGRESQL));
        Fixture.seed(db);
        Path spec = dir.resolve("m.yaml");
        Specs.write(spec, DbKind.POSTGRESQL, Phase.READ_NEW, 100, 100);
        try (Connection c = DriverManager.getConnection(db.tandemUrl("tandem.config=file:" + spec
            + "&tandem.instanceId=aborted")); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            assertThrows(SQLException.class, () -> s.execute("SELECT 1 / 0"));
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM users ORDER BY id"));
            c.rollback();
            assertThat(Fixture.render(s.executeQuery("SELECT * FROM users ORDER BY id"), "u")).hasSize(4);
        }
    }

    private static double count(MeterRegistry registry, String outcome, String migration) {
        Counter c = registry.find("tandem.statements").tag("outcome", outcome).tag("migration", migration).counter();
        return c == null ? 0 : c.count();
    }
}

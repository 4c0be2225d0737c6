package dev.tandem.agent.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.Views.InstanceView;
import dev.tandem.driver.schema.ControlSchema;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Control tables of layout 1 keep working: a driver heartbeats them with its plain upsert; 'init' adds the
 * owner, slot and options columns and the heartbeat routine, and the driver switches to the routine.
 */
class UpgradeTest {
    @ParameterizedTest
    @EnumSource(DbKind.class)
    void layoutOneIsUpgradedInPlaceAndDriversSwitchToTheRoutine(DbKind kind) throws Exception {
        TestDatabase db = TestDatabases.create(kind, "upgrade");
        ControlSchema schema = new ControlSchema("tandem_", kind == DbKind.POSTGRESQL ? Dialect.POSTGRESQL
            : Dialect.MYSQL);
        for (String ddl : schema.ddl()) {
            db.execute(ddl.replace(", owner VARCHAR(200))", ")").replace(", active_slot VARCHAR(300) UNIQUE, "
                + "options TEXT)", ")"));
        }
        db.execute("INSERT INTO tandem_state (id, config_version, schema_version) VALUES (1, 0, 1)",
            "INSERT INTO tandem_jobs (migration_id, kind, state, rows_done, rows_scanned, chunks_done, started_at, "
                + "updated_at, config_version) VALUES ('m', 'backfill', 'paused', 0, 0, 0, " + schema.now() + ", "
                + schema.now() + ", 0)",
            "CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(200))");
        assertThat(count(db, "SELECT count(*) FROM tandem_jobs")).isEqualTo(1);

        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(db.tandemUrl("tandem.control=db&tandem.instanceId=up-a&tandem.pollIntervalMs=100"
            + "&tandem.leaseMs=3000"));
        c.setMaximumPoolSize(1);
        Path spec = Files.createTempFile("tandem-upgrade", ".yaml");
        Files.writeString(spec, "migrations: []\n");
        try (HikariDataSource app = new HikariDataSource(c);
             Agent agent = Agent.open(AgentConfig.of(db.jdbcUrl(), spec))) {
            ForgedHeartbeatTest.touch(app);
            assertThat(count(db, "SELECT count(*) FROM tandem_instances WHERE instance_id = 'up-a'")).isEqualTo(1);
            dev.tandem.agent.AgentException old = org.junit.jupiter.api.Assertions.assertThrows(
                dev.tandem.agent.AgentException.class, agent::status);
            assertThat(old.getMessage()).contains("layout 1").contains("run 'tandem-agent init'");

            agent.init();
            assertThat(count(db, "SELECT schema_version FROM tandem_state")).isEqualTo(ControlSchema.SCHEMA_VERSION);
            assertThat(count(db, "SELECT count(*) FROM tandem_jobs WHERE active_slot IS NULL AND options IS NULL"))
                .isEqualTo(1);
            EmailJobs.await(() -> {
                try {
                    return count(db, "SELECT count(*) FROM tandem_instances WHERE owner IS NOT NULL") == 1;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(agent.instances()).extracting(InstanceView::live, InstanceView::heartbeatInFuture)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(true, false));
            // From layout 3 the driver also reports its figures, through the report routine, into its own row.
            EmailJobs.await(() -> {
                try {
                    return count(db, "SELECT count(*) FROM tandem_stats WHERE instance_id = 'up-a' AND stats LIKE "
                        + "'v=1;e=%'") == 1;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            agent.init(); // idempotent on the current layout
            assertThat(count(db, "SELECT schema_version FROM tandem_state")).isEqualTo(ControlSchema.SCHEMA_VERSION);
        }
    }

    private static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

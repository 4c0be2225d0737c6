package dev.tandem.spring.boot;

import dev.tandem.driver.TandemDriver;
import dev.tandem.driver.schema.ControlSchema;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The health indicator on a real PostgreSQL: it starts an instance nobody has used yet, and reports one that fails. */
class TandemBootHealthTest {
    private static TestDatabase db;
    private static Path spec;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, TandemAutoConfiguration.class,
            TandemActuatorAutoConfiguration.class));

    @BeforeAll
    static void database() throws SQLException, IOException {
        db = TestDatabases.create(DbKind.POSTGRESQL, "boot_health");
        db.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text, email_address text)");
        spec = Files.createTempFile("tandem-boot-health", ".yaml");
        Files.writeString(spec, """
            migrations:
              - id: users-email
                table: users
                key: [id]
                columns:
                  - old: email
                    new: email_address
                phase: SHADOW_READ
            """);
    }

    /** The instances outlive the contexts (a JVM-wide registry): stop their file watcher and control poller. */
    @AfterAll
    static void cleanUp() throws IOException {
        TandemDriver.closeInstance("boot-health-up");
        TandemDriver.closeInstance("boot-health-db");
        Files.delete(spec);
    }

    @Test
    void beforeTheFirstQueryTheIndicatorStartsTheInstanceAndReportsIt() {
        runner.withPropertyValues("spring.datasource.url=" + db.jdbcUrl(), "tandem.config=file:" + spec,
                "tandem.options.instanceId=boot-health-up")
            .run(context -> {
                Health health = context.getBean(TandemHealthIndicator.class).health();

                assertThat(health.getStatus()).isEqualTo(Status.UP);
                Map<?, ?> dataSource = (Map<?, ?>) health.getDetails().get("dataSource");
                assertThat(dataSource.get("instance")).isEqualTo("boot-health-up");
                assertThat((Map<?, ?>) dataSource.get("migrations")).isEqualTo(Map.of("users-email", "SHADOW_READ"));
            });
    }

    @Test
    void withTheControlTablesTheLeaseIsShownAndTheAppReachesTheInstancesTable() throws SQLException {
        TestDatabase controlled = TestDatabases.create(DbKind.POSTGRESQL, "boot_control");
        ControlSchema schema = new ControlSchema("tandem_", Dialect.POSTGRESQL);
        List<String> setup = new ArrayList<>(schema.ddl());
        setup.addAll(schema.heartbeatRoutineDdl("public"));
        setup.addAll(schema.reportRoutineDdl("public"));
        setup.add("CREATE TABLE users (id bigint PRIMARY KEY, email text, email_address text)");
        // What the agent's 'init' and 'reload' leave: config version 7, one migration in READ_NEW.
        setup.add("INSERT INTO " + schema.state() + " VALUES (1, 7, " + ControlSchema.SCHEMA_VERSION + ")");
        setup.add("INSERT INTO " + schema.migrations() + " (id, table_name, spec, phase, version, updated_at, "
            + "updated_by) VALUES ('users-email', 'users', 'migrations:\n  - id: users-email\n    table: users\n"
            + "    key: [id]\n    columns:\n      - old: email\n        new: email_address\n    phase: EXPAND\n', "
            + "'READ_NEW', 7, now(), 'test')");
        controlled.execute(setup.toArray(String[]::new));

        runner.withPropertyValues("spring.datasource.url=" + controlled.jdbcUrl(), "tandem.control=db",
                "spring.application.name=shop-db", "tandem.options.instanceId=boot-health-db")
            .run(context -> {
                Health health = context.getBean(TandemHealthIndicator.class).health();

                assertThat(health.getStatus()).isEqualTo(Status.UP);
                Map<?, ?> dataSource = (Map<?, ?>) health.getDetails().get("dataSource");
                assertThat(dataSource.get("control")).isEqualTo("db");
                assertThat(dataSource.get("configVersion")).isEqualTo(7L);
                assertThat(dataSource.get("leaseMs")).isEqualTo(10_000L);
                assertThat(dataSource.get("stale")).isEqualTo(false);
                assertThat((Map<?, ?>) dataSource.get("migrations")).isEqualTo(Map.of("users-email", "READ_NEW"));
            });
        try (Connection c = controlled.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT app FROM " + schema.instances()
                 + " WHERE instance_id = 'boot-health-db'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("shop-db");
        }
    }

    @Test
    void aConfigThatCannotBeReadIsDown() {
        runner.withPropertyValues("spring.datasource.url=" + db.jdbcUrl(),
                "tandem.config=file:" + spec.resolveSibling("no-such-migrations.yaml"))
            .run(context -> {
                Health health = context.getBean(TandemHealthIndicator.class).health();

                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails().get("dataSource").toString())
                    .contains("Cannot read the migration config", "no-such-migrations.yaml");
            });
    }

    @Test
    void theIndicatorCanBeSwitchedOff() {
        runner.withPropertyValues("spring.datasource.url=" + db.jdbcUrl(), "tandem.config=file:" + spec,
                "management.health.tandem.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(TandemHealthIndicator.class)
                .hasSingleBean(TandemInfoContributor.class));
    }
}

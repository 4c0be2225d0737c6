package dev.tandem.spring.boot;

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
import java.sql.SQLException;
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

    @AfterAll
    static void deleteSpec() throws IOException {
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

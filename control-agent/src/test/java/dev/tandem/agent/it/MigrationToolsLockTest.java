package dev.tandem.agent.it;

import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.agent.ddl.DdlPlan.Stage;
import dev.tandem.testdb.DbKind;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The generated files are lock-safe as apply is: behind an open transaction on the table, a step gives up at the lock
 * timeout instead of queueing the application's writes behind it, and running the tool again (after flyway repair
 * where the server cannot roll DDL back) finishes the stage once the blocker is gone.
 */
class MigrationToolsLockTest {
    @ParameterizedTest
    @EnumSource(DbKind.class)
    void aBlockedFlywayScriptGivesUpAtTheLockTimeoutAndARerunFinishes(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "tools_lock", 100, Duration.ofSeconds(5))) {
            DdlPlan plan = f.agent.plan("users-email").get(0);
            Path dir = f.dir.resolve("flyway");
            MigrationTools.StageRunner run = MigrationTools.prepare(MigrationTools.Kind.FLYWAY, plan, f.db, dir);
            try (Connection blocker = f.db.connect()) {
                hold(blocker);
                assertThatThrownBy(() -> run.run(Stage.EXPAND)).hasStackTraceContaining(kind == DbKind.POSTGRESQL
                    ? "lock timeout" : "Lock wait timeout exceeded");
                blocker.commit();
            }
            if (kind == DbKind.MARIADB) {
                // MariaDB cannot roll DDL back: Flyway recorded the failed script and refuses until repair.
                assertThatThrownBy(() -> run.run(Stage.EXPAND)).hasMessageContaining("failed");
                Flyway.configure().dataSource(f.db.jdbcUrl(), null, null).locations("filesystem:" + dir).load()
                    .repair();
            }
            run.run(Stage.EXPAND);
            assertThat(f.agent.plan("users-email").get(0).expand()).as("the expand is complete").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void aBlockedLiquibaseChangesetGivesUpAtTheLockTimeoutAndARerunFinishes(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "tools_lock_lb", 100, Duration.ofSeconds(5))) {
            DdlPlan plan = f.agent.plan("users-email").get(0);
            MigrationTools.StageRunner run = MigrationTools.prepare(MigrationTools.Kind.LIQUIBASE, plan, f.db,
                f.dir.resolve("liquibase"));
            try (Connection blocker = f.db.connect()) {
                hold(blocker);
                assertThatThrownBy(() -> run.run(Stage.EXPAND)).hasStackTraceContaining(kind == DbKind.POSTGRESQL
                    ? "lock timeout" : "Lock wait timeout exceeded");
                blocker.commit();
            }
            run.run(Stage.EXPAND);
            assertThat(f.agent.plan("users-email").get(0).expand()).as("the expand is complete").isEmpty();
        }
    }

    /** An open transaction that has read users: it holds a lock every ALTER of users waits for. */
    private static void hold(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT count(*) FROM users").close();
        }
    }
}

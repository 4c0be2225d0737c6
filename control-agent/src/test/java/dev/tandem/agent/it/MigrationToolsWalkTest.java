package dev.tandem.agent.it;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.Views.AuditView;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.agent.ddl.DdlPlan.Stage;
import dev.tandem.agent.ddl.FlywayScripts;
import dev.tandem.agent.ddl.LiquibaseChangelog;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 18: the DDL plan written by {@code plan --format flyway|liquibase}, run by the real Flyway and Liquibase
 * libraries stage by stage, while the agent walks the migration under an application workload and {@code apply} is
 * never called: the phase guards read the schema, not who ran the DDL. users.email is NOT NULL and indexed, so the
 * plan has an online index build (CONCURRENTLY on PostgreSQL, outside a transaction) and a tightening stage.
 */
class MigrationToolsWalkTest {
    private static final String M = "users-email";

    /** Runs one stage of the generated files. */
    private interface Tool {
        void run(Stage stage) throws Exception;
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void flywayRunsTheDdlAndTheAgentWalksWithoutApply(DbKind kind) throws Exception {
        try (AgentFixture f = fixture(kind, "flyway_walk")) {
            DdlPlan plan = f.agent.plan(M).get(0);
            Path dir = f.dir.resolve("flyway");
            FlywayScripts.write(plan, dialect(kind), 2000, "7", dir);
            Map<Stage, String> targets = FlywayScripts.targets(plan, "7");
            assertThat(targets).containsOnlyKeys(Stage.EXPAND, Stage.TIGHTEN, Stage.CONTRACT);
            MigrationTools.matchesExample(dir, "flyway/" + (kind == DbKind.POSTGRESQL ? "postgresql" : "mariadb"));
            // The schema exists before Flyway sees it, as in a team adopting Flyway: baselined at version 1. Flyway's
            // lock must be per session, or CREATE INDEX CONCURRENTLY waits for Flyway's own transaction (see docs).
            walk(f, stage -> MigrationTools.flyway(f.db, dir, targets.get(stage)));
            assertThat(f.count("SELECT count(*) FROM flyway_schema_history WHERE success AND script LIKE 'V7.%'"))
                .as("scripts Flyway ran").isEqualTo(Files.list(dir).filter(p -> p.toString().endsWith(".sql")).count());
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void liquibaseRunsTheDdlAndTheAgentWalksWithoutApply(DbKind kind) throws Exception {
        try (AgentFixture f = fixture(kind, "liquibase_walk")) {
            DdlPlan plan = f.agent.plan(M).get(0);
            Path dir = f.dir.resolve("liquibase");
            Path changelog = LiquibaseChangelog.write(plan, dialect(kind), 2000, dir);
            MigrationTools.matchesExample(dir, "liquibase/" + (kind == DbKind.POSTGRESQL ? "postgresql" : "mariadb"));
            walk(f, stage -> MigrationTools.liquibase(f.db, changelog, stage));
            assertThat(f.count("SELECT count(*) FROM DATABASECHANGELOG WHERE author = 'tandem'"))
                .as("changesets Liquibase ran").isEqualTo(plan.steps().size());
        }
    }

    private static AgentFixture fixture(DbKind kind, String name) throws Exception {
        AgentFixture f = new AgentFixture(kind, name, 5_000, Duration.ofSeconds(20));
        f.db.execute(kind == DbKind.POSTGRESQL ? "ALTER TABLE users ALTER COLUMN email SET NOT NULL"
            : "ALTER TABLE users MODIFY email VARCHAR(200) NOT NULL");
        return f;
    }

    private static Dialect dialect(DbKind kind) {
        return kind == DbKind.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.MYSQL;
    }

    private static void walk(AgentFixture f, Tool tool) throws Exception {
        HikariDataSource a = f.pool("tools-" + f.kind + "-" + System.nanoTime(), 3);
        try (Workload w = new Workload(List.of(a), 2, 1_000_000)) {
            assertThatThrownBy(() -> f.agent.phase(M, Phase.DUAL_WRITE, false, null, "walk"))
                .as("the guard reads the schema: no new column yet").isInstanceOf(AgentException.class)
                .hasMessageContaining("do not exist");
            tool.run(Stage.EXPAND);
            assertThat(f.agent.plan(M).get(0).expand()).as("expand left for apply").isEmpty();
            step(f, Phase.DUAL_WRITE);
            JobView backfill = f.agent.backfill(M, false, f.agent.config().jobs(), JobListener.NONE, "walk");
            assertThat(backfill.state()).isEqualTo("done");
            assertThat(reconcile(f)).isZero();
            step(f, Phase.SHADOW_READ);
            step(f, Phase.READ_NEW);
            assertThatThrownBy(() -> f.agent.phase(M, Phase.CONTRACT, false, null, "walk"))
                .as("the guard sees the old NOT NULL").isInstanceOf(AgentException.class)
                .hasMessageContaining("NOT NULL without a default");
            tool.run(Stage.TIGHTEN);
            assertThat(f.agent.plan(M).get(0).tighten()).as("tighten left for apply").isEmpty();
            assertThat(reconcile(f)).isZero();
            step(f, Phase.CONTRACT);
            assertThatThrownBy(() -> f.agent.phase(M, Phase.COMPLETE, false, null, "walk"))
                .as("the guard sees the old column").isInstanceOf(AgentException.class)
                .hasMessageContaining("still exist");
            tool.run(Stage.CONTRACT);
            step(f, Phase.COMPLETE);
            Thread.sleep(300);
            w.close();
            assertThat(w.errors).as("application errors").isEmpty();
            assertThat(w.verify(a)).as("acknowledged writes missing").isEmpty();
        }
        String schema = f.kind == DbKind.POSTGRESQL ? "current_schema()" : "DATABASE()";
        assertThat(f.count("SELECT count(*) FROM information_schema.columns WHERE table_schema = " + schema
            + " AND table_name = 'users' AND column_name = 'email_address' AND is_nullable = 'NO'"))
            .as("email_address is NOT NULL").isEqualTo(1);
        assertThat(f.count("SELECT count(*) FROM information_schema.columns WHERE table_schema = " + schema
            + " AND table_name = 'users' AND column_name = 'email'")).as("email dropped").isZero();
        assertThat(f.count(f.kind == DbKind.POSTGRESQL ? "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = "
            + "i.indexrelid WHERE c.relname = 'users_email_idx_tandem' AND i.indisvalid"
            : "SELECT count(DISTINCT index_name) FROM information_schema.statistics WHERE table_schema = DATABASE() "
            + "AND index_name = 'users_email_idx_tandem'")).as("the index on email_address, built online").isEqualTo(1);
        assertThat(f.agent.plan(M).get(0).steps()).as("nothing left for apply").isEmpty();
        assertThat(f.agent.audit(1000)).extracting(AuditView::action).as("apply never ran")
            .noneMatch(action -> action.startsWith("apply")).contains("transition");
    }

    private static void step(AgentFixture f, Phase to) {
        assertThat(f.agent.phase(M, to, false, null, "walk").barrier().complete()).as("barrier %s", to).isTrue();
    }

    private static long reconcile(AgentFixture f) {
        JobView r = f.agent.reconcile(M, false, f.agent.config().jobs(), JobListener.NONE, "walk");
        return ((Number) r.result().get("mismatches")).longValue();
    }
}

package dev.tandem.agent.it;

import dev.tandem.agent.AgentException;
import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.agent.ddl.DdlPlan.Stage;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The table-level kinds through the migration tools: a move (products.stock, products.warehouse to inventory) and a
 * table rename (orders to purchases), their plans written as Flyway scripts or a Liquibase changelog, run stage by
 * stage by the real library while the agent walks to COMPLETE without apply.
 */
class MigrationToolsKindsTest {
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (DbKind db : DbKind.values()) {
            for (MigrationTools.Kind tool : MigrationTools.Kind.values()) {
                out.add(Arguments.of(db, tool));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void moveWalksToCompleteWithTheToolRunningItsDdl(DbKind kind, MigrationTools.Kind tool) throws Exception {
        try (MoveFixture f = new MoveFixture(kind, "tools_move", 2_000)) {
            String m = MoveFixture.ID;
            DdlPlan plan = f.agent.plan(m).get(0);
            assertThat(plan.stage(Stage.COMPLETE)).as("the source columns dropped in COMPLETE").hasSize(2);
            MigrationTools.StageRunner run = MigrationTools.prepare(tool, plan, f.db,
                Files.createTempDirectory("tandem-tools-move"));
            assertThatThrownBy(() -> f.phase(Phase.DUAL_WRITE)).isInstanceOf(AgentException.class)
                .hasMessageContaining("do not exist");
            run.run(Stage.EXPAND);
            assertThat(f.phase(Phase.DUAL_WRITE).barrier().complete()).isTrue();
            assertThat(f.backfill().state()).isEqualTo("done");
            assertThat(f.reconcile()).isZero();
            f.phase(Phase.SHADOW_READ);
            f.phase(Phase.READ_NEW);
            run.run(Stage.TIGHTEN);
            f.phase(Phase.CONTRACT);
            run.run(Stage.CONTRACT);
            assertThat(f.reconcile()).isZero();
            assertThat(f.inconsistent()).isZero();
            f.phase(Phase.COMPLETE);
            run.run(Stage.COMPLETE);
            long before = f.agent.status().configVersion();
            assertThat(f.agent.refresh(m, "test").version()).as("instances re-read the table, as after apply")
                .isGreaterThan(before);
            assertThat(f.count("SELECT count(*) FROM inventory WHERE stock IS NOT NULL")).isEqualTo(2_000);
            assertThat(columns(f.db.kind(), f::count, "products")).as("moved columns dropped").isEqualTo(2);
            assertThat(f.agent.plan(m).get(0).steps()).as("nothing left for apply").isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void renameWalksToCompleteWithTheToolRunningItsDdl(DbKind kind, MigrationTools.Kind tool) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "tools_rename", 500, Duration.ofSeconds(5))) {
            String m = "orders-rename";
            Files.writeString(f.migrations, "migrations:\n  - id: " + m + "\n    kind: rename\n    table: orders\n"
                + "    target: purchases\n    phase: EXPAND\n");
            f.agent.reload("test");
            MigrationTools.StageRunner run = MigrationTools.prepare(tool, f.agent.plan(m).get(0), f.db,
                f.dir.resolve("tools"));
            assertThatThrownBy(() -> f.agent.phase(m, Phase.DUAL_WRITE, false, null, "test"))
                .isInstanceOf(AgentException.class).hasMessageContaining("not renamed yet");
            run.run(Stage.EXPAND);
            assertThat(f.agent.refresh(m, "test").complete()).as("instances read the rename, as after apply").isTrue();
            for (Phase p : List.of(Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW, Phase.CONTRACT)) {
                f.agent.phase(m, p, false, null, "test");
            }
            assertThatThrownBy(() -> f.agent.phase(m, Phase.COMPLETE, false, null, "test"))
                .isInstanceOf(AgentException.class).hasMessageContaining("compatibility view orders still exists");
            run.run(Stage.CONTRACT);
            f.agent.phase(m, Phase.COMPLETE, false, null, "test");
            assertThat(f.count("SELECT count(*) FROM purchases")).isEqualTo(500);
            assertThat(f.agent.plan(m).get(0).steps()).as("nothing left for apply").isEmpty();
        }
    }

    /** Counts a query's single number. */
    private interface Counter {
        long count(String sql) throws Exception;
    }

    /** The columns of {@code table}. */
    private static long columns(DbKind kind, Counter c, String table) throws Exception {
        return c.count("SELECT count(*) FROM information_schema.columns WHERE table_schema = " + (kind
            == DbKind.POSTGRESQL ? "current_schema()" : "DATABASE()") + " AND table_name = '" + table + "'");
    }
}

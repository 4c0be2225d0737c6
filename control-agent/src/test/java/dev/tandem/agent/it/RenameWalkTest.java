package dev.tandem.agent.it;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.Views.MigrationView;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A table rename (orders to purchases) walked by the agent while the application writes users and orders in the old
 * names: rolled back to EXPAND (renamed back) from every phase before COMPLETE, then walked to COMPLETE. No
 * application statement fails and no acknowledged write is lost; the guards follow the server's state.
 */
class RenameWalkTest {
    private static final String ID = "orders-rename";

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void renameWalksAndRollsBackFromEveryPhaseUnderLoad(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "rename_walk", 2_000, Duration.ofSeconds(20))) {
            Files.writeString(f.migrations, "migrations:\n  - id: " + ID + "\n    kind: rename\n    table: orders\n"
                + "    target: purchases\n    phase: EXPAND\n");
            f.agent.reload("test");
            HikariDataSource a = f.pool("rename-a-" + kind, 3);
            HikariDataSource b = f.pool("rename-b-" + kind, 3);
            try (Workload w = new Workload(List.of(a, b), 2, 1_000_000)) {
                assertThat(status(f)).contains("not renamed");
                AgentException early = assertThrows(AgentException.class,
                    () -> f.agent.phase(ID, Phase.DUAL_WRITE, false, null, "test"));
                assertThat(early.getMessage()).contains("not renamed yet");
                AgentException job = assertThrows(AgentException.class,
                    () -> f.agent.backfill(ID, false, f.agent.config().jobs(), JobListener.NONE, "test"));
                assertThat(job.getMessage()).contains("no backfill or reconcile");
                for (Phase top : List.of(Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW, Phase.CONTRACT)) {
                    DdlPlan plan = f.agent.plan(ID).get(0);
                    assertThat(plan.expand()).isNotEmpty();
                    f.agent.apply(ID, false, "test");
                    assertThat(f.agent.plan(ID).get(0).expand()).as("apply twice is harmless").isEmpty();
                    assertThat(status(f)).contains("compatibility view orders exists");
                    forwardTo(f, top);
                    Thread.sleep(300);
                    assertThat(w.verify(a)).as("writes lost up to %s", top).isEmpty();
                    backToExpand(f, top);
                    assertThat(status(f)).as("renamed back, the view under the new name dropped after the barrier")
                        .contains("not renamed").doesNotContain("view purchases");
                    Thread.sleep(200);
                    assertThat(w.verify(b)).as("writes lost rolling back from %s", top).isEmpty();
                    assertThat(w.errors).as("application errors up to %s", top).isEmpty();
                }
                f.agent.apply(ID, false, "test");
                forwardTo(f, Phase.CONTRACT);
                AgentException notYet = assertThrows(AgentException.class,
                    () -> f.agent.phase(ID, Phase.COMPLETE, false, null, "test"));
                assertThat(notYet.getMessage()).contains("compatibility view orders still exists");
                assertThat(f.agent.plan(ID).get(0).contract()).containsExactly("DROP VIEW orders");
                f.agent.apply(ID, true, "test");
                step(f, Phase.COMPLETE);
                assertThat(status(f)).contains("no compatibility view");
                Thread.sleep(300);
                w.close();
                assertThat(w.verify(a)).isEmpty();
                assertThat(w.errors).isEmpty();
                assertThat(w.acknowledged()).isGreaterThan(20);
                assertThat(f.count("SELECT count(*) FROM purchases WHERE id > 1000000")).isGreaterThan(0);
            }
        }
    }

    private static String status(AgentFixture f) {
        return f.agent.migrations().stream().filter(v -> v.id().equals(ID)).map(MigrationView::table)
            .findFirst().orElseThrow();
    }

    private static void forwardTo(AgentFixture f, Phase top) {
        for (Phase p : List.of(Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW, Phase.CONTRACT)) {
            step(f, p);
            if (p == top) {
                return;
            }
        }
    }

    private static void backToExpand(AgentFixture f, Phase top) {
        if (top == Phase.CONTRACT) {
            step(f, Phase.READ_NEW);
        }
        if (top.ordinal() >= Phase.READ_NEW.ordinal()) {
            step(f, Phase.SHADOW_READ);
        }
        if (top.ordinal() >= Phase.SHADOW_READ.ordinal()) {
            step(f, Phase.DUAL_WRITE);
        }
        TransitionView t = step(f, Phase.EXPAND);
        assertThat(t.note()).contains("renamed back");
    }

    private static TransitionView step(AgentFixture f, Phase to) {
        TransitionView t = f.agent.phase(ID, to, false, null, "test");
        assertThat(t.barrier().complete()).as("barrier for %s", to).isTrue();
        return t;
    }
}

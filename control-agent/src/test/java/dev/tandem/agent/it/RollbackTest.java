package dev.tandem.agent.it;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance 4: from every phase the agent rolls back to EXPAND step by step while the application
 * writes, CONTRACT -> READ_NEW through the reverse backfill, and no acknowledged write is lost: after
 * each rollback the old side alone (EXPAND reads nothing else) holds every write.
 */
class RollbackTest {
    private static final List<String> MIGRATIONS = List.of("users-email", "orders-price");

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void rollbackFromEveryPhaseLosesNoWrite(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "rollback", 5_000, Duration.ofSeconds(20))) {
            HikariDataSource a = f.pool("rollback-a-" + kind, 3);
            HikariDataSource b = f.pool("rollback-b-" + kind, 3);
            for (String m : MIGRATIONS) {
                f.agent.apply(m, false, "test");
            }
            try (Workload w = new Workload(List.of(a, b), 2, 1_000_000)) {
                for (Phase top : List.of(Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW, Phase.CONTRACT)) {
                    for (String m : MIGRATIONS) {
                        forwardTo(f, m, top);
                    }
                    Thread.sleep(300);
                    for (String m : MIGRATIONS) {
                        backToExpand(f, m, top);
                    }
                    Thread.sleep(200);
                    assertThat(w.verify(a)).as("writes lost rolling back from %s", top).isEmpty();
                    assertThat(w.errors).as("application errors up to %s", top).isEmpty();
                }
                w.close();
                assertThat(w.errors).isEmpty();
                assertThat(w.acknowledged()).isGreaterThan(20);
            }
        }
    }

    private static void forwardTo(AgentFixture f, String m, Phase top) {
        step(f, m, Phase.DUAL_WRITE);
        if (top == Phase.DUAL_WRITE) {
            return;
        }
        f.agent.backfill(m, false, f.agent.config().jobs(), JobListener.NONE, "test");
        assertThat(f.agent.reconcile(m, false, f.agent.config().jobs(), JobListener.NONE, "test").result())
            .containsEntry("mismatches", 0);
        step(f, m, Phase.SHADOW_READ);
        if (top == Phase.SHADOW_READ) {
            return;
        }
        step(f, m, Phase.READ_NEW);
        if (top == Phase.READ_NEW) {
            return;
        }
        assertThat(f.agent.reconcile(m, false, f.agent.config().jobs(), JobListener.NONE, "test").result())
            .containsEntry("mismatches", 0);
        step(f, m, Phase.CONTRACT);
    }

    private static void backToExpand(AgentFixture f, String m, Phase top) {
        if (top == Phase.CONTRACT) {
            TransitionView t = step(f, m, Phase.READ_NEW);
            assertThat(t.note()).contains("reverse backfill finished");
            assertThat(f.agent.migrations()).filteredOn(v -> v.id().equals(m))
                .extracting(v -> v.reversePending()).containsExactly(false);
        }
        if (top.ordinal() >= Phase.READ_NEW.ordinal()) {
            step(f, m, Phase.SHADOW_READ);
        }
        if (top.ordinal() >= Phase.SHADOW_READ.ordinal()) {
            step(f, m, Phase.DUAL_WRITE);
        }
        step(f, m, Phase.EXPAND);
    }

    private static TransitionView step(AgentFixture f, String m, Phase to) {
        TransitionView t = f.agent.phase(m, to, false, null, "test");
        assertThat(t.barrier().complete()).as("barrier for %s %s", m, to).isTrue();
        return t;
    }
}

package dev.tandem.agent.it;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.agent.Views.JobView;
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
 * Acceptance 1: two driver instances (two HikariCP pools) write while the agent walks both migrations
 * through every phase on 200k-row tables: no application error, reconcile reports 0 mismatches, every
 * acknowledged write is there at the end (read in the old names after the old columns are dropped).
 */
class WalkTest {
    @ParameterizedTest
    @EnumSource(DbKind.class)
    void agentWalksEveryPhaseUnderLoadWithoutLosingAWrite(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "walk", 200_000, Duration.ofSeconds(20))) {
            HikariDataSource a = f.pool("walk-a-" + kind, 3);
            HikariDataSource b = f.pool("walk-b-" + kind, 3);
            try (Workload w = new Workload(List.of(a, b), 2, 1_000_000)) {
                Thread.sleep(300);
                for (String m : List.of("users-email", "orders-price")) {
                    f.agent.apply(m, false, "walk");
                    step(f, m, Phase.DUAL_WRITE);
                    JobView backfill = f.agent.backfill(m, false, f.agent.config().jobs(), JobListener.NONE, "walk");
                    assertThat(backfill.state()).isEqualTo("done");
                    assertThat(backfill.rowsDone()).isGreaterThanOrEqualTo(200_000);
                    assertThat(reconcile(f, m)).isZero();
                    step(f, m, Phase.SHADOW_READ);
                    step(f, m, Phase.READ_NEW);
                    assertThat(reconcile(f, m)).isZero();
                    step(f, m, Phase.CONTRACT);
                    f.agent.apply(m, true, "walk");
                    step(f, m, Phase.COMPLETE);
                }
                Thread.sleep(500);
                w.close();
                assertThat(w.errors).as("application errors").isEmpty();
                assertThat(w.acknowledged()).isGreaterThan(20);
                assertThat(w.verify(a)).as("acknowledged writes missing").isEmpty();
            }
            assertThat(f.count("SELECT count(*) FROM users WHERE email_address IS NULL")).isZero();
            assertThat(f.count("SELECT count(*) FROM orders WHERE price_cents IS NULL")).isZero();
        }
    }

    private static void step(AgentFixture f, String m, Phase to) {
        TransitionView t = f.agent.phase(m, to, false, null, "walk");
        assertThat(t.barrier().complete()).as("barrier for %s %s", m, to).isTrue();
    }

    private static long reconcile(AgentFixture f, String m) {
        JobView r = f.agent.reconcile(m, false, f.agent.config().jobs(), JobListener.NONE, "walk");
        return ((Number) r.result().get("mismatches")).longValue();
    }
}

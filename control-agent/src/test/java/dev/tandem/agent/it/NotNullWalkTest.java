package dev.tandem.agent.it;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14, item 2: users.email is NOT NULL. The plan carries the constraint to email_address after the backfill
 * and drops it from email before CONTRACT; the guard refuses CONTRACT until that ran; the walk reaches COMPLETE
 * under load with no failed insert, and email_address ends NOT NULL.
 */
class NotNullWalkTest {
    @ParameterizedTest
    @EnumSource(DbKind.class)
    void notNullOldColumnWalksToCompleteAndEndsNotNullOnTheNewSide(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "not_null", 20_000, Duration.ofSeconds(20))) {
            f.db.execute(kind == DbKind.POSTGRESQL ? "ALTER TABLE users ALTER COLUMN email SET NOT NULL"
                : "ALTER TABLE users MODIFY email VARCHAR(200) NOT NULL");
            String m = "users-email";
            DdlPlan plan = f.agent.plan(m).get(0);
            assertThat(plan.tighten()).as("tightening steps").isNotEmpty();
            assertThat(plan.tighten().get(plan.tighten().size() - 1)).as("old side relaxed last").contains(" email ")
                .doesNotContain("email_address");
            assertThat(String.join("\n", plan.tighten())).contains("email_address").contains("NOT NULL");
            if (kind == DbKind.POSTGRESQL) {
                assertThat(plan.tighten().get(0)).contains("CHECK (email_address IS NOT NULL) NOT VALID");
                assertThat(plan.tighten().get(1)).contains("VALIDATE CONSTRAINT");
            }
            assertThat(plan.steps()).allSatisfy(s -> assertThat(s.lock()).isNotBlank());

            HikariDataSource a = f.pool("nn-a-" + kind, 3);
            try (Workload w = new Workload(List.of(a), 2, 1_000_000)) {
                Thread.sleep(300);
                assertThat(f.agent.apply(m, false, "walk")).noneMatch(s -> s.contains("NOT NULL"));
                step(f, m, Phase.DUAL_WRITE);
                JobView backfill = f.agent.backfill(m, false, f.agent.config().jobs(), JobListener.NONE, "walk");
                assertThat(backfill.state()).isEqualTo("done");
                assertThat(reconcile(f, m)).isZero();
                step(f, m, Phase.READ_NEW);
                assertThat(reconcile(f, m)).isZero();
                assertThatThrownBy(() -> f.agent.phase(m, Phase.CONTRACT, false, null, "walk"))
                    .isInstanceOf(AgentException.class).hasMessageContaining("[email] are NOT NULL without a default");
                List<String> ran = f.agent.apply(m, false, "walk");
                assertThat(ran).isEqualTo(plan.tighten());
                assertThat(f.agent.plan(m).get(0).tighten()).as("tightening is done once").isEmpty();
                long before = w.acknowledged();
                step(f, m, Phase.CONTRACT);
                awaitInserts(w, before + 10); // inserts in CONTRACT no longer set email
                f.agent.apply(m, true, "walk");
                step(f, m, Phase.COMPLETE);
                awaitInserts(w, w.acknowledged() + 5);
                w.close();
                assertThat(w.errors).as("application errors").isEmpty();
                assertThat(w.verify(a)).as("acknowledged writes missing").isEmpty();
            }
            String schema = kind == DbKind.POSTGRESQL ? "current_schema()" : "DATABASE()";
            assertThat(f.count("SELECT count(*) FROM information_schema.columns WHERE table_schema = " + schema
                + " AND table_name = 'users' AND column_name = 'email_address' AND is_nullable = 'NO'"))
                .as("email_address is NOT NULL").isEqualTo(1);
            assertThat(f.count("SELECT count(*) FROM users WHERE email_address IS NULL")).isZero();
        }
    }

    /** Waits (at most 30 s) until the workload has inserted {@code n} rows in all. */
    private static void awaitInserts(Workload w, long n) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (w.acknowledged() < n && System.nanoTime() < deadline && w.errors.isEmpty()) {
            Thread.sleep(50);
        }
        assertThat(w.errors).as("application errors").isEmpty();
        assertThat(w.acknowledged()).as("rows the workload inserted").isGreaterThanOrEqualTo(n);
    }

    private static void step(AgentFixture f, String m, Phase to) {
        assertThat(f.agent.phase(m, to, false, null, "walk").barrier().complete()).as("barrier %s", to).isTrue();
    }

    private static long reconcile(AgentFixture f, String m) {
        JobView r = f.agent.reconcile(m, false, f.agent.config().jobs(), JobListener.NONE, "walk");
        return ((Number) r.result().get("mismatches")).longValue();
    }
}

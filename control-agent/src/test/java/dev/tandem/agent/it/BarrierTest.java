package dev.tandem.agent.it;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.Views.TransitionView;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Acceptance 2: with one instance paused (silent, but within its lease) a transition stays incomplete
 * and backfill refuses to start; once it catches up, or once its lease runs out, the agent proceeds,
 * and the silent instance refuses writes to migrated tables until it can refresh.
 */
class BarrierTest {
    @ParameterizedTest
    @EnumSource(DbKind.class)
    void pausedInstanceHoldsTheBarrierUntilItCatchesUp(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "barrier", 1000, Duration.ofMillis(700))) {
            String a = "barrier-a-" + kind;
            String b = "barrier-b-" + kind;
            HikariDataSource poolA = f.pool(a, 2);
            HikariDataSource poolB = f.pool(b, 2);
            touch(poolA);
            touch(poolB);
            f.agent.apply("users-email", false, "test");
            AgentFixture.source(b).pause(true);

            TransitionView t = f.agent.phase("users-email", Phase.DUAL_WRITE, false, null, "test");
            assertThat(t.barrier().complete()).isFalse();
            assertThat(t.barrier().lagging()).extracting(i -> i.instanceId()).containsExactly(b);
            AgentException refused = assertThrows(AgentException.class, () -> f.agent.backfill("users-email", false,
                f.agent.config().jobs(), JobListener.NONE, "test"));
            assertThat(refused.kind()).isEqualTo(AgentException.Kind.REFUSED);
            assertThat(refused.getMessage()).contains(b).contains("version " + t.version());
            assertThat(f.agent.status().barrier().lagging()).extracting(i -> i.instanceId()).containsExactly(b);

            AgentFixture.source(b).pause(false);
            long deadline = System.currentTimeMillis() + 5000;
            while (!f.agent.status().barrier().complete() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(f.agent.status().barrier().complete()).isTrue();
            assertThat(f.agent.backfill("users-email", false, f.agent.config().jobs(), JobListener.NONE, "test")
                .state()).isEqualTo("done");
        }
    }

    @ParameterizedTest
    @EnumSource(DbKind.class)
    void instanceSilentPastItsLeaseNoLongerHoldsTheBarrierAndRefusesWrites(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "lease", 1000, Duration.ofMillis(500))) {
            String a = "lease-a-" + kind;
            String b = "lease-b-" + kind;
            HikariDataSource poolA = f.pool(a, 2);
            HikariDataSource poolB = f.pool(b, 2);
            touch(poolA);
            touch(poolB);
            f.agent.apply("users-email", false, "test");
            AgentFixture.source(b).pause(true);
            TransitionView t = f.agent.phase("users-email", Phase.DUAL_WRITE, false, null, "test");
            assertThat(t.barrier().complete()).isFalse();

            Thread.sleep(3500); // past b's 3000 ms lease
            assertThat(f.agent.status().barrier().complete()).isTrue();
            assertThat(f.agent.status().barrier().dropped()).extracting(i -> i.instanceId()).containsExactly(b);
            assertThat(f.agent.instances()).filteredOn(i -> i.instanceId().equals(b)).extracting(i -> i.live())
                .containsExactly(false);
            assertThat(f.agent.backfill("users-email", false, f.agent.config().jobs(), JobListener.NONE, "test")
                .state()).isEqualTo("done");
            try (Connection c = poolB.getConnection(); Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE users SET email = 'stale@x.io' WHERE id = 1"));
                assertThat(e.getSQLState()).isEqualTo("TD004");
                assertThat(e.getMessage()).contains("no refresh has run for").contains("paused")
                    .doesNotContain("last error: null");
                assertThat(s.executeQuery("SELECT email FROM users WHERE id = 1").next()).isTrue();
            }
            assertThat(f.inconsistentUsers()).isZero();
        }
    }

    private static void touch(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("SELECT count(*) FROM users").close();
        }
    }
}

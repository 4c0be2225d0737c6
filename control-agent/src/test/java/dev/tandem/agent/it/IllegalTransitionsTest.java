package dev.tandem.agent.it;

import dev.tandem.agent.AgentException;
import dev.tandem.agent.Views.AuditView;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.Views.MigrationView;
import dev.tandem.agent.jobs.JobListener;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Acceptance 5: illegal transitions are refused with a clear message and change nothing; --force
 * needs a reason, works, and is audited with who and why.
 */
class IllegalTransitionsTest {
    @ParameterizedTest
    @EnumSource(DbKind.class)
    void guardsRefuseAndForceIsAudited(DbKind kind) throws Exception {
        try (AgentFixture f = new AgentFixture(kind, "guards", 500, Duration.ofSeconds(2))) {
            refused(f, () -> f.agent.phase("no-such-migration", Phase.DUAL_WRITE, false, null, "ops"),
                AgentException.Kind.NOT_FOUND, "Unknown migration 'no-such-migration'");
            refused(f, () -> f.agent.phase("users-email", Phase.READ_NEW, false, null, "ops"),
                AgentException.Kind.REFUSED, "cannot go from EXPAND to READ_NEW in one step");
            refused(f, () -> f.agent.phase("users-email", Phase.DUAL_WRITE, false, null, "ops"),
                AgentException.Kind.REFUSED, "apply the expand DDL first");

            f.agent.apply("users-email", false, "ops");
            f.agent.phase("users-email", Phase.DUAL_WRITE, false, null, "ops");
            refused(f, () -> f.agent.phase("users-email", Phase.READ_NEW, false, null, "ops"),
                AgentException.Kind.REFUSED, "no backfill has finished");

            f.agent.backfill("users-email", false, f.agent.config().jobs(), JobListener.NONE, "ops");
            f.db.execute("UPDATE users SET email_address = 'corrupt' WHERE id IN (7, 8, 9)");
            JobView reconcile = f.agent.reconcile("users-email", false, f.agent.config().jobs(), JobListener.NONE, "ops");
            assertThat(reconcile.result()).containsEntry("mismatches", 3);
            assertThat(reconcile.result().get("sample")).isEqualTo(List.of("id=7", "id=8", "id=9"));
            refused(f, () -> f.agent.phase("users-email", Phase.READ_NEW, false, null, "ops"),
                AgentException.Kind.REFUSED, "found 3 mismatched rows");
            refused(f, () -> f.agent.phase("users-email", Phase.READ_NEW, true, " ", "ops"),
                AgentException.Kind.INVALID, "needs a reason");

            assertThat(f.agent.phase("users-email", Phase.READ_NEW, true, "drill: accept 3 bad rows", "alice").forced())
                .isTrue();
            AuditView forced = f.agent.audit(20).stream().filter(a -> "transition".equals(a.action())).findFirst()
                .orElseThrow();
            assertThat(forced.forced()).isTrue();
            assertThat(forced.actor()).isEqualTo("alice");
            assertThat(forced.reason()).isEqualTo("drill: accept 3 bad rows");
            assertThat(forced.detail()).contains("found 3 mismatched rows");
            assertThat(forced.toPhase()).isEqualTo("READ_NEW");

            refused(f, () -> f.agent.phase("users-email", Phase.CONTRACT, false, null, "ops"),
                AgentException.Kind.REFUSED, "found 3 mismatched rows");
            JobView repair = f.agent.reconcile("users-email", true, f.agent.config().jobs(), JobListener.NONE, "ops");
            assertThat(repair.result()).containsEntry("repaired", 3);
            assertThat(f.agent.reconcile("users-email", false, f.agent.config().jobs(), JobListener.NONE, "ops")
                .result()).containsEntry("mismatches", 0);
            assertThat(f.agent.phase("users-email", Phase.DUAL_WRITE, false, null, "ops").to())
                .as("backward moves are allowed").isEqualTo(Phase.DUAL_WRITE);
            refused(f, () -> f.agent.apply("users-email", true, "ops"), AgentException.Kind.REFUSED,
                "only safe in CONTRACT");
        }
    }

    private static void refused(AgentFixture f, Executable action, AgentException.Kind kind, String message) {
        List<MigrationView> before = f.agent.migrations();
        long version = f.agent.status().configVersion();
        AgentException e = assertThrows(AgentException.class, action);
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.getMessage()).contains(message);
        assertThat(f.agent.migrations()).as("state unchanged").isEqualTo(before);
        assertThat(f.agent.status().configVersion()).isEqualTo(version);
    }
}

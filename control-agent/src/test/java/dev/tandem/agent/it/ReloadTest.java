package dev.tandem.agent.it;

import dev.tandem.agent.AgentException;
import dev.tandem.agent.Views.MigrationView;
import dev.tandem.agent.Views.ReloadView;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Config reload through the agent: a valid file is published, a broken one or one whose phase change a
 * guard refuses is rejected whole with the field named, and an edit that does not touch a phase never
 * undoes a phase change made with the phase command.
 */
class ReloadTest {
    @Test
    void reloadPublishesChangesRejectsBadFilesAndNeverUndoesPhaseCommands() throws Exception {
        try (AgentFixture f = new AgentFixture(DbKind.POSTGRESQL, "reload", 100, Duration.ofSeconds(1))) {
            f.agent.apply("users-email", false, "ops");
            f.agent.phase("users-email", Phase.DUAL_WRITE, false, null, "ops");

            String spec = Files.readString(f.migrations);
            Files.writeString(f.migrations, spec.replace("    phase: EXPAND\n  - id: orders-price",
                "    phase: EXPAND\n    readNewPercent: 30\n  - id: orders-price"));
            ReloadView r = f.agent.reload("ops");
            assertThat(r.changed()).containsExactly("users-email");
            assertThat(r.transitions()).isEmpty();
            assertThat(users(f).phase()).as("the file still says EXPAND; the phase command wins").isEqualTo(Phase.DUAL_WRITE);
            assertThat(users(f).readNewPercent()).isEqualTo(30);

            long version = f.agent.status().configVersion();
            Files.writeString(f.migrations, Files.readString(f.migrations).replaceFirst("phase: EXPAND", "phase: READ_NEW")
                .replace("readNewPercent: 30", "readNewPercent: 40"));
            AgentException refused = assertThrows(AgentException.class, () -> f.agent.reload("ops"));
            assertThat(refused.getMessage()).contains("migration 'users-email': field 'phase'")
                .contains("no backfill has finished").contains("running configuration is unchanged");
            assertThat(users(f).readNewPercent()).isEqualTo(30);
            assertThat(f.agent.status().configVersion()).isEqualTo(version);

            Files.writeString(f.migrations, "migrations:\n  - id: users-email\n    table: users\n    phase: BOGUS\n");
            AgentException invalid = assertThrows(AgentException.class, () -> f.agent.reload("ops"));
            assertThat(invalid.kind()).isEqualTo(AgentException.Kind.INVALID);
            assertThat(invalid.getMessage()).contains(f.migrations.toString()).contains("unknown phase 'BOGUS'");
            assertThat(f.agent.status().configVersion()).isEqualTo(version);

            Files.writeString(f.migrations, spec.replaceFirst("phase: EXPAND", "phase: DUAL_WRITE"));
            f.agent.phase("users-email", Phase.EXPAND, false, "rollback drill", "ops");
            ReloadView back = f.agent.reload("ops");
            assertThat(back.transitions()).extracting(t -> t.to()).containsExactly(Phase.DUAL_WRITE);
            assertThat(users(f).phase()).isEqualTo(Phase.DUAL_WRITE);
        }
    }

    @Test
    void aMigrationsRolloutOverridesTheAgentsAndBadValuesAreRefused() throws Exception {
        try (AgentFixture f = new AgentFixture(DbKind.POSTGRESQL, "reload_rollout", 10, Duration.ofSeconds(1))) {
            f.agent.apply("users-email", false, "ops");
            f.agent.phase("users-email", Phase.DUAL_WRITE, false, null, "ops");
            String spec = Files.readString(f.migrations);
            String marker = "    phase: EXPAND\n  - id: orders-price";
            Files.writeString(f.migrations, spec.replace(marker, "    phase: EXPAND\n    rollout:\n"
                + "      steps: [20, 100]\n      gates:\n        maxLatencyRatio: 3\n  - id: orders-price"));
            assertThat(f.agent.reload("ops").changed()).as("a rollout change outside EXPAND is published")
                .containsExactly("users-email");
            var options = f.agent.rolloutOptions("users-email");
            assertThat(options.steps()).containsExactly(20, 100);
            assertThat(options.maxLatencyRatio()).isEqualTo(3.0);
            assertThat(options.failuresBeforeRollback()).as("the agent's, not overridden")
                .isEqualTo(f.agent.config().rollout().failuresBeforeRollback());
            assertThat(f.agent.rolloutOptions("orders-price")).isEqualTo(f.agent.config().rollout());

            long version = f.agent.status().configVersion();
            Files.writeString(f.migrations, spec.replace(marker, "    phase: EXPAND\n    rollout:\n"
                + "      steps: [50, 10]\n      gates:\n        maxLatencyRatio: 0.5\n        bogus: 1\n"
                + "  - id: orders-price"));
            AgentException refused = assertThrows(AgentException.class, () -> f.agent.reload("ops"));
            assertThat(refused.getMessage()).contains("migration 'users-email': field 'rollout.steps' must be strictly")
                .contains("migration 'users-email': field 'rollout.gates.maxLatencyRatio' must be a number from 1")
                .contains("unknown field 'rollout.gates.bogus'");
            assertThat(f.agent.status().configVersion()).isEqualTo(version);
            assertThat(f.agent.rolloutOptions("users-email").steps()).containsExactly(20, 100);
        }
    }

    private static MigrationView users(AgentFixture f) {
        List<MigrationView> ms = f.agent.migrations();
        return ms.stream().filter(m -> m.id().equals("users-email")).findFirst().orElseThrow();
    }
}

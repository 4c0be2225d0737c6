package dev.tandem.agent.cli;

import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.Views.BarrierView;
import dev.tandem.agent.http.FakeAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TandemAgentCliTest {
    private final CliFixture cli = new CliFixture();

    @AfterEach
    void restore() {
        cli.close();
    }

    @Test
    void statusPrintsMigrationsInstancesWhoLagsAndActiveJobs() {
        assertThat(cli.runWithUrl("status")).isEqualTo(0);
        assertThat(cli.out())
            .contains("Config version 7")
            .contains("barrier INCOMPLETE: 1 live instance still runs")
            .contains("i-2 (shop@host-b) runs version 6")
            .containsPattern("orders-price\\s+orders\\s+DUAL_WRITE\\s+7")
            .containsPattern("i-1\\s+shop\\s+host-a\\s+7\\s+1\\.2s ago\\s+live\\n")
            .containsPattern("i-2\\s+shop\\s+host-b\\s+6\\s+3\\.4s ago\\s+live, LAGGING")
            .containsPattern("3\\s+orders-price\\s+backfill\\s+running");
        assertThat(cli.agent.calls).containsExactly("status()", "close()");
    }

    @ParameterizedTest
    @CsvSource({"REFUSED,1", "INVALID,2", "NOT_FOUND,2", "FAILED,3"})
    void agentExceptionKindsMapToExitCodes(AgentException.Kind kind, int code) {
        String message = "Migration 'orders-price' cannot go to READ_NEW: backfill not done";
        cli.agent.failWith = new AgentException(kind, message);
        assertThat(cli.runWithUrl("phase", "orders-price", "READ_NEW")).isEqualTo(code);
        assertThat(cli.err()).isEqualTo("tandem-agent: " + message + System.lineSeparator());
        assertThat(cli.agent.closed).isTrue();
    }

    @Test
    void anUnexpectedExceptionExits3WithoutAStackTrace() {
        cli.agent.failWith = new IllegalStateException("boom");
        assertThat(cli.runWithUrl("status")).isEqualTo(3);
        assertThat(cli.err()).startsWith("tandem-agent: unexpected error: java.lang.IllegalStateException: boom")
            .doesNotContain("\tat ");
    }

    @Test
    void verbosePrintsTheStackTrace() {
        cli.agent.failWith = new AgentException(AgentException.Kind.FAILED, "connection refused");
        assertThat(cli.runWithUrl("status", "--verbose")).isEqualTo(3);
        assertThat(cli.err()).startsWith("tandem-agent: connection refused").contains("\tat ");
    }

    @Test
    void okExits0() {
        assertThat(cli.runWithUrl("init")).isEqualTo(0);
        assertThat(cli.out()).contains("Control tables are ready (prefix tandem_)");
        assertThat(cli.agent.calls).containsExactly("init()", "close()");
    }

    @Test
    void initPrintsTheGrantsWithoutCreatingAnything() {
        assertThat(cli.runWithUrl("init", "--app-role", "shop", "--print")).isEqualTo(0);
        assertThat(cli.out()).contains("GRANT SELECT ON tandem_state TO shop;");
        assertThat(cli.agent.calls).containsExactly("grants(shop, null, false)", "close()");
    }

    @Test
    void usageErrorsExit2() {
        assertThat(cli.runWithUrl("no-such-command")).isEqualTo(2);
        assertThat(cli.err()).startsWith("tandem-agent: Unmatched argument");
        assertThat(cli.runWithUrl("phase", "orders-price")).isEqualTo(2);
        assertThat(cli.runWithUrl("phase", "orders-price", "LATER")).isEqualTo(2);
        assertThat(cli.err())
            .contains("expected one of [EXPAND, DUAL_WRITE, SHADOW_READ, READ_NEW, CONTRACT, COMPLETE]");
        assertThat(cli.agent.calls).isEmpty();
    }

    @Test
    void withoutACommandTheUsageIsPrintedAndItExits2() {
        assertThat(cli.run()).isEqualTo(2);
        assertThat(cli.err()).contains("Usage: tandem-agent").contains("Exit codes:");
    }

    @Test
    void withoutADatabaseItIsAUsageError() {
        assertThat(cli.run("status")).isEqualTo(2);
        assertThat(cli.err()).contains("No database given: pass -c agent.yaml, or --jdbc-url URL");
        assertThat(cli.opened).isEmpty();
    }

    @Test
    void forceWithoutReasonIsAUsageErrorAndOpensNoAgent() {
        assertThat(cli.runWithUrl("phase", "orders-price", "READ_NEW", "--force")).isEqualTo(2);
        assertThat(cli.err()).contains("--force requires --reason");
        assertThat(cli.opened).isEmpty();
        assertThat(cli.agent.calls).isEmpty();
    }

    @Test
    void rolloutPassesItsOptionsPrintsTheGatesAndExits0WhenItSucceeds() {
        assertThat(cli.runWithUrl("--actor", "bob", "rollout", "orders", "--steps", "10,100", "--interval", "2"))
            .isEqualTo(0);
        assertThat(cli.agent.calls).containsExactly("rollout(orders, [10, 100], false, bob)", "close()");
        assertThat(cli.out()).contains("step 5 %: PASSED (check 1)", "volume HOLD: only 3 statements",
            "rollout SUCCEEDED");
    }

    @Test
    void aRolledBackRolloutExits4() {
        cli.agent.rolloutEnd = "ROLLED_BACK";
        assertThat(cli.runWithUrl("rollout", "orders", "--shadow-read")).isEqualTo(4);
        assertThat(cli.out()).contains("rollout ROLLED_BACK");
    }

    @Test
    void rolloutPauseControlsTheRunningRolloutInsteadOfStartingOne() {
        assertThat(cli.runWithUrl("rollout", "orders", "--pause")).isEqualTo(0);
        assertThat(cli.agent.calls).containsExactly("controlRollout(orders, pause, " + System.getProperty("user.name")
            + ")", "close()");
        assertThat(cli.out()).contains("rollout of orders: PAUSED");
        assertThat(cli.runWithUrl("rollout", "orders", "--pause", "--abort")).isEqualTo(2);
    }

    @Test
    void badRolloutStepsAreAUsageError() {
        assertThat(cli.runWithUrl("rollout", "orders", "--steps", "10,5,100")).isEqualTo(2);
        assertThat(cli.err()).contains("strictly increasing");
        assertThat(cli.runWithUrl("rollout", "orders", "--steps", "10,50")).isEqualTo(2);
        assertThat(cli.err()).contains("must end at 100");
        assertThat(cli.agent.calls).isEmpty();
    }

    @Test
    void phasePassesItsArgumentsAndTheActor() {
        assertThat(cli.runWithUrl("--actor", "bob", "phase", "orders-price", "read_new", "--force", "--reason",
            "reconcile checked by hand")).isEqualTo(0);
        assertThat(cli.agent.calls).containsExactly(
            "phase(orders-price, READ_NEW, true, reconcile checked by hand, bob)", "close()");
        assertThat(cli.out()).contains("orders-price: DUAL_WRITE -> READ_NEW (config version 8, FORCED)")
            .contains("barrier complete: every live instance runs config version 8");
    }

    @Test
    void globalOptionsMayFollowTheCommand() {
        assertThat(cli.run("phase", "orders-price", "SHADOW_READ", "--actor", "carol", "--jdbc-url",
            "jdbc:mysql://db/shop")).isEqualTo(0);
        assertThat(cli.agent.last()).isEqualTo("close()");
        assertThat(cli.agent.calls.get(0)).isEqualTo("phase(orders-price, SHADOW_READ, false, null, carol)");
        assertThat(cli.opened.get(0).jdbcUrl()).isEqualTo("jdbc:mysql://db/shop");
    }

    @Test
    void theActorDefaultsToTheOsUser() {
        assertThat(cli.runWithUrl("reload")).isEqualTo(0);
        assertThat(cli.agent.calls.get(0)).isEqualTo("reload(" + System.getProperty("user.name") + ")");
    }

    @Test
    void phasePrintsTheInstancesThatLag() {
        cli.agent.barrier = new BarrierView(8, false, List.of(FakeAgent.LAGGING));
        assertThat(cli.runWithUrl("phase", "orders-price", "SHADOW_READ")).isEqualTo(0);
        assertThat(cli.out())
            .contains("orders-price: DUAL_WRITE -> SHADOW_READ (config version 8)")
            .contains("barrier INCOMPLETE: 1 live instance still runs an older config than version 8:")
            .contains("i-2 (shop@host-b) runs version 6, heartbeat 3.4s ago");
    }

    @Test
    void configFileIsLoadedAndFlagsOverrideIt(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("agent.yaml");
        Files.writeString(yaml, "database:\n  url: jdbc:postgresql://db/shop\n  user: tandem\n"
            + "migrations: migrations.yaml\ncontrolPrefix: ctl_\n");
        assertThat(cli.run("-c", yaml.toString(), "--password", "pw", "status")).isEqualTo(0);
        AgentConfig c = cli.opened.get(0);
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db/shop");
        assertThat(c.user()).isEqualTo("tandem");
        assertThat(c.password()).isEqualTo("pw");
        assertThat(c.controlPrefix()).isEqualTo("ctl_");
        assertThat(c.migrationsFile()).isEqualTo(dir.resolve("migrations.yaml"));
    }

    @Test
    void anInvalidConfigFileExits2WithTheAgentConfigsMessage(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("agent.yaml");
        Files.writeString(yaml, "database:\n  url: postgres://db\nmigrations: m.yaml\n");
        assertThat(cli.run("-c", yaml.toString(), "status")).isEqualTo(2);
        assertThat(cli.err()).startsWith("tandem-agent: Invalid agent config").contains("database.url");
        assertThat(cli.opened).isEmpty();
    }

    @Test
    void flagsAloneBuildAConfig() {
        assertThat(cli.run("--jdbc-url", "jdbc:postgresql://db/shop", "--user", "u", "--migrations", "m.yaml",
            "--control-prefix", "tdm_", "init")).isEqualTo(0);
        AgentConfig c = cli.opened.get(0);
        assertThat(c.user()).isEqualTo("u");
        assertThat(c.migrationsFile()).isEqualTo(Path.of("m.yaml").toAbsolutePath());
        assertThat(c.controlPrefix()).isEqualTo("tdm_");
    }

    @Test
    void aBadControlPrefixOrUrlIsAUsageError() {
        assertThat(cli.runWithUrl("--control-prefix", "drop table;", "init")).isEqualTo(2);
        assertThat(cli.run("--jdbc-url", "postgres://db", "init")).isEqualTo(2);
        assertThat(cli.err()).contains("--control-prefix must be").contains("--jdbc-url must be a JDBC URL");
        assertThat(cli.opened).isEmpty();
    }

    @Test
    void reloadPrintsWhatChangedAndTheTransitions() {
        assertThat(cli.runWithUrl("--actor", "bob", "reload")).isEqualTo(0);
        assertThat(cli.out()).contains("Published config version 8.").contains("added:   orders-price")
            .contains("changed: -").contains("orders-price: DUAL_WRITE -> SHADOW_READ");
        assertThat(cli.agent.calls).containsExactly("reload(bob)", "close()");
    }

    @Test
    void jobsJobAndAuditCallTheAgent() {
        assertThat(cli.runWithUrl("jobs", "--limit", "5")).isEqualTo(0);
        assertThat(cli.out())
            .containsPattern("1\\s+orders-price\\s+backfill\\s+done\\s+150\\s+200\\s+200\\s+67 rows/s");
        assertThat(cli.runWithUrl("--actor", "bob", "job", "pause", "7")).isEqualTo(0);
        assertThat(cli.out()).contains("Job 7 (backfill of orders-price): paused");
        assertThat(cli.runWithUrl("audit", "--limit", "3")).isEqualTo(0);
        assertThat(cli.out()).containsPattern("2025-06-01T10:00:00Z\\s+alice\\s+phase\\s+orders-price\\s+EXPAND\\s+"
            + "DUAL_WRITE\\s+7\\s+go");
        assertThat(cli.agent.calls).containsExactly("jobs(5)", "close()", "controlJob(7, pause, bob)", "close()",
            "audit(3)", "close()");
        assertThat(cli.runWithUrl("job", "restart", "7")).isEqualTo(2);
        assertThat(cli.runWithUrl("audit", "--limit", "0")).isEqualTo(2);
    }
}

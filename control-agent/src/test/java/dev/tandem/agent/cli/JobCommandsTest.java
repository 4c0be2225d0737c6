package dev.tandem.agent.cli;

import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.http.FakeAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JobCommandsTest {
    private final CliFixture cli = new CliFixture();

    @AfterEach
    void restore() {
        cli.close();
    }

    private static JobView step(long scanned, Long estimate) {
        return new JobView(4, "orders-price", "backfill", "running", scanned / 2, scanned, scanned / 100, estimate,
            FakeAgent.AT, FakeAgent.AT, null, null, Map.of(), 1234.4);
    }

    @Test
    void backfillPassesTheTuningFlagsOverTheConfigDefaults() {
        assertThat(cli.runWithUrl("--actor", "bob", "backfill", "orders-price", "--reverse", "--chunk-ms", "250",
            "--max-rows-per-second", "5000", "--chunk-rows", "300")).isEqualTo(0);
        assertThat(cli.agent.calls.get(0)).isEqualTo("backfill(orders-price, true, " + cli.agent.config().jobs()
            .withTargetChunkMillis(250).withMaxRowsPerSecond(5000).withInitialChunkRows(300) + ", bob)");
    }

    @Test
    void reconcileTakesItsParallelismFlag() {
        assertThat(cli.runWithUrl("reconcile", "orders-price", "--parallelism", "3", "--chunk-rows", "300"))
            .isEqualTo(0);
        assertThat(cli.agent.calls.get(0)).startsWith("reconcile(orders-price, false, " + cli.agent.config().jobs()
            .withInitialChunkRows(300).withReconcileParallelism(3));
        assertThat(cli.runWithUrl("reconcile", "orders-price", "--parallelism", "5")).isEqualTo(2);
        assertThat(cli.err()).contains("--parallelism must be from 1 to 4, got 5");
        assertThat(cli.runWithUrl("backfill", "orders-price", "--parallelism", "2")).isEqualTo(2);
    }

    @Test
    void backfillDrawsProgressAndPrintsASummary() {
        cli.agent.progressSteps = List.of(step(0, 200L), step(100, 200L), step(200, 200L));
        assertThat(cli.runWithUrl("backfill", "orders-price")).isEqualTo(0);
        assertThat(cli.err()).contains("backfill 100%").contains("200/200 rows").contains("67 rows/s, 150 changed");
        assertThat(cli.out()).contains("Job 1 (backfill of orders-price) done in 4.0s: 200 rows scanned, 150 changed, "
            + "2 chunks, 67 rows/s.");
    }

    @Test
    void backfillWithoutAnEstimateStillRuns() {
        cli.agent.progressSteps = List.of(step(0, null), step(500, null));
        cli.agent.jobResult = step(500, null);
        assertThat(cli.runWithUrl("backfill", "orders-price")).isEqualTo(0);
        assertThat(cli.err()).contains("500/? rows").contains("1,234 rows/s, 250 changed");
        assertThat(cli.out()).contains("Job 4 (backfill of orders-price) running: 500 rows scanned");
    }

    @Test
    void aFailedJobExits3AndSaysItCanBeResumed() {
        cli.agent.jobResult = new JobView(4, "orders-price", "backfill", "FAILED", 10, 20, 1, 200L, FakeAgent.AT, null,
            null, "deadlock detected", Map.of(), 0);
        assertThat(cli.runWithUrl("backfill", "orders-price")).isEqualTo(3);
        assertThat(cli.err()).contains("tandem-agent: Job 4 failed: deadlock detected; its checkpoint is kept");
    }

    @Test
    void badTuningValuesAreUsageErrors() {
        assertThat(cli.runWithUrl("backfill", "orders-price", "--chunk-ms", "0")).isEqualTo(2);
        assertThat(cli.runWithUrl("reconcile", "orders-price", "--max-rows-per-second", "-5")).isEqualTo(2);
        assertThat(cli.runWithUrl("backfill", "orders-price", "--chunk-rows", "many")).isEqualTo(2);
        assertThat(cli.err()).contains("--chunk-ms must be from 1 to 60000").contains("--max-rows-per-second must be");
        assertThat(cli.opened).isEmpty();
    }

    @Test
    void resumeFollowsTheJobUntilItEnds() {
        JobCommand.pollMillis = 1;
        assertThat(cli.runWithUrl("--actor", "bob", "job", "resume", "7")).isEqualTo(0);
        assertThat(cli.agent.calls).containsExactly("controlJob(7, resume, bob)", "job(7)", "close()");
        assertThat(cli.out()).contains("Job 7 (backfill of orders-price) done in 4.0s: 200 rows scanned");
        assertThat(cli.err()).contains("200/200 rows");
    }

    @Test
    void pauseAndCancelOnlyAsk() {
        assertThat(cli.runWithUrl("job", "cancel", "7")).isEqualTo(0);
        assertThat(cli.out()).contains("Job 7 (backfill of orders-price): cancelled");
        assertThat(cli.agent.calls).containsExactly("controlJob(7, cancel, " + System.getProperty("user.name") + ")",
            "close()");
    }

    @Test
    void reconcilePrintsTheMismatchCountAndSampleKeys() {
        cli.agent.jobResult = FakeAgent.job(5, "reconcile", "done", Map.of("mismatches", 3L, "sample",
            List.of("17", "42", "[7, 2]")));
        assertThat(cli.runWithUrl("--actor", "bob", "reconcile", "orders-price", "--repair")).isEqualTo(0);
        assertThat(cli.agent.calls.get(0)).isEqualTo("reconcile(orders-price, true, " + cli.agent.config().jobs()
            + ", bob)");
        assertThat(cli.out()).contains("Mismatches: 3\nSample of mismatched keys (3):\n  17\n  42\n  [7, 2]\n");
    }

    @Test
    void reconcileWithoutMismatchesSaysZero() {
        cli.agent.jobResult = FakeAgent.job(5, "reconcile", "done", Map.of("mismatches", 0, "sample", List.of()));
        assertThat(cli.runWithUrl("reconcile", "orders-price")).isEqualTo(0);
        assertThat(cli.out()).contains("Mismatches: 0").doesNotContain("Sample");
    }
}

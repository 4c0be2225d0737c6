package dev.tandem.agent.cli;

import dev.tandem.agent.Views.JobView;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The job's progress bar, as printed without a terminal. */
class ProgressListenerTest {

    private static JobView job(String state, long scanned, Long estimate) {
        return new JobView(9, "users-email", "backfill", state, scanned, scanned, 3, estimate, Instant.now(),
            Instant.now(), null, null, Map.of(), 1000);
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void aCompletedJobEndsAtOneHundredPercentWhenTheEstimateWasHigh() {
        StringWriter out = new StringWriter();
        try (ProgressListener bar = new ProgressListener("backfill", new PrintWriter(out), false)) {
            bar.started(job("running", 0, 1000L));
            bar.progress(job("running", 500, 1000L));
            bar.finished(job("done", 870, 1000L));
        }
        assertThat(lastLine(out.toString())).contains("100%").contains("870/870");
    }

    @Test
    void aFailedJobKeepsItsEstimate() {
        StringWriter out = new StringWriter();
        try (ProgressListener bar = new ProgressListener("backfill", new PrintWriter(out), false)) {
            bar.started(job("running", 0, 1000L));
            bar.finished(job("failed", 500, 1000L));
        }
        assertThat(lastLine(out.toString())).contains("50%").doesNotContain("100%");
    }
}

package dev.tandem.agent.cli;

import dev.tandem.agent.AgentException;
import dev.tandem.agent.JobState;
import dev.tandem.agent.Views.JobView;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The lines printed when a foreground backfill or reconcile returns, and its exit code. */
final class JobSummary {
    private JobSummary() {
    }

    /** Prints how the job ended; a failed job is an {@link AgentException} FAILED (exit 3). */
    static int print(PrintWriter out, JobView j) {
        String took = j.startedAt() != null && j.finishedAt() != null
            ? " in " + Text.duration(Duration.between(j.startedAt(), j.finishedAt())) : "";
        out.println("Job " + j.id() + " (" + j.kind() + " of " + j.migrationId() + ") "
            + (j.state() == null ? "ended" : j.state().toLowerCase(Locale.ROOT)) + took + ": "
            + Text.count(j.rowsScanned()) + " rows scanned, " + Text.count(j.rowsDone()) + " changed, "
            + Text.count(j.chunksDone()) + " chunks, " + Text.rate(j.rowsPerSecond()) + ".");
        if (JobState.FAILED.matches(j.state())) {
            throw new AgentException(AgentException.Kind.FAILED, "Job " + j.id() + " failed: "
                + (j.error() == null ? "no error recorded" : j.error()) + "; its checkpoint is kept, run the same "
                + "command again to resume");
        }
        if (JobState.PAUSED.matches(j.state()) || JobState.CANCELLED.matches(j.state())
            || "canceled".equalsIgnoreCase(j.state())) {
            out.println("Its checkpoint is kept; run the same command again to resume.");
        }
        return ExitCodes.OK;
    }

    /** The reconcile result: mismatch count and a sample of mismatched keys. */
    static void reconcile(PrintWriter out, JobView j) {
        Object mismatches = j.result() == null ? null : j.result().get("mismatches");
        Object sample = j.result() == null ? null : j.result().get("sample");
        if (!(mismatches instanceof Number n)) {
            out.println("Mismatches: unknown (the job stored no result)");
            return;
        }
        out.println("Mismatches: " + Text.count(n.longValue()));
        if (sample instanceof List<?> keys && !keys.isEmpty()) {
            out.println("Sample of mismatched keys (" + keys.size() + "):");
            keys.forEach(k -> out.println("  " + k));
        }
    }
}

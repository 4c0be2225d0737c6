package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.JobKind;
import dev.tandem.agent.JobState;
import dev.tandem.agent.Views.JobView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.Set;

/** {@code job pause|resume|cancel ID}: controls one job; a resumed job is followed in the foreground. */
@Command(name = "job", description = {"Pause, resume or cancel a job. Pause and cancel are requests the job acts on "
    + "between chunks, in whichever process runs it; a paused or cancelled job keeps its checkpoint.",
    "resume runs the job in this process and shows its progress until it ends (the job stops with the process; "
        + "resume it again, or resume it through the admin API of 'serve' to run it in the daemon)."})
final class JobCommand extends AgentCommand {
    /** What {@code job} can do to a job. */
    enum Action {
        PAUSE, RESUME, CANCEL
    }

    /** States in which a job is still moving; anything else is an end state (done, paused, cancelled, failed). */
    private static final Set<String> ACTIVE = Set.of(JobState.RUNNING.text(), JobState.PAUSE_REQUESTED.text(),
        JobState.CANCEL_REQUESTED.text());

    /** How often a followed job is read back; tests shorten it. */
    static long pollMillis = 500;

    @Parameters(index = "0", paramLabel = "ACTION", description = "pause, resume or cancel.")
    Action action;

    @Parameters(index = "1", paramLabel = "ID", description = "The job id (see 'tandem-agent jobs').")
    long id;

    @Override
    int run(Agent agent) throws InterruptedException {
        JobView j = agent.controlJob(id, action.name().toLowerCase(Locale.ROOT), actor());
        if (action != Action.RESUME) {
            out().println("Job " + j.id() + " (" + j.kind() + " of " + j.migrationId() + "): " + j.state() + ", "
                + Text.count(j.rowsScanned()) + " rows scanned, " + Text.count(j.rowsDone()) + " done.");
            return ExitCodes.OK;
        }
        // The agent runs a resumed job on its own thread and stops it when closed, so stay open until it ends.
        try (ProgressListener progress = new ProgressListener(j.kind(), err(), System.console() != null)) {
            progress.started(j);
            while (ACTIVE.contains(j.state())) {
                Thread.sleep(pollMillis);
                j = agent.job(id);
                progress.progress(j);
            }
            progress.finished(j);
        }
        int code = JobSummary.print(out(), j);
        if (JobKind.RECONCILE.is(j.kind())) {
            JobSummary.reconcile(out(), j);
        }
        return code;
    }
}

package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.Views.JobView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reconcile MIGRATION [--repair]}: compares both sides in the foreground and reports mismatches. */
@Command(name = "reconcile", description = {"Compare the old and new sides of a migration chunk by chunk, with a "
    + "progress bar, and report the number of mismatched rows and a sample of their keys.",
    "Exits 0 when the scan finishes, whatever it found; the result is stored for the phase guards."})
final class ReconcileCommand extends AgentCommand {
    @Parameters(paramLabel = "MIGRATION", description = "The migration id.")
    String migration;

    @Option(names = "--repair", description = "Re-apply forward (backward from CONTRACT) to the mismatched keys.")
    boolean repair;

    @Mixin
    JobTuning tuning;

    @Override
    void validate() {
        tuning.check(spec.commandLine());
    }

    @Override
    int run(Agent agent) {
        JobView job;
        try (ProgressListener progress = new ProgressListener(repair ? "reconcile --repair" : "reconcile", err(),
            System.console() != null)) {
            job = agent.reconcile(migration, repair, tuning.apply(agent.config().jobs()), progress, actor());
        }
        int code = JobSummary.print(out(), job);
        JobSummary.reconcile(out(), job);
        return code;
    }
}

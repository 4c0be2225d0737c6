package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig.JobOptions;
import dev.tandem.agent.Views.JobView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

    @Option(names = "--parallelism", paramLabel = "N", description = "Connections each chunk of a plain reconcile "
        + "is counted on at once, 1 to 4 (default: backfill.reconcileParallelism, 2); --repair always uses one.")
    Integer parallelism;

    @Mixin
    JobTuning tuning;

    @Override
    void validate() {
        tuning.check(spec.commandLine());
        if (parallelism != null && (parallelism < 1 || parallelism > JobOptions.MAX_RECONCILE_PARALLELISM)) {
            throw new ParameterException(spec.commandLine(), "--parallelism must be from 1 to "
                + JobOptions.MAX_RECONCILE_PARALLELISM + ", got " + parallelism);
        }
    }

    @Override
    int run(Agent agent) {
        JobView job;
        try (ProgressListener progress = new ProgressListener(repair ? "reconcile --repair" : "reconcile", err(),
            System.console() != null)) {
            JobOptions options = tuning.apply(agent.config().jobs());
            if (parallelism != null) {
                options = options.withReconcileParallelism(parallelism);
            }
            job = agent.reconcile(migration, repair, options, progress, actor());
        }
        int code = JobSummary.print(out(), job);
        JobSummary.reconcile(out(), job);
        return code;
    }
}

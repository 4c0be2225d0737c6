package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.Views.JobView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backfill MIGRATION}: runs (or resumes) a backfill in the foreground with a progress bar. */
@Command(name = "backfill", description = {"Run (or resume) the backfill of a migration in the foreground, with a "
    + "progress bar: keyset chunks, only rows that differ, checkpointed with each chunk.",
    "Refused until DUAL_WRITE is complete on every live instance. Interrupting it keeps the last checkpoint; run it "
        + "again to resume."})
final class BackfillCommand extends AgentCommand {
    @Parameters(paramLabel = "MIGRATION", description = "The migration id.")
    String migration;

    @Option(names = "--reverse", description = "Reverse backfill: old = backward(new), to roll back from CONTRACT.")
    boolean reverse;

    @Mixin
    JobTuning tuning;

    @Override
    void validate() {
        tuning.check(spec.commandLine());
    }

    @Override
    int run(Agent agent) {
        JobView job;
        try (ProgressListener progress = new ProgressListener(reverse ? "reverse backfill" : "backfill", err(),
            System.console() != null)) {
            job = agent.backfill(migration, reverse, tuning.apply(agent.config().jobs()), progress, actor());
        }
        return JobSummary.print(out(), job);
    }
}

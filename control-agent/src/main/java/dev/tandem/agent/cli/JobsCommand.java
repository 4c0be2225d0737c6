package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.console.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.util.List;

/** {@code jobs}: recent backfill and reconcile jobs, newest first. */
@Command(name = "jobs", description = "List recent backfill, reverse backfill and reconcile jobs.")
final class JobsCommand extends AgentCommand {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
        description = "How many, newest first (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    void validate() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
    }

    @Override
    int run(Agent agent) {
        print(out(), agent.jobs(limit), "No jobs yet.");
        return ExitCodes.OK;
    }

    static void print(PrintWriter out, List<JobView> jobs, String none) {
        if (jobs.isEmpty()) {
            out.println(none);
            return;
        }
        TextTable t = new TextTable("JOB", "MIGRATION", "KIND", "STATE", "ROWS DONE", "SCANNED", "ESTIMATE", "RATE",
            "STARTED", "FINISHED", "ERROR");
        for (JobView j : jobs) {
            t.row(j.id(), j.migrationId(), j.kind(), j.state(), Text.count(j.rowsDone()), Text.count(j.rowsScanned()),
                j.estimate() == null ? null : Text.count(j.estimate()), Text.rate(j.rowsPerSecond()),
                Text.instant(j.startedAt()), Text.instant(j.finishedAt()), j.error());
        }
        t.print(out);
    }
}

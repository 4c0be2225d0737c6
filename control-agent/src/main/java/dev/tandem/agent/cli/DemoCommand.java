package dev.tandem.agent.cli;

import dev.tandem.agent.demo.Demo;
import dev.tandem.agent.demo.Options;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code demo}: a full migration rehearsal under load, on an embedded PostgreSQL or --jdbc-url, with a report. */
@Command(name = "demo", description = {"Rehearses a whole migration under a live workload: expand, dual write, "
    + "backfill, reconcile, shadow reads, a read-new canary ramp, contract and complete, then a rollback drill on a "
    + "second migration and, on PostgreSQL, a third that moves two columns to a new table, through complete. Starts an embedded PostgreSQL unless --jdbc-url names a server (PostgreSQL or "
    + "MySQL/MariaDB; the run drops and recreates a tandem_demo database there). Writes report.json and report.html.",
    "Exit code 1 means the rehearsal found a problem (a lost write, a mismatch or a failed statement)."})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    TandemAgentCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "100000", description = "Rows per table (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--threads", defaultValue = "4", description = "Application threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = {"--duration", "--phase-seconds"}, defaultValue = "1.0", paramLabel = "SECONDS",
        description = "Seconds the workload runs in each phase (default: ${DEFAULT-VALUE}).")
    double phaseSeconds;

    @Option(names = "--out", defaultValue = "tandem-report", paramLabel = "DIR",
        description = "Where report.json, report.html and the migration file go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        Options options;
        try {
            options = new Options(cli.jdbcUrl, rows, threads, phaseSeconds, out, System.out)
                .withCredentials(cli.user, cli.password);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return Demo.run(options);
    }
}

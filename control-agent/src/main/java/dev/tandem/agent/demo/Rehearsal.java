package dev.tandem.agent.demo;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig;
import dev.tandem.agent.Views.ReloadView;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A full migration rehearsal: schema and seed rows, the agent, an application workload through Tandem,
 * the {@link Scenario}, and the check that no write was lost; then the report, printed and written.
 * One run owns the database {@value DemoSchema#DATABASE} on its server.
 */
public final class Rehearsal {
    private static final Duration BARRIER_TIMEOUT = Duration.ofSeconds(15);
    /** Iterations per thread before the first measured step, so class loading and JIT are not charged to it. */
    private static final int WARM_ITERATIONS = 50;
    private static final Duration WARM_MIN = Duration.ofSeconds(1);

    private final Options options;
    private final Console console;

    public Rehearsal(Options options) {
        this.options = options;
        this.console = new Console(options.out());
    }

    /**
     * Runs the rehearsal and writes report.json and report.html. A step that fails ends the scenario but
     * still produces a report, with {@link Report#failure()} set; a server, schema, agent or pool that cannot be
     * set up is thrown.
     */
    public Report run() throws IOException, SQLException {
        long start = System.nanoTime();
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Path dir = Files.createDirectories(options.outputDir());
        console.line("Tandem demo: a zero-downtime column migration rehearsal, " + Console.count(options.rows())
            + " rows, " + options.threads() + " application threads, " + options.phaseSeconds() + " s per phase");
        Run run;
        try (Target target = Target.open(options.jdbcUrl())) {
            console.step("server: " + target.server() + ", database " + DemoSchema.DATABASE);
            DemoSchema.create(target, options.rows());
            boolean move = target.kind().movesColumns();
            console.step("schema: users(id, name, email), orders(id, user_id, price)" + (move
                ? " and products(id, name, stock, warehouse), " : ", ") + Console.count(options.rows()) + " rows each");
            run = rehearse(target, new SpecFile(dir.resolve("migrations.yaml"), target.kind()), move);
            run.server = target.server();
            run.notes.add(move ? Scenario.OLD_NAMES_NOTE : SpecFile.PRODUCTS + " (move products.stock, "
                + "products.warehouse to inventory) did not run: this version of Tandem writes both tables of a move "
                + "on PostgreSQL only");
        }
        Report report = new Report(run.server, DemoSchema.DATABASE, startedAt, options.rows(), options.threads(),
            options.phaseSeconds(), (System.nanoTime() - start) / 1_000_000, run.recorder.results(),
            run.operator.backfills(), run.operator.reconciles(), run.operator.transitions(), run.operator.rollouts(),
            run.ledger.writes(), run.check.lost(), run.check.damaged(), run.check.tables(), run.notes,
            run.check.sample(), run.recorder.errorSample(), run.failure);
        ReportTable.print(report, options.out());
        ReportFiles.write(report, dir);
        console.line("");
        console.line("Report: " + dir.resolve("report.html").toAbsolutePath() + " (and report.json)");
        console.line(report.ok() ? "Result: OK - every phase ran, no write lost, no mismatch, no failed statement"
            : "Result: FAILED - " + String.join("; ", report.problems()));
        return report;
    }

    /** What one run collected; filled in as it goes, so a failing step still leaves a report. */
    private static final class Run {
        String server;
        Recorder recorder;
        Operator operator;
        Ledger ledger = new Ledger();
        Ledger.Check check = new Ledger.Check(0, 0, List.of(), List.of());
        List<String> notes = new ArrayList<>();
        String failure;
    }

    private Run rehearse(Target target, SpecFile spec, boolean move) {
        Run run = new Run();
        AgentConfig config = AgentConfig.of(target.url(), spec.path()).withBarrierTimeout(BARRIER_TIMEOUT);
        try (Agent agent = Agent.open(config)) {
            agent.init();
            ReloadView loaded = agent.reload(Operator.ACTOR);
            console.step("agent: control tables ready, " + spec.path().getFileName() + " published as config v"
                + loaded.version() + " (" + String.join(", ", loaded.added()) + ")");
            try (AppPool app = AppPool.open(target.url(), options.threads() + 1)) {
                run.recorder = new Recorder(app::shadowTotals);
                run.operator = new Operator(agent, spec, run.recorder, console, options.phaseSeconds(),
                    System.console() != null && options.out() == System.out);
                console.step("application: " + options.threads() + " threads writing and reading in the old column "
                    + "names, HikariCP on", Urls.redact(app.url()));
                Workload workload = new Workload(app.dataSource(), options.threads(), options.rows(), run.recorder,
                    run.ledger, move);
                workload.start();
                long warming = System.nanoTime();
                workload.awaitWarm(WARM_ITERATIONS, WARM_MIN, BARRIER_TIMEOUT);
                console.detail(String.format(java.util.Locale.ROOT, "warmed up in %.1f s (class loading, JIT; not in "
                    + "the report)", (System.nanoTime() - warming) / 1e9));
                try {
                    Scenario scenario = new Scenario(run.operator, console);
                    scenario.walk();
                    scenario.rollbackDrill();
                    if (move) {
                        scenario.move();
                    }
                } catch (RuntimeException e) {
                    run.failure = String.valueOf(e.getMessage());
                    console.line("The rehearsal stopped: " + e.getMessage());
                } finally {
                    run.notes.addAll(run.operator.notes());
                    stop(workload);
                    run.recorder.finish();
                }
                console.line("");
                console.step("verify: application stopped; every acknowledged write read back in the old names");
                try {
                    run.check = run.ledger.verify(app.dataSource(), options.rows(), move);
                    console.detail(Console.count(run.ledger.writes()) + " writes acknowledged, " + run.check.lost()
                        + " lost; " + Console.count(options.rows()) + " seeded rows per table, " + run.check.damaged()
                        + " changed");
                } catch (SQLException e) {
                    String failed = "reading the writes back failed: " + e.getMessage();
                    run.failure = run.failure == null ? failed : run.failure + "; " + failed;
                    console.detail(failed);
                }
            }
        }
        return run;
    }

    private static void stop(Workload workload) {
        try {
            workload.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.tandem.agent.cli;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.ddl.DdlPlan;
import dev.tandem.agent.ddl.FlywayScripts;
import dev.tandem.agent.ddl.LiquibaseChangelog;
import dev.tandem.agent.ddl.ToolSteps;
import dev.tandem.driver.schema.Dialect;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code plan [MIGRATION]}: prints the DDL step by step, grouped by the stage (phases) it belongs to, each with
 * its lock, as SQL a client could run; with {@code --format flyway} or {@code liquibase}, writes the plan of one
 * migration as that tool's migration files into {@code --out DIR} instead, so the tool runs the DDL and
 * {@code apply} is skipped.
 */
@Command(name = "plan", description = "Print the DDL of each migration (or of one), in the target database's "
    + "dialect, step by step with the phase it belongs to and the lock it takes, with notes on what Tandem could "
    + "not decide; with --format flyway or liquibase, write one migration's DDL as that tool's files instead, so "
    + "the tool runs it and apply is skipped.")
final class PlanCommand extends AgentCommand {
    @Parameters(arity = "0..1", paramLabel = "MIGRATION", description = "One migration id (default: all).")
    String migration;

    /** What plan writes. */
    enum Format { TEXT, FLYWAY, LIQUIBASE }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default): print the plan; flyway: write "
        + "Flyway versioned SQL scripts, one per step; liquibase: write one Liquibase YAML changelog, one changeset "
        + "per step. flyway and liquibase need MIGRATION and --out.")
    Format format = Format.TEXT;

    @Option(names = "--out", paramLabel = "DIR", description = "The directory the flyway or liquibase files are "
        + "written to (created if missing; files of the same name are replaced).")
    Path outDir;

    @Option(names = "--flyway-version", paramLabel = "VERSION", description = "The version the Flyway scripts start "
        + "from, e.g. 42 or 2024.06.1: scripts are V<VERSION>.<stage>.<step>__tandem_<migration>_<stage>.sql "
        + "(default: the current UTC time, yyyyMMddHHmmss).")
    String flywayVersion;

    @Override
    void validate() {
        if (format == Format.TEXT) {
            if (outDir != null || flywayVersion != null) {
                throw new ParameterException(spec.commandLine(), "--out and --flyway-version go with --format flyway "
                    + "or --format liquibase");
            }
            return;
        }
        if (migration == null || outDir == null) {
            throw new ParameterException(spec.commandLine(), "--format " + format.name().toLowerCase(Locale.ROOT)
                + " writes the files of one migration: give MIGRATION and --out DIR");
        }
        if (flywayVersion != null && format != Format.FLYWAY) {
            throw new ParameterException(spec.commandLine(), "--flyway-version goes with --format flyway");
        }
        if (flywayVersion != null && !FlywayScripts.validVersion(flywayVersion)) {
            throw new ParameterException(spec.commandLine(), "--flyway-version must be numbers separated by dots or "
                + "underscores (e.g. 42 or 2024.06.1), got '" + flywayVersion + "'");
        }
    }

    @Override
    int run(Agent agent) throws IOException {
        if (format != Format.TEXT) {
            return write(agent);
        }
        List<DdlPlan> plans = agent.plan(migration);
        if (plans.isEmpty()) {
            out().println("-- no migrations in the migration file");
        }
        for (int i = 0; i < plans.size(); i++) {
            if (i > 0) {
                out().println();
            }
            print(out(), plans.get(i));
        }
        return ExitCodes.OK;
    }

    private int write(Agent agent) throws IOException {
        DdlPlan plan = agent.plan(migration).stream().filter(p -> migration.equals(p.migrationId())).findFirst()
            .orElseThrow(() -> new AgentException(AgentException.Kind.NOT_FOUND, "No DDL plan for migration '"
                + migration + "'; 'tandem-agent plan' lists the migrations"));
        Dialect dialect = Dialect.fromUrl(agent.config().jdbcUrl());
        if (dialect == null) {
            throw new AgentException(AgentException.Kind.INVALID, "Cannot tell the database's dialect from the URL "
                + agent.config().jdbcUrl() + ": --format " + format.name().toLowerCase(Locale.ROOT) + " needs a "
                + "PostgreSQL, MySQL or MariaDB URL");
        }
        long timeout = agent.config().ddl().lockTimeoutMillis();
        if (format == Format.LIQUIBASE) {
            Path file = LiquibaseChangelog.write(plan, dialect, timeout, outDir);
            out().println("Wrote " + file + ": " + plan.steps().size() + " changesets (author "
                + LiquibaseChangelog.AUTHOR + ", labelled by stage). Run each stage when the walk reaches it:");
            for (DdlPlan.Stage stage : DdlPlan.Stage.values()) {
                if (!plan.stage(stage).isEmpty()) {
                    out().println("  liquibase update --label-filter=" + stage.name().toLowerCase(Locale.ROOT)
                        + "   # " + when(stage));
                }
            }
        } else {
            String version = flywayVersion != null ? flywayVersion
                : ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
            List<Path> files = FlywayScripts.write(plan, dialect, timeout, version, outDir);
            out().println("Wrote " + files.size() + " files to " + outDir + ":");
            files.forEach(f -> out().println("  " + f.getFileName()));
            out().println("Run each stage when the walk reaches it:");
            for (Map.Entry<DdlPlan.Stage, String> t : FlywayScripts.targets(plan, version).entrySet()) {
                out().println("  flyway migrate -target=" + t.getValue() + "   # " + when(t.getKey()));
            }
            if (ToolSteps.units(plan, dialect, timeout).stream().anyMatch(u -> !u.transactional())) {
                out().println("Scripts with a .conf run outside a transaction (CONCURRENTLY): run Flyway with "
                    + "flyway.postgresql.transactional.lock=false, or they wait for Flyway's own lock transaction.");
            }
        }
        if (!plan.stage(DdlPlan.Stage.COMPLETE).isEmpty() || plan.expand().stream().anyMatch(PlanCommand::renames)) {
            out().println("After the tool ran the " + (plan.stage(DdlPlan.Stage.COMPLETE).isEmpty() ? "expand"
                : "complete") + " stage, run 'tandem-agent refresh " + migration + "' so that every instance reads "
                + "the new schema (apply would do it).");
        }
        out().println("'tandem-agent apply' is not needed: the phase guards read the schema.");
        plan.notes().forEach(n -> out().println("-- note: " + n));
        return ExitCodes.OK;
    }

    /** A stage's heading without the apply command it names. */
    private String when(DdlPlan.Stage stage) {
        return stage.heading(migration).replaceFirst(" \\(tandem-agent apply.*", "");
    }

    /** True for a table rename's statement (a column migration never renames a table). */
    private static boolean renames(String sql) {
        String upper = sql.toUpperCase(Locale.ROOT);
        return upper.contains("RENAME TABLE ") || upper.matches("(?s).*ALTER TABLE \\S+ RENAME TO .*");
    }

    static void print(PrintWriter out, DdlPlan plan) {
        out.println("-- migration " + plan.migrationId() + " (now in " + plan.phase() + ")");
        for (DdlPlan.Stage stage : DdlPlan.Stage.values()) {
            List<DdlPlan.DdlStep> steps = plan.stage(stage);
            if ((stage == DdlPlan.Stage.TIGHTEN || stage == DdlPlan.Stage.COMPLETE) && steps.isEmpty()) {
                continue;
            }
            out.println("-- " + stage.heading(plan.migrationId()));
            statements(out, steps);
        }
        for (String note : plan.notes()) {
            out.println("-- note: " + note);
        }
    }

    static void statements(PrintWriter out, List<DdlPlan.DdlStep> steps) {
        if (steps.isEmpty()) {
            out.println("-- (nothing to run)");
        }
        for (DdlPlan.DdlStep s : steps) {
            if (s.lock() != null) {
                out.println("-- lock: " + s.lock());
            }
            out.println(Text.statement(s.sql()));
        }
    }
}

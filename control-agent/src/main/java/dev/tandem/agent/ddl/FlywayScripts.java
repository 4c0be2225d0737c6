package dev.tandem.agent.ddl;

import dev.tandem.agent.ddl.DdlPlan.Stage;
import dev.tandem.agent.ddl.ToolSteps.Unit;
import dev.tandem.driver.schema.Dialect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A DDL plan as Flyway versioned SQL migrations, one script per step ({@link ToolSteps}):
 * {@code V<version>.<stage>.<step>__tandem_<migration>_<stage name>.sql}, where stage is 1 expand, 2 tighten,
 * 3 contract, 4 complete, so the scripts sort in the order the walk needs them and {@code flyway migrate
 * -target=<version>.1.<last>} runs the expand alone. A step PostgreSQL cannot run in a transaction (CREATE INDEX
 * CONCURRENTLY) gets a script configuration file next to it, {@code <script>.conf} with
 * {@code executeInTransaction=false}, which Flyway reads for that script only.
 */
public final class FlywayScripts {
    /** A Flyway version: numbers separated by dots or underscores. */
    private static final Pattern VERSION = Pattern.compile("[0-9]+([._][0-9]+)*");

    private FlywayScripts() {
    }

    /** True if {@code version} can stand before {@code .<stage>.<step>} in a Flyway file name. */
    public static boolean validVersion(String version) {
        return VERSION.matcher(version).matches();
    }

    /** The scripts (and script configuration files) by file name, in the order Flyway runs them. */
    public static Map<String, String> files(DdlPlan plan, Dialect dialect, long lockTimeoutMillis, String version) {
        if (!validVersion(version)) {
            throw new IllegalArgumentException("not a Flyway version: " + version);
        }
        String name = ToolSteps.safeName(plan.migrationId());
        Map<String, String> out = new LinkedHashMap<>();
        boolean first = true;
        for (Unit u : ToolSteps.units(plan, dialect, lockTimeoutMillis)) {
            String file = "V" + version + "." + (u.stage().ordinal() + 1) + "." + u.number() + "__tandem_" + name + "_"
                + u.stageName() + ".sql";
            out.put(file, script(plan, u, dialect, first));
            first = false;
            String conf = conf(u);
            if (conf != null) {
                out.put(file + ".conf", conf);
            }
        }
        return out;
    }

    /** Writes {@link #files} into {@code dir} (created if missing); returns the paths written. */
    public static List<Path> write(DdlPlan plan, Dialect dialect, long lockTimeoutMillis, String version, Path dir)
        throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> e : files(plan, dialect, lockTimeoutMillis, version).entrySet()) {
            written.add(Files.writeString(dir.resolve(e.getKey()), e.getValue()));
        }
        return written;
    }

    private static String script(DdlPlan plan, Unit u, Dialect dialect, boolean withNotes) {
        StringBuilder s = new StringBuilder();
        s.append("-- Tandem DDL of migration ").append(plan.migrationId()).append(": ").append(u.stageName())
            .append(", step ").append(u.number()).append(" of ").append(u.count()).append(" (planned in ")
            .append(plan.phase()).append(" on ").append(ToolSteps.server(dialect)).append(").\n");
        s.append("-- Run ").append(ToolSteps.when(u.stage()).replace("<migration>", plan.migrationId()))
            .append(".\n");
        if (u.step().lock() != null) {
            s.append("-- Lock: ").append(u.step().lock()).append(".\n");
        }
        if (!u.transactional()) {
            s.append("-- Runs outside a transaction (the server refuses CONCURRENTLY in one): see ")
                .append("executeInTransaction=false in this script's .conf file.\n")
                .append("-- Needs flyway.postgresql.transactional.lock=false: with Flyway's default lock, held in a ")
                .append("transaction,\n-- CONCURRENTLY waits for Flyway's own transaction and fails at the lock ")
                .append("timeout.\n");
        }
        s.append("-- A lock wait longer than the lock timeout fails the script instead of stalling the table's writes;")
            .append("\n-- run flyway migrate again to retry").append(u.transactional() && dialect == Dialect.POSTGRESQL
                ? " (the failed script was rolled back).\n" : " (after flyway repair, which clears the failed run).\n");
        if (withNotes) {
            for (String note : plan.notes()) {
                s.append("-- Note: ").append(note.replace('\n', ' ')).append('\n');
            }
        }
        for (String statement : u.statements()) {
            s.append(statement).append(";\n");
        }
        return s.toString();
    }

    /** The script configuration file, or null when the defaults fit. */
    private static String conf(Unit u) {
        StringBuilder c = new StringBuilder();
        if (!u.transactional()) {
            c.append("executeInTransaction=false\n");
        }
        if (String.join("", u.statements()).contains("${")) {
            c.append("placeholderReplacement=false\n"); // the DDL's own text, not a Flyway placeholder
        }
        return c.length() == 0 ? null : c.toString();
    }

    /** The last version of each stage that has steps, for {@code flyway migrate -target=...}. */
    public static Map<Stage, String> targets(DdlPlan plan, String version) {
        Map<Stage, String> out = new LinkedHashMap<>();
        for (Stage stage : Stage.values()) {
            int n = plan.stage(stage).size();
            if (n > 0) {
                out.put(stage, version + "." + (stage.ordinal() + 1) + "." + n);
            }
        }
        return out;
    }
}

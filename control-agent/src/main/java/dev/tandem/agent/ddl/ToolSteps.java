package dev.tandem.agent.ddl;

import dev.tandem.agent.AgentException;
import dev.tandem.agent.ddl.DdlPlan.DdlStep;
import dev.tandem.agent.ddl.DdlPlan.Stage;
import dev.tandem.driver.schema.Dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A DDL plan cut into the units a migration tool runs (Flyway scripts, Liquibase changesets): one unit per step,
 * so that each step commits on its own as {@code apply} runs it. Grouping steps in one transaction would hold the
 * first step's lock through the next ones (a VALIDATE scan, an index build) and stall the table's writes; running a
 * group without a transaction would leave a failed group half applied, and a second run would fail on what the
 * first part made. One step per unit makes a retry (running the tool again) start exactly where it stopped.
 * Each unit sets the lock timeout first and resets it last, as {@link DdlRunner} does; the retries that
 * {@code apply} makes by itself become the operator running the tool again.
 */
public final class ToolSteps {
    /** Notes that mean a step the plan needs is missing: files written from such a plan would be incomplete. */
    private static final List<String> INCOMPLETE = List.of("has no declared type", "needs the name free",
        "there is no table", "does not exist");

    private static final Pattern CONCURRENTLY = Pattern.compile("\\bCONCURRENTLY\\b", Pattern.CASE_INSENSITIVE);

    /**
     * One step as a tool runs it. {@code number} counts the steps of its stage from 1 (of {@code count}).
     * {@code transactional}: false where the server refuses to run the statement inside a transaction (PostgreSQL's
     * CONCURRENTLY); {@code statements} are the lock timeout, the step's clean-up of a failed earlier try (if any),
     * the step, and the reset of the lock timeout, each one statement the tool sends as it is.
     */
    public record Unit(Stage stage, int number, int count, DdlStep step, boolean transactional,
                       List<String> statements) {
        /** The stage's name as files and ids use it: expand, tighten, contract, complete. */
        public String stageName() {
            return stage.name().toLowerCase(Locale.ROOT);
        }
    }

    private ToolSteps() {
    }

    /**
     * The plan's steps as units, stage by stage. Refuses (REFUSED) a plan with no step or one whose notes say a
     * step is missing, naming what to fix.
     */
    public static List<Unit> units(DdlPlan plan, Dialect dialect, long lockTimeoutMillis) {
        for (String note : plan.notes()) {
            for (String marker : INCOMPLETE) {
                if (note.contains(marker)) {
                    throw new AgentException(AgentException.Kind.REFUSED, "The DDL plan of " + plan.migrationId()
                        + " is incomplete, so no migration files were written: " + note + ". Correct the spec or the "
                        + "schema, then run plan again ('tandem-agent plan " + plan.migrationId() + "' shows it).");
                }
            }
        }
        if (plan.steps().isEmpty()) {
            throw new AgentException(AgentException.Kind.REFUSED, "The DDL plan of " + plan.migrationId() + " (in "
                + plan.phase() + ") has no step left to run, so there are no migration files to write"
                + (plan.notes().isEmpty() ? "" : "; notes: " + String.join("; ", plan.notes())));
        }
        List<Unit> out = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            List<DdlStep> steps = plan.stage(stage);
            for (int i = 0; i < steps.size(); i++) {
                out.add(unit(stage, i + 1, steps.size(), steps.get(i), dialect, lockTimeoutMillis));
            }
        }
        return out;
    }

    private static Unit unit(Stage stage, int number, int count, DdlStep step, Dialect dialect, long timeout) {
        boolean outside = dialect == Dialect.POSTGRESQL && CONCURRENTLY.matcher(step.sql()).find();
        List<String> statements = new ArrayList<>();
        statements.add(dialect.lockTimeoutStatement(timeout));
        if (step.onLockTimeout() != null && outside) {
            // apply runs it before a second try; a tool cannot tell a second run from the first, and the clean-up
            // finds nothing to drop on the first (the plan leaves out an index that exists and is valid).
            statements.add(step.onLockTimeout());
        }
        statements.add(step.sql());
        statements.add(dialect.resetLockTimeoutStatement());
        return new Unit(stage, number, count, step, !outside, List.copyOf(statements));
    }

    /** When a stage's units run, in the words of the phases (for the files' header comments). */
    public static String when(Stage stage) {
        switch (stage) {
            case EXPAND:
                return "in EXPAND, before 'tandem-agent phase <migration> DUAL_WRITE'";
            case TIGHTEN:
                return "after the backfill (reconcile 0), in SHADOW_READ or READ_NEW, before CONTRACT";
            case CONTRACT:
                return "in CONTRACT (once every instance runs it), before COMPLETE";
            default:
                return "in COMPLETE, once every instance runs it";
        }
    }

    /** The server the files are for, as their header comments name it. */
    public static String server(Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? "PostgreSQL" : "MySQL/MariaDB";
    }

    /** A migration id as it may stand in a file name or a changeset id: letters, digits, '-' and '_'. */
    public static String safeName(String migrationId) {
        return migrationId.replaceAll("[^A-Za-z0-9_-]", "-");
    }
}

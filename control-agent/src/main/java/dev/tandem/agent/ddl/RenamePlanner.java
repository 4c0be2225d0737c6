package dev.tandem.agent.ddl;

import dev.tandem.agent.ddl.DdlPlan.DdlStep;
import dev.tandem.agent.ddl.DdlPlan.Stage;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.schema.Dialect.DdlLock;
import dev.tandem.driver.schema.Relations;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.TableName;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The DDL of a table rename ({@link Migration.Kind#RENAME}), old name {@code o}, new name {@code n}. At every instant
 * both names resolve, so neither an instance that has not seen the rename yet nor a client without Tandem fails:
 * <ul>
 *   <li>expand (the rename): the table becomes {@code n} and a view {@code o} over it takes its place (the
 *   compatibility view). PostgreSQL: one statement string, which the server runs as one implicit transaction.
 *   MySQL, whose DDL is not transactional and which creates a view only over an existing table: a scratch copy
 *   {@code n} (structure only), the view over it under a scratch name, the copy dropped, then one atomic
 *   {@code RENAME TABLE o TO n, scratch TO o};</li>
 *   <li>contract: the compatibility view dropped (in CONTRACT, before COMPLETE; planned from the start);</li>
 *   <li>revert (a rollback to EXPAND): the table back to {@code o}, atomically again, and a view {@code n} over it
 *   for instances that still send the new name until they load the next config version; a later expand drops it.</li>
 * </ul>
 */
public final class RenamePlanner {
    private final Dialect dialect;
    private final boolean pg;

    public RenamePlanner(Dialect dialect) {
        this.dialect = dialect;
        this.pg = dialect == Dialect.POSTGRESQL;
    }

    /** Where a rename stands on the server. */
    public record State(Relations.Kind old, Relations.Kind renamed) {
        /** The table carries the new name and the old one is no longer a table. */
        public boolean isRenamed() {
            return renamed == Relations.Kind.TABLE && old != Relations.Kind.TABLE;
        }

        /** The compatibility view under the old name exists. */
        public boolean compatibilityView() {
            return isRenamed() && old == Relations.Kind.VIEW;
        }

        /** A view under the new name over the table (left by a revert) exists. */
        public boolean reverseView() {
            return old == Relations.Kind.TABLE && renamed == Relations.Kind.VIEW;
        }

        public String describe(Migration m) {
            if (isRenamed()) {
                return "renamed to " + m.target() + (compatibilityView() ? "; compatibility view " + m.table()
                    + " exists" : "; no compatibility view " + m.table());
            }
            if (old == Relations.Kind.TABLE) {
                return "not renamed (table " + m.table() + ")" + (reverseView() ? "; view " + m.target()
                    + " over it left by a revert" : renamed == Relations.Kind.TABLE ? "; a table " + m.target()
                    + " exists too" : "");
            }
            return "neither " + m.table() + " nor " + m.target() + " is a table";
        }
    }

    public State state(Migration m, Connection c) throws SQLException {
        return new State(Relations.kind(dialect, m.table(), c), Relations.kind(dialect, m.target(), c));
    }

    public DdlPlan plan(Migration m, Connection c) throws SQLException {
        State s = state(m, c);
        List<DdlStep> steps = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add(m.table() + ": " + s.describe(m));
        if (s.isRenamed()) {
            if (s.compatibilityView()) {
                steps.add(step(Stage.CONTRACT, "DROP VIEW " + m.table()));
            }
        } else if (s.old() != Relations.Kind.TABLE) {
            notes.add("there is no table " + m.table() + " to rename; correct the spec");
        } else if (s.renamed() == Relations.Kind.TABLE && !pg && !isEmpty(m.target(), c)) {
            notes.add("a table " + m.target() + " with rows already exists: the rename needs the name free");
        } else if (s.renamed() == Relations.Kind.TABLE && pg) {
            notes.add("a table " + m.target() + " already exists: the rename needs the name free");
        } else {
            steps.addAll(forward(m, s));
            // Runs only once renamed (apply --contract needs CONTRACT, which needs the rename); planned now so that
            // the whole walk shows, and so that files written for a migration tool have it.
            steps.add(step(Stage.CONTRACT, "DROP VIEW " + m.table()));
            notes.add("grant the application roles that do not use Tandem the same privileges on the view " + m.table()
                + " as on the table" + (pg ? "" : ", and the Tandem application roles those on " + m.target()
                + " (MySQL privileges stay with the name)"));
        }
        return new DdlPlan(m.id(), m.phase(), steps, notes);
    }

    /** The steps that rename the table back (a rollback to EXPAND); empty when it is not renamed. */
    public List<DdlStep> revert(Migration m, Connection c) throws SQLException {
        State s = state(m, c);
        if (!s.compatibilityView()) {
            return List.of();
        }
        TableName o = m.table();
        TableName n = m.target();
        if (pg) {
            return List.of(step(Stage.EXPAND, "DROP VIEW " + o + "; ALTER TABLE " + n + " RENAME TO "
                + o.name() + "; CREATE VIEW " + n + " AS SELECT * FROM " + o));
        }
        TableName scratch = scratch(n, "_tandem_c");
        TableName leftover = scratch(o, "_tandem_old");
        return List.of(
            step(Stage.EXPAND, "CREATE OR REPLACE VIEW " + scratch + " AS SELECT * FROM " + o),
            step(Stage.EXPAND, "RENAME TABLE " + o + " TO " + leftover + ", " + n + " TO " + o + ", " + scratch
                + " TO " + n),
            step(Stage.EXPAND, "DROP VIEW IF EXISTS " + leftover));
    }

    private List<DdlStep> forward(Migration m, State s) {
        TableName o = m.table();
        TableName n = m.target();
        if (pg) {
            return List.of(step(Stage.EXPAND, (s.reverseView() ? "DROP VIEW " + n + "; " : "") + "ALTER TABLE " + o
                + " RENAME TO " + n.name() + "; CREATE VIEW " + o + " AS SELECT * FROM " + n));
        }
        TableName scratch = scratch(o, "_tandem_c");
        List<DdlStep> out = new ArrayList<>();
        if (s.reverseView()) {
            TableName leftover = scratch(n, "_tandem_old");
            out.add(step(Stage.EXPAND, "CREATE OR REPLACE VIEW " + scratch + " AS SELECT * FROM " + n));
            out.add(step(Stage.EXPAND, "RENAME TABLE " + n + " TO " + leftover + ", " + o + " TO " + n + ", "
                + scratch + " TO " + o));
            out.add(step(Stage.EXPAND, "DROP VIEW IF EXISTS " + leftover));
            return out;
        }
        if (s.renamed() == Relations.Kind.NONE) {
            out.add(step(Stage.EXPAND, "CREATE TABLE " + n + " LIKE " + o));
        }
        out.add(step(Stage.EXPAND, "CREATE OR REPLACE VIEW " + scratch + " AS SELECT * FROM " + n));
        out.add(step(Stage.EXPAND, "DROP TABLE " + n));
        out.add(step(Stage.EXPAND, "RENAME TABLE " + o + " TO " + n + ", " + scratch + " TO " + o));
        return out;
    }

    /** A scratch name next to {@code t}, within MySQL's 64 characters. */
    private static TableName scratch(TableName t, String suffix) {
        String name = t.name();
        if (name.length() + suffix.length() > 64) {
            name = name.substring(0, 64 - suffix.length());
        }
        return new TableName(t.schema(), name + suffix);
    }

    private boolean isEmpty(TableName t, Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1 FROM " + t + " LIMIT 1")) {
            return !rs.next();
        }
    }

    private DdlStep step(Stage stage, String sql) {
        String lock = pg ? dialect.describeLock(DdlLock.BRIEF_EXCLUSIVE)
            : "exclusive metadata lock on the names for an instant; waits at most lock_wait_timeout";
        return new DdlStep(stage, sql, lock, null);
    }
}

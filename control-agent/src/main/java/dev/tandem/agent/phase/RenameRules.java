package dev.tandem.agent.phase;

import dev.tandem.agent.ddl.RenamePlanner;
import dev.tandem.agent.store.ControlStore;
import dev.tandem.agent.store.ControlStore.MigrationRow;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The phase rules of a table rename, checked against the server's state (docs/phases.md, "Renaming a table"):
 * EXPAND is "not renamed yet"; DUAL_WRITE to CONTRACT need the rename done (the table under the new name and the
 * compatibility view under the old one); CONTRACT also needs READ_NEW on every live instance; COMPLETE needs the
 * compatibility view gone. Going back needs nothing: a rollback to EXPAND renames the table back.
 */
final class RenameRules {
    private RenameRules() {
    }

    /** Problems of the spec against the server: one of the two names must be the table. */
    static List<String> problems(Dialect dialect, Migration m, Connection c) throws SQLException {
        RenamePlanner.State s = new RenamePlanner(dialect).state(m, c);
        List<String> out = new ArrayList<>();
        if (!s.isRenamed() && s.old() != dev.tandem.driver.schema.Relations.Kind.TABLE) {
            out.add("migration '" + m.id() + "': field 'table': neither " + m.table() + " nor its new name "
                + m.target() + " is a table; correct 'table' or 'target' in the spec");
        }
        return out;
    }

    /** Unmet preconditions for moving a rename to {@code to}; empty when it may go ahead. */
    static List<String> unmet(MigrationRow row, Phase to, ControlStore store, Barrier barrier) {
        Migration m = row.migration();
        List<String> out = new ArrayList<>();
        if (to.ordinal() < m.phase().ordinal()) {
            return out;
        }
        RenamePlanner.State s;
        try (Connection c = store.db().open()) {
            s = new RenamePlanner(store.dialect()).state(m, c);
        } catch (SQLException e) {
            throw ControlStore.failed("read whether " + m.table() + " is renamed", e);
        }
        if (to == Phase.COMPLETE) {
            if (s.compatibilityView()) {
                out.add("the compatibility view " + m.table() + " still exists; apply the contract DDL first "
                    + "('tandem-agent apply " + m.id() + " --contract')");
            }
            return out;
        }
        if (!s.isRenamed()) {
            out.add("the table is not renamed yet (" + s.describe(m) + "); apply the rename first ('tandem-agent "
                + "plan " + m.id() + "', then 'tandem-agent apply " + m.id() + "')");
        }
        if (to == Phase.CONTRACT && !barrier.check(row.version()).complete()) {
            out.add("READ_NEW is not in force on every live instance yet (barrier at version " + row.version()
                + "); see 'tandem-agent status' for who lags");
        }
        return out;
    }
}

package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.TandemSqlState;
import dev.tandem.driver.internal.plan.Plan;
import dev.tandem.driver.internal.plan.Step;
import dev.tandem.driver.internal.rewrite.WriteStep;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a plan's {@link Plan#steps() steps} around the application's statement on the physical connection, as one
 * unit: in autocommit mode Tandem turns autocommit off, runs the steps and the statement, commits and turns it back
 * on (rolling back on any failure); inside the application's transaction the unit runs under a savepoint, rolled
 * back to on any failure (MySQL rolls back only the failed statement, not the transaction) and released on
 * success, so the transaction continues as it would have. The failure the application sees is the one the failing
 * statement raised. A capture's key values are read back and bound as parameters, never written into SQL.
 */
final class StepRunner {
    /** The most key rows bound into one keyed step. */
    static final int CHUNK = 500;

    /** The application's statement, run once inside the unit. */
    @FunctionalInterface
    interface Main<T> {
        T run() throws SQLException;
    }

    private StepRunner() {
    }

    /**
     * Runs {@code main} with the steps of {@code plan}. {@code params}: the application's bindings by index (slot 0
     * unused), or null for a plain statement (which has none).
     */
    static <T> T run(Connection physical, Plan plan, Binder[] params, Main<T> main) throws SQLException {
        if (!plan.retriesDeadlock()) {
            return main.run();
        }
        if (plan.hasSteps()) {
            checkIsolation(physical, plan);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return plan.hasSteps() ? unit(physical, plan, params, main) : main.run();
            } catch (SQLException e) {
                // In autocommit mode the unit is Tandem's own transaction, which the application has not seen: a
                // deadlock rolled all of it back, so running it again is running the statement a moment later,
                // as the raw statement alone would have run without the locks Tandem added (the steps', or a
                // move's cascading foreign key's). In the application's transaction the deadlock rolled that back
                // too; the application decides.
                if (attempt >= DEADLOCK_TRIES || !deadlock(e) || !physical.getAutoCommit()) {
                    throw e;
                }
            }
        }
    }

    /** MySQL's error for a lock wait that timed out, which Connector/J also reports as SQLState 40001. */
    private static final int LOCK_WAIT_TIMEOUT = 1205;

    /** A deadlock (SQLState 40001), not a lock wait that ran out of time: that one is not run again. */
    private static boolean deadlock(SQLException e) {
        return "40001".equals(e.getSQLState()) && e.getErrorCode() != LOCK_WAIT_TIMEOUT;
    }

    /** How often an autocommit unit is run when the server ends it with a deadlock. */
    static final int DEADLOCK_TRIES = 3;

    private static <T> T unit(Connection physical, Plan plan, Binder[] params, Main<T> main) throws SQLException {
        boolean autoCommit = physical.getAutoCommit();
        Savepoint savepoint = null;
        if (autoCommit) {
            physical.setAutoCommit(false);
        } else {
            savepoint = physical.setSavepoint();
        }
        try {
            List<Object[]> keys = List.of();
            for (Step s : plan.steps()) {
                if (s.when() == WriteStep.When.CAPTURE) {
                    keys = capture(physical, s, params);
                }
            }
            runAll(physical, plan, WriteStep.When.BEFORE, params, keys);
            T result = main.run();
            runAll(physical, plan, WriteStep.When.AFTER, params, keys);
            if (autoCommit) {
                physical.commit();
            } else {
                physical.releaseSavepoint(savepoint);
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                if (autoCommit) {
                    physical.rollback();
                } else {
                    physical.rollback(savepoint);
                    physical.releaseSavepoint(savepoint);
                }
            } catch (SQLException undo) {
                e.addSuppressed(undo); // e.g. a deadlock already rolled the whole transaction back
            }
            throw e;
        } finally {
            if (autoCommit) {
                physical.setAutoCommit(true);
            }
        }
    }

    /**
     * A capture keeps the statement to the rows it locked only where the server's next-key locks stop other
     * transactions adding rows it would select: REPEATABLE READ and SERIALIZABLE.
     */
    private static void checkIsolation(Connection physical, Plan plan) throws SQLException {
        for (Step s : plan.steps()) {
            if (s.when() != WriteStep.When.CAPTURE) {
                continue;
            }
            int level = physical.getTransactionIsolation();
            if (level == Connection.TRANSACTION_READ_COMMITTED || level == Connection.TRANSACTION_READ_UNCOMMITTED) {
                throw new TandemSQLException("Tandem cannot run this write of a table whose columns move under "
                    + (level == Connection.TRANSACTION_READ_COMMITTED ? "READ COMMITTED" : "READ UNCOMMITTED") + ": on "
                    + "MySQL/MariaDB it locks the rows it writes first (SELECT ... FOR UPDATE), which keeps the "
                    + "statement to exactly those rows only under REPEATABLE READ or SERIALIZABLE. Run it at one of "
                    + "those levels, or select the rows by key. Statement: " + plan.sql(),
                    TandemSqlState.NOT_SUPPORTED);
            }
            return;
        }
    }

    private static List<Object[]> capture(Connection physical, Step s, Binder[] params) throws SQLException {
        List<Object[]> keys = new ArrayList<>();
        try (PreparedStatement ps = physical.prepareStatement(s.sql())) {
            bind(ps, s, params);
            try (ResultSet rs = ps.executeQuery()) {
                int width = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[width];
                    for (int i = 0; i < width; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    keys.add(row);
                }
            }
        }
        return keys;
    }

    private static void runAll(Connection physical, Plan plan, WriteStep.When when, Binder[] params,
                               List<Object[]> keys) throws SQLException {
        for (Step s : plan.steps()) {
            if (s.when() != when) {
                continue;
            }
            if (!s.keyed()) {
                try (PreparedStatement ps = physical.prepareStatement(s.sql())) {
                    bind(ps, s, params);
                    ps.executeUpdate();
                }
                continue;
            }
            for (int from = 0; from < keys.size(); from += CHUNK) {
                List<Object[]> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
                try (PreparedStatement ps = physical.prepareStatement(s.sql().replace(WriteStep.KEYS,
                    placeholders(chunk)))) {
                    bind(ps, s, params); // before the keys, which a step takes after its application parameters
                    int i = applicationSlots(s, params);
                    for (Object[] row : chunk) {
                        for (Object v : row) {
                            ps.setObject(++i, v);
                        }
                    }
                    ps.executeUpdate();
                }
            }
        }
    }

    /** How many of a keyed step's parameters, all before its keys, are the application's. */
    private static int applicationSlots(Step s, Binder[] params) {
        if (params == null) {
            return 0;
        }
        if (s.parameterMap() == null) {
            return Math.max(0, params.length - 1); // the application's parameters in order, one each
        }
        int slots = 0;
        for (int[] targets : s.parameterMap()) {
            for (int t : targets) {
                slots = Math.max(slots, t);
            }
        }
        return slots;
    }

    /** {@code ?, ?} for one key column, {@code (?, ?), (?, ?)} for several. */
    private static String placeholders(List<Object[]> rows) {
        StringBuilder b = new StringBuilder();
        for (Object[] row : rows) {
            b.append(b.length() == 0 ? "" : ", ");
            if (row.length == 1) {
                b.append('?');
            } else {
                b.append('(');
                for (int i = 0; i < row.length; i++) {
                    b.append(i == 0 ? "?" : ", ?");
                }
                b.append(')');
            }
        }
        return b.toString();
    }

    /** Binds the application's parameters where the step takes them. */
    private static void bind(PreparedStatement ps, Step s, Binder[] params) throws SQLException {
        if (params == null) {
            return;
        }
        for (int i = 1; i < params.length; i++) {
            if (params[i] == null) {
                continue;
            }
            int[] targets = s.targets(i);
            if (targets.length > 0 && !params[i].replayable()) {
                throw new TandemSQLException("Parameter " + i + " was bound with " + params[i] + ", a stream read "
                    + "once, before the Tandem configuration made this statement write two tables, which reads it "
                    + "again; bind it again and re-execute.", TandemSqlState.UNSUPPORTED_STATEMENT);
            }
            for (int t : targets) {
                params[i].bind(ps, t);
            }
        }
    }
}

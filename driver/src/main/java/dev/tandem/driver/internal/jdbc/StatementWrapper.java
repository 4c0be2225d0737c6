package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.internal.config.ConfigSnapshot;
import dev.tandem.driver.internal.plan.Plan;
import dev.tandem.driver.internal.rewrite.ResultShape;
import dev.tandem.driver.internal.rewrite.RuntimeRefusal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The Tandem statement: plans every SQL text through its connection before sending it, wraps the
 * result sets it hands out (so they know this wrapper and the plan's result shape), and returns the
 * Tandem connection from {@code getConnection()}. Prepared and callable wrappers extend it.
 *
 * @param <S> the wrapped statement interface
 */
abstract class StatementWrapper<S extends Statement> extends JdbcWrapper<S> implements Statement {
    private static final MethodHandle NEW = Delegation.constructor(StatementWrapper.class,
        MethodType.methodType(StatementWrapper.class, Statement.class, ConnectionWrapper.class));

    final ConnectionWrapper connection;
    /** Result shape of the last execution; applies to its first result only. */
    private ResultShape shape;
    /** 0 for the first result of the last execution, incremented by getMoreResults. */
    private int resultIndex;
    /** The wrapper handed out for the current result, so getResultSet() returns the same object. */
    private ResultSetWrapper current;
    /** The snapshot the open batch was started under; null when no batch is open. */
    ConfigSnapshot batchSnapshot;

    protected StatementWrapper(S delegate, ConnectionWrapper connection) {
        super(delegate);
        this.connection = connection;
    }

    static Statement wrap(Statement delegate, ConnectionWrapper connection) {
        try {
            return (StatementWrapper<?>) NEW.invokeExact(delegate, connection);
        } catch (Throwable t) {
            throw Delegation.rethrow(t);
        }
    }

    /** Starts an execution of {@code plan}. */
    final void beginExecution(Plan plan) {
        touchesMigratedTable = plan.touchesMigratedTable();
        beginExecution(plan.resultShape());
    }

    /** True while the current execution's statement names a migrated table: its result sets refuse row updates. */
    private boolean touchesMigratedTable;

    final boolean touchesMigratedTable() {
        return touchesMigratedTable;
    }

    /** Starts an execution whose results have {@code resultShape}. */
    final void beginExecution(ResultShape resultShape) {
        shape = resultShape;
        resultIndex = 0;
        current = null;
    }

    /** The application's SQL of the last execution of a text through this statement. */
    private String lastSql;

    /** The application's SQL whose results this statement returns (an updatable result set writes by it). */
    String querySql() {
        return lastSql;
    }

    private Plan planExecution(String sql) throws SQLException {
        lastSql = sql;
        Plan plan = connection.plan(sql);
        beginExecution(plan);
        return plan;
    }

    /** One execution of a planned statement, for {@link #measured}. */
    @FunctionalInterface
    interface Execution<T> {
        T run(Plan plan) throws SQLException;
    }

    /**
     * Runs {@code execution} of {@code plan}, and tells the planner how long it took and whether the server
     * refused it, when the plan touches a migration (the fleet report compares the old and new sides).
     */
    final <T> T measured(Plan plan, Execution<T> execution) throws SQLException {
        if (plan.touchesMigratedTable()) {
            connection.lockTargetsFirst();
        }
        if (!plan.writesMigratedTable() || !connection.inAutoCommit()) {
            return timed(plan, execution);
        }
        // An autocommit write of a migrated table holds its config version while it runs, as a transaction does,
        // so the fleet barrier (and a backfill after it) waits for it; planned under a version that is no longer
        // current, it is planned again first.
        Plan current = plan;
        ConfigSnapshot pin;
        while ((pin = connection.pinStatement(current)) == null) {
            current = replan();
        }
        try {
            return timed(current, execution);
        } finally {
            connection.unpinStatement(pin);
        }
    }

    /** The execution that {@link #measured} was about to start, planned again under the current config. */
    Plan replan() throws SQLException {
        return planExecution(lastSql);
    }

    /** {@link #measured} for a batch's statement, which runs with the plan of the batch's first addBatch. */
    final <T> T measuredInBatch(Plan plan, Execution<T> execution) throws SQLException {
        return timed(plan, execution);
    }

    private <T> T timed(Plan plan, Execution<T> execution) throws SQLException {
        if (plan.sides().size() == 0) {
            try {
                return execution.run(plan);
            } catch (SQLException e) {
                throw RuntimeRefusal.translate(e, plan.sql()); // a refusal the data told: 0A000
            }
        }
        long start = System.nanoTime();
        T result;
        try {
            result = execution.run(plan);
        } catch (SQLException e) {
            connection.planner().recordExecution(plan, System.nanoTime() - start, true);
            throw RuntimeRefusal.translate(e, plan.sql());
        }
        connection.planner().recordExecution(plan, System.nanoTime() - start, false);
        return result;
    }

    /** Runs {@code main}, the execution of {@code plan}, with the plan's steps, if any ({@link StepRunner}). */
    final <T> T steps(Plan plan, StepRunner.Main<T> main) throws SQLException {
        return StepRunner.run(connection.physical(), plan, null, main);
    }

    /** Wraps the current result (or returns null for none) with the shape of the execution. */
    final ResultSet wrapResult(ResultSet rs) {
        if (rs == null) {
            return null;
        }
        if (current != null && current.delegate == rs) {
            return current;
        }
        current = ResultSetWrapper.wrap(rs, this, resultIndex == 0 ? shape : null, connection.planner());
        return current;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        S real = swapForClose(closedSentinel());
        real.close();
    }

    @SuppressWarnings("unchecked")
    private S closedSentinel() {
        return (S) ClosedSentinels.STATEMENT;
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        return wrapResult(delegate.getResultSet());
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        resultIndex++;
        current = null;
        return delegate.getMoreResults();
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        resultIndex++;
        this.current = null;
        return delegate.getMoreResults(current);
    }

    /** Generated keys are the database's own columns: wrapped for getStatement(), never reshaped. */
    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        ResultSet keys = delegate.getGeneratedKeys();
        return keys == null ? null : ResultSetWrapper.wrap(keys, this, null, connection.planner());
    }

    // --- every SQL text is planned ----------------------------------------------------------------

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        return wrapResult(measured(planExecution(sql), p -> steps(p, () -> delegate.executeQuery(p.sql()))));
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return measured(planExecution(sql), p -> steps(p, () -> delegate.execute(p.sql())));
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        String keyed = autoGeneratedKeys == RETURN_GENERATED_KEYS ? connection.withReturning(sql, null) : sql;
        return measured(planExecution(keyed), p -> steps(p, () -> delegate.execute(p.sql(), autoGeneratedKeys)));
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return measured(planExecution(sql), p -> steps(p, () -> delegate.execute(p.sql(), columnIndexes)));
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return measured(planExecution(connection.withReturning(sql, columnNames)),
            p -> steps(p, () -> delegate.execute(p.sql(), columnNames)));
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return measured(planExecution(sql), p -> steps(p, () -> delegate.executeUpdate(p.sql())));
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        String keyed = autoGeneratedKeys == RETURN_GENERATED_KEYS ? connection.withReturning(sql, null) : sql;
        return measured(planExecution(keyed),
            p -> steps(p, () -> delegate.executeUpdate(p.sql(), autoGeneratedKeys)));
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return measured(planExecution(sql), p -> steps(p, () -> delegate.executeUpdate(p.sql(), columnIndexes)));
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return measured(planExecution(connection.withReturning(sql, columnNames)),
            p -> steps(p, () -> delegate.executeUpdate(p.sql(), columnNames)));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return measured(planExecution(sql), p -> steps(p, () -> delegate.executeLargeUpdate(p.sql())));
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        String keyed = autoGeneratedKeys == RETURN_GENERATED_KEYS ? connection.withReturning(sql, null) : sql;
        return measured(planExecution(keyed),
            p -> steps(p, () -> delegate.executeLargeUpdate(p.sql(), autoGeneratedKeys)));
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return measured(planExecution(sql), p -> steps(p, () -> delegate.executeLargeUpdate(p.sql(), columnIndexes)));
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return measured(planExecution(connection.withReturning(sql, columnNames)),
            p -> steps(p, () -> delegate.executeLargeUpdate(p.sql(), columnNames)));
    }

    /** Each batched text is planned on its own, all under the snapshot of the batch's first addBatch. */
    @Override
    public void addBatch(String sql) throws SQLException {
        if (batchSnapshot == null) {
            batchSnapshot = connection.snapshotForStatement();
        }
        Plan plan = connection.plan(sql, batchSnapshot);
        if (plan.hasSteps() && batchPlans == null) {
            // From the first text with steps on, the batch runs text by text, each with its steps.
            delegate.clearBatch();
            batchPlans = new java.util.ArrayList<>(batchTexts);
        }
        if (batchPlans != null) {
            batchPlans.add(plan);
        } else {
            delegate.addBatch(plan.sql());
            batchTexts.add(plan);
        }
    }

    /** The plans of the open batch, while it runs text by text (a text has steps); null otherwise. */
    private java.util.List<Plan> batchPlans;
    /** The plans added to the delegate's batch, kept until a text with steps turns it into {@link #batchPlans}. */
    private final java.util.List<Plan> batchTexts = new java.util.ArrayList<>();

    @Override
    public int[] executeBatch() throws SQLException {
        try {
            if (batchPlans == null) {
                return delegate.executeBatch();
            }
            long[] counts = runBatch();
            int[] out = new int[counts.length];
            for (int i = 0; i < counts.length; i++) {
                out[i] = (int) Math.min(Integer.MAX_VALUE, counts[i]);
            }
            return out;
        } finally {
            endBatch();
        }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        try {
            return batchPlans == null ? delegate.executeLargeBatch() : runBatch();
        } finally {
            endBatch();
        }
    }

    /** Runs the batch text by text, each with its steps; stops at the first failure, as a BatchUpdateException. */
    private long[] runBatch() throws SQLException {
        long[] counts = new long[batchPlans.size()];
        for (int i = 0; i < counts.length; i++) {
            Plan p = batchPlans.get(i);
            try {
                counts[i] = measuredInBatch(p, x -> steps(x, () -> delegate.executeLargeUpdate(x.sql())));
            } catch (SQLException e) {
                throw new java.sql.BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(),
                    java.util.Arrays.copyOf(counts, i), e);
            }
        }
        return counts;
    }

    private void endBatch() {
        batchSnapshot = null;
        batchPlans = null;
        batchTexts.clear();
    }

    @Override
    public void clearBatch() throws SQLException {
        delegate.clearBatch();
        endBatch();
    }
}

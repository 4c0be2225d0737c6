package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.TandemSqlState;
import dev.tandem.driver.internal.config.ConfigSnapshot;
import dev.tandem.driver.internal.plan.Plan;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * The Tandem prepared statement: planned at prepare time, binds each application parameter to every
 * index the plan maps it to, and re-plans at execution when the connection's config version has moved
 * on (re-preparing and replaying the current parameter set only if the planned SQL changed).
 *
 * @param <P> the wrapped statement interface
 */
abstract class PreparedStatementWrapper<P extends PreparedStatement> extends PreparedStatementSetters<P> {
    private static final MethodHandle NEW = Delegation.constructor(PreparedStatementWrapper.class,
        MethodType.methodType(PreparedStatementWrapper.class, PreparedStatement.class, ConnectionWrapper.class,
            Plan.class, String.class, Preparer.class));
    private static final Binder[] NONE = new Binder[0];

    private final String sql;
    private final Preparer<P> preparer;
    Plan plan;
    /** The current parameter set, by application index (slot 0 unused), for replay after a re-plan. */
    private Binder[] bindings = NONE;
    /** Parameters a re-prepare could not replay (streams read once) and the application has not bound again. */
    private int unreplayed;

    protected PreparedStatementWrapper(P delegate, ConnectionWrapper connection, Plan plan, String sql,
                                       Preparer<P> preparer) {
        super(delegate, connection);
        this.plan = plan;
        this.sql = sql;
        this.preparer = preparer;
    }

    @SuppressWarnings("unchecked")
    static PreparedStatementWrapper<PreparedStatement> wrap(PreparedStatement delegate, ConnectionWrapper connection,
                                                            Plan plan, String sql,
                                                            Preparer<PreparedStatement> preparer) {
        try {
            return (PreparedStatementWrapper<PreparedStatement>) NEW.invokeExact(delegate, connection, plan, sql,
                preparer);
        } catch (Throwable t) {
            throw Delegation.rethrow(t);
        }
    }

    // --- binding --------------------------------------------------------------------------------

    @Override
    final void bind(int index, Binder binder) throws SQLException {
        apply(delegate, plan, index, binder);
        if (index >= bindings.length) {
            // Eight slots cover most statements with one allocation instead of a copy per doubling.
            bindings = Arrays.copyOf(bindings, Math.max(index + 1, Math.max(8, bindings.length * 2)));
        }
        if (bindings[index] instanceof Unreplayed) {
            unreplayed--;
        }
        bindings[index] = binder;
    }

    /** Marks a parameter whose one-shot stream was bound to a statement that a re-plan replaced. */
    private record Unreplayed(Binder original, long version) implements Binder {
        @Override
        public void bind(PreparedStatement target, int index) {
            // nothing to bind: the stream was consumed by the replaced statement
        }

        @Override
        public boolean replayable() {
            return false;
        }
    }

    /**
     * A caller's stream is bound under the current config, so that only a version change between this
     * call and execution (not one since prepare) makes the statement unreplayable.
     */
    @Override
    final boolean mustBuffer(int index) throws SQLException {
        refreshPlan();
        int[] targets = targets(plan, index);
        return targets != null && targets.length > 1 || plan.hasSteps(); // steps bind the value again
    }

    private static void apply(PreparedStatement target, Plan plan, int index, Binder binder) throws SQLException {
        int[] targets = targets(plan, index);
        if (targets == null) {
            binder.bind(target, index);
        } else {
            for (int t : targets) {
                binder.bind(target, t);
            }
        }
    }

    /** The plan's targets for {@code index}; null for identity. Rejects indexes the application lacks. */
    static int[] targets(Plan plan, int index) throws SQLException {
        if (!plan.fansOutParameters()) {
            return null;
        }
        int count = plan.applicationParameterCount();
        if (index < 1 || index > count) {
            throw new TandemSQLException("The parameter index is out of range: " + index
                + ", number of parameters: " + count, TandemSqlState.INVALID_PARAMETER_VALUE);
        }
        return plan.targets(index);
    }

    @Override
    public void clearParameters() throws SQLException {
        delegate.clearParameters();
        Arrays.fill(bindings, null);
        unreplayed = 0;
    }

    // --- execution: re-plan first ---------------------------------------------------------------

    /**
     * Makes the plan current for the connection's snapshot. The same SQL and parameter map (the usual
     * case: a passthrough statement) keeps the prepared statement; anything else re-prepares it, replays
     * the current parameter set onto it and closes the old one. While a batch is open its plan holds.
     * A caller's stream cannot be replayed: its parameter is left unbound and execution refuses until
     * it is bound again ({@link #checkComplete()}).
     */
    final ConfigSnapshot refreshPlan() throws SQLException {
        if (batchSnapshot != null) {
            return batchSnapshot;
        }
        ClosedSentinels.checkOpen(delegate); // a closed statement must not be prepared again
        ConfigSnapshot snapshot = connection.snapshotForStatement();
        if (snapshot.version() == plan.configVersion()) {
            return snapshot;
        }
        Plan next = connection.plan(sql, snapshot);
        if (!sameStatement(plan, next)) {
            P fresh = preparer.prepare(connection.physical(), next.sql());
            P old = delegate;
            try {
                StatementSettings.copy(old, fresh);
                replay(fresh, next);
            } catch (SQLException | RuntimeException e) {
                fresh.close();
                throw e;
            }
            delegate = fresh;
            closeQuietly(old);
        }
        plan = next;
        return snapshot;
    }

    /** Refuses to execute while a parameter lost by a re-prepare has not been bound again. */
    private void checkComplete() throws SQLException {
        if (unreplayed == 0) {
            return;
        }
        for (int i = 1; i < bindings.length; i++) {
            if (bindings[i] instanceof Unreplayed lost) {
                throw new TandemSQLException("Parameter " + i + " was bound with " + lost.original()
                    + " under config version " + lost.version() + ", but the Tandem configuration changed before "
                    + "execution and the statement had to be prepared again; a stream can be read only once. "
                    + "Bind parameter " + i + " again and re-execute.", TandemSqlState.UNSUPPORTED_STATEMENT);
            }
        }
    }

    /** Replays the current parameter set onto a freshly prepared statement; streams are marked lost. */
    void replay(P fresh, Plan next) throws SQLException {
        for (int i = 1; i < bindings.length; i++) {
            Binder binder = bindings[i];
            if (binder == null || binder instanceof Unreplayed) {
                continue;
            }
            if (binder.replayable()) {
                apply(fresh, next, i, binder);
            } else {
                bindings[i] = new Unreplayed(binder, plan.configVersion());
                unreplayed++;
            }
        }
    }

    private static boolean sameStatement(Plan a, Plan b) {
        if (!a.sql().equals(b.sql()) || a.fansOutParameters() != b.fansOutParameters()) {
            return false;
        }
        int count = a.applicationParameterCount();
        if (count != b.applicationParameterCount()) {
            return false;
        }
        for (int i = 1; i <= count; i++) {
            if (!Arrays.equals(a.targets(i), b.targets(i))) {
                return false;
            }
        }
        return true;
    }

    private static void closeQuietly(PreparedStatement old) {
        try {
            old.close();
        } catch (SQLException ignored) {
            // the old statement is no longer reachable; its failure to close changes nothing for the caller
        }
    }

    /**
     * Re-plans when the config moved on, refuses a parameter lost by a re-prepare, and starts the execution;
     * returns the statement to execute, which the re-plan may have replaced.
     */
    private P beginPreparedExecution() throws SQLException {
        refreshPlan();
        checkComplete();
        beginExecution(plan);
        return delegate;
    }

    @Override
    public boolean execute() throws SQLException {
        beginPreparedExecution();
        return measured(plan, p -> preparedSteps(p, () -> delegate.execute()));
    }

    /** Re-plans (and re-prepares) for the current config and starts the execution again. */
    @Override
    Plan replan() throws SQLException {
        beginPreparedExecution();
        return plan;
    }

    /** Runs {@code main}, the execution of {@code p}, with its steps, which bind the current parameter set. */
    private <T> T preparedSteps(Plan p, StepRunner.Main<T> main) throws SQLException {
        return StepRunner.run(connection.physical(), p, bindings, main);
    }

    @Override
    String querySql() {
        return sql;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        beginPreparedExecution();
        return wrapResult(measured(plan, p -> preparedSteps(p, () -> delegate.executeQuery())));
    }

    @Override
    public int executeUpdate() throws SQLException {
        beginPreparedExecution();
        return measured(plan, p -> preparedSteps(p, () -> delegate.executeUpdate()));
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        beginPreparedExecution();
        return measured(plan, p -> preparedSteps(p, () -> delegate.executeLargeUpdate()));
    }

    /** A batch runs with the plan in force at its first addBatch(); later config changes wait for the next. */
    @Override
    public void addBatch() throws SQLException {
        if (batchSnapshot == null) {
            ConfigSnapshot snapshot = refreshPlan();
            checkComplete();
            batchSnapshot = snapshot;
        }
        if (plan.hasSteps()) {
            // Each parameter set runs as its own statement with its steps (StepRunner): kept, not sent as a batch.
            if (stepBatch == null) {
                stepBatch = new java.util.ArrayList<>();
            }
            stepBatch.add(bindings.clone());
            return;
        }
        delegate.addBatch();
    }

    /** The parameter sets of an open batch of a plan with steps; null otherwise. */
    private java.util.List<Binder[]> stepBatch;

    @Override
    public int[] executeBatch() throws SQLException {
        if (stepBatch == null) {
            return super.executeBatch();
        }
        long[] counts = executeLargeBatch();
        int[] out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = (int) Math.min(Integer.MAX_VALUE, counts[i]);
        }
        return out;
    }

    /** A batch with steps runs set by set, each as one unit; it stops at the first failure (BatchUpdateException). */
    @Override
    public long[] executeLargeBatch() throws SQLException {
        if (stepBatch == null) {
            return super.executeLargeBatch();
        }
        List<Binder[]> sets = stepBatch;
        Binder[] current = bindings;
        long[] counts = new long[sets.size()];
        try {
            for (int i = 0; i < counts.length; i++) {
                Binder[] set = sets.get(i);
                for (int k = 1; k < set.length; k++) {
                    if (set[k] != null) {
                        apply(delegate, plan, k, set[k]);
                    }
                }
                P target = delegate;
                try {
                    counts[i] = measuredInBatch(plan, p -> StepRunner.run(connection.physical(), p, set,
                        target::executeLargeUpdate));
                } catch (SQLException e) {
                    throw new java.sql.BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(),
                        Arrays.copyOf(counts, i), e);
                }
            }
            return counts;
        } finally {
            stepBatch = null;
            batchSnapshot = null;
            bindings = current;
        }
    }

    @Override
    public void clearBatch() throws SQLException {
        stepBatch = null;
        super.clearBatch();
    }

    // --- metadata follows the plan --------------------------------------------------------------

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        ParameterMetaData metaData = delegate.getParameterMetaData();
        return plan.fansOutParameters() ? new ParameterMetaDataWrapper(metaData, plan) : metaData;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        ResultSetMetaData metaData = delegate.getMetaData();
        if (metaData == null || plan.resultShape() == null) {
            return metaData;
        }
        return ResultSetMetaDataWrapper.wrap(metaData, plan.resultShape().visibleColumns());
    }
}

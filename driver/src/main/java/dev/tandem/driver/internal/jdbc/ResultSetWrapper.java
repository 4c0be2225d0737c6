package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.internal.rewrite.ResultShape;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The Tandem result set: hides the trailing columns a rewritten query added (by index, by label and in
 * metadata), runs the plan's shadow comparisons on every row the cursor lands on, and returns the
 * Tandem statement from {@code getStatement()}.
 */
abstract class ResultSetWrapper extends JdbcWrapper<ResultSet> implements ResultSet, ColumnGuard.Guarded {
    private static final System.Logger LOG = System.getLogger(ResultSetWrapper.class.getName());
    private static final MethodHandle NEW = Delegation.constructor(ResultSetWrapper.class,
        MethodType.methodType(ResultSetWrapper.class, ResultSet.class, StatementWrapper.class, ResultShape.class,
            Planner.class),
        builder -> RowChanges.record(ColumnGuard.guard(builder, ColumnGuard.resultSetColumns())));

    private final StatementWrapper<?> statement;
    private final ResultShape shape;
    /** Columns the application sees; everything when there is no shape. */
    private final int visible;
    /** Cleared after a failed comparison: one warning per result set, not one per row. */
    private boolean shadow;
    private final Planner planner;

    protected ResultSetWrapper(ResultSet delegate, StatementWrapper<?> statement, ResultShape shape,
                               Planner planner) {
        super(delegate);
        this.statement = statement;
        this.shape = shape;
        this.visible = shape == null ? Integer.MAX_VALUE : shape.visibleColumns();
        this.shadow = shape != null && shape.checks() != null && !shape.checks().isEmpty();
        this.planner = planner;
    }

    /** Wraps {@code delegate}; {@code shape} may be null (nothing hidden, nothing compared). */
    static ResultSetWrapper wrap(ResultSet delegate, StatementWrapper<?> statement, ResultShape shape,
                                 Planner planner) {
        try {
            return (ResultSetWrapper) NEW.invokeExact(delegate, statement, shape, planner);
        } catch (Throwable t) {
            throw Delegation.rethrow(t);
        }
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public void close() throws SQLException {
        ResultSet real = swapForClose(ClosedSentinels.RESULT_SET);
        real.close();
    }

    // --- updatable result sets -----------------------------------------------------------------

    /*
     * The real driver writes a row change with an UPDATE/INSERT of its own, which would never pass through Tandem:
     * on a migrated table it would write one side only. Tandem records the updateXxx calls (RowChanges) and writes
     * the row itself through the Tandem connection. A DELETE touches no column: the driver's own is exact.
     */

    /** Recorded row changes; created on the first updateXxx of a query on a migrated table. */
    private RowChanges rowChanges;

    /** Called (inlined by Byte Buddy) before every column-addressed updateXxx is forwarded. */
    public void recordChange(java.lang.reflect.Method method, Object[] args) {
        if (statement.touchesMigratedTable()) {
            if (rowChanges == null) {
                rowChanges = new RowChanges();
            }
            rowChanges.add(method, args);
        }
    }

    private void clearChanges() {
        if (rowChanges != null) {
            rowChanges.clear();
        }
    }

    @Override
    public void updateRow() throws SQLException {
        if (!statement.touchesMigratedTable()) {
            delegate.updateRow();
            return;
        }
        if (rowChanges == null) {
            return; // nothing changed through updateXxx
        }
        if (!rowChanges.update(delegate, statement.querySql(), statement.getConnection(), migrations())) {
            delegate.updateRow();
            return;
        }
        delegate.cancelRowUpdates(); // the driver's buffered copy of the changes is not to be written
        try {
            delegate.refreshRow();
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Tandem could not refresh the updated row", e);
        }
    }

    @Override
    public void insertRow() throws SQLException {
        if (!statement.touchesMigratedTable() || rowChanges == null
            || !rowChanges.insert(delegate, statement.querySql(), statement.getConnection(), migrations())) {
            delegate.insertRow();
        }
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        clearChanges();
        delegate.moveToInsertRow();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        clearChanges();
        delegate.moveToCurrentRow();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        clearChanges();
        delegate.cancelRowUpdates();
    }

    private java.util.List<dev.tandem.driver.spec.Migration> migrations() {
        java.util.List<dev.tandem.driver.spec.Migration> out = new java.util.ArrayList<>();
        for (dev.tandem.driver.spec.Migration m : planner.snapshot().activeMigrations()) {
            if (m.phase().rewrites()) {
                out.add(m);
            }
        }
        return out;
    }

    // --- hidden columns -------------------------------------------------------------------------

    @Override
    public void checkColumn(int column) throws SQLException {
        if (column > visible) {
            throw ColumnGuard.indexOutOfRange(column, visible);
        }
    }

    @Override
    public void checkLabel(String label) throws SQLException {
        if (shape != null) {
            findColumn(label);
        }
    }

    @Override
    public int findColumn(String label) throws SQLException {
        int column = delegate.findColumn(label);
        if (column > visible) {
            throw ColumnGuard.labelNotFound(label);
        }
        return column;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        ResultSetMetaData metaData = delegate.getMetaData();
        return shape == null ? metaData : ResultSetMetaDataWrapper.wrap(metaData, visible);
    }

    // --- cursor moves that land on a row run the shadow comparisons -----------------------------

    @Override
    public boolean next() throws SQLException {
        return landed(delegate.next());
    }

    @Override
    public boolean previous() throws SQLException {
        return landed(delegate.previous());
    }

    @Override
    public boolean first() throws SQLException {
        return landed(delegate.first());
    }

    @Override
    public boolean last() throws SQLException {
        return landed(delegate.last());
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        return landed(delegate.absolute(row));
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        return landed(delegate.relative(rows));
    }

    private boolean landed(boolean onRow) {
        clearChanges(); // moving the cursor discards the changes of the row it leaves
        if (onRow && shadow) {
            compareShadows();
        }
        return onRow;
    }

    /**
     * A shadow comparison observes; it must never fail the application's read, so a failure to read or
     * record it is logged, the row is served as usual, and this result set stops comparing.
     */
    private void compareShadows() {
        try {
            String rowKey = rowKey();
            for (ResultShape.ShadowCheck check : shape.checks()) {
                Object oldValue = delegate.getObject(check.visibleIndex());
                Object newValue = delegate.getObject(check.hiddenIndex());
                planner.recordShadow(check, ShadowValues.same(oldValue, newValue), rowKey, oldValue, newValue);
            }
        } catch (SQLException | RuntimeException e) {
            shadow = false;
            LOG.log(System.Logger.Level.WARNING,
                "Tandem shadow read comparison failed; the rest of this result is served unchecked", e);
        }
    }

    private String rowKey() throws SQLException {
        int[] columns = shape.keyColumns();
        if (columns == null || columns.length == 0) {
            return "";
        }
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            values[i] = delegate.getObject(columns[i]);
        }
        return ShadowValues.rowKey(shape.keyNames() == null ? List.of() : shape.keyNames(), values);
    }
}

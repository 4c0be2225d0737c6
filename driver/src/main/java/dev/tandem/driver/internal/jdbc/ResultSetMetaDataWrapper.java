package dev.tandem.driver.internal.jdbc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

import static net.bytebuddy.matcher.ElementMatchers.any;

/**
 * Result set metadata that reports only the columns the application sees: the count is the plan's
 * visible column count, and every per-column method refuses a hidden column (guard generated, see
 * {@link ColumnGuard}). Used only when the plan added hidden columns.
 */
abstract class ResultSetMetaDataWrapper extends JdbcWrapper<ResultSetMetaData>
    implements ResultSetMetaData, ColumnGuard.Guarded {
    private static final MethodHandle NEW = Delegation.constructor(ResultSetMetaDataWrapper.class,
        MethodType.methodType(ResultSetMetaDataWrapper.class, ResultSetMetaData.class, int.class),
        builder -> ColumnGuard.guard(builder, any()));

    private final int visible;

    protected ResultSetMetaDataWrapper(ResultSetMetaData delegate, int visible) {
        super(delegate);
        this.visible = visible;
    }

    static ResultSetMetaData wrap(ResultSetMetaData delegate, int visible) {
        try {
            return (ResultSetMetaDataWrapper) NEW.invokeExact(delegate, visible);
        } catch (Throwable t) {
            throw Delegation.rethrow(t);
        }
    }

    @Override
    public int getColumnCount() throws SQLException {
        return Math.min(visible, delegate.getColumnCount());
    }

    @Override
    public void checkColumn(int column) throws SQLException {
        if (column > visible) {
            throw ColumnGuard.indexOutOfRange(column, visible);
        }
    }

    @Override
    public void checkLabel(String label) {
        // metadata is addressed by index only
    }
}

package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.internal.plan.Plan;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.sql.CallableStatement;
import java.sql.SQLException;
import java.sql.SQLType;
import java.util.Arrays;

/**
 * The Tandem callable statement: planned, bound and re-planned like a prepared statement. OUT
 * parameter registrations by index are recorded too, so a re-prepared call registers them again;
 * OUT getters and named parameters are forwarded as they are (calls are not rewritten today).
 */
abstract class CallableStatementWrapper extends PreparedStatementWrapper<CallableStatement>
    implements CallableStatement {
    private static final MethodHandle NEW = Delegation.constructor(CallableStatementWrapper.class,
        MethodType.methodType(CallableStatementWrapper.class, CallableStatement.class, ConnectionWrapper.class,
            Plan.class, String.class, Preparer.class));
    private static final Binder[] NONE = new Binder[0];

    /** OUT registrations by index (slot 0 unused), replayed after a re-prepare. */
    private Binder[] outs = NONE;

    protected CallableStatementWrapper(CallableStatement delegate, ConnectionWrapper connection, Plan plan, String sql,
                                       Preparer<CallableStatement> preparer) {
        super(delegate, connection, plan, sql, preparer);
    }

    static CallableStatementWrapper wrapCall(CallableStatement delegate, ConnectionWrapper connection, Plan plan,
                                             String sql, Preparer<CallableStatement> preparer) {
        try {
            return (CallableStatementWrapper) NEW.invokeExact(delegate, connection, plan, sql, preparer);
        } catch (Throwable t) {
            throw Delegation.rethrow(t);
        }
    }

    private void register(int index, Binder binder) throws SQLException {
        binder.bind(delegate, index);
        if (index >= outs.length) {
            outs = Arrays.copyOf(outs, Math.max(index + 1, outs.length * 2));
        }
        outs[index] = binder;
    }

    @Override
    void replay(CallableStatement fresh, Plan next) throws SQLException {
        super.replay(fresh, next);
        for (int i = 1; i < outs.length; i++) {
            if (outs[i] != null) {
                outs[i].bind(fresh, i);
            }
        }
    }

    @Override
    public void registerOutParameter(int index, int sqlType) throws SQLException {
        register(index, (c, i) -> ((CallableStatement) c).registerOutParameter(i, sqlType));
    }

    @Override
    public void registerOutParameter(int index, int sqlType, int scale) throws SQLException {
        register(index, (c, i) -> ((CallableStatement) c).registerOutParameter(i, sqlType, scale));
    }

    @Override
    public void registerOutParameter(int index, int sqlType, String typeName) throws SQLException {
        register(index, (c, i) -> ((CallableStatement) c).registerOutParameter(i, sqlType, typeName));
    }

    @Override
    public void registerOutParameter(int index, SQLType sqlType) throws SQLException {
        register(index, (c, i) -> ((CallableStatement) c).registerOutParameter(i, sqlType));
    }

    @Override
    public void registerOutParameter(int index, SQLType sqlType, int scale) throws SQLException {
        register(index, (c, i) -> ((CallableStatement) c).registerOutParameter(i, sqlType, scale));
    }

    @Override
    public void registerOutParameter(int index, SQLType sqlType, String typeName) throws SQLException {
        register(index, (c, i) -> ((CallableStatement) c).registerOutParameter(i, sqlType, typeName));
    }
}

package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.TandemSqlState;
import dev.tandem.driver.internal.plan.Plan;

import java.sql.ParameterMetaData;
import java.sql.SQLException;

/**
 * Parameter metadata as the application sees it when the plan fans parameters out: the application's
 * parameter count, and for parameter {@code i} the metadata of the first index it is bound to.
 * Every method maps its argument, so this one is written by hand rather than generated.
 */
final class ParameterMetaDataWrapper extends JdbcWrapper<ParameterMetaData> implements ParameterMetaData {
    private final Plan plan;

    ParameterMetaDataWrapper(ParameterMetaData delegate, Plan plan) {
        super(delegate);
        this.plan = plan;
    }

    private int target(int param) throws SQLException {
        int[] targets = PreparedStatementWrapper.targets(plan, param);
        if (targets == null) {
            return param;
        }
        if (targets.length == 0) {
            throw new TandemSQLException("Parameter " + param + " is not sent to the database by the rewritten "
                + "statement, so it has no metadata", TandemSqlState.INVALID_PARAMETER_VALUE);
        }
        return targets[0];
    }

    @Override
    public int getParameterCount() {
        return plan.applicationParameterCount();
    }

    @Override
    public int isNullable(int param) throws SQLException {
        return delegate.isNullable(target(param));
    }

    @Override
    public boolean isSigned(int param) throws SQLException {
        return delegate.isSigned(target(param));
    }

    @Override
    public int getPrecision(int param) throws SQLException {
        return delegate.getPrecision(target(param));
    }

    @Override
    public int getScale(int param) throws SQLException {
        return delegate.getScale(target(param));
    }

    @Override
    public int getParameterType(int param) throws SQLException {
        return delegate.getParameterType(target(param));
    }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        return delegate.getParameterTypeName(target(param));
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        return delegate.getParameterClassName(target(param));
    }

    @Override
    public int getParameterMode(int param) throws SQLException {
        return delegate.getParameterMode(target(param));
    }
}

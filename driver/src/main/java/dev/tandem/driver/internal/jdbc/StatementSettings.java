package dev.tandem.driver.internal.jdbc;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Carries what an application set on a statement (timeouts, fetch size, limits) over to the statement
 * that replaces it after a re-plan. Only values that differ are set, so a driver that rejects a setting
 * it does not support is not asked to take its own default.
 */
final class StatementSettings {
    private StatementSettings() {
    }

    static void copy(Statement from, Statement to) throws SQLException {
        if (from.getQueryTimeout() != to.getQueryTimeout()) {
            to.setQueryTimeout(from.getQueryTimeout());
        }
        if (from.getFetchSize() != to.getFetchSize()) {
            to.setFetchSize(from.getFetchSize());
        }
        if (from.getFetchDirection() != to.getFetchDirection()) {
            to.setFetchDirection(from.getFetchDirection());
        }
        if (from.getMaxRows() != to.getMaxRows()) {
            to.setMaxRows(from.getMaxRows());
        }
        if (from.getMaxFieldSize() != to.getMaxFieldSize()) {
            to.setMaxFieldSize(from.getMaxFieldSize());
        }
        if (from.isPoolable() != to.isPoolable()) {
            to.setPoolable(from.isPoolable());
        }
        if (from.isCloseOnCompletion() && !to.isCloseOnCompletion()) {
            to.closeOnCompletion();
        }
    }
}

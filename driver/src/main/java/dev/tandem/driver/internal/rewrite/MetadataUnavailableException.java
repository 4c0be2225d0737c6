package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.TableName;

import java.sql.SQLException;

/**
 * Reading a table's columns failed (for example inside a PostgreSQL transaction that is already
 * aborted). Transient: the planner reports it for this execution and does not cache the outcome.
 */
public final class MetadataUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MetadataUnavailableException(TableName table, SQLException cause) {
        super("Tandem needs the columns of " + table + " to rewrite this statement, and reading them failed: "
            + cause.getMessage(), cause);
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}

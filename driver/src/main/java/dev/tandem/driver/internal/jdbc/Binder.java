package dev.tandem.driver.internal.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One application {@code setXxx} call with its value captured, applicable to any index of any
 * statement: applied once per target index of the parameter map, and kept to replay the current
 * parameter set onto a re-prepared statement.
 */
@FunctionalInterface
interface Binder {
    void bind(PreparedStatement target, int index) throws SQLException;

    /** True if this binding can be applied again (false for a caller's stream, which reads once). */
    default boolean replayable() {
        return true;
    }

    /** Marks a binding of a caller's stream or reader: applied once, never replayed. */
    static Binder once(String setter, Binder binder) {
        return new Binder() {
            @Override
            public void bind(PreparedStatement target, int index) throws SQLException {
                binder.bind(target, index);
            }

            @Override
            public boolean replayable() {
                return false;
            }

            @Override
            public String toString() {
                return setter;
            }
        };
    }
}

package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.internal.config.ConfigSnapshot;
import dev.tandem.driver.internal.plan.Plan;
import dev.tandem.driver.internal.rewrite.ResultShape;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the JDBC wrappers need from a driver runtime: the current config snapshot, a plan for a SQL
 * text under a snapshot, and a sink for shadow-read comparisons. {@code TandemRuntime} implements it;
 * tests and benchmarks implement it with a fake so the wrappers can be exercised without a parser.
 */
public interface Planner {

    /** The config snapshot currently in force. A connection pins one for the length of a transaction. */
    ConfigSnapshot snapshot();

    /**
     * Plans {@code sql} under {@code snapshot}. {@code physical} is the real connection, used only to
     * read table metadata. Throws an SQLException when the statement must be refused.
     */
    Plan plan(String sql, ConfigSnapshot snapshot, Connection physical) throws SQLException;

    /**
     * A transaction started on {@code snapshot} and keeps it until {@link #unpin}. The runtime reports the
     * oldest pinned version as the version it runs, so the fleet barrier waits for such transactions.
     */
    default void pin(ConfigSnapshot snapshot) {
    }

    /** The transaction that pinned {@code snapshot} ended. */
    default void unpin(ConfigSnapshot snapshot) {
    }

    /** Records one execution of {@code plan} (which touches a migration): its time and whether it failed. */
    default void recordExecution(Plan plan, long nanos, boolean failed) {
    }

    /** Records one shadow comparison made by a result set wrapper. */
    void recordShadow(ResultShape.ShadowCheck check, boolean match, String rowKey, Object oldValue, Object newValue);
}

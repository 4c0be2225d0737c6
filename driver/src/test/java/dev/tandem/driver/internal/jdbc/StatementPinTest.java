package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.internal.config.ConfigSnapshot;
import dev.tandem.driver.internal.plan.Plan;
import dev.tandem.driver.stub.FakePlanner;
import dev.tandem.driver.stub.StubConnection;
import dev.tandem.driver.stub.StubPreparedStatement;
import dev.tandem.driver.stub.StubStatement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An autocommit write of a migrated table holds its config version while it runs, as a transaction does, so the
 * instance reports that version as running and the fleet barrier (and the backfill after it) waits for the write.
 * A reload between planning and execution makes it plan again under the new version; statements that write no
 * migrated table pin nothing.
 */
class StatementPinTest {
    private static final String WRITE = "update users set email = ? where id = ?";
    private static final String READ = "select email from users where id = ?";

    /** Records pins and can move the config on right after a plan is made (a reload racing the statement). */
    private static final class PinPlanner extends FakePlanner {
        final List<String> events = new ArrayList<>();
        long bumpAfterPlanOf = -1;

        @Override
        public Plan plan(String sql, ConfigSnapshot snapshot, Connection physical) throws SQLException {
            Plan plan = super.plan(sql, snapshot, physical);
            if (snapshot.version() == bumpAfterPlanOf) {
                setVersion(snapshot.version() + 1);
            }
            return plan;
        }

        @Override
        public void pin(ConfigSnapshot snapshot) {
            events.add("pin " + snapshot.version());
        }

        @Override
        public void unpin(ConfigSnapshot snapshot) {
            events.add("unpin " + snapshot.version());
        }
    }

    private final PinPlanner planner = new PinPlanner();
    private Connection connection;

    @BeforeEach
    void connect() throws SQLException {
        planner.rule(WRITE, (sql, v) -> Plan.rewritten("update users set email = ?, email_v" + v + " = ? where id = ?",
            v, new int[][] {{1, 2}, {3}}, null, true));
        planner.rule(READ, (sql, v) -> Plan.unchanged(sql, v, false));
        connection = ConnectionWrapper.wrap(new StubConnection("jdbc:stub:test", null), planner);
    }

    @Test
    void anAutocommitWriteHoldsItsVersionWhileItRuns() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(WRITE)) {
            ps.setString(1, "a@x");
            ps.setInt(2, 1);
            ps.executeUpdate();
        }
        assertThat(planner.events).containsExactly("pin 1", "unpin 1");
    }

    @Test
    void aReloadBetweenPlanAndExecutionPlansThePreparedWriteAgain() throws SQLException {
        PreparedStatement ps = connection.prepareStatement(WRITE);
        ps.setString(1, "a@x");
        ps.setInt(2, 1);
        // Version 2 at execution re-plans the statement; a reload right after that re-plan (to 3) comes before it runs.
        planner.setVersion(2);
        planner.bumpAfterPlanOf = 2;
        ps.executeUpdate();
        StubPreparedStatement physical = ps.unwrap(StubPreparedStatement.class);
        assertThat(physical.executed()).as("executed under the version current at execution")
            .containsExactly("update users set email = ?, email_v3 = ? where id = ?");
        assertThat(planner.events).containsExactly("pin 3", "unpin 3");
    }

    @Test
    void aReloadBetweenPlanAndExecutionPlansTheStatementAgain() throws SQLException {
        planner.rule("update users set email = 'a' where id = 1", (sql, v) -> Plan.rewritten(
            "update users set email = 'a', email_v" + v + " = 'a' where id = 1", v, null, null, true));
        planner.bumpAfterPlanOf = 1;
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("update users set email = 'a' where id = 1");
            assertThat(s.unwrap(StubStatement.class).executed())
                .containsExactly("update users set email = 'a', email_v2 = 'a' where id = 1");
        }
        assertThat(planner.events).containsExactly("pin 2", "unpin 2");
    }

    @Test
    void readsAndStatementsOfOtherTablesPinNothingAndATransactionPinsOnce() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(READ)) {
            ps.setInt(1, 1);
            ps.executeQuery().close();
        }
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("update audit set n = 1");
        }
        assertThat(planner.events).isEmpty();
        connection.setAutoCommit(false);
        try (PreparedStatement ps = connection.prepareStatement(WRITE)) {
            ps.setString(1, "a@x");
            ps.setInt(2, 1);
            ps.executeUpdate();
            ps.executeUpdate();
        }
        connection.commit();
        assertThat(planner.events).as("the transaction's pin, not one per statement").containsExactly("pin 1", "unpin 1");
    }
}
